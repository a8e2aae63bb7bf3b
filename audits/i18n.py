"""User-interface texts in Finnish and English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

LANGUAGES = {"fi": "Suomi", "en": "English"}

_TEXTS: dict[str, tuple[str, str]] = {
    # key: (fi, en)
    "app_title": ("Haamuasiakasauditoinnit", "Mystery-shopping audits"),
    "sign_in": ("Kirjaudu sisään", "Sign in"),
    "sign_out": ("Kirjaudu ulos", "Sign out"),
    "menu": ("Valikko", "Menu"),
    "username": ("Käyttäjätunnus", "Username"),
    "password": ("Salasana", "Password"),
    "language": ("Kieli", "Language"),
    "demo_logins": ("Demotunnukset", "Demo logins"),
    "role": ("Rooli", "Role"),
    "upload_button": ("Valitse kuvat", "Upload"),
    "upload_photo_types": ("JPG, PNG tai WebP", "JPG, PNG or WebP"),
    "upload_note": ("{types}, enintään {mb} Mt / kuva", "{types}, up to {mb} MB a photo"),
    "upload_not_sent": ("Kuvaa {name} ei lähetetty.", "Photo {name} was not sent."),
    "upload_too_large": (
        "Kuvaa {name} ei lähetetty: kuva saa olla enintään {mb} Mt.",
        "Photo {name} was not sent: a photo may be at most {mb} MB.",
    ),
    "upload_wrong_type": (
        "Kuvaa {name} ei lähetetty: vain {types}.",
        "Photo {name} was not sent: only {types}.",
    ),
    "upload_failed": (
        "Kuvaa {name} ei lähetetty: yhteys katkesi. Poista se ja valitse kuva uudelleen.",
        "Photo {name} was not sent: the connection failed. Remove it and pick the photo again.",
    ),
    "upload_remove": ("Poista {name}", "Remove {name}"),
    "upload_cancel": ("Peruuta lähetys: {name}", "Cancel upload of {name}"),
    "upload_file_button": ("Valitse tiedosto", "Upload"),
    "upload_note_files": ("{types}, enintään {mb} Mt", "{types}, up to {mb} MB"),
    "upload_file_not_sent": ("Tiedostoa {name} ei lähetetty.", "File {name} was not sent."),
    "upload_file_too_large": (
        "Tiedostoa {name} ei lähetetty: tiedosto saa olla enintään {mb} Mt.",
        "File {name} was not sent: a file may be at most {mb} MB.",
    ),
    "upload_file_wrong_type": (
        "Tiedostoa {name} ei lähetetty: vain {types}.",
        "File {name} was not sent: only {types}.",
    ),
    "upload_file_failed": (
        "Tiedostoa {name} ei lähetetty: yhteys katkesi. Poista se ja valitse tiedosto uudelleen.",
        "File {name} was not sent: the connection failed. Remove it and pick the file again.",
    ),
    "upload_file_one": (
        "Tiedostoa {name} ei lähetetty: vain yksi tiedosto kerrallaan.",
        "File {name} was not sent: only one file at a time.",
    ),
    # --- an answer that does not fit its item (checklist.AnswerError)
    "ans_yes_no": (
        "kohta {item}: vastauksen pitää olla kyllä tai ei, ei {value!r}",
        "item {item}: answer must be yes or no, not {value!r}",
    ),
    "ans_whole": (
        "kohta {item}: vastauksen pitää olla kokonaisluku {min}–{max}",
        "item {item}: answer must be a whole number {min}–{max}",
    ),
    "ans_whole_not": (
        "kohta {item}: vastauksen pitää olla kokonaisluku {min}–{max}, ei {value}",
        "item {item}: answer must be a whole number {min}–{max}, not {value}",
    ),
    "ans_not_option": (
        "kohta {item}: {value!r} ei ole mikään vaihtoehdoista",
        "item {item}: {value!r} is not one of the options",
    ),
    "ans_option_list": (
        "kohta {item}: vastauksen pitää olla lista vaihtoehtojen tunnisteita",
        "item {item}: answer must be a list of option ids",
    ),
    "ans_unknown_options": (
        "kohta {item}: tuntemattomat vaihtoehdot {unknown}",
        "item {item}: unknown options {unknown}",
    ),
    "ans_option_twice": (
        "kohta {item}: sama vaihtoehto on valittu kahdesti",
        "item {item}: an option is chosen twice",
    ),
    "ans_duration": (
        "kohta {item}: vastauksen pitää olla sekunteja tai {{seconds, nobody_came}}",
        "item {item}: answer must be seconds or {{seconds, nobody_came}}",
    ),
    "ans_unknown_fields": (
        "kohta {item}: tuntemattomat kentät {fields}",
        "item {item}: unknown fields {fields}",
    ),
    "ans_seconds": (
        "kohta {item}: sekuntien pitää olla luku ≥ 0",
        "item {item}: seconds must be a number ≥ 0",
    ),
    "ans_implausible_wait": (
        "kohta {item}: {seconds} s ei ole uskottava odotusaika",
        "item {item}: {seconds} s is not a plausible wait",
    ),
    "ans_nobody_came": (
        "kohta {item}: nobody_came-arvon pitää olla true tai false",
        "item {item}: nobody_came must be true or false",
    ),
    "ans_stamp": (
        "kohta {item}: kentän {stamp} pitää olla ISO-aikaleima",
        "item {item}: {stamp} must be an ISO time stamp",
    ),
    "ans_number": (
        "kohta {item}: vastauksen pitää olla luku, ei {value!r}",
        "item {item}: answer must be a number, not {value!r}",
    ),
    "ans_finite": (
        "kohta {item}: vastauksen pitää olla äärellinen luku",
        "item {item}: answer must be a finite number",
    ),
    "ans_outside": (
        "kohta {item}: {value} ei ole sallituissa rajoissa ({bounds})",
        "item {item}: {value} is outside the allowed range {bounds}",
    ),
    "ans_text": ("kohta {item}: vastauksen pitää olla tekstiä", "item {item}: answer must be text"),
    "ans_text_long": (
        "kohta {item}: teksti on yli {max} merkkiä pitkä",
        "item {item}: text is longer than {max} characters",
    ),
    "ans_photo_ids": (
        "kohta {item}: vastauksen pitää olla lista kuvien tunnisteita",
        "item {item}: answer must be a list of photo ids",
    ),
    "ans_time": (
        "kohta {item}: vastauksen pitää olla kellonaika HH:MM, ei {value!r}",
        "item {item}: answer must be a time HH:MM, not {value!r}",
    ),
    "hint_enter": ("Enter hyväksyy", "Press Enter to apply"),
    "hint_ctrl_enter": ("Ctrl tai ⌘ + Enter hyväksyy", "Press Ctrl or ⌘ + Enter to apply"),
    # An empty time box's hour, and the separator a time is written with ("9.05", "09:05").
    "time_hour": ("tt", "HH"),
    "time_separator": (".", ":"),
    "role_shopper": ("haamuasiakas", "shopper"),
    "role_manager": ("projektipäällikkö", "project manager"),
    "role_client": ("asiakas", "client"),
    "role_admin": ("ylläpitäjä", "admin"),
    "dl_shopper1": (
        "Helsinki; käyntejä ja keskeneräinen auditointi",
        "Helsinki; visits and a draft",
    ),
    "dl_shopper2": ("Tampere", "Tampere"),
    "dl_shopper3": ("Oulu (englanniksi); käynti kesken", "Oulu (in English); a visit under way"),
    "dl_manager": (
        "tarkastaa auditoinnit, suunnittelee aallot ja reitit",
        "reviews audits, plans waves and routes",
    ),
    "dl_aurora": ("Aurora Motorsin pääkonttori", "Aurora Motors head office"),
    "dl_dealer": ("yksi Aurora-jälleenmyyjä (AM-001)", "one Aurora dealer (AM-001)"),
    "dl_kodinrauta": ("toinen brändi", "another brand"),
    "dl_admin": ("käyttäjät ja varmuuskopiot", "users and backups"),
    "demo_password": ("Kaikkien demotunnusten salasana", "Password for every demo login"),
    "session_expired": ("Istunto vanheni; kirjaudu uudelleen.", "Session expired; sign in again."),
    "my_visits": ("Käyntini", "My visits"),
    "no_visits": ("Sinulle ei ole vielä käyntejä.", "No visits assigned to you yet."),
    "upcoming": ("Tulevat", "Upcoming"),
    "audit_page": ("Auditointi", "Audit"),
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
    "status_released": ("Vapautettu (arkistossa)", "Released (kept for the record)"),
    "no_date": ("Ei päivää", "No date"),
    "open_in_maps": ("Avaa kartalla", "Open in maps"),
    "opening_hours": ("Aukioloajat", "Opening hours"),
    "back_to_visits": ("← Käyntini", "← My visits"),
    "back_to_tour": ("← Matkani", "← My tour"),
    "section_of": ("Osio {n}/{total}", "Section {n} of {total}"),
    "answered_of": ("{done}/{total} vastattu", "{done} of {total} answered"),
    "required_done": ("pakolliset ✓", "required ✓"),
    "previous": ("← Edellinen", "← Previous"),
    "next": ("Seuraava →", "Next →"),
    "saved_at": ("Tallennettu klo {time}", "Saved {time}"),
    "save_failed": (
        "Vastausta ei voitu tallentaa: {error}",
        "The answer could not be saved: {error}",
    ),
    "na": ("Ei sovellu (N/A)", "N/A"),
    "none_of_these": ("Ei mitään näistä", "None of these"),
    "choose_all": ("Valitse kaikki sopivat", "Choose all that apply"),
    "comment": ("Kommentti", "Comment"),
    "comment_required": (
        "Kommentti vaaditaan tälle vastaukselle",
        "A comment is required for this answer",
    ),
    "yes": ("Kyllä", "Yes"),
    "no": ("Ei", "No"),
    "seconds": ("sekuntia", "seconds"),
    "wait_min_s": ("{min} min {s} s", "{min} min {s} s"),
    "nobody_came": ("Kukaan ei tullut", "Nobody came"),
    "submit": ("Lähetä tarkastettavaksi", "Submit for review"),
    "submitted_ok": ("Auditointi lähetetty. Kiitos!", "Audit submitted. Thank you!"),
    "missing_title": (
        "{n} kohtaa puuttuu. Täydennä ne ennen lähettämistä:",
        "{n} items are missing. Fill them in before you submit:",
    ),
    "answer_required": ("vastaus puuttuu", "answer required"),
    "comment_missing": ("kommentti puuttuu", "comment missing"),
    "back_to_missing": (
        "↩ Takaisin puuttuvien luetteloon ja lähettämään",
        "↩ Back to the list of what is missing, and to Submit",
    ),
    "reply_required": ("vastaa kysymykseen", "reply to the question"),
    "go_to_section": ("Siirry osioon", "Go to section"),
    "read_only": (
        "Tämä auditointi on {status}; sitä ei voi enää muuttaa.",
        "This audit is {status}; it can no longer be changed.",
    ),
    "briefing": ("Ohjeistus", "Briefing"),
    "briefing_confirm": ("Olen lukenut ohjeistuksen", "I have read the briefing"),
    "review_queue": ("Tarkastusjono", "Review queue"),
    "queue_empty": ("Ei tarkastettavia auditointeja.", "Nothing waiting for review."),
    "m_none_returned": (
        "Ei haamuasiakkaille palautettuja auditointeja.",
        "No audits returned to a shopper.",
    ),
    "m_none_approved": ("Ei vielä hyväksyttyjä auditointeja.", "No approved audits yet."),
    "m_none_rejected": ("Ei hylättyjä auditointeja.", "No rejected audits."),
    "m_none_released": ("Ei vapautettuja auditointeja.", "No released audits."),
    "approve": ("Hyväksy", "Approve"),
    "return": ("Palauta kysymyksellä", "Return with a question"),
    "reject": ("Hylkää", "Reject"),
    "question": ("Kysymys haamuasiakkaalle", "Question for the shopper"),
    "reason": ("Syy", "Reason"),
    "score": ("Pisteet", "Score"),
    "ranking": ("Sijoitukset", "Ranking"),
    "choose_options": ("Valitse", "Choose"),
    "select_all": ("Valitse kaikki", "Select all"),
    "select_matches": ("Valitse kaikki hakua vastaavat", "Select all matches"),
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
    "shopper": ("Haamuasiakas", "Shopper"),
    "submitted": ("Lähetetty", "Submitted"),
    "manager_question": ("Projektipäällikön kysymys", "The manager's question"),
    "questions_waiting": (
        "Projektipäällikkö palautti auditoinnin {n} kysymyksellä. Vastaa ja lähetä "
        "auditointi uudelleen:",
        "The manager returned the audit with {n} questions. Answer them and submit the "
        "audit again:",
    ),
    "your_reply": ("Vastauksesi", "Your reply"),
    "send_reply": ("Lähetä vastaus", "Send reply"),
    "replies_done": (
        "Olet vastannut projektipäällikön kysymyksiin. Lähetä auditointi vielä uudelleen "
        "tarkastettavaksi.",
        "You have answered the manager's questions. Now submit the audit again for review.",
    ),
    "resubmit": ("Lähetä uudelleen tarkastettavaksi", "Submit again for review"),
    "db_unavailable": (
        "Tietokanta ei juuri nyt vastaa. Mitään ei tallennettu puoliksi; "
        "yritä hetken päästä uudelleen.",
        "The database is not answering right now. Nothing was half-saved; try again in a moment.",
    ),
    "not_allowed": ("Sinulla ei ole oikeutta tähän.", "You are not allowed to do this."),
    # The app cannot start or go on: the database or a setting (pages.cannot_start)
    "db_down": (
        "Sovellus ei saa nyt yhteyttä tietokantaansa, joten sitä ei voi käyttää. Yritä hetken "
        "päästä uudelleen; jos vika jatkuu, kerro ylläpitäjälle.",
        "The app cannot reach its database right now, so it cannot be used. Try again in a "
        "moment; if this goes on, tell your administrator.",
    ),
    "db_down_admin": (
        "Ylläpitäjälle: tarkista, että tietokantapalvelin on käynnissä ja että DATABASE_URL on "
        "oikein. Tarkka syy on sovelluksen lokissa.",
        "For the administrator: check that the database server is running and that "
        "DATABASE_URL is right. The exact reason is in the app's log.",
    ),
    "settings_wrong": (
        "Sovelluksen asetuksissa on virhe, joten se ei käynnisty. Kerro ylläpitäjälle; hän "
        "korjaa asetuksen ja käynnistää sovelluksen uudelleen.",
        "A setting of the app is wrong, so it cannot start. Tell your administrator: they fix "
        "the setting and restart the app.",
    ),
    "settings_wrong_admin": ("Ylläpitäjälle: {detail}", "For the administrator: {detail}"),
    "try_again": ("Yritä uudelleen", "Try again"),
    "page_not_yours": (
        "Sivu /{path} ei ole käytettävissäsi, joten tässä on aloitussivusi.",
        "The page /{path} is not available to you, so here is your start page.",
    ),
    "page_not_found": (
        "Sivua /{path} ei ole, joten tässä on aloitussivusi.",
        "There is no page /{path}, so here is your start page.",
    ),
    # --- manager console (issue 5) ---
    "status_unassigned": ("Ei haamuasiakasta", "Unassigned"),
    "m_stores": ("Myymälät", "Stores"),
    "m_client": ("Asiakas", "Client"),
    "m_no_clients": ("Ei asiakkaita.", "No clients."),
    "m_new_client": ("Uusi asiakas", "New client"),
    "m_client_name": ("Asiakkaan (brändin) nimi", "The client's (brand's) name"),
    "m_add_client": ("Lisää asiakas", "Add the client"),
    "m_client_added": ("Asiakas {name} lisätty", "Client {name} added"),
    "e_client_name": (
        "Asiakkaan nimi on 1–{most} merkkiä ilman ohjausmerkkejä",
        "A client's name is 1–{most} characters without control characters",
    ),
    "e_client_exists": ("Asiakas {name} on jo olemassa", "Client {name} already exists"),
    "m_store_list": ("Luettelo", "List"),
    "m_import": ("Tuo tiedostosta", "Import"),
    "m_place": ("Sijoita kartalle", "Place on map"),
    "m_no_stores": ("Asiakkaalla ei ole vielä myymälöitä.", "This client has no stores yet."),
    "m_n_stores": ("{n} myymälää", "{n} stores"),
    "m_code": ("Koodi", "Code"),
    "m_address": ("Osoite", "Address"),
    "m_postal_code": ("Postinumero", "Postal code"),
    "m_lat": ("Leveysaste", "Latitude"),
    "m_lon": ("Pituusaste", "Longitude"),
    "m_coord_source": ("Sijainnin lähde", "Location source"),
    "m_store_file": (
        "Myymäläluettelo (CSV tai Excel)",
        "Store list (CSV or Excel)",
    ),
    "m_new": ("Uusia", "New"),
    "m_changed": ("Muuttuneita", "Changed"),
    "m_unchanged": ("Ennallaan", "Unchanged"),
    "m_bad_rows": ("Virheellisiä rivejä", "Bad rows"),
    "m_file_problems": ("Virheitä tiedostossa", "Problems with the file"),
    "m_problems": (
        "Tiedostossa {file} on virheitä; mitään ei ole tallennettu.",
        "{file} has problems; nothing has been written.",
    ),
    "m_line": ("Rivi", "Line"),
    "m_field": ("Kenttä", "Field"),
    "m_columns": ("Sarakkeet: ", "Columns: "),
    "m_ignored": ("ohitetaan", "ignored"),
    "m_absent": (
        "Tietokannassa mutta ei tiedostossa (ei muuteta): {codes}",
        "In the database but not in the file (left as they are): {codes}",
    ),
    "m_skip_bad": (
        "Ohita {n} virheellistä riviä ja tuo muut",
        "Skip the {n} bad rows and import the rest",
    ),
    "m_fix_or_skip": (
        "Korjaa tiedosto ja lataa se uudelleen, tai valitse virheellisten rivien ohitus.",
        "Fix the file and upload it again, or choose to skip the bad rows.",
    ),
    "m_confirm_import": ("Vahvista tuonti", "Confirm import"),
    "m_imported": (
        "Tuotu: uusia {created}, päivitettyjä {updated}.",
        "Imported: {created} new, {updated} updated.",
    ),
    "m_placed": ("Sijainti tallennettu: {store}.", "Place saved: {store}."),
    "m_skipped": ("Ohitetut rivit: {lines}.", "Skipped lines: {lines}."),
    "m_unplaced": (
        "Näitä ei voitu sijoittaa kartalle; sijoita ne käsin: {codes}",
        "These could not be placed; place them by hand: {codes}",
    ),
    "m_looking_up": (
        "Haetaan katuosoitteita Nominatimista: {n}/{total} (noin sekunti osoitetta kohden)",
        "Looking up street addresses in Nominatim: {n}/{total} (a second each)",
    ),
    "m_looked_up": (
        "Katuosoitteen mukaan sijoitettiin {found}/{total} myymälää; muut ovat kuntansa kohdalla.",
        "Placed by street address: {found} of {total} stores; the others stay at their town.",
    ),
    "m_look_up_again": (
        "Hae Nominatimista katuosoitteet kunnan kohdalle sijoitetuille myymälöille ({n})",
        "Look up the street address of {n} stores placed at their town in Nominatim",
    ),
    "m_all_placed": ("Kaikilla myymälöillä on sijainti.", "Every store has a location."),
    "m_place_how": (
        "Kirjoita myymälän koordinaatit tai napsauta sen kohtaa kartalla. Kartalla on "
        "paikkakuntien nimet ja asiakkaan sijoitetut myymälät (siniset pisteet).",
        "Type the store's coordinates or click its place on the map. The map names the towns "
        "and shows the client's placed stores (blue dots).",
    ),
    "m_place_near_town": (
        "Kartta avautuu myymälän paikkakunnalle {town}.",
        "The map opens on the store's town, {town}.",
    ),
    "m_place_near_stores": (
        "Myymälän paikkakuntaa ei löydy paikannimistöstä: kartta näyttää asiakkaan muut myymälät.",
        "The store's town is not in the gazetteer: the map shows the client's other stores.",
    ),
    "m_place_near_finland": (
        "Myymälän paikkakuntaa ei löydy paikannimistöstä: kartta näyttää koko Suomen.",
        "The store's town is not in the gazetteer: the map shows all of Finland.",
    ),
    "m_coordinates": ("Koordinaatit (leveysaste, pituusaste)", "Coordinates (latitude, longitude)"),
    "m_coordinates_example": ("esim. 60,1699 24,9384", "e.g. 60.1699, 24.9384"),
    "m_coordinates_help": (
        "Asteina, kuten karttasovellus ne kopioi: 60.1699, 24.9384 tai 60,1699 24,9384. "
        "Napsautus kartalla kirjoittaa kohdan tähän.",
        "In degrees, as a map app copies them: 60.1699, 24.9384 or 60,1699 24,9384. "
        "A click on the map writes its point here.",
    ),
    "m_no_point": (
        "Kirjoita koordinaatit tai napsauta myymälän kohtaa kartalla.",
        "Type the coordinates or click the store's place on the map.",
    ),
    "latlon": ("{lat}; {lon}", "{lat}, {lon}"),
    "m_save_place": ("Tallenna sijainti", "Save location"),
    "m_checklists": ("Tarkistuslistat", "Checklists"),
    "m_version": ("Versio", "Version"),
    "m_checklist_id": ("Tunniste", "ID"),
    "m_title": ("Otsikko", "Title"),
    "m_published": ("Julkaistu", "Published"),
    "m_draft": ("luonnos", "draft"),
    "m_waves": ("Aallot", "Waves"),
    "m_preview": ("Esikatselu", "Preview"),
    "m_upload": ("Uusi versio", "New version"),
    "m_changes": ("Muutokset", "Changes"),
    "m_publish": ("Julkaise (lukitsee version)", "Publish (freezes the version)"),
    "m_checklist_file": ("Tarkistuslista (YAML)", "Checklist (YAML)"),
    "m_publish_now": ("Julkaise heti", "Publish now"),
    "m_save_version": ("Tallenna versio", "Save version"),
    "m_not_utf8": ("{file} ei ole UTF-8-tekstiä.", "{file} is not UTF-8 text."),
    "m_checklist_invalid": ("{file} ei kelpaa:", "{file} is not valid:"),
    "m_version_saved": ("Versio tallennettu.", "Version saved."),
    "m_old": ("Vanha", "Old"),
    "m_one_version_each": (
        "Jokaisesta tarkistuslistasta on vasta yksi versio; muutoksia voi verrata, kun "
        "listasta on tallennettu uusi versio.",
        "Each checklist has only one version so far; changes can be compared once a new "
        "version of one is saved.",
    ),
    "m_new_version": ("Uusi", "New"),
    "m_no_changes": ("Ei eroja.", "No differences."),
    "m_added": ("Lisätyt kohdat", "Items added"),
    "m_removed": ("Poistetut kohdat", "Items removed"),
    "m_reworded": ("Uudelleen muotoillut", "Reworded"),
    "m_rescored": ("Pisteytys muuttunut", "Re-weighted / re-scored"),
    "m_moved": ("Siirretty toiseen osioon", "Moved to another section"),
    "m_sections_added": ("Lisätyt osiot", "Sections added"),
    "m_sections_removed": ("Poistetut osiot", "Sections removed"),
    "m_reweighted": ("Osion paino", "Section weight"),
    "m_weight": ("paino {weight}", "weight {weight}"),
    "m_board": ("Tilanne", "Board"),
    "m_assign": ("Jaa käynnit", "Assign"),
    "m_unassign": ("Poista jako", "Unassign"),
    "m_new_wave": ("Uusi aalto", "New wave"),
    "m_no_waves": ("Asiakkaalla ei ole vielä aaltoja.", "This client has no waves yet."),
    "m_fee": ("palkkio", "fee"),
    "m_rules_caption": (
        "käyntejä päivässä haamuasiakasta kohden enintään {n}, saman myymälän käyntien välillä "
        "vähintään {days} pv",
        "visits a day per shopper: at most {n}; days between visits to one store: at least {days}",
    ),
    "m_progress_assigned": ("Jaettu {pct} %", "Assigned {pct}%"),
    "m_progress_done": ("Tehty {pct} %", "Done {pct}%"),
    "m_progress_approved": ("Hyväksytty {pct} %", "Approved {pct}%"),
    "m_status": ("Tila", "Status"),
    "m_all": ("Kaikki", "All"),
    "m_search": ("Haku", "Search"),
    "m_date": ("Päivä", "Date"),
    "m_showing": ("{n}/{total} käyntiä", "{n} of {total} visits"),
    "m_shopper_gone": ("poistettu käytöstä", "deactivated"),
    "m_stranded": (
        "{n} käyntiä odottaa haamuasiakasta, joka on poistettu käytöstä (merkitty taulukkoon). "
        "Jaa aloittamattomat muille välilehdellä Jaa käynnit; vapauta aloitetut alla.",
        "{n} visits wait on a shopper who has been deactivated (marked in the table). Give "
        "those not started to others on the Assign tab; release those started below.",
    ),
    "m_release": (
        "Vapauta aloitettu tai hylätty auditointi ({n})",
        "Release a started or rejected audit ({n})",
    ),
    "m_release_help": (
        "Kukaan ei voi tehdä loppuun toisen havainnointia. Kun haamuasiakas ei voi tehdä "
        "aloittamaansa auditointia loppuun, vapauta se: vastaukset säilyvät vain luettavina "
        "arkistossa (Tarkastus, tila Vapautettu) eivätkä koskaan päädy pisteisiin, raportteihin "
        "tai palkkioihin, ja käynti jaetaan uudelleen; seuraava haamuasiakas aloittaa tyhjästä. "
        "Samoin hylätyn auditoinnin käynti tehdään uudelleen.",
        "Nobody can finish someone else's observation. When a shopper cannot finish the audit "
        "they started, release it: the answers are kept read-only for the record (Review, "
        "status Released) and never reach scores, reports or fees, and the visit is assigned "
        "afresh; the next shopper starts from an empty audit. A rejected audit's visit is done "
        "again the same way.",
    ),
    "m_release_visit": ("Auditointi", "Audit"),
    "m_release_reason": ("Syy (kirjataan lokiin)", "Reason (goes into the log)"),
    "m_release_confirm_gone": (
        "{store}: {shopper} on poistettu käytöstä eikä voi tehdä auditointia loppuun. "
        "Vapautettu auditointi ei palaa: käynti tehdään uudelleen alusta.",
        "{store}: {shopper} has been deactivated and cannot finish the audit. A released "
        "audit does not come back: the visit is done again from the start.",
    ),
    "m_release_confirm_active": (
        "{store}: {shopper} on yhä käytössä ja menettää aloittamansa auditoinnin; kerro "
        "hänelle. Vapautettu auditointi ei palaa: käynti tehdään uudelleen alusta.",
        "{store}: {shopper} is still active and loses the audit they started; tell them. A "
        "released audit does not come back: the visit is done again from the start.",
    ),
    "m_release_confirm_rejected": (
        "{store}: auditointi on hylätty. Vapautettu auditointi jää arkistoon, ja käynti "
        "tehdään uudelleen alusta (sama tai toinen haamuasiakas).",
        "{store}: the audit was rejected. Released, it stays in the record and the visit is "
        "done again from the start, by this or another shopper.",
    ),
    "m_release_sure": (
        "Ymmärrän: vastaukset jäävät vain arkistoon ja käynti tehdään uudelleen",
        "I understand: the answers stay only in the record and the visit is done again",
    ),
    "m_release_button": ("Vapauta auditointi", "Release the audit"),
    "m_released": (
        "{store}: haamuasiakkaan {shopper} auditointi vapautettiin ja on arkistossa. Käynti on "
        "nyt jakamatta: jaa se välilehdellä Jaa käynnit.",
        "{store}: the audit by {shopper} was released and is kept for the record. The visit is "
        "now unassigned: give it to a shopper on the Assign tab.",
    ),
    "m_nothing_to_assign": ("Kaikki käynnit on aloitettu.", "Every visit has been started."),
    "m_nothing_to_unassign": ("Yhtään käyntiä ei ole jaettu.", "No visit is assigned."),
    "m_visits": ("Käynnit", "Visits"),
    "m_first_day": ("Päivä (ensimmäinen)", "Day (first)"),
    "m_override_reason": (
        "Syy poiketa säännöistä (vain tarvittaessa)",
        "Reason to override a rule (only if needed)",
    ),
    "m_refused": ("Ei jaettu:", "Not assigned:"),
    "m_assigned": ("{n} käyntiä jaettu.", "{n} visits assigned."),
    "m_unassign_n": ("Poista {n} käynnin jako", "Unassign {n} visits"),
    "m_unassigned": ("{n} käynnin jako poistettu.", "{n} visits unassigned."),
    "m_left_tour": (
        "{store} otettiin pois hyväksytyltä matkalta {tour} ({shopper}); sen päivä ja yöt "
        "ajoitettiin uudelleen jäljelle jäävien käyntien mukaan, ja matka näyttää hyväksytyt "
        "lukunsa nykyisten rinnalla.",
        "{store} was taken out of approved tour {tour} ({shopper}); its day and nights were "
        "re-timed along the visits that remain, and the tour shows its approved figures beside "
        "the ones now.",
    ),
    "m_assign_bulk": ("Jaa {n} käyntiä", "Assign {n} visits"),
    "m_no_published": ("Ei julkaistuja tarkistuslistoja.", "No published checklists."),
    "m_wave_name": ("Aallon nimi", "Wave name"),
    "m_starts": ("Alkaa", "Starts"),
    "m_ends": ("Päättyy", "Ends"),
    "m_checklist": ("Tarkistuslista", "Checklist"),
    "m_fee_per_visit": ("Palkkio / käynti (€)", "Fee per visit (€)"),
    "m_stores_all_default": (
        "Myymälät (tyhjä = kaikki aktiiviset)",
        "Stores (empty = all active stores)",
    ),
    "m_max_per_day": ("Käyntejä enintään / päivä", "Visits per day at most"),
    "m_min_days": (
        "Päiviä vähintään saman myymälän käyntien välillä",
        "Days at least between visits to one store",
    ),
    "m_create_wave": ("Luo aalto", "Create wave"),
    "m_wave_created": ("Aalto {name} luotu.", "Wave {name} created."),
    "m_briefing_fi": ("Ohjeistus suomeksi", "Briefing in Finnish"),
    "m_briefing_en": ("Ohjeistus englanniksi", "Briefing in English"),
    "m_briefing_help": (
        "Mitä kysyä ja miten esiintyä. Haamuasiakas lukee ja kuittaa sen ennen käyntiä omalla "
        "kielellään (jos sitä ei ole, toisella).",
        "What to ask for and the scenario. The shopper reads and confirms it before the visit, "
        "in their language (or the other one when theirs is empty).",
    ),
    "m_briefing_none": (
        "Aallolla ei ole ohjeistusta: haamuasiakkaat eivät näe mitään luettavaa ennen käyntiä.",
        "The wave has no briefing: shoppers get nothing to read before the visit.",
    ),
    "m_briefing_save": ("Tallenna ohjeistus", "Save briefing"),
    "m_briefing_read": ("kuitattu luetuksi {n} käynnillä", "confirmed as read on {n} visits"),
    "m_briefing_saved": ("Ohjeistus tallennettu.", "Briefing saved."),
    "m_briefing_unchanged": ("Ohjeistus ei muuttunut.", "The briefing did not change."),
    "m_briefing_reread": (
        "Ohjeistus tallennettu. Niillä {n} käynnillä, joilla vanha oli luettu mutta käynti ei "
        "ole alkanut, haamuasiakasta pyydetään lukemaan uusi.",
        "Briefing saved. On the {n} visits where the old one was read but the visit has not "
        "begun, the shopper is asked to read the new one.",
    ),
    "m_queue_count_oldest": ("{n} auditointia, vanhin ensin", "{n} audits, oldest first"),
    "m_queue_count_newest": ("{n} auditointia, uusin ensin", "{n} audits, newest first"),
    "m_queue_shown_oldest": (
        "Näytetään {shown} / {n}, vanhin ensin",
        "Showing {shown} of {n}, oldest first",
    ),
    "m_queue_shown_newest": (
        "Näytetään {shown} / {n}, uusin ensin",
        "Showing {shown} of {n}, newest first",
    ),
    "m_show_more": ("Näytä lisää", "Show more"),
    "m_checkin": ("Saapuminen", "Check-in"),
    "m_distance": ("Etäisyys myymälästä", "Distance from store"),
    "m_critical": ("Kriittinen", "Critical"),
    "coord_given": ("annettu", "given"),
    "coord_manual": ("sijoitettu käsin", "placed by hand"),
    "coord_nominatim": ("katuosoitteesta", "from the street address"),
    "coord_cache": ("katuosoitteesta", "from the street address"),
    "coord_gazetteer": ("kunnan keskusta", "town centre"),
    "coord_none": ("ei sijaintia", "no location"),
    "m_no_signals": ("Ei luotettavuushuomioita.", "No trust signals."),
    "m_trust_signals": ("Luotettavuushuomiot", "Trust signals"),
    "m_signals_note": ("vihjeitä, ei todisteita", "hints, not proof"),
    "m_photos": ("Kuvat", "Photos"),
    "m_photo_purged": ("Kuva poistettu säilytysajan jälkeen", "Photo purged after retention"),
    "m_photo_missing": ("Kuvatiedosto puuttuu", "The photo's file is missing"),
    "m_about_item": ("Koskee kohtaa", "About item"),
    "m_whole_audit": ("Koko auditointi", "The whole audit"),
    "m_correct": ("Korjaa vastaus", "Correct an answer"),
    "m_item": ("Kohta", "Item"),
    "m_correct_shown_too": (
        "Tämä vastaus tuo näkyviin myös seuraavat kohdat: korjaa ne samalla",
        "This answer also shows the items below: correct them with it",
    ),
    "m_new_value": ("Uusi arvo", "New value"),
    "m_new_wait": ("Uusi odotusaika", "New wait"),
    "m_minutes": ("Minuutit", "Minutes"),
    "m_seconds": ("Sekunnit", "Seconds"),
    "m_wait_negative": (
        "Kohta {item}: minuutit ja sekunnit eivät voi olla negatiivisia",
        "Item {item}: minutes and seconds cannot be negative",
    ),
    "m_saved_at": ("tallennettu klo {time}", "saved {time}"),
    "quoted": ("”{text}”", "“{text}”"),
    "m_correction_reason": ("Korjauksen syy (pakollinen)", "Reason for the correction (required)"),
    "m_save_correction": ("Tallenna korjaus", "Save correction"),
    "m_done_approved": ("Hyväksytty: {store}.", "Approved: {store}."),
    "m_done_returned": (
        "Palautettu haamuasiakkaalle kysymyksen kera: {store}.",
        "Returned to the shopper with the question: {store}.",
    ),
    "m_done_rejected": ("Hylätty: {store}.", "Rejected: {store}."),
    "m_rejected_reason": (
        "Hylätty, syy: {reason}. Hylätty auditointi ei päädy raportteihin. Jos käynti tehdään "
        "uudelleen, vapauta auditointi Aallot-sivun Tilanne-välilehdellä ja jaa käynti sitten "
        "uudelleen.",
        "Rejected because: {reason}. A rejected audit reaches no report. To have the visit done "
        "again, release the audit on the Waves page's Board tab, then assign the visit again.",
    ),
    "log_answer.amend": ("Vastausta muutettu", "Answer amended"),
    "log_answer.correct": ("Vastaus korjattu", "Answer corrected"),
    "log_audit.briefing_read": ("Ohjeistus luettu", "Briefing read"),
    "log_audit.checkin": ("Saapuminen myymälään", "Checked in at the store"),
    "log_audit.start": ("Auditointi aloitettu", "Audit started"),
    "log_audit.submit": ("Lähetetty tarkastettavaksi", "Submitted for review"),
    "log_audit.approved": ("Hyväksytty", "Approved"),
    "log_audit.returned": ("Palautettu kysymyksen kera", "Returned with a question"),
    "log_audit.rejected": ("Hylätty", "Rejected"),
    "log_audit.release": (
        "Vapautettu: arkistoon, käynti jaetaan uudelleen",
        "Released: kept for the record, the visit assigned afresh",
    ),
    "log_visit.release": (
        "Käynnin aloitettu auditointi vapautettu",
        "The visit's started audit released",
    ),
    "log_photo.add": ("Kuva lisätty", "Photo added"),
    "log_photo.remove": ("Kuva poistettu", "Photo removed"),
    "log_question.reply": ("Kysymykseen vastattu", "Question answered"),
    "log_visit.assign": ("Käynti jaettu", "Visit assigned"),
    "log_visit.unassign": ("Käynti otettu pois", "Visit unassigned"),
    "log_item": ("Kohta: {item}", "Item: {item}"),
    "log_question": ("Kysymys: {text}", "Question: {text}"),
    "log_reply": ("Vastaus: {text}", "Reply: {text}"),
    "log_note": ("Huomautus: {text}", "Note: {text}"),
    "log_comment": ("Kommentti nyt: {text}", "Comment now: {text}"),
    "log_reason": ("Syy: {reason}", "Reason: {reason}"),
    "log_score": ("Pisteet {score}", "Score {score}"),
    "log_score_change": ("Pisteet {old} → {new}", "Score {old} → {new}"),
    "log_shopper": ("Haamuasiakas: {name}", "Shopper: {name}"),
    "log_tour": ("Matka {id}", "Tour {id}"),
    "log_checkin_refused": ("Sijaintia ei annettu", "Location not given"),
    "log_checkin_distance": ("{m} m myymälästä", "{m} m from the store"),
    "m_corrected": ("Korjattu; pisteet nyt {score}.", "Corrected; the score is now {score}."),
    "m_audit_log": ("Tapahtumaloki", "Audit log"),
    "m_pay": ("Palkkiot ja kulut", "Fees and expenses"),
    "m_claims": ("Kulukorvaukset", "Expense claims"),
    "m_statement": ("Maksettavat", "Statement"),
    "m_no_claims": ("Ei käsiteltäviä kulukorvauksia.", "No claims waiting."),
    "m_own_claim": (
        "Oma kulukorvauksesi: sen hyväksyy toinen projektipäällikkö tai ylläpitäjä.",
        "Your own claim: another project manager or an admin decides it.",
    ),
    "m_note": ("Huomautus (pakollinen hylättäessä)", "Note (required to reject)"),
    "m_nothing_payable": ("Ei vielä maksettavaa.", "Nothing payable yet."),
    "m_month": ("Kuukausi", "Month"),
    "m_fees": ("Palkkiot €", "Fees €"),
    "m_km_allowance": ("Km-korvaus €", "Km allowance €"),
    "m_receipts_col": ("Kuitit €", "Receipts €"),
    "m_total": ("Yhteensä €", "Total €"),
    "m_download_excel": ("Lataa Excel", "Download Excel"),
    "m_my_expenses": ("Palkkiot ja kulut", "Fees and expenses"),
    "m_my_pay": ("Tilitys", "Pay statement"),
    "m_pay_rule": (
        "Käynnin palkkio maksetaan sen kuukauden tilityksessä, jona auditointi hyväksytään, "
        "ja hyväksytty kulukorvaus kulun kuukauden tilityksessä.",
        "A visit's fee is paid in the statement of the month its audit is approved in, and an "
        "approved expense in the month it was spent in.",
    ),
    "m_nothing_earned": (
        "Ei vielä palkkioita eikä hyväksyttyjä kulukorvauksia. Käynnin palkkio näkyy täällä, "
        "kun olet lähettänyt auditoinnin.",
        "No fees or approved expenses yet. A visit's fee shows here once you have submitted "
        "its audit.",
    ),
    "m_awaiting_review": ("Odottaa tarkastusta", "Awaiting review"),
    "m_fee_awaiting": ("tarkastamatta", "not reviewed"),
    "m_pay_item": ("Selite", "Item"),
    "m_amount": ("Summa", "Amount"),
    "m_claim_item": ("Kulukorvaus: {description}", "Expense: {description}"),
    "m_month_total": ("yhteensä {total}", "total {total}"),
    "m_pay_visits": ("{n} käyntiä {eur}", "{n} visits {eur}"),
    "m_pay_km": ("km-korvaus {km} km {eur}", "km allowance {km} km {eur}"),
    "m_pay_receipts": ("kuitit {eur}", "receipts {eur}"),
    "m_for_visit": ("Käynti", "Visit"),
    "m_km": ("Ajetut km", "Km driven"),
    "m_receipts_eur": ("Kuitit yhteensä (€)", "Receipts in total (€)"),
    "m_description": ("Kuvaus", "Description"),
    "m_receipt_photos": ("Kuittien kuvat", "Receipt photos"),
    "m_file_claim": ("Lähetä kulukorvaus", "File the claim"),
    "m_claim_filed": ("Kulukorvaus lähetetty.", "Claim filed."),
    "m_your_claims": ("Lähettämäsi kulukorvaukset", "Your claims"),
    "m_exp_status_pending": ("odottaa hyväksyntää", "awaiting approval"),
    "m_exp_status_approved": ("hyväksytty", "approved"),
    "m_exp_status_rejected": ("hylätty", "rejected"),
    # tours (route planner): manager "Routes", client "Tours", shopper "My tour"
    "tr_routes": ("Reitit", "Routes"),
    "tr_tours": ("Matkat", "Tours"),
    "tr_my_tour": ("Matkani", "My tour"),
    "tr_tour": ("Matka", "Tour"),
    "tr_no_shoppers": ("Aktiivisia haamuasiakkaita ei ole.", "There are no active shoppers."),
    "tr_plan_tab": ("Suunnittele", "Plan"),
    "tr_saved_tab": ("Tallennetut matkat", "Saved tours"),
    "tr_no_candidates": (
        "Aallolla ei ole käyntejä ilman auditointia.",
        "The wave has no visits without an audit.",
    ),
    "tr_which_stores": ("Mitkä myymälät", "Which stores"),
    "tr_sel_unassigned": ("Kaikki jakamattomat", "All unassigned"),
    "tr_sel_region": ("Alue", "A region"),
    "tr_sel_stores": ("Valitut", "Hand-picked"),
    "tr_pick_stores": ("Myymälät", "Stores"),
    "tr_all_assigned": (
        "Aallon kaikki käynnit on jo jaettu haamuasiakkaille, joten jakamattomia ei ole "
        "tarjolla. Poista käyntien jako Aallot-sivulla (Poista jako), valitse toinen aalto tai "
        "valitse myymälät kohdasta Alue tai Valitut: hyväksytty matka siirtää jo jaetut käynnit.",
        "Every visit of the wave is already assigned to a shopper, so none is offered as "
        "unassigned. Unassign visits on the Waves page (Unassign), pick another wave, or choose "
        "stores under A region or Hand-picked: an approved tour moves visits already assigned.",
    ),
    "tr_all_reserved": (
        "Kaikki aallon käynnit ovat jo muilla matkoilla. Valitse toinen aalto, tai peru tai "
        "hylkää matka, joka ne pitää.",
        "Every visit of the wave is held by another tour. Pick another wave, or withdraw or "
        "reject the tour that holds them.",
    ),
    "tr_chosen": (
        "{n} myymälää valittu ({assigned} jo jaettu jollekin – hyväksyntä siirtää ne)",
        "{n} stores chosen ({assigned} already assigned – approval moves them)",
    ),
    "tr_reserved": (
        "{n} käyntiä on varattu muille matkoille, eikä niitä tarjota",
        "{n} visits are held by other tours and are not offered",
    ),
    "tr_reserved_help": (
        "Käynti kuuluu yhteen matkaan kerrallaan. Ehdotuksen käynnit vapautuvat, kun se perutaan "
        "(Tallennetut matkat) tai asiakas hylkää sen.",
        "A visit belongs to one tour at a time. A proposal's visits are free again once it is "
        "withdrawn (Saved tours) or the client rejects it.",
    ),
    "tr_rules": ("Päivät ja säännöt", "Dates and rules"),
    "tr_start": ("Aloituspäivä", "Start date"),
    "tr_last_day": ("Viimeinen päivä", "Last day"),
    "tr_visit_minutes": ("Käynnin kesto (min)", "Visit length (min)"),
    "tr_day_start": ("Työpäivä alkaa", "Working day starts"),
    "tr_day_end": ("Työpäivä päättyy", "Working day ends"),
    "tr_daylight": ("Päivänvalo", "Daylight"),
    "tr_daylight_required": ("Vaaditaan", "Required"),
    "tr_daylight_preferred": ("Toivottava", "Preferred"),
    "tr_daylight_off": ("Ei huomioida", "Ignored"),
    "tr_weekdays": ("Työpäivät", "Days worked"),
    "tr_max_visits": ("Käyntejä päivässä enintään", "Visits per day at most"),
    "tr_max_visits_help": (
        "Aallon sääntö on {n} käyntiä päivässä; suunnitelma ei ylitä tätä.",
        "The wave's rule is {n} visits a day; the plan keeps to this number.",
    ),
    "tr_home": ("Lähtöpaikka", "Start place"),
    "tr_home_hint": (
        "haamuasiakkaan koti (paikkakunta tai lat, lon, esim. 60.17, 24.94)",
        "the shopper's home (town or lat, lon, e.g. 60.17, 24.94)",
    ),
    "tr_return_home": ("Paluu kotiin lopuksi", "Return home at the end"),
    "tr_objective": ("Tavoite", "Optimise for"),
    "tr_objective_cost": ("Pienin kustannus", "Lowest cost"),
    "tr_objective_days": ("Vähiten päiviä", "Fewest days"),
    "tr_objective_km": ("Vähiten kilometrejä", "Fewest km"),
    "tr_objective_help": (
        "Kustannus: kilometrikorvaus, päivärahat ja hotellit yhteensä; yöt kotona, kun se on "
        "halvempaa. Kilometrit: yöt aina matkalla seuraavaa käyntiä kohti.",
        "Cost: km allowance, daily allowances and hotels together; nights at home when that is "
        "cheaper. Km: every night on the road toward the next visit.",
    ),
    "tr_plan": ("Suunnittele matka", "Plan the tour"),
    "tr_planning": ("Suunnitellaan {n} myymälän matkaa…", "Planning a tour of {n} stores…"),
    "tr_planned": ("Matka suunniteltu ({seconds} s)", "Tour planned ({seconds} s)"),
    "tr_cut_short": (
        "Suunnittelu pysähtyi aikarajaan ennen kuin kaikki vaihtoehdot oli kokeiltu, joten "
        "parempikin matka voi löytyä: suunnittele uudelleen, kun palvelin on vapaampi, tai "
        "vähemmille myymälöille.",
        "Planning stopped at its time limit before every option was tried, so a better tour "
        "may exist: plan again when the server is less busy, or for fewer stores.",
    ),
    "tr_skipped": ("jätetty pois", "left out"),
    "tr_nothing_fits": (
        "Yksikään myymälä ei mahtunut matkaan näillä säännöillä.",
        "No store fits into the tour with these rules.",
    ),
    "tr_partners": ("Jaa myymälät myös näille haamuasiakkaille", "Share the stores with"),
    "tr_partners_help": (
        "Myymälät jaetaan haamuasiakkaiden kotien mukaan: kukin lähtee kotoaan, ja halvempi jako "
        "valitaan. Jokainen saa oman ehdotuksensa. Lähtöpaikka koskee vain ensimmäistä.",
        "The stores are split between the shoppers' homes: each starts from home, and the "
        "cheaper split is kept. Each shopper gets a proposal of their own. The start place "
        "above is the first shopper's only.",
    ),
    "tr_team_result": ("{n} haamuasiakkaan matkat yhteensä", "Tours of {n} shoppers, in total"),
    "tr_team_none": (
        "{shopper}: ei myymälöitä tässä jaossa.",
        "{shopper}: no stores in this split.",
    ),
    "tr_result": ("Matka: {shopper}, lähtö {home}", "Tour: {shopper}, from {home}"),
    "tr_hand_moved": ("{n} siirtoa käsin, tarkistettu", "{n} moved by hand, re-checked"),
    "tr_days": ("Päiviä", "Days"),
    "tr_visits": ("Käyntejä", "Visits"),
    "tr_km": ("Km", "Km"),
    "tr_drive_hours": ("Ajotunnit", "Drive hours"),
    "tr_hotel_nights": ("Hotelliöitä", "Hotel nights"),
    "tr_cost": ("Kustannus", "Cost"),
    "tr_map": ("Kartta", "Map"),
    # the tour map (tour_export.tour_map)
    "tr_map_home": ("Koti: {place}", "Home: {place}"),
    "tr_map_visit": ("{number}. {store}: {day} klo {time}", "{number}. {store}: {day} {time}"),
    "tr_map_day": ("{day}: {n} käyntiä, {km} km", "{day}: {n} visits, {km} km"),
    "tr_map_hotel": ("Hotelliyö {day}: {place}", "Hotel night {day}: {place}"),
    "tr_map_visit_time": ("Käynti klo {start}–{end}", "Visit {start}–{end}"),
    "tr_map_travel": ("{day}: ajopäivä, {km} km", "{day}: day of driving, {km} km"),
    "tr_travel_day": ("Ajopäivä", "Day of driving"),
    "tr_travel_note": (
        "Päivistä {n} on ajopäiviä ilman käyntejä (myymälät ovat kaukana kotoa); niiden ajo, "
        "yöt ja päivärahat ovat kustannuksessa.",
        "{n} of the days are days of driving without visits (the stores are far from home); "
        "their km, nights and allowances are in the cost.",
    ),
    "tr_cost_item": ("Kulu", "Item"),
    "tr_cost_basis": ("Peruste", "Basis"),
    "tr_cost_km": ("Kilometrikorvaus", "Km allowance"),
    "tr_cost_full": ("Kokopäiväraha", "Full daily allowance"),
    "tr_cost_partial": ("Osapäiväraha", "Partial daily allowance"),
    "tr_cost_hotel": ("Hotelliyöt", "Hotel nights"),
    "tr_cost_total": ("Yhteensä", "Total"),
    "tr_cost_source": ("Hinnat: {source}", "Rates: {source}"),
    "tr_cost_defaults": (
        "Verohallinnon päätös vuodelle 2026; hotelliyö projektin arvio",
        "the Finnish Tax Administration's decision for 2026; hotel night: project estimate",
    ),
    "tr_day": ("Päivä", "Day"),
    "tr_arrive": ("Perillä", "Arrive"),
    "tr_visit_time": ("Käynti", "Visit"),
    "tr_leg_km": ("Ajo km", "Drive km"),
    "tr_drive_min": ("Ajo min", "Drive min"),
    "tr_hotel_in": ("Hotelliyö: {place}", "Hotel night: {place}"),
    "tr_home_at": ("Kotona klo {time}", "Home at {time}"),
    "tr_unplanned": ("{n} myymälää ei mahtunut matkaan:", "{n} stores could not be fitted:"),
    "tr_reason": ("Syy", "Reason"),
    "tr_move": ("Siirrä myymälä toiselle päivälle", "Move a store to another day"),
    "tr_to_day": ("Päivälle", "To day"),
    "tr_move_btn": ("Siirrä ja tarkista", "Move and re-check"),
    "tr_moved": (
        "{store} siirretty: {day}. Matka on sääntöjen mukainen.",
        "{store} moved to {day}. The tour keeps every rule.",
    ),
    "tr_move_refused": (
        "{store} → {day}: siirtoa ei tehty, koska se rikkoisi nämä säännöt:",
        "{store} → {day}: not moved, because it would break these rules:",
    ),
    "tr_propose": ("Ehdotus asiakkaalle", "Proposal for the client"),
    "tr_rule_warnings": (
        "Aallon säännöt, jotka tämä matka ohittaa (kirjataan hyväksynnän yhteydessä):",
        "Wave rules this tour overrides (recorded when it is approved):",
    ),
    "tr_save": ("Tallenna ehdotukseksi", "Save as a proposal"),
    "tr_saved": (
        "Tallennettu ehdotukseksi #{id}; asiakas voi nyt hyväksyä kustannuksen.",
        "Saved as proposal #{id}; the client can now approve its cost.",
    ),
    "tr_excel": ("Lataa Excel", "Download Excel"),
    # the tour workbook (tour_export.tour_xlsx); other labels are the tour page's own
    "tr_xlsx_summary": ("Yhteenveto", "Summary"),
    "tr_xlsx_days": ("Päivät", "Days"),
    "tr_xlsx_visits": ("Käynnit", "Visits"),
    "tr_xlsx_unplanned": ("Suunnittelematta", "Not planned"),
    "tr_xlsx_home": ("Koti", "Home"),
    "tr_xlsx_full_days": ("Kokopäivärahat", "Full daily allowances"),
    "tr_xlsx_partial_days": ("Osapäivärahat", "Partial daily allowances"),
    "tr_xlsx_allowances": ("Päivärahat", "Daily allowances"),
    "tr_xlsx_hotels": ("Hotellit", "Hotels"),
    "tr_xlsx_rates": ("Hinnat", "Cost rates"),
    "tr_xlsx_from": ("Mistä", "From"),
    "tr_xlsx_depart": ("Lähtö", "Depart"),
    "tr_xlsx_to": ("Minne", "To"),
    "tr_xlsx_hotel": ("Hotelli", "Hotel"),
    "tr_xlsx_note": ("Huomio", "Note"),
    "tr_xlsx_directions": ("Reitti", "Directions"),
    "tr_xlsx_open_maps": ("Avaa kartalla", "Open in maps"),
    "tr_xlsx_visit_start": ("Alkaa", "Start"),
    "tr_xlsx_visit_end": ("Päättyy", "End"),
    "tr_none_saved": (
        "Tälle aallolle ei ole tallennettu matkoja.",
        "No tours saved for this wave.",
    ),
    "tr_first_day": ("Ensimmäinen päivä", "First day"),
    "tr_decision_note": ("Perustelu", "Reason"),
    "tr_status_draft": ("Luonnos", "Draft"),
    "tr_status_proposed": ("Odottaa hyväksyntää", "Waiting for approval"),
    "tr_status_approved": ("Hyväksytty", "Approved"),
    "tr_status_rejected": ("Hylätty", "Rejected"),
    "tr_status_withdrawn": ("Peruttu", "Withdrawn"),
    "tr_withdraw": ("Peru ehdotus", "Withdraw a proposal"),
    "tr_withdraw_btn": ("Peru ehdotus", "Withdraw"),
    "tr_withdrawn_msg": (
        "Ehdotus #{id} peruttu; asiakas ei voi enää hyväksyä sitä.",
        "Proposal #{id} withdrawn; the client can no longer approve it.",
    ),
    "tr_no_proposals": (
        "Matkaehdotuksia ei ole. Kun projektipäällikkö ehdottaa haamuasiakkaalle monen kaupungin "
        "matkaa, se tulee tähän kustannuksineen, karttoineen ja päivineen hyväksyttäväksi.",
        "There are no tour proposals. When the project manager proposes a multi-city tour for a "
        "shopper, it comes here with its costs, map and days for you to approve.",
    ),
    "tr_waiting": ("Päätöstäsi odottaa: {n}", "Waiting for your decision: {n}"),
    "tr_proposed_by": (
        "Ehdottaja {who} {when} · haamuasiakas {shopper}, lähtö {home}",
        "Proposed by {who} on {when} · shopper {shopper}, from {home}",
    ),
    "tr_decision": ("Päätös", "Decision"),
    "tr_reason_optional": ("Perustelu (vapaaehtoinen)", "Reason (optional)"),
    "tr_approve": ("Hyväksy kustannus", "Approve the cost"),
    "tr_reject": ("Hylkää", "Reject"),
    "tr_approved_msg": (
        "Hyväksytty. {n} käyntiä annettiin haamuasiakkaalle suunnitelluille päiville.",
        "Approved. {n} visits were given to the shopper on their planned days.",
    ),
    "tr_approval_breaks": (
        "Hyväksyntä poikkeaa aallon säännöistä {n} kohdassa; poikkeamat kirjataan lokiin "
        "hyväksyntäsi perusteluksi:",
        "Approving breaks the wave's rules in {n} places; each exception is logged with your "
        "approval as its reason:",
    ),
    "tr_overridden": (
        "Lokiin kirjattiin {n} poikkeamaa aallon säännöistä.",
        "{n} wave rule exceptions were logged.",
    ),
    "tr_rejected_msg": ("Ehdotus hylätty.", "The proposal was rejected."),
    "tr_decided": ("{status}: {who} {when}", "{status} by {who} on {when}"),
    "tr_no_tour": ("Sinulle ei ole hyväksyttyä matkaa.", "You have no approved tour."),
    "tr_my_summary": (
        "Päiviä {days} · käyntejä {visits} · {km} km · hotelliöitä {nights}",
        "Days: {days} · visits: {visits} · {km} km · hotel nights: {nights}",
    ),
    "tr_my_summary_now": (
        "Nyt: päiviä {days} · käyntejä {visits} · {km} km · hotelliöitä {nights}. "
        "Hyväksytty: päiviä {a_days} · käyntejä {a_visits} · {a_km} km · hotelliöitä {a_nights}.",
        "Now: days {days} · visits {visits} · {km} km · hotel nights {nights}. "
        "Approved: days {a_days} · visits {a_visits} · {a_km} km · hotel nights {a_nights}.",
    ),
    # an approved tour that visits have left since (tour_record.tour_change)
    "tr_changed": (
        "Matka on muuttunut hyväksynnän jälkeen: siltä on otettu pois {n} käyntiä. "
        "Hyväksytyt luvut ovat ennallaan sellaisina kuin ne hyväksyttiin; nyt-luvut on laskettu "
        "jäljelle jäävistä käynneistä.",
        "This tour changed after it was approved: {n} visits were taken out of it. The "
        "approved figures stay as they were approved; the figures now are counted from the "
        "visits that remain.",
    ),
    "tr_left_visit": (
        "{store} ({city}), suunniteltu {day}: otettu pois {when}",
        "{store} ({city}), planned for {day}: taken out {when}",
    ),
    "tr_left_visit_undated": (
        "{store} ({city}), suunniteltu {day}: otettu pois",
        "{store} ({city}), planned for {day}: taken out",
    ),
    "tr_left_when": ("{day} klo {time}", "on {day} at {time}"),
    "tr_approved": ("Hyväksytty", "Approved"),
    "tr_now": ("Nyt", "Now"),
    "tr_figure": ("Luku", "Figure"),
    "tr_cost_now": ("hyväksytty {approved}, nyt {now}", "approved {approved}, now {now}"),
    "tr_now_of": ("{what} nyt", "{what} now"),
    "tr_changed_col": ("Muuttunut hyväksynnän jälkeen", "Changed since approval"),
    "tr_changed_cell": (
        "{n} käyntiä pois ({stores}) · hyväksytty {km} km, {cost}",
        "{n} visits out ({stores}) · approved {km} km, {cost}",
    ),
    "tr_xlsx_left": ("Pois otetut käynnit", "Visits taken out"),
    "tr_calendar": ("Lisää kalenteriin (.ics)", "Add to calendar (.ics)"),
    # the tour's calendar file (tour_export.tour_ics)
    "tr_ics_visit": ("Käynti: {store}", "Visit: {store}"),
    "tr_ics_store": ("Myymälä {code}", "Store {code}"),
    "tr_ics_arrive": ("Perillä klo {time}", "Arrive at {time}"),
    "tr_ics_drive": ("Ajomatka {km} km, {minutes} min", "Drive {km} km, {minutes} min"),
    "tr_ics_open": ("Auki {hours}", "Open {hours}"),
    "tr_leave_home": ("Lähtö klo {time} kotoa ({place})", "Leave home ({place}) at {time}"),
    "tr_leave_hotel": (
        "Lähtö klo {time} hotellista: {place}",
        "Leave the hotel in {place} at {time}",
    ),
    "tr_day_map": ("Näytä päivän kartta", "Show the day's map"),
    "tr_day_km": ("ajoa {km} km", "{km} km to drive"),
    "tr_start_audit": ("Aloita arviointi", "Start the audit"),
    "tr_continue_audit": ("Jatka arviointia", "Continue the audit"),
    "tr_open_audit": ("Avaa arviointi", "Open the audit"),
    "tr_arrive_at": ("perillä klo {time}", "arrive {time}"),
    "tr_drive_home": ("Ajo kotiin", "Drive home"),
    "tr_drive_on": ("🚗 Ajopäivä: ei käyntejä", "🚗 Day of driving: no visits"),
    "tr_ics_travel": ("Ajopäivä: {place}", "Day of driving: {place}"),
    "tr_ics_leave": ("Lähtö {place} klo {time}", "Leave {place} at {time}"),
    "tr_ics_end": ("Perillä {place} klo {time}", "Arrive at {place} at {time}"),
    "tr_open_route": ("Avaa päivän reitti kartalla", "Open the day's route in maps"),
    "tv_unknown_store": ("myymälä ei kuulu matkaan", "store not in the tour"),
    "tv_duplicate": ("myymälä kahdesti", "store visited twice"),
    "tv_missing": ("myymälä puuttuu", "store missing"),
    "tv_not_worked_day": ("ei työpäivä", "not a working day"),
    "tv_day_order": ("päivät väärässä järjestyksessä", "days out of order"),
    "tv_continuity": (
        "päivä ei ala edellisen päätepisteestä",
        "day does not start where the last ended",
    ),
    "tv_working_day": ("työpäivä ylittyy", "outside the working day"),
    "tv_times": ("ajat eivät täsmää ajomatkoihin", "times do not match the drives"),
    "tv_leg": ("ajomatka ei täsmää", "drive does not match the distances"),
    "tv_closed": ("myymälä on suljettu", "store is closed"),
    "tv_daylight": ("ei päivänvaloa", "no daylight"),
    "tv_hotel": ("yöpyminen ei täsmää", "night stay does not match"),
    "tv_max_visits": ("liikaa käyntejä päivässä", "too many visits in a day"),
    "tv_travel": ("ajopäivä ei täsmää", "day of driving does not add up"),
    "timer_start": ("Käynnistä ajastin astuessasi sisään", "Start the timer as you walk in"),
    "timer_greeted": ("Minua tervehdittiin", "I was greeted"),
    "add_photo": ("Ota kuva tai valitse galleriasta", "Take a photo or pick one from the gallery"),
    "no_photo": ("Ei kuvaa", "No photo"),
    "remove": ("Poista", "Remove"),
    "check_in_title": ("Ilmoita saapumisesi myymälään", "Check in at the store"),
    "check_in_help": (
        "Sijaintisi tallennetaan vain etäisyyden laskemiseksi myymälään.",
        "Your location is stored only to work out the distance to the store.",
    ),
    "check_in_here": ("Olen myymälässä – käytä sijaintiani", "I'm at the store – use my location"),
    "check_in_without_location": (
        "Ilmoita saapuminen ilman sijaintia",
        "Check in without my location",
    ),
    "locating": ("Haetaan sijaintia…", "Finding your location…"),
    "location_denied": (
        "Sijainnin käyttö estettiin. Salli se selaimen asetuksista tai ilmoita saapuminen "
        "ilman sijaintia.",
        "Location was blocked. Allow it in the browser's settings or check in without it.",
    ),
    "location_unavailable": (
        "Sijaintia ei saatu. Yritä uudelleen ulkona tai ilmoita saapuminen ilman sijaintia.",
        "No location could be found. Try again outdoors or check in without it.",
    ),
    "checked_in_at": (
        "Saavuit klo {time}, {distance} myymälästä",
        "Checked in at {time}, {distance} from the store",
    ),
    "checked_in_no_location": (
        "Saavuit klo {time} (ei sijaintia)",
        "Checked in at {time} (no location)",
    ),
    "checked_in_no_store_place": ("Saavuit klo {time}", "Checked in at {time}"),
    "checkin_far_warning": (
        "Sijaintisi oli {distance} päässä myymälästä. Projektipäällikkö näkee etäisyyden "
        "auditoinnin tarkastuksessa. Saapumista ei voi ilmoittaa uudelleen: jos sijainti on "
        "väärä, kerro siitä projektipäällikölle.",
        "Your location was {distance} from the store. The manager will see the distance when "
        "reviewing the audit. A check-in cannot be redone: if the location is wrong, tell your "
        "project manager.",
    ),
    "open_today": ("Auki tänään {hours}", "Open today {hours}"),
    "closed_today": ("Suljettu tänään", "Closed today"),
    "on_day": ("Auki {day} klo {hours}", "Open {day}: {hours}"),
    "closed_on_day": ("Suljettu {day}", "Closed {day}"),
    "today": ("Tänään", "Today"),
    "tomorrow": ("Huomenna", "Tomorrow"),
    "needs_you": ("Odottaa sinua", "Needs you"),
    "why_returned": (
        "Projektipäällikkö palautti auditoinnin kysymyksin: vastaa ja lähetä se uudelleen.",
        "The manager returned the audit with a question: reply and submit it again.",
    ),
    "why_replied": (
        "Olet vastannut kysymyksiin: lähetä auditointi vielä uudelleen tarkastettavaksi.",
        "You have answered the questions: now submit the audit again for review.",
    ),
    "why_overdue": (
        "Suunniteltu käyntipäivä {day} on jo mennyt: tee käynti pian tai sovi uusi päivä "
        "projektipäällikön kanssa.",
        "The visit was planned for {day}: do it soon or agree a new day with the manager.",
    ),
    "why_unsent": (
        "Auditointi on kesken, vaikka käyntipäivä {day} on jo mennyt: täydennä ja lähetä se "
        "tarkastettavaksi.",
        "The audit is unfinished though its day, {day}, has passed: complete and submit it.",
    ),
    "offline_banner": (
        "Ei yhteyttä – vastauksia ei tallenneta ennen kuin yhteys palaa.",
        "No connection – answers are not saved until it returns.",
    ),
    "briefing_pending": ("Lue ohjeistus ennen käyntiä", "Read the briefing before the visit"),
    # messages of the core (Phrase keys): wave rules, trust signals, stores a tour leaves out
    "said": ("{text}", "{text}"),
    # --- refused requests of the fieldwork, photos, review, expenses and waves modules (e_*)
    "e_login_empty": ("Kirjoita käyttäjätunnus ja salasana.", "Type your username and password."),
    "e_login_wrong": (
        "Väärä käyttäjätunnus tai salasana. Jos olet unohtanut salasanasi, pyydä ylläpitäjää "
        "vaihtamaan se.",
        "Wrong username or password. If you have forgotten your password, ask your "
        "administrator to set a new one.",
    ),
    "e_login_locked": (
        "Liian monta väärää yritystä peräkkäin, joten tunnus on lukittu {n} minuutiksi. "
        "Yritä sen jälkeen uudelleen tai pyydä ylläpitäjää vaihtamaan salasanasi: se avaa "
        "lukon heti.",
        "Too many wrong attempts in a row, so the name is locked for {n} minutes. Try "
        "again after that, or ask your administrator to set a new password: that opens the "
        "lock at once.",
    ),
    "e_login_inactive": (
        "Tunnuksesi on poistettu käytöstä, joten et voi kirjautua. Jos tarvitset sitä yhä, "
        "pyydä ylläpitäjää ottamaan se uudelleen käyttöön.",
        "Your account has been deactivated, so you cannot sign in. If you still need it, ask "
        "your administrator to reactivate it.",
    ),
    "e_password_blank": (
        "Salasana ei voi olla pelkkiä välilyöntejä",
        "The password cannot be only spaces",
    ),
    "e_password_short": (
        "Salasanassa pitää olla vähintään {n} merkkiä",
        "The password must be at least {n} characters",
    ),
    "e_user_name_empty": ("Käyttäjätunnus puuttuu", "The username is empty"),
    "e_user_name_long": (
        "Käyttäjätunnuksessa on {n} merkkiä; enintään {most}",
        "The username is {n} characters long; at most {most}",
    ),
    "e_user_name_invisible": (
        "Käyttäjätunnuksessa ”{user}” on ohjausmerkki tai näkymätön merkki",
        "The username '{user}' has a control or invisible character",
    ),
    "e_user_exists": (
        "Käyttäjätunnus ”{user}” on jo käytössä: ”{existing}” (isot ja pienet kirjaimet ovat "
        "tunnuksissa samoja)",
        "The username '{user}' is taken: '{existing}' (upper and lower case count as the same)",
    ),
    "e_user_role": (
        "Tuntematon rooli ”{role}”; valitse jokin näistä: {roles}",
        "Unknown role '{role}'; choose one of {roles}",
    ),
    "e_user_language": (
        "Kielen pitää olla fi tai en, ei ”{language}”",
        "Language must be fi or en, not '{language}'",
    ),
    "e_user_needs_client": (
        "Asiakaskäyttäjälle pitää antaa asiakas (brändi)",
        "A client user needs a client (brand)",
    ),
    "e_user_not_client": (
        "Rooli ”{role}” ei ole sidottu asiakkaaseen",
        "The role '{role}' is not tied to a client",
    ),
    "e_user_unknown_client": ("Asiakasta ”{client}” ei ole", "Unknown client '{client}'"),
    "e_user_scope_role": (
        "Alue- tai myymälärajaus on vain asiakaskäyttäjille, ei roolille ”{role}”",
        "A region or store scope is for client users only, not for the role '{role}'",
    ),
    "e_user_scope_both": (
        "Rajaa käyttäjä joko alueeseen tai myymälään, ei molempiin",
        "Give one scope, a region or a store, not both",
    ),
    "e_user_no_store": (
        "Asiakkaalla ”{client}” ei ole myymälää ”{store}”",
        "Client '{client}' has no store '{store}'",
    ),
    "e_user_no_region": (
        "Asiakkaalla ”{client}” ei ole myymälöitä alueella ”{region}”; sen alueet: {regions}",
        "Client '{client}' has no stores in region '{region}'; its regions: {regions}",
    ),
    "e_user_no_regions": (
        "Asiakkaalla ”{client}” ei ole myymälöitä alueella ”{region}”; sen myymälöillä ei ole "
        "vielä alueita",
        "Client '{client}' has no stores in region '{region}'; none of its stores has a region yet",
    ),
    # --- the admin's pages: users and backups (accounts, maintenance)
    "e_password_mismatch": (
        "Salasana ja sen toisto eroavat: kirjoita sama salasana kahdesti",
        "The password and its repeat differ: type the same password twice",
    ),
    "e_admin_self": (
        "Et voi poistaa omaa tunnustasi käytöstä",
        "You cannot deactivate your own account",
    ),
    "e_admin_last": (
        "”{user}” on ainoa käytössä oleva ylläpitäjä; sitä ei voi poistaa käytöstä",
        "'{user}' is the last active admin and cannot be deactivated",
    ),
    "e_admin_self_role": (
        "Et voi poistaa omaa ylläpitäjän rooliasi; toinen ylläpitäjä voi",
        "You cannot take away your own admin role; another admin can",
    ),
    "e_admin_last_role": (
        "”{user}” on ainoa käytössä oleva ylläpitäjä, joten sen rooli pysyy",
        "'{user}' is the last active admin and keeps the admin role",
    ),
    "e_user_open_work": (
        "Käyttäjällä ”{user}” on vielä haamuasiakkaan töitä, joten rooli pysyy: {work}. Jaa "
        "aloittamattomat käynnit muille (Aallot), anna aloitettujen auditointien tulla "
        "lähetetyiksi ja tarkastetuiksi ja peru ehdotetut matkat (Reitit) ennen roolin vaihtoa",
        "'{user}' still has work as a shopper, so the role stays: {work}. Reassign the visits "
        "not started (Waves), let the started audits be submitted and reviewed, and withdraw "
        "the proposed tours (Routes) before changing the role",
    ),
    "e_work_visits": (
        "{n} käyntiä, joita ei ole lähetetty tai jotka odottavat tarkastusta: {which}",
        "{n} visits not submitted or waiting for review: {which}",
    ),
    "e_work_tours": (
        "{n} matkaa ehdotettuna tai kesken: {which}",
        "{n} tours proposed or under way: {which}",
    ),
    "e_work_both": ("{visits}; {tours}", "{visits}; {tours}"),
    "e_work_more": ("{names} ja {n} muuta", "{names} and {n} more"),
    "e_last_decider": (
        "”{user}” on ainoa käytössä oleva käyttäjä, joka näkee koko asiakkaan {client}, ja "
        "{n} matkaehdotusta odottaa päätöstä: {which}. Anna ensin koko brändi toiselle "
        "asiakkaan {client} käyttäjälle tai pyydä projektipäällikköä perumaan ehdotukset "
        "(Reitit); muuten kukaan ei voi hyväksyä eikä hylätä niitä",
        "'{user}' is the last active user who sees the whole of {client}, and {n} tour "
        "proposals wait for a decision: {which}. First give another {client} user the whole "
        "brand, or have the manager withdraw the proposals (Routes); otherwise nobody can "
        "approve or reject them",
    ),
    "a_users": ("Käyttäjät", "Users"),
    "a_name": ("Nimi", "Name"),
    "a_scope": ("Rajaus", "Scope"),
    "a_active": ("Käytössä", "Active"),
    "a_created": ("Luotu", "Created"),
    "a_whole_brand": ("koko brändi", "whole brand"),
    "a_new_user": ("Uusi käyttäjä", "New user"),
    "a_all_clients": ("— kaikki asiakkaat", "— every client"),
    "a_manager_client": (
        "Projektipäällikkö voidaan rajata yhteen asiakkaaseen.",
        "A project manager can be limited to one client.",
    ),
    "a_sees": ("Näkee", "Sees"),
    "a_sees_brand": ("Koko brändin", "The whole brand"),
    "a_sees_region": ("Yhden alueen", "One region"),
    "a_sees_store": ("Yhden myymälän", "One store"),
    "a_password_again": ("Salasana uudelleen", "Password again"),
    "a_create": ("Luo käyttäjä", "Create the user"),
    "a_user_created": ("Käyttäjä {user} luotu", "User {user} created"),
    "a_manage": ("Muokkaa käyttäjää", "Manage a user"),
    "a_user": ("Käyttäjä", "User"),
    "a_inactive": ("poistettu käytöstä", "deactivated"),
    "a_deactivate": ("Poista käytöstä", "Deactivate"),
    "a_reactivate": ("Ota uudelleen käyttöön", "Reactivate"),
    "a_deactivated": (
        "{user} poistettu käytöstä; sen istunnot päättyivät",
        "{user} deactivated; their sessions ended",
    ),
    "a_left_work": (
        "Käyttäjälle {user} jäi haamuasiakkaan töitä: {work}. Jaa aloittamattomat käynnit "
        "muille sivulla Aallot (Tilanne-taulukossa haamuasiakkaan nimen perässä lukee "
        "”poistettu käytöstä”) ja peru ehdotetut matkat (Reitit). Aloitettua auditointia ei "
        "voi siirtää toiselle; lähetetyt tarkastetaan tavalliseen tapaan",
        "{user} left work as a shopper: {work}. Give the visits not started to others on the "
        "Waves page (the board marks their shopper 'deactivated') and withdraw the proposed "
        "tours (Routes). A started audit cannot move to another shopper; submitted ones are "
        "reviewed as usual",
    ),
    "a_left_proposals": (
        "Kukaan ei nyt voi päättää asiakkaan {client} {n} odottavasta matkaehdotuksesta: "
        "{which}. Anna koko brändi jollekulle asiakkaan {client} käyttäjälle (Käyttäjät) tai "
        "pyydä projektipäällikköä perumaan ehdotukset (Reitit)",
        "Nobody can now decide the {n} tour proposals waiting for {client}: {which}. Give a "
        "{client} user the whole brand (Users), or have the manager withdraw the proposals "
        "(Routes)",
    ),
    "a_reactivated": ("{user} on taas käytössä", "{user} is active again"),
    "a_new_password": ("Uusi salasana", "New password"),
    "a_reset_password": ("Vaihda salasana", "Reset the password"),
    "a_password_reset": (
        "Käyttäjän {user} salasana vaihdettu; sen muut istunnot päättyivät",
        "{user}'s password reset; their other sessions ended",
    ),
    "a_edit_user": ("Rooli, rajaus, nimi ja kieli", "Role, scope, name and language"),
    "a_save_user": ("Tallenna muutokset", "Save the changes"),
    "a_user_updated": ("Käyttäjän {user} tiedot tallennettu", "{user} saved"),
    "a_user_updated_ended": (
        "Käyttäjän {user} tiedot tallennettu; sen istunnot päättyivät, joten uusi rooli ja "
        "rajaus ovat voimassa heti",
        "{user} saved; their sessions ended, so the new role and scope apply at once",
    ),
    "a_nothing_changed": ("Ei muutoksia tallennettavaksi", "Nothing to save: no changes"),
    "a_role_note": (
        "Roolin tai rajauksen muutos päättää käyttäjän istunnot, joten se on voimassa heti. "
        "Haamuasiakkaan rooli vaihtuu vasta, kun sen käynnit ja matkat on jaettu muille.",
        "A change of role or scope ends the user's sessions, so it applies at once. A shopper's "
        "role changes only once their visits and tours are given to others.",
    ),
    "a_backups": ("Varmuuskopiot", "Backups"),
    "a_backup_intro": (
        "Varmuuskopio on zip-tiedosto, jossa on tietokanta ja kaikki kuvat. Se tallennetaan "
        "kansioon {folder}.",
        "A backup is one zip file with the database and every photo. It is saved in {folder}.",
    ),
    "a_backup_now": ("Tee varmuuskopio nyt", "Make a backup now"),
    "a_backup_made": ("Varmuuskopio {file} tehty ({size})", "Backup {file} made ({size})"),
    "a_backup_list": ("Tehdyt varmuuskopiot", "Backups made"),
    "a_no_backups": ("Varmuuskopioita ei vielä ole.", "No backups yet."),
    "a_file": ("Tiedosto", "File"),
    "a_size": ("Koko", "Size"),
    "a_made": ("Tehty", "Made"),
    "a_download": ("Lataa {file}", "Download {file}"),
    "a_restore_file": ("TIEDOSTO.zip", "FILE.zip"),
    "a_restore_cli": (
        "Palautus tehdään komentoriviltä, ei selaimesta, koska se korvaa koko tietokannan ja "
        "kuvat kaikilta käyttäjiltä:\n\n"
        "1. Pysäytä sovellus. Käynnissä oleva sovellus ei näkisi palautettuja tietoja, vaan "
        "kirjoittaisi sivuun siirrettyyn tietokantaan.\n"
        "2. Aja palvelimella `{command}`. Se tarkistaa varmuuskopion ensin ja siirtää nykyiset "
        "tiedot talteen kansioon {folder}.\n"
        "3. Käynnistä sovellus uudelleen.",
        "Restoring is done on the command line, not in the browser, as it replaces the whole "
        "database and every photo for every user:\n\n"
        "1. Stop the app. A running app would not see the restored data but write to the "
        "database moved aside.\n"
        "2. On the server, run `{command}`. It checks the backup first and moves the current "
        "data aside into {folder}.\n"
        "3. Start the app again.",
    ),
    "a_postgres": (
        "Tietokanta on PostgreSQL, joten varmuuskopiota ei tehdä täällä. Varmuuskopioi "
        'palvelimella: `pg_dump -Fc "$DATABASE_URL" > audits.dump`, palauta tyhjään '
        'tietokantaan: `pg_restore -d "$DATABASE_URL" audits.dump`. Kuvat ovat kansiossa '
        "{media}; kopioi ne tiedostoina.",
        "The database is PostgreSQL, so backups are not made here. Back it up on the server: "
        '`pg_dump -Fc "$DATABASE_URL" > audits.dump`, and restore into an empty database: '
        '`pg_restore -d "$DATABASE_URL" audits.dump`. Photos are in {media}; copy them as files.',
    ),
    "e_audit_locked": (
        "Auditointia {audit} ei voi enää muuttaa: sen tila on ”{status}”",
        "Audit {audit} cannot be changed: its status is {status}",
    ),
    "e_not_submittable": (
        "Auditointia {audit} ei voi lähettää: sen tila on ”{status}”",
        "Audit {audit} cannot be submitted: its status is {status}",
    ),
    "e_staff_names_off": (
        "kohta {item}: tämän asiakkaan auditoinneissa ei kerätä henkilökunnan nimiä",
        "item {item}: staff names are not collected for this client",
    ),
    "e_comment_too_long": (
        "kohta {item}: kommentissa voi olla enintään {most} merkkiä",
        "item {item}: a comment can be at most {most} characters",
    ),
    "e_na_not_allowed": (
        "kohta {item}: vastaus ”Ei sovellu” ei ole sallittu",
        "item {item}: N/A is not allowed",
    ),
    "e_photo_ids": (
        "kohdan {item} kuvien pitää olla tämän auditoinnin ladattuja kuvia, kukin kerran",
        "the photos of item {item} must be this audit's uploaded photos, each once",
    ),
    "e_no_photos_item": ("kohtaan {item} ei liitetä kuvia", "item {item} does not take photos"),
    "e_photo_not_on_item": (
        "kuva {photo} ei kuulu kohtaan {item}",
        "photo {photo} is not on item {item}",
    ),
    "e_timer_stamp": (
        "ajanoton {stamp} ”{value}” ei ole aikaleima aikavyöhykkeineen",
        "the timer's {stamp} '{value}' is not a time stamp with its time zone",
    ),
    "e_timer_backwards": (
        "ajanotto pysähtyi ennen kuin se alkoi",
        "the timer stopped before it started",
    ),
    "e_bad_location": (
        "Sijainti {lat},{lon} ei ole kelvollinen koordinaatti",
        "Location {lat},{lon} is not a valid coordinate",
    ),
    "e_reply_empty": ("Vastaus on tyhjä", "The reply is empty"),
    "e_not_decidable": (
        "Auditointia {audit} ei voi käsitellä: sen tila on ”{status}”. Vain lähetetyn "
        "auditoinnin voi hyväksyä, palauttaa tai hylätä.",
        "Audit {audit} cannot be decided: its status is {status}; only a submitted audit is "
        "approved, returned or rejected",
    ),
    "e_decided_meanwhile": (
        "Joku muu käsitteli auditoinnin {audit} juuri äsken",
        "Audit {audit} was decided by someone else just now",
    ),
    "e_question_needed": (
        "Kirjoita kysymys haamuasiakkaalle",
        "Write the question for the shopper",
    ),
    "e_reject_reason": ("Hylkäämiselle tarvitaan syy", "A rejection needs a reason"),
    "e_correction_reason": ("Korjaukselle tarvitaan syy", "A correction needs a reason"),
    "e_not_correctable": (
        "Auditointia {audit} ei voi korjata: sen tila on ”{status}”. Vain lähetetyn tai "
        "hyväksytyn auditoinnin voi korjata.",
        "Audit {audit} cannot be corrected: its status is {status}; only a submitted or "
        "approved audit is corrected",
    ),
    "e_correction_no_change": ("Korjaus ei muuta mitään", "The correction changes nothing"),
    "e_unknown_item": (
        "Tarkistuslistassa {checklist} ei ole kohtaa {item}",
        "Checklist {checklist} has no item {item}",
    ),
    "e_correction_item_hidden": (
        "Kohta {item} ei näy haamuasiakkaan lomakkeella kohdan {controller} vastauksen vuoksi, "
        "eikä se vaikuta tulokseen: korjaa ensin kohta {controller}",
        "Item {item} is hidden by the answer to {controller} and counts nowhere: correct "
        "{controller} first",
    ),
    "e_correction_leaves_gap": (
        "Korjausta ei tallennettu: kohdasta {item} jäisi puuttumaan {what}",
        "Correction not saved: item {item} would be left without {what}",
    ),
    "gap_answer": ("vastaus", "an answer"),
    "gap_comment": ("vaadittu kommentti", "the required comment"),
    "e_question_item_hidden": (
        "Kohta {item} ei näy haamuasiakkaan lomakkeella kohdan {controller} vastauksen vuoksi: "
        "kysy koko auditoinnista tai kohdasta {controller}",
        "Item {item} is hidden from the shopper by the answer to {controller}: ask about the "
        "whole audit or about {controller}",
    ),
    "e_receipts_not_euros": (
        "Kuittien summa ”{value}” ei ole euromäärä",
        "The receipts' amount '{value}' is not an amount of euros",
    ),
    "e_receipts_negative": (
        "Kuittien summa ei voi olla negatiivinen",
        "The receipts' amount cannot be negative",
    ),
    "e_receipts_too_much": (
        "Yhden kulun kuitit voivat olla enintään {most} €",
        "The receipts of one claim can be at most {most} €",
    ),
    "e_receipts_cents": (
        "Kuittien summassa ”{value}” on enemmän kuin kaksi desimaalia",
        "The receipts' amount '{value}' has more than two decimals",
    ),
    "e_km_not_number": (
        "Ajetut km ”{value}” ei ole luku",
        "Km driven '{value}' is not a number",
    ),
    "e_km_range": ("Kilometrejä voi olla 0–{most}", "Km must be between 0 and {most}"),
    "e_claim_empty": (
        "Ilmoita ajetut kilometrit tai käytetty summa",
        "Claim either km driven or an amount spent",
    ),
    "e_describe_expense": (
        "Kuvaile kulu (esim. matka tai mitä ostettiin)",
        "Describe the expense (e.g. the trip or what was bought)",
    ),
    "e_expense_future": ("Kulu ei voi olla tulevaisuudessa", "An expense cannot be in the future"),
    "e_claim_decided": (
        "Käsiteltyä kulukorvausta ei voi enää muuttaa",
        "A decided claim cannot be changed",
    ),
    "e_own_claim": (
        "Omaa kulukorvausta {expense} ei voi käsitellä itse: sen hyväksyy toinen",
        "You cannot decide your own claim {expense}: someone else decides it",
    ),
    "e_expense_already": (
        "Kulu {expense} on jo {status}",
        "Expense {expense} is already {status}",
    ),
    "e_fee_not_euros": (
        "Palkkio ”{value}” ei ole euromäärä",
        "Fee '{value}' is not an amount of euros",
    ),
    "e_fee_negative": ("Palkkio ei voi olla negatiivinen", "The fee cannot be negative"),
    "e_wave_name": ("Anna aallolle nimi", "The wave needs a name"),
    "e_briefing_language": (
        "Ohjeistuksen kieli {code} ei ole sovelluksen kieli (fi tai en)",
        "The briefing's language {code} is not one of the app's (fi or en)",
    ),
    "e_briefing_long": (
        "Ohjeistus {language} on {n} merkkiä; puhelimella luettavaksi enintään {max}",
        "The briefing in {language} is {n} characters; at most {max} fit to be read on a phone",
    ),
    "in_fi": ("suomeksi", "Finnish"),
    "in_en": ("englanniksi", "English"),
    "e_wave_ends_first": (
        "Aalto päättyy ({end}) ennen kuin se alkaa ({start})",
        "The wave ends ({end}) before it starts ({start})",
    ),
    "e_wave_name_taken": (
        "Asiakkaalla {client} on jo aalto nimeltä ”{name}”",
        "{client} already has a wave named '{name}'",
    ),
    "e_wave_checklist": (
        "Valitse julkaistu tarkistuslistan versio: aalto sidotaan siihen",
        "Choose a published checklist version: a wave is bound to it",
    ),
    "e_checklist_frozen": (
        "{file}: tarkistuslistan {checklist} versio {version} on julkaistu eikä sitä voi enää "
        "muuttaa; anna muutetulle listalle uusi versionumero (version)",
        "{file}: {checklist} v{version} is published and cannot change; raise the version number",
    ),
    "e_wave_stores_inactive": (
        "Osa valituista myymälöistä ei ole tämän asiakkaan aktiivisia myymälöitä",
        "Some chosen stores are not active stores of this client",
    ),
    "e_wave_no_stores": (
        "Aallossa pitää olla vähintään yksi myymälä",
        "The wave needs at least one store",
    ),
    "e_rules_range": (
        "Vähintään yksi käynti päivässä, eikä päivien määrä voi olla negatiivinen",
        "At least one visit a day, and a non-negative number of days",
    ),
    "e_no_user": ("Käyttäjää {user} ei ole", "No user {user}"),
    "e_visit_reassign": (
        "Käynnin {visit} haamuasiakas on jo aloittanut auditoinnin; käyntiä ei voi antaa toiselle",
        "Visit {visit} already has an audit by its shopper; it cannot be reassigned",
    ),
    "e_unassign_started": (
        "{store}: {shopper} on aloittanut auditoinnin (tila ”{status}”), eikä sitä oteta pois "
        "poistamalla jako. Jos {shopper} ei voi tehdä sitä loppuun, vapauta auditointi "
        "välilehdellä Tilanne: vastaukset säilyvät arkistossa ja käynti jaetaan uudelleen",
        "{store}: {shopper} has started its audit (status: {status}), and unassigning does not "
        "take it away. If {shopper} cannot finish it, release the audit on the Board tab: the "
        "answers are kept for the record and the visit is assigned afresh",
    ),
    "e_unassign_rejected": (
        "{store}: haamuasiakkaan {shopper} auditointi on hylätty. Jotta käynti tehdään "
        "uudelleen, vapauta auditointi välilehdellä Tilanne: se säilyy arkistossa ja käynti "
        "jaetaan uudelleen",
        "{store}: the audit by {shopper} was rejected. To have the visit done again, release "
        "the audit on the Board tab: it is kept for the record and the visit is assigned afresh",
    ),
    "e_unassign_done": (
        "{store}: haamuasiakkaan {shopper} auditointi on lähetetty (tila ”{status}”); käynti "
        "pysyy sen tekijällä",
        "{store}: the audit by {shopper} has been submitted (status: {status}); the visit "
        "stays with the shopper who did it",
    ),
    "e_release_reason": (
        "Kerro syy, miksi auditointi vapautetaan (se kirjataan lokiin)",
        "Give the reason for releasing the audit (it goes into the log)",
    ),
    "e_release_not_started": (
        "{store}: auditointia ei ole aloitettu, joten vapautettavaa ei ole; poista jako tai "
        "jaa käynti toiselle",
        "{store}: no audit has been started, so there is nothing to release; unassign the "
        "visit or give it to another shopper",
    ),
    "e_release_meanwhile": (
        "{store}: auditoinnin tila muuttui juuri (lähetetty?); sitä ei vapautettu",
        "{store}: the audit's status changed a moment ago (submitted?); it was not released",
    ),
    "e_photo_empty": ("{name}: tiedosto on tyhjä", "{name}: the file is empty"),
    "e_photo_too_big": (
        "{name}: {mb} Mt on yli {limit} Mt:n rajan",
        "{name}: {mb} MB is over the {limit} MB limit",
    ),
    "e_photo_format": (
        "{name}: {format}-kuvia ei hyväksytä",
        "{name}: {format} images are not accepted",
    ),
    "e_photo_pixels": (
        "{name}: {width}×{height} pikseliä on liian suuri kuva",
        "{name}: {width}×{height} pixels is too large",
    ),
    "e_not_a_photo": (
        "{name}: ei ole valokuva (JPEG, PNG tai WebP)",
        "{name}: not a photo (JPEG, PNG or WebP)",
    ),
    "e_photo_damaged": (
        "{name}: kuva on vioittunut ({detail})",
        "{name}: the image is damaged ({detail})",
    ),
    "e_retention_days": (
        "{client}: säilytysajan pitää olla {min}–{max} päivää tai ”off”, ei {days}",
        "{client}: the retention period must be {min}–{max} days or off, not {days}",
    ),
    "rb_shopper": ("{name} ei ole aktiivinen haamuasiakas", "{name} is not an active shopper"),
    "rb_period": (
        "{day} on aallon ulkopuolella ({start}–{end})",
        "{day} is outside the wave ({start}–{end})",
    ),
    "rb_max_per_day": (
        "{name}: jo {n} käyntiä {day} (enintään {most} päivässä)",
        "{name} already has {n} visits on {day} (at most {most} a day)",
    ),
    "rb_day_count": (
        "{day}: {n} käyntiä (aalto sallii {most} päivässä)",
        "{day}: {n} visits (the wave allows {most} a day)",
    ),
    "rb_consecutive_waves": (
        "{name} auditoi myymälän {store} myös aallossa {wave}; samaa myymälää ei saa "
        "auditoida peräkkäisissä aalloissa",
        "{name} audits {store} in {wave} too; a shopper must not audit the same store in "
        "consecutive waves",
    ),
    "rb_min_days": (
        "{name} käy jo myymälässä {store} {day} – {when} (vähintään {least} päivän väli)",
        "{name} already visits {store} on {day} – {when} (at least {least} days apart)",
    ),
    "rb_gap_before": ("vain {n} päivää ennen tätä käyntiä", "only {n} days before this visit"),
    "rb_gap_after": (
        "vain {n} päivää tämän käynnin jälkeen",
        "only {n} days after this visit",
    ),
    "rb_gap_day_before": ("vain päivää ennen tätä käyntiä", "only a day before this visit"),
    "rb_gap_day_after": ("vain päivää tämän käynnin jälkeen", "only a day after this visit"),
    "rb_gap_same_day": ("samana päivänä kuin tämä käynti", "on the same day as this visit"),
    "rb_proposal": (
        "{store} on matkaehdotuksessa {tour} ({shopper}), joka odottaa asiakkaan päätöstä: "
        "käynnin voi antaa käsin vasta, kun ehdotus on peruttu (Reitit, Tallennetut matkat)",
        "{store} is in tour proposal {tour} ({shopper}) waiting for the client's decision: "
        "withdraw the proposal first (Routes, Saved tours) to assign the visit by hand",
    ),
    "rb_approved_tour": (
        "{store} kuuluu hyväksyttyyn matkaan {tour} ({shopper}): anna syy, niin käynti "
        "otetaan pois matkalta",
        "{store} is in approved tour {tour} ({shopper}): give a reason to take the visit out "
        "of the tour",
    ),
    # --- problems of a store file (si_*)
    "si_at_line": ("{source}, rivi {line}", "{source}, line {line}"),
    "si_not_text": (
        "ei UTF-8- eikä Windows-1252-tekstiä (tavu {byte} kohdassa {offset})",
        "not text in UTF-8 or Windows-1252 (byte {byte} at offset {offset})",
    ),
    "si_binary": ("ei ole tekstitiedosto (CSV)", "not a text (CSV) file"),
    "si_bad_csv": (
        "CSV-tiedostoa ei voi lukea ({error})",
        "not a readable CSV file ({error})",
    ),
    "si_bad_xlsx": (
        "ei ole luettava .xlsx-työkirja ({error})",
        "not a readable .xlsx workbook ({error})",
    ),
    "si_xlsx_unpacked": (
        "työkirja on purettuna yli {limit} Mt: tallenna vain myymälälista omaan tiedostoonsa",
        "the workbook unpacks to more than {limit} MB: save just the store list in a file of "
        "its own",
    ),
    "si_empty_file": ("tiedosto on tyhjä", "the file is empty"),
    "si_too_many_rows": (
        "yli {limit} riviä; jaa lista useampaan tiedostoon",
        "more than {limit} rows; split the list into several files",
    ),
    "si_too_many_columns": (
        "solu {cell} on sarakkeen {column} jälkeen: myymälälistassa on enintään {limit} saraketta",
        "cell {cell} is beyond column {column}: a store list has at most {limit} columns",
    ),
    "si_error_value": (
        "solussa {cell} on Excelin virhearvo {value}: korjaa tai tyhjennä solu",
        "cell {cell} holds Excel's error value {value}: fix or empty the cell",
    ),
    "si_formula_without_value": (
        "solussa {cell} on kaava ilman tallennettua arvoa: avaa ja tallenna tiedosto Excelissä "
        "tai LibreOfficessa",
        "formula without a stored value in cell {cell}: open and save the file in Excel or "
        "LibreOffice",
    ),
    "si_merged_cells": (
        "solut {cells} on yhdistetty; pura yhdistäminen ja täytä jokainen rivi",
        "cells {cells} are merged; unmerge them and fill in every row",
    ),
    "si_extra_cells": (
        "soluja otsikkorivin viimeisen sarakkeen jälkeen: {cells}",
        "cells beyond the last column of the header: {cells}",
    ),
    "si_no_header": (
        "otsikkoriviä, jossa on ainakin koodi ja nimi, ei löydy (sarakkeet erotetaan pilkulla, "
        "puolipisteellä tai sarkaimella)",
        "no header row naming at least the code and name (columns separated by commas, "
        "semicolons or tabs)",
    ),
    "si_no_stores": (
        "otsikkorivin alla ei ole yhtään myymälää",
        "no stores below the header row",
    ),
    "si_second_column": (
        "toinen sarake kentälle {store_field}; jätä vain yksi",
        "a second column for {store_field}; keep only one",
    ),
    "si_no_code_column": (
        "myymälän koodille ei ole saraketta (etsittiin: {names}...)",
        "no column for the store code (looked for: {names}...)",
    ),
    "si_no_name_column": (
        "myymälän nimelle ei ole saraketta (etsittiin: {names}...)",
        "no column for the store name (looked for: {names}...)",
    ),
    "si_missing_code": ("koodi puuttuu", "missing code"),
    "si_duplicate_code": (
        "koodi {code} toistuu (myös rivillä {other})",
        "duplicate code {code} (also on line {other})",
    ),
    "si_missing_name": ("nimi puuttuu", "missing name"),
    "si_too_long": ("yli {limit} merkkiä", "longer than {limit} characters"),
    "si_control_character": (
        "sisältää ohjausmerkin ({char})",
        "contains a control character ({char})",
    ),
    "si_not_number": ("”{value}” ei ole luku", "{value!r} is not a number"),
    "si_lat_range": (
        "leveysaste {value} on sallitun välin ulkopuolella (-{limit:g}..{limit:g})",
        "latitude {value} is out of range (-{limit:g}..{limit:g})",
    ),
    "si_lon_range": (
        "pituusaste {value} on sallitun välin ulkopuolella (-{limit:g}..{limit:g})",
        "longitude {value} is out of range (-{limit:g}..{limit:g})",
    ),
    "si_both_coordinates": (
        "anna sekä leveys- että pituusaste",
        "give both latitude and longitude",
    ),
    # A point in Finnish text: decimal commas, so a semicolon between the two numbers.
    "si_outside_finland": (
        "{lat}; {lon} on Suomen ulkopuolella",
        "{lat}, {lon} is outside Finland",
    ),
    "si_coordinates_swapped": (
        "{lat}; {lon} on Suomen ulkopuolella: leveys- ja pituusaste näyttävät olevan väärin päin "
        "(tarkoititko {lon}; {lat}?)",
        "{lat}, {lon} is outside Finland: latitude and longitude look swapped "
        "(did you mean {lon}, {lat}?)",
    ),
    "si_far_from_town": (
        "{lat}; {lon} on {km:.0f} km:n päässä paikkakunnasta {town}",
        "{lat}, {lon} is {km:.0f} km from the store's town {town}",
    ),
    "si_town_not_found": (
        "koordinaatit puuttuvat, eikä osoitetta tai paikkakuntaa ”{town}” löytynyt",
        "no coordinates, and neither the address nor the town {town!r} was found",
    ),
    "si_no_town": (
        "koordinaatit puuttuvat, eikä paikkakuntaa ole annettu",
        "no coordinates, and no town to place the store by",
    ),
    "geo_one_comma": (
        "yksi pilkku kahden kokonaisluvun välissä on monitulkintainen: anna sekä leveys- että "
        "pituusaste, esim. 60.17, 24.94 tai 60,17 24,94",
        "a single comma between two whole numbers is ambiguous: give both latitude and "
        "longitude, e.g. 60.17, 24.94 or 60,17 24,94",
    ),
    "geo_not_latlon": (
        "”{text}” ei ole koordinaatteja: kirjoita leveys- ja pituusaste asteina, "
        "esim. 60,1699 24,9384 tai 60.1699, 24.9384",
        "“{text}” is not coordinates: type latitude and longitude in degrees, "
        "e.g. 60.1699, 24.9384 or 60,1699 24,9384",
    ),
    "geo_tm35fin": (
        "nämä näyttävät ETRS-TM35FIN-koordinaateilta (metrejä, kuten Maanmittauslaitoksen "
        "kartat ne näyttävät): anna leveys- ja pituusaste asteina (WGS84), esim. 60,1699 24,9384",
        "these look like ETRS-TM35FIN coordinates (metres, as the National Land Survey's maps "
        "show them): give latitude and longitude in degrees (WGS84), e.g. 60.1699, 24.9384",
    ),
    "geo_road_factor": (
        "tiekertoimen pitää olla välillä {low:g}–{high:g}, ei {value:g}",
        "the road factor must be between {low:g} and {high:g}, not {value:g}",
    ),
    "geo_speed": (
        "keskinopeuden pitää olla yli 0 ja enintään {high:g} km/h, ei {value:g}",
        "the average speed must be above 0 and at most {high:g} km/h, not {value:g}",
    ),
    "si_hours_unreadable": ("ei tulkittavissa: {why}", "unreadable: {why}"),
    "si_oh_day": ("tuntematon päivä ”{day}” säännössä ”{rule}”", "unknown day {day!r} in {rule!r}"),
    "si_oh_time": (
        "aikaväliä ”{part}” ei voi lukea säännössä ”{rule}”",
        "unreadable time range {part!r} in {rule!r}",
    ),
    "si_oh_impossible": (
        "mahdoton kellonaika ”{part}” säännössä ”{rule}”",
        "impossible time in {part!r} in {rule!r}",
    ),
    "si_oh_backwards": (
        "aikaväli ”{part}” säännössä ”{rule}” päättyy ennen alkuaan "
        "(keskiyön yli jatkuvia aikavälejä ei tueta)",
        "time range {part!r} in {rule!r} ends before it starts "
        "(ranges past midnight are not supported)",
    ),
    "si_oh_overlap": (
        "päällekkäisiä aikavälejä säännössä ”{rule}”",
        "overlapping time ranges in {rule!r}",
    ),
    "si_oh_no_times": ("säännössä ”{rule}” ei ole kellonaikoja", "no times in {rule!r}"),
    "si_bad_coordinate": (
        "{lat}; {lon} ei ole kelvollinen sijainti",
        "{lat}, {lon} is not a valid coordinate",
    ),
    # --- problems of a checklist file (cl_*): the places, then the reasons
    "cl_checklist": ("tarkistuslista", "checklist"),
    "cl_section": ("osio {id}", "section {id}"),
    "cl_item": ("kohta {id}", "item {id}"),
    "cl_section_item": ("osio {section}, kohta #{n}", "section {section} item #{n}"),
    "cl_line": ("rivi {n}", "line {n}"),
    "cl_option": ("vaihtoehto {id}", "option {id}"),
    "cl_yaml_syntax": ("YAML-syntaksivirhe: {problem}", "YAML syntax error: {problem}"),
    "cl_not_utf8": (
        "ei ole UTF-8-tekstiä (tallenna tiedosto UTF-8-muodossa)",
        "not UTF-8 text (save the file as UTF-8)",
    ),
    "cl_yaml_tab": (
        "sarkainmerkki (tab): sisennä välilyönneillä",
        "a tab character: indent with spaces",
    ),
    "cl_yaml_char": (
        "arvo ei voi alkaa merkillä {char}: laita arvo lainausmerkkeihin",
        "a value cannot start with {char}: put the value in quotes",
    ),
    "cl_yaml_colon": (
        "kaksoispiste ja välilyönti keskellä arvoa (laita arvo lainausmerkkeihin) tai avain "
        "väärällä sisennyksellä",
        "a colon and a space inside a value (put the value in quotes) or a key at the wrong "
        "indentation",
    ),
    "cl_yaml_no_colon": (
        "rivi ei ole muotoa 'avain: arvo' (kaksoispiste puuttuu, tai teksti jatkaa edellistä "
        "riviä väärällä sisennyksellä)",
        "the line is not 'key: value' (a missing colon, or text that continues the line above "
        "at the wrong indentation)",
    ),
    "cl_yaml_indent": (
        "sisennys ei osu yllä olevien rivien kanssa samaan kohtaan",
        "the indentation does not line up with the lines above",
    ),
    "cl_yaml_quote": (
        "tällä rivillä avattua lainausmerkkiä ei suljeta",
        "a quotation mark opened on this line is never closed",
    ),
    "cl_yaml_list": (
        "tällä rivillä alkavaa listaa [ … ] ei suljeta oikein",
        "a list [ … ] that starts on this line is not closed properly",
    ),
    "cl_yaml_flow_char": (
        "merkki {char} arvossa rakenteen {{ … }} tai [ … ] sisällä: laita arvo "
        'lainausmerkkeihin, esim. {{fi: "Tervehdittiinkö?", en: "Were you greeted?"}}',
        "a {char} in a value inside {{ … }} or [ … ]: put the value in quotes, e.g. "
        '{{fi: "Tervehdittiinkö?", en: "Were you greeted?"}}',
    ),
    "cl_yaml_braces": (
        "tällä rivillä alkavaa rakennetta { … } ei suljeta oikein",
        "a mapping { … } that starts on this line is not closed properly",
    ),
    "cl_yaml_escape": (
        "tuntematon \\{char} lainausmerkkien sisällä (kenoviiva kirjoitetaan \\\\, tai käytä "
        "heittomerkkejä)",
        "unknown escape \\{char} inside double quotes (write \\\\ for a backslash, or use "
        "single quotes)",
    ),
    "cl_yaml_alias": (
        "*{name} viittaa ankkuriin &{name}, jota ei ole määritelty ennen sitä",
        "*{name} refers to an anchor &{name} that is not defined before it",
    ),
    "cl_yaml_anchor_twice": (
        "ankkuri &{name} on määritelty kahdesti (ensin rivillä {first})",
        "the anchor &{name} is defined twice (first on line {first})",
    ),
    "cl_yaml_documents": (
        "tiedostossa on useampi dokumentti (rivi '---'); tarkistuslistatiedostossa on yksi",
        "the file holds more than one document (a line '---'); a checklist file holds one",
    ),
    "cl_yaml_key": (
        "avain on lista tai avain–arvo-rakenne; avaimen pitää olla teksti",
        "a key is a list or a mapping; a key must be text",
    ),
    "cl_yaml_tag": ("tagia {tag} ei tueta", "the tag {tag} is not supported"),
    "cl_yaml_control": (
        "ohjausmerkki {code}, jota tekstitiedostossa ei saa olla",
        "a control character {code} that a text file must not hold",
    ),
    "cl_file_not_mapping": (
        "tiedoston pitää olla YAML-avain–arvo-rakenne (mapping)",
        "the file must be a YAML mapping",
    ),
    "cl_not_mapping": ("pitää olla avain–arvo-rakenne (mapping)", "must be a mapping"),
    "cl_empty_list": ("vaaditaan lista, joka ei ole tyhjä", "a non-empty list is required"),
    "cl_unknown_type": (
        "tuntematon tyyppi {type!r}; käytä jotakin näistä: {types}",
        "unknown type {type!r}; use one of {types}",
    ),
    "cl_unknown_field": ("tuntematon kenttä", "unknown field"),
    "cl_required_missing": ("pakollinen kenttä puuttuu", "required field missing"),
    "cl_named_id_case": (
        "tunnisteen ”{id}” pitää olla muotoa lower_snake_case",
        "id {id!r} must be lower_snake_case",
    ),
    "cl_id_case": (
        "tunnisteen pitää olla muotoa lower_snake_case",
        "id must be lower_snake_case",
    ),
    "cl_duplicate_id": ("tunniste ”{id}” toistuu", "duplicate id {id!r}"),
    "cl_weight_positive": (
        "painon pitää olla positiivinen, ei {weight}",
        "weight must be positive, not {weight}",
    ),
    "cl_missing_text": ("puuttuu {language} teksti", "missing the {language} text"),
    "cl_language_fi": ("suomenkielinen ('fi')", "'fi'"),
    "cl_language_en": ("englanninkielinen ('en')", "'en'"),
    "cl_language": ("{code!r}-kielinen", "{code!r}"),
    "cl_critical_unscored": (
        "critical sopii vain pisteytettäviin kohtiin, ei tyypille {type}",
        "critical is only for scored items, not {type}",
    ),
    "cl_staff_name": (
        "staff_name sopii vain valinnaisiin tekstikohtiin",
        "staff_name is only for optional text items",
    ),
    "cl_comment_values": (
        "comment_required_when-arvot {bad} eivät kelpaa tähän kohtaan",
        "comment_required_when has values {bad} not valid here",
    ),
    "cl_visible_if_ref": (
        "visible_if viittaa kohtaan ”{ref}”, joka on {kind}; sen pitää olla aiempi kohta",
        "visible_if refers to {ref!r}, {kind}; it must name an earlier item",
    ),
    "cl_ref_itself": ("tämä sama kohta", "itself"),
    "cl_ref_later": ("myöhempi kohta", "a later item"),
    "cl_ref_unknown": ("tuntematon kohta", "an unknown item"),
    "cl_visible_if_values": (
        "visible_if-arvot {bad} eivät ole kohdan {target} vastauksia",
        "visible_if values {bad} are not answers of {target}",
    ),
    "cl_bands_order": (
        "bands-rajojen pitää olla max_seconds-arvon mukaan nousevassa järjestyksessä",
        "bands must be in ascending max_seconds order",
    ),
    "cl_band_beyond_limit": (
        "jokin bands-raja ylittää limit_seconds-arvon {limit}",
        "a band goes beyond limit_seconds {limit}",
    ),
    "cl_min_below_max": ("min-arvon pitää olla pienempi kuin max-arvon", "min must be below max"),
    "cl_scale_too_wide": (
        "asteikossa on {steps} askelta; enintään {most} (esim. 0–10) mahtuu puhelimen näytölle",
        "the scale has {steps} steps; at most {most} (such as 0–10) fit on a phone's screen",
    ),
    "cl_points_or_option_points": (
        "anna joko points tai option_points, ei molempia",
        "give points or option_points, not both",
    ),
    "cl_key_outside": (
        "{name}-avain {value} on välin {low}–{high} ulkopuolella",
        "{name} key {value} outside {low}–{high}",
    ),
    "cl_no_options": ("vaaditaan ainakin yksi vaihtoehto", "at least one option is required"),
    "cl_duplicate_option": (
        "vaihtoehdon tunniste ”{id}” toistuu",
        "duplicate option id {id!r}",
    ),
    # pydantic's errors by type: the English is pydantic's own message, word for word
    "cl_pd_string_type": ("pitää olla tekstiä", "Input should be a valid string"),
    "cl_pd_int_type": ("pitää olla kokonaisluku", "Input should be a valid integer"),
    "cl_pd_int_parsing": (
        "pitää olla kokonaisluku; tekstiä ei voi lukea luvuksi",
        "Input should be a valid integer, unable to parse string as an integer",
    ),
    "cl_pd_int_from_float": (
        "pitää olla kokonaisluku, ei desimaaliluku",
        "Input should be a valid integer, got a number with a fractional part",
    ),
    "cl_pd_float_type": ("pitää olla luku", "Input should be a valid number"),
    "cl_pd_float_parsing": (
        "pitää olla luku; tekstiä ei voi lukea luvuksi",
        "Input should be a valid number, unable to parse string as a number",
    ),
    "cl_pd_finite_number": ("pitää olla äärellinen luku", "Input should be a finite number"),
    "cl_pd_bool_type": ("pitää olla true tai false", "Input should be a valid boolean"),
    "cl_pd_bool_parsing": (
        "pitää olla true tai false; arvoa ei voi tulkita",
        "Input should be a valid boolean, unable to interpret input",
    ),
    "cl_pd_literal_error": ("pitää olla {expected}", "Input should be {expected}"),
    "cl_pd_alternatives": ("{first} tai {last}", "{first} or {last}"),
    "cl_pd_greater_than": ("pitää olla suurempi kuin {gt}", "Input should be greater than {gt}"),
    "cl_pd_greater_than_equal": (
        "pitää olla vähintään {ge}",
        "Input should be greater than or equal to {ge}",
    ),
    "cl_pd_less_than": ("pitää olla pienempi kuin {lt}", "Input should be less than {lt}"),
    "cl_pd_less_than_equal": (
        "saa olla enintään {le}",
        "Input should be less than or equal to {le}",
    ),
    "cl_pd_list_type": ("pitää olla lista", "Input should be a valid list"),
    "cl_pd_dict_type": (
        "pitää olla avain–arvo-rakenne (mapping)",
        "Input should be a valid dictionary",
    ),
    "cl_pd_string_too_short": (
        "tekstissä pitää olla vähintään {count}",
        "String should have at least {count}",
    ),
    "cl_pd_string_too_long": (
        "tekstissä saa olla enintään {count}",
        "String should have at most {count}",
    ),
    "cl_pd_too_short": (
        "listassa pitää olla vähintään {count}, nyt {actual_length}",
        "List should have at least {count} after validation, not {actual_length}",
    ),
    "cl_pd_too_long": (
        "listassa saa olla enintään {count}, nyt {actual_length}",
        "List should have at most {count} after validation, not {actual_length}",
    ),
    "cl_pd_char": ("{n} merkki", "{n} character"),
    "cl_pd_chars": ("{n} merkkiä", "{n} characters"),
    "cl_pd_item": ("{n} alkio", "{n} item"),
    "cl_pd_items": ("{n} alkiota", "{n} items"),
    "sig_no_checkin": ("saapumista ei kirjattu", "no check-in was recorded"),
    "sig_no_location": (
        "saapui ilman sijaintia (estetty tai ei saatavilla)",
        "checked in without a location (refused or unavailable)",
    ),
    "sig_far_checkin": (
        "saapui {km} km:n päässä myymälästä",
        "checked in {km} km from the store",
    ),
    "sig_short_visit": (
        "käynti kesti {minutes} min saapumisesta viimeiseen vastaukseen (alle {least} min)",
        "the visit took {minutes} min from arrival to the last answer (less than {least} min)",
    ),
    "sig_greeting_time": (
        "ilmoittaa odottaneensa {min} min {s} s, mutta saapumisen ja viimeisen vastauksen "
        "välillä kului vain {span} min",
        "reports a wait of {min} min {s} s, but only {span} min passed between arrival and "
        "the last answer",
    ),
    "sig_contradiction": (
        "vastasi ”kyllä”, mutta kommentissa lukee: ”{comment}”",
        'answered "yes" but the comment says: “{comment}”',
    ),
    "sig_photo_twice": (
        "sama kuva on liitetty tähän auditointiin kahdesti",
        "the same photo is attached twice in this audit",
    ),
    "sig_photo_reused": (
        "tämän auditoinnin kuvaa on käytetty myös auditoinnissa {other}",
        "a photo of this audit was also used in audit {other}",
    ),
    "sig_lenient": (
        "{name}: keskipistemäärä {mine} ({n} auditointia), muiden {others} ({diff}): "
        "muita lempeämpi",
        "{name}'s mean score is {mine} over {n} audits, the others' {others} ({diff}): "
        "more lenient than the others",
    ),
    "sig_strict": (
        "{name}: keskipistemäärä {mine} ({n} auditointia), muiden {others} ({diff}): "
        "muita tiukempi",
        "{name}'s mean score is {mine} over {n} audits, the others' {others} ({diff}): "
        "stricter than the others",
    ),
    "up_twice": ("listattu kahdesti; käydään kerran", "listed twice; visited once"),
    "up_too_far": (
        "liian kaukana: ei ehdi perille aikavälin työpäivinä",
        "too far: cannot be reached on the worked dates of the range",
    ),
    "up_no_day": (
        "aikavälillä ei ole työpäivää",
        "no worked day in the date range",
    ),
    "up_closed_week": ("suljettu joka viikonpäivä", "closed on every day of the week"),
    "up_closed_dates": (
        "suljettu jokaisena työpäivänä aikavälillä (tai auki työpäivän aikana lyhyemmän ajan "
        "kuin käynti kestää)",
        "closed on every worked date in the range (or open less than the visit within the "
        "working day)",
    ),
    "up_dark": (
        "ei päivänvaloa aukioloaikana ja työpäivän aikana yhtenäkään työpäivänä",
        "no daylight during its opening hours and the working day on any worked date",
    ),
    "up_no_room": (
        "matkaan ei löytynyt tilaa yhtenäkään niistä {n} työpäivästä, joina myymälässä voi "
        "käydä (aukioloajat, päivänvalo): jokainen kokeiltu paikka siirtäisi jonkin käynnin "
        "sulkemisajan, auringonlaskun tai työpäivän lopun yli",
        "no room found in the tour on any of the {n} worked dates it can be visited "
        "(opening hours, daylight): each insertion tried would push a visit past closing time, "
        "sunset or the end of the working day",
    ),
    "up_no_room_max": (
        "matkaan ei löytynyt tilaa yhtenäkään niistä {n} työpäivästä, joina myymälässä voi "
        "käydä (aukioloajat, päivänvalo): jokainen kokeiltu paikka siirtäisi jonkin käynnin "
        "sulkemisajan, auringonlaskun tai työpäivän lopun yli tai ylittäisi päivän "
        "käyntimäärän ({most})",
        "no room found in the tour on any of the {n} worked dates it can be visited "
        "(opening hours, daylight): each insertion tried would push a visit past closing time, "
        "sunset or the end of the working day, or past the day's maximum number of visits "
        "({most})",
    ),
    "up_no_coordinates": ("ei koordinaatteja", "no coordinates"),
    # --- refused tour plans and moves (tp_*)
    "tp_not_shopper": ("{name} ei ole aktiivinen haamuasiakas", "{name} is not an active shopper"),
    "tp_choose_region": ("Valitse alue", "Choose a region"),
    "tp_stale_choice": (
        "Osa valituista käynneistä ei ole enää tämän aallon auditoimattomia käyntejä; lataa "
        "lista uudelleen",
        "Some chosen visits are not visits of this wave without an audit; reload the list",
    ),
    "tp_place_not_found": ("Paikkaa ”{place}” ei löytynyt", "Place not found: '{place}'"),
    "tp_place_unusable": ("Paikka ”{place}”: {why}", "Place '{place}': {why}"),
    "tp_no_home": (
        "Haamuasiakkaan {name} kotipaikkaa ei tiedetä; anna lähtöpaikka",
        "{name} has no home; give a start place",
    ),
    "tp_visit_minutes": (
        "Käynnin on kestettävä vähintään minuutti",
        "The visit must last at least a minute",
    ),
    "tp_day_backwards": (
        "Työpäivä päättyy ennen kuin se alkaa",
        "The working day ends before it starts",
    ),
    "tp_no_weekdays": (
        "Valitse vähintään yksi viikonpäivä, jona tehdään töitä",
        "Choose at least one weekday to work",
    ),
    "tp_no_visits_a_day": (
        "Salli vähintään yksi käynti päivässä",
        "Allow at least one visit a day",
    ),
    "tp_after_wave": (
        "Viimeinen päivä on aallon päättymisen jälkeen ({end})",
        "The last day is after the wave ends ({end})",
    ),
    "tp_before_wave": (
        "Matka alkaa ennen aaltoa ({start})",
        "The tour starts before the wave ({start})",
    ),
    "tp_start_past": (
        "Matka alkaa menneisyydessä ({start}); aloita aikaisintaan tänään ({today})",
        "The tour starts in the past ({start}); start today ({today}) or later",
    ),
    "tp_last_before_start": (
        "Viimeinen päivä on ennen aloituspäivää",
        "The last day is before the start",
    ),
    "tp_nothing_chosen": (
        "Ei suunniteltavia myymälöitä: valinta on tyhjä",
        "No stores to plan: the selection is empty",
    ),
    "tp_none_located": (
        "Yhdelläkään valitulla myymälällä ei ole koordinaatteja",
        "None of the chosen stores has coordinates",
    ),
    "tp_plan_breaks": ("Suunnitelma rikkoo sääntöjä", "The plan breaks the rules"),
    "tp_no_visits": ("Suunnitelmassa ei ole käyntejä", "The plan has no visits"),
    "tp_not_wave_stores": (
        "Nämä eivät ole aallon {wave} myymälöitä: {codes}",
        "These are not stores of wave {wave}: {codes}",
    ),
    "tp_audited": (
        "Myymälällä {store} on jo auditointi; sitä ei voi ottaa matkaan",
        "{store} already has an audit; it cannot be toured",
    ),
    # a tour that no longer waits for the client's decision, by its status
    "tp_decide_approved": (
        "Matka {id} on jo hyväksytty; se ei odota päätöstä",
        "Tour {id} is approved, not waiting for a decision",
    ),
    "tp_decide_rejected": (
        "Matka {id} on jo hylätty; se ei odota päätöstä",
        "Tour {id} is rejected, not waiting for a decision",
    ),
    "tp_decide_withdrawn": (
        "Matka {id} on peruttu; se ei odota päätöstä",
        "Tour {id} is withdrawn, not waiting for a decision",
    ),
    "tp_withdraw_draft": (
        "Matka {id} on luonnos: vain asiakkaan päätöstä odottavan ehdotuksen voi perua",
        "Tour {id} is draft: only a proposal waiting for the client's decision can be withdrawn",
    ),
    "tp_withdraw_approved": (
        "Matka {id} on jo hyväksytty: vain asiakkaan päätöstä odottavan ehdotuksen voi perua",
        "Tour {id} is approved: only a proposal waiting for the client's decision can be withdrawn",
    ),
    "tp_withdraw_rejected": (
        "Matka {id} on jo hylätty: vain asiakkaan päätöstä odottavan ehdotuksen voi perua",
        "Tour {id} is rejected: only a proposal waiting for the client's decision can be withdrawn",
    ),
    "tp_withdraw_withdrawn": (
        "Matka {id} on jo peruttu: vain asiakkaan päätöstä odottavan ehdotuksen voi perua",
        "Tour {id} is withdrawn: only a proposal waiting for the client's decision can be "
        "withdrawn",
    ),
    "tp_left_wave": (
        "{store}: käynti ei ole enää aallossa {wave}",
        "{store}: the visit is no longer in wave {wave}",
    ),
    "tp_started_by_other": (
        "{store}: toinen haamuasiakas on jo aloittanut sen auditoinnin",
        "{store}: another shopper has already started its audit",
    ),
    "tp_in_approved_tour": (
        "{store} kuuluu jo hyväksyttyyn matkaan {tour} ({shopper})",
        "{store} is already in approved tour {tour} ({shopper})",
    ),
    "tp_in_proposal": (
        "{store} on jo matkaehdotuksessa {tour} ({shopper}), joka odottaa asiakkaan päätöstä: "
        "peru se ensin tai jätä myymälä pois",
        "{store} is already in tour proposal {tour} ({shopper}) waiting for the client's "
        "decision: withdraw it first or leave the store out",
    ),
    "tp_in_earlier": (
        "{store} on myös aiemmin ehdotetussa matkassa {tour} ({shopper}), joka odottaa päätöstä: "
        "päätä se ensin",
        "{store} is also in tour {tour} ({shopper}), proposed earlier and waiting for a "
        "decision: decide that one first",
    ),
    # a store moved to another day by hand
    "tp_move_unknown": (
        "myymälä {store} ei kuulu tähän matkaan",
        "store {store} is not in this tour",
    ),
    "tp_move_not_worked": (
        "{day} ei ole matkan työpäivä",
        "{day} is not a worked date of the tour",
    ),
    "tp_move_closed": (
        "myymälässä {store} ei voi käydä {day} (aukioloajat, päivänvalo)",
        "{store} cannot be visited on {day} (opening hours, daylight)",
    ),
    "tp_move_day_full": (
        "päivälle {day} on jo {most} käyntiä, enempää ei sallita",
        "{day} already has {most} visits, the most allowed in a day",
    ),
    "tp_move_no_fit": (
        "myymälä {store} ei mahdu päivälle {day} sen muiden käyntien lomaan",
        "{store} does not fit on {day} with that day's other visits",
    ),
    "tp_move_breaks": ("siirretty matka rikkoisi sääntöjä", "the moved tour breaks the rules"),
    # what the tour checker found (the detail after each tv_* kind)
    "tp_check_not_requested": ("ei kuulu pyydettyihin myymälöihin", "not requested"),
    "tp_check_twice": ("käynti kahdesti", "visited twice"),
    "tp_check_missing": (
        "ei suunnitelmassa eikä jätetty pois",
        "neither planned nor reported unplanned",
    ),
    "tp_check_day_order": (
        "päivät väärässä järjestyksessä tai sama päivä kahdesti",
        "days out of order or repeated",
    ),
    "tp_check_continuity": (
        "alkaa paikasta {start}, edellinen päivä päättyi paikkaan {end}",
        "starts at {start}, previous day ended at {end}",
    ),
    "tp_check_hotel": (
        "hotelliyö ei vastaa päivän päätepistettä",
        "hotel flag does not match end place",
    ),
    "tp_check_not_home": ("matka ei pääty kotiin", "the tour does not end at home"),
    "tp_check_not_in_range": (
        "ei aikavälin työpäivä",
        "not a worked date of the range",
    ),
    "tp_check_holiday": ("pyhäpäivä: ei työpäivä", "a public holiday, not a working day"),
    "tp_check_departs_early": (
        "lähtö ennen työpäivän alkua",
        "departs before the working day",
    ),
    "tp_check_ends_late": ("päättyy työpäivän jälkeen", "ends after the working day"),
    "tp_check_too_many": ("{n} käyntiä, enintään {most}", "{n} visits, at most {most}"),
    "tp_check_leg": ("ajomatka {km} km, malli {model} km", "leg {km} km, model {model} km"),
    "tp_check_last_leg": (
        "viimeinen ajomatka {km} km, malli {model} km",
        "last leg {km} km, model {model}",
    ),
    "tp_check_early_arrival": (
        "perillä aiemmin kuin ajomatka sallii",
        "arrives sooner than the drive allows",
    ),
    "tp_check_visit_times": (
        "käynnin alku ja loppu eivät täsmää",
        "visit start/end inconsistent",
    ),
    "tp_check_early_end": (
        "perillä päätepisteessä aiemmin kuin on mahdollista",
        "arrives at the end sooner than possible",
    ),
    "tp_check_outside_hours": (
        "käynti aukioloaikojen ulkopuolella",
        "visit outside opening hours",
    ),
    "tp_check_outside_day": (
        "käynti työpäivän ulkopuolella",
        "visit outside the working day",
    ),
    "tp_check_outside_daylight": (
        "käynti päivänvalon ulkopuolella",
        "visit outside daylight",
    ),
    "tp_check_last_leg_minutes": (
        "viimeinen ajomatka {minutes} min, malli {model} min",
        "last leg {minutes} min, model {model} min",
    ),
    "tp_check_travel_idle": (
        "päivä ilman käyntejä ja ilman ajoa",
        "a day without visits and without a drive",
    ),
    "tp_check_travel_aimless": (
        "ajopäivä, jonka jälkeen ei ole käyntiä eikä paluuta kotiin",
        "a day of driving with no visit or return home after it",
    ),
    "tp_check_travel_detour": (
        "ajo poikkeaa reitiltä kohteeseen {target} ({km} km kiertoa)",
        "the drive leaves the way to {target} ({km} km detour)",
    ),
    "tp_check_travel_short": (
        "ajo pysähtyy klo {time} ennen työpäivän loppua, ennen kohdetta {target}",
        "the drive stops at {time}, before the working day ends, short of {target}",
    ),
    "tp_check_travel_waits": (
        "kotimatka odottaa hotellissa, vaikka se voisi jatkua {date}",
        "the drive home waits at a hotel instead of continuing on {date}",
    ),
}


# The text when its count {n} is 1 ("1 myymälä", not "1 myymälää"), where it differs.
_ONE: dict[str, tuple[str, str]] = {
    "m_briefing_reread": (
        "Ohjeistus tallennettu. Sillä {n} käynnillä, jolla vanha oli luettu mutta käynti ei "
        "ole alkanut, haamuasiakasta pyydetään lukemaan uusi.",
        "Briefing saved. On the {n} visit where the old one was read but the visit has not "
        "begun, the shopper is asked to read the new one.",
    ),
    "m_briefing_read": ("kuitattu luetuksi {n} käynnillä", "confirmed as read on {n} visit"),
    "e_login_locked": (
        "Liian monta väärää yritystä peräkkäin, joten tunnus on lukittu {n} minuutiksi. Yritä "
        "sen jälkeen uudelleen tai pyydä ylläpitäjää vaihtamaan salasanasi: se avaa lukon heti.",
        "Too many wrong attempts in a row, so the name is locked for {n} minute. Try again "
        "after that, or ask your administrator to set a new password: that opens the lock at "
        "once.",
    ),
    "tr_changed": (
        "Matka on muuttunut hyväksynnän jälkeen: siltä on otettu pois {n} käynti. "
        "Hyväksytyt luvut ovat ennallaan sellaisina kuin ne hyväksyttiin; nyt-luvut on laskettu "
        "jäljelle jäävistä käynneistä.",
        "This tour changed after it was approved: {n} visit was taken out of it. The "
        "approved figures stay as they were approved; the figures now are counted from the "
        "visits that remain.",
    ),
    "tr_changed_cell": (
        "{n} käynti pois ({stores}) · hyväksytty {km} km, {cost}",
        "{n} visit out ({stores}) · approved {km} km, {cost}",
    ),
    "m_n_stores": ("{n} myymälä", "{n} store"),
    "missing_title": (
        "{n} kohta puuttuu. Täydennä se ennen lähettämistä:",
        "{n} item is missing. Fill it in before you submit:",
    ),
    "m_pay_visits": ("{n} käynti {eur}", "{n} visit {eur}"),
    "questions_waiting": (
        "Projektipäällikkö palautti auditoinnin {n} kysymyksellä. Vastaa ja lähetä "
        "auditointi uudelleen:",
        "The manager returned the audit with {n} question. Answer it and submit the audit again:",
    ),
    "m_skip_bad": (
        "Ohita {n} virheellinen rivi ja tuo muut",
        "Skip the {n} bad row and import the rest",
    ),
    "m_look_up_again": (
        "Hae Nominatimista katuosoite kunnan kohdalle sijoitetulle myymälälle ({n})",
        "Look up the street address of {n} store placed at its town in Nominatim",
    ),
    "m_assigned": ("{n} käynti jaettu.", "{n} visit assigned."),
    "m_unassign_n": ("Poista {n} käynnin jako", "Unassign {n} visit"),
    "m_unassigned": ("{n} käynnin jako poistettu.", "{n} visit unassigned."),
    "e_work_visits": (
        "{n} käynti, jota ei ole lähetetty tai joka odottaa tarkastusta: {which}",
        "{n} visit not submitted or waiting for review: {which}",
    ),
    "e_work_tours": (
        "{n} matka ehdotettuna tai kesken: {which}",
        "{n} tour proposed or under way: {which}",
    ),
    "e_work_more": ("{names} ja {n} muu", "{names} and {n} more"),
    "m_stranded": (
        "{n} käynti odottaa haamuasiakasta, joka on poistettu käytöstä (merkitty taulukkoon). "
        "Jaa se muille välilehdellä Jaa käynnit, jos sitä ei ole aloitettu; aloitetun voi "
        "vapauttaa alla.",
        "{n} visit waits on a shopper who has been deactivated (marked in the table). Give it "
        "to another on the Assign tab if it has not been started; release it below if it has.",
    ),
    "e_last_decider": (
        "”{user}” on ainoa käytössä oleva käyttäjä, joka näkee koko asiakkaan {client}, ja "
        "{n} matkaehdotus odottaa päätöstä: {which}. Anna ensin koko brändi toiselle "
        "asiakkaan {client} käyttäjälle tai pyydä projektipäällikköä perumaan ehdotus "
        "(Reitit); muuten kukaan ei voi hyväksyä eikä hylätä sitä",
        "'{user}' is the last active user who sees the whole of {client}, and {n} tour "
        "proposal waits for a decision: {which}. First give another {client} user the whole "
        "brand, or have the manager withdraw the proposal (Routes); otherwise nobody can "
        "approve or reject it",
    ),
    "a_left_proposals": (
        "Kukaan ei nyt voi päättää asiakkaan {client} {n} odottavasta matkaehdotuksesta: "
        "{which}. Anna koko brändi jollekulle asiakkaan {client} käyttäjälle (Käyttäjät) tai "
        "pyydä projektipäällikköä perumaan ehdotus (Reitit)",
        "Nobody can now decide the {n} tour proposal waiting for {client}: {which}. Give a "
        "{client} user the whole brand (Users), or have the manager withdraw the proposal "
        "(Routes)",
    ),
    "tr_max_visits_help": (
        "Aallon sääntö on {n} käynti päivässä; suunnitelma ei ylitä tätä.",
        "The wave's rule is {n} visit a day; the plan keeps to this number.",
    ),
    "up_no_room": (
        "matkaan ei löytynyt tilaa sinä {n} työpäivänä, jona myymälässä voi käydä "
        "(aukioloajat, päivänvalo): jokainen kokeiltu paikka siirtäisi jonkin käynnin "
        "sulkemisajan, auringonlaskun tai työpäivän lopun yli",
        "no room found in the tour on the {n} worked date it can be visited "
        "(opening hours, daylight): each insertion tried would push a visit past closing time, "
        "sunset or the end of the working day",
    ),
    "up_no_room_max": (
        "matkaan ei löytynyt tilaa sinä {n} työpäivänä, jona myymälässä voi käydä "
        "(aukioloajat, päivänvalo): jokainen kokeiltu paikka siirtäisi jonkin käynnin "
        "sulkemisajan, auringonlaskun tai työpäivän lopun yli tai ylittäisi päivän "
        "käyntimäärän ({most})",
        "no room found in the tour on the {n} worked date it can be visited "
        "(opening hours, daylight): each insertion tried would push a visit past closing time, "
        "sunset or the end of the working day, or past the day's maximum number of visits "
        "({most})",
    ),
    "m_assign_bulk": ("Jaa {n} käynti", "Assign {n} visit"),
    "m_queue_count_oldest": ("{n} auditointi", "{n} audit"),
    "m_queue_count_newest": ("{n} auditointi", "{n} audit"),
    "tr_chosen": (
        "{n} myymälä valittu ({assigned} jo jaettu jollekin – hyväksyntä siirtää sen)",
        "{n} store chosen ({assigned} already assigned – approval moves it)",
    ),
    "tr_reserved": (
        "{n} käynti on varattu toiselle matkalle, eikä sitä tarjota",
        "{n} visit is held by another tour and is not offered",
    ),
    "tr_planning": ("Suunnitellaan {n} myymälän matkaa…", "Planning a tour of {n} store…"),
    "tr_team_result": ("{n} haamuasiakkaan matkat yhteensä", "Tours of {n} shopper, in total"),
    "tr_hand_moved": ("{n} siirto käsin, tarkistettu", "{n} moved by hand, re-checked"),
    "tr_unplanned": ("{n} myymälä ei mahtunut matkaan:", "{n} store could not be fitted:"),
    "tr_map_day": ("{day}: {n} käynti, {km} km", "{day}: {n} visit, {km} km"),
    "tr_travel_note": (
        "Päivistä {n} on ajopäivä ilman käyntejä (myymälät ovat kaukana kotoa); sen ajo, yö "
        "ja päiväraha ovat kustannuksessa.",
        "{n} of the days is a day of driving without visits (the stores are far from home); "
        "its km, night and allowance are in the cost.",
    ),
    "tr_approved_msg": (
        "Hyväksytty. {n} käynti annettiin haamuasiakkaalle suunnitellulle päivälle.",
        "Approved. {n} visit was given to the shopper on its planned day.",
    ),
    "tr_approval_breaks": (
        "Hyväksyntä poikkeaa aallon säännöistä {n} kohdassa; poikkeama kirjataan lokiin "
        "hyväksyntäsi perusteluksi:",
        "Approving breaks the wave's rules in {n} place; the exception is logged with your "
        "approval as its reason:",
    ),
    "tr_overridden": (
        "Lokiin kirjattiin {n} poikkeama aallon säännöistä.",
        "{n} wave rule exception was logged.",
    ),
    "rb_max_per_day": (
        "{name}: jo {n} käynti {day} (enintään {most} päivässä)",
        "{name} already has {n} visit on {day} (at most {most} a day)",
    ),
    "rb_day_count": (
        "{day}: {n} käynti (aalto sallii {most} päivässä)",
        "{day}: {n} visit (the wave allows {most} a day)",
    ),
}


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` (English when the language is unknown)."""
    return choose(_TEXTS, _ONE, key, lang, values)


