"""User-interface texts in Finnish and English."""

from __future__ import annotations

LANGUAGES = {"fi": "Suomi", "en": "English"}

_TEXTS: dict[str, tuple[str, str]] = {
    # key: (fi, en)
    "app_title": ("Haamuasiakasauditoinnit", "Mystery-shopping audits"),
    "sign_in": ("Kirjaudu sisään", "Sign in"),
    "sign_out": ("Kirjaudu ulos", "Sign out"),
    "username": ("Käyttäjätunnus", "Username"),
    "password": ("Salasana", "Password"),
    "language": ("Kieli", "Language"),
    "demo_logins": ("Demotunnukset", "Demo logins"),
    "demo_password": ("Kaikkien demotunnusten salasana", "Password for every demo login"),
    "session_expired": ("Istunto vanheni; kirjaudu uudelleen.", "Session expired; sign in again."),
    "my_visits": ("Käyntini", "My visits"),
    "no_visits": ("Sinulle ei ole vielä käyntejä.", "No visits assigned to you yet."),
    "upcoming": ("Tulevat", "Upcoming"),
    "past": ("Menneet", "Past"),
    "open": ("Avaa", "Open"),
    "start": ("Aloita", "Start"),
    "continue": ("Jatka", "Continue"),
    "status_not_started": ("Ei aloitettu", "Not started"),
    "status_draft": ("Luonnos", "Draft"),
    "status_submitted": ("Lähetetty", "Submitted"),
    "status_returned": ("Palautettu kysymyksin", "Returned with a question"),
    "status_approved": ("Hyväksytty", "Approved"),
    "status_rejected": ("Hylätty", "Rejected"),
    "no_date": ("Ei päivää", "No date"),
    "open_in_maps": ("Avaa kartalla", "Open in maps"),
    "opening_hours": ("Aukioloajat", "Opening hours"),
    "back_to_visits": ("← Käyntini", "← My visits"),
    "section_of": ("Osio {n}/{total}", "Section {n} of {total}"),
    "answered_of": ("{done}/{total} vastattu", "{done} of {total} answered"),
    "previous": ("← Edellinen", "← Previous"),
    "next": ("Seuraava →", "Next →"),
    "saved_at": ("Tallennettu {time}", "Saved {time}"),
    "save_failed": (
        "Vastausta ei voitu tallentaa: {error}",
        "The answer could not be saved: {error}",
    ),
    "na": ("Ei koske", "N/A"),
    "comment": ("Kommentti", "Comment"),
    "comment_required": (
        "Kommentti vaaditaan tälle vastaukselle",
        "A comment is required for this answer",
    ),
    "yes": ("Kyllä", "Yes"),
    "no": ("Ei", "No"),
    "seconds": ("sekuntia", "seconds"),
    "nobody_came": ("Kukaan ei tullut", "Nobody came"),
    "submit": ("Lähetä tarkastettavaksi", "Submit for review"),
    "submitted_ok": ("Auditointi lähetetty. Kiitos!", "Audit submitted. Thank you!"),
    "missing_title": ("Puuttuu ennen lähettämistä:", "Missing before you can submit:"),
    "answer_required": ("vastaus puuttuu", "answer required"),
    "go_to_section": ("Siirry osioon", "Go to section"),
    "read_only": (
        "Tämä auditointi on {status}; sitä ei voi enää muuttaa.",
        "This audit is {status}; it can no longer be changed.",
    ),
    "briefing": ("Ohjeistus", "Briefing"),
    "briefing_confirm": ("Olen lukenut ohjeistuksen", "I have read the briefing"),
    "review_queue": ("Tarkastusjono", "Review queue"),
    "queue_empty": ("Ei tarkastettavia auditointeja.", "Nothing waiting for review."),
    "approve": ("Hyväksy", "Approve"),
    "return": ("Palauta kysymyksellä", "Return with a question"),
    "reject": ("Hylkää", "Reject"),
    "question": ("Kysymys kuvaajalle", "Question for the shopper"),
    "reason": ("Syy", "Reason"),
    "score": ("Pisteet", "Score"),
    "ranking": ("Ranking", "Ranking"),
    "wave": ("Aalto", "Wave"),
    "no_approved": (
        "Tässä aallossa ei ole vielä hyväksyttyjä auditointeja.",
        "No approved audits in this wave yet.",
    ),
    "store": ("Myymälä", "Store"),
    "city": ("Kaupunki", "City"),
    "region": ("Alue", "Region"),
    "rank": ("Sija", "Rank"),
    "audits": ("Auditointeja", "Audits"),
    "shopper": ("Kuvaaja", "Shopper"),
    "submitted": ("Lähetetty", "Submitted"),
    "manager_question": ("Projektipäällikön kysymys", "The manager's question"),
    "your_reply": ("Vastauksesi", "Your reply"),
    "send_reply": ("Lähetä vastaus", "Send reply"),
    "db_unavailable": (
        "Tietokanta ei juuri nyt vastaa. Mitään ei tallennettu puoliksi; "
        "yritä hetken päästä uudelleen.",
        "The database is not answering right now. Nothing was half-saved; try again in a moment.",
    ),
    "not_allowed": ("Sinulla ei ole oikeutta tähän.", "You are not allowed to do this."),
}


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` (English when the language is unknown)."""
    fi, en = _TEXTS[key]
    text = fi if lang == "fi" else en
    return text.format(**values) if values else text


def pick(texts: dict[str, str] | None, lang: str) -> str:
    """A checklist text in the wanted language, falling back to English, then any."""
    if not texts:
        return ""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()))