def t_or(key: str, lang: str, fallback: str) -> str:
    """The text for `key`, or `fallback` where there is none (an audit log action of a
    newer version, say)."""
    return t(key, lang) if key in _TEXTS else fallback


def choose(
    texts: Mapping[str, tuple[str, str]],
    ones: Mapping[str, tuple[str, str]],
    key: str,
    lang: str,
    values: Mapping[str, object],
) -> str:
    """`key`'s text in `lang` from `texts`, or from `ones` when its count {n} is 1."""
    fi, en = ones[key] if values.get("n") == 1 and key in ones else texts[key]
    text = fi if lang == "fi" else en
    if not values:
        return text
    written = {k: _Written(v, lang) if isinstance(v, float) else v for k, v in values.items()}
    return text.format(**written)


@dataclass(frozen=True)
class _Written:
    """A decimal number in a text, written as `lang` writes it ("60,17" in Finnish) in
    whatever format the text gives it ({km:.0f}, {value:g})."""

    value: float
    lang: str

    def __format__(self, spec: str) -> str:
        decimal, thousands = separators(self.lang)
        plain = format(self.value, spec) if spec else repr(self.value)
        return plain.translate(str.maketrans({",": thousands, ".": decimal}))

    def __str__(self) -> str:
        return format(self, "")

    __repr__ = __str__


@dataclass(frozen=True)
class Phrase:
    """A message of the core kept as its key and values, so each user reads it in their language.

    `str()` gives the English text, for logs and the command line.
    """

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """The message in `lang`; a value that is itself a phrase (a status, the reason within a
        reason) is told in it too."""
        values = {k: v.text(lang) if isinstance(v, Phrase) else v for k, v in self.values.items()}
        return t(self.key, lang, **values)

    def __str__(self) -> str:
        return self.text()

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "values": dict(self.values)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object] | None, fallback: str = "") -> Phrase:
        """A stored phrase; stored text that predates phrases is shown as it was written."""
        if data and str(data.get("key")) in _TEXTS:
            values = data.get("values")
            return cls(str(data["key"]), dict(values) if isinstance(values, Mapping) else {})
        return cls("said", {"text": fallback})


class Refusal(ValueError):
    """A request the core turns down; `said` keeps the reason for the user's language.

    `str()` is the English text, for logs and the command line.
    """

    def __init__(self, key: str, **values: object) -> None:
        self.said = Phrase(key, values)
        super().__init__(self.said.text())


def explain(exc: BaseException, lang: str) -> str:
    """What went wrong, in `lang` when the core said it as a phrase, else as it was raised."""
    said = getattr(exc, "said", None)
    return said.text(lang) if isinstance(said, Phrase) else str(exc)


# File sizes: Streamlit writes "15.7MB" (English's units), Finnish "15,7 Mt".
BYTE_UNITS = {"fi": ("t", "kt", "Mt", "Gt"), "en": ("B", "KB", "MB", "GB")}

WEEKDAYS = {
    "fi": ("ma", "ti", "ke", "to", "pe", "la", "su"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


# How every date is written, in the app, the workbooks and the calendar, in both languages:
# the Finnish way, day and month without leading zeros (3.11.2026).
EXCEL_DATE = "d.m.yyyy"
# A time of day in a workbook as `clock` writes it in the app: 9.05 in Finnish (the point quoted,
# or it would start a fraction of a second), 09:05 in English.
EXCEL_TIMES = {"fi": 'h"."mm', "en": "hh:mm"}


def date_text(day: dt.date) -> str:
    """ "3.11.2026" """
    return f"{day.day}.{day.month}.{day.year}"


def day_month(day: dt.date) -> str:
    """ "3.11." """
    return f"{day.day}.{day.month}."


def day_label(day: dt.date, lang: str) -> str:
    """ "ma 3.11.2026" / "Mon 3.11.2026", whatever the server's locale."""
    return f"{WEEKDAYS.get(lang, WEEKDAYS['en'])[day.weekday()]} {date_text(day)}"


MONTHS = {
    "fi": (
        "tammikuu",
        "helmikuu",
        "maaliskuu",
        "huhtikuu",
        "toukokuu",
        "kesäkuu",
        "heinäkuu",
        "elokuu",
        "syyskuu",
        "lokakuu",
        "marraskuu",
        "joulukuu",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def month_label(month: str, lang: str) -> str:
    """A "2026-03" month as people write it: "maaliskuu 2026" / "March 2026"."""
    year, number_ = month.split("-")
    return f"{MONTHS.get(lang, MONTHS['en'])[int(number_) - 1]} {year}"


def clock(moment: dt.time | dt.datetime, lang: str, seconds: bool = False) -> str:
    """A time of day as the language writes it: "9.05" in Finnish, "09:05" in English; with
    seconds "9.05.30" and "09:05:30"."""
    if lang == "fi":
        return f"{moment.hour}.{moment.minute:02d}" + (f".{moment.second:02d}" if seconds else "")
    return f"{moment:%H:%M:%S}" if seconds else f"{moment:%H:%M}"


def wait(seconds: float, lang: str) -> str:
    """A wait as people say it: "40 s" under a minute, else "9 min 52 s"."""
    whole = int(seconds)
    if whole < 60:
        return f"{whole} s"
    return t("wait_min_s", lang, min=whole // 60, s=whole % 60)


def separators(lang: str) -> tuple[str, str]:
    """How the language writes a number: its decimal separator and the one between thousands
    (in Finnish a comma and a no-break space)."""
    return (",", "\u00a0") if lang == "fi" else (".", ",")


def number(value: float | Decimal, lang: str, decimals: int = 2) -> str:
    """ "1 234,50" in Finnish, "1,234.50" in English (no-break space between thousands)."""
    decimal, thousands = separators(lang)
    return f"{value:,.{decimals}f}".translate(str.maketrans({",": thousands, ".": decimal}))


def eur(value: float | Decimal, lang: str) -> str:
    """An amount of euros as the user's language writes it: "1 234,50 €", "1,234.50 €"."""
    return f"{number(value, lang)}\u00a0€"


def pick(texts: dict[str, str] | None, lang: str) -> str:
    """A checklist text in the wanted language, falling back to English, then any."""
    if not texts:
        return ""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()))
