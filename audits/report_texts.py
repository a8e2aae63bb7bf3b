"""Texts of the client pages and Excel reports, in Finnish and English."""

from __future__ import annotations

from audits.i18n import choose

_TEXTS: dict[str, tuple[str, str]] = {
    # key: (fi, en)
    "overview": ("Yleiskuva", "Overview"),
    "ranking": ("Sijoitukset", "Ranking"),
    "map": ("Kartta", "Map"),
    "store_page": ("Myymälä", "Store"),
    "items_page": ("Kohta-analyysi", "Item analysis"),
    "reports": ("Raportit", "Reports"),
    "wave": ("Aalto", "Wave"),
    "client": ("Asiakas", "Client"),
    "period": ("Ajanjakso", "Period"),
    "checklist": ("Tarkistuslista", "Checklist"),
    "version": ("versio", "version"),
    "scope": ("Rajaus", "Scope"),
    "scope_brand": ("Koko ketju", "Whole network"),
    "scope_region": ("Alue: {region}", "Region: {region}"),
    "scope_store": ("Myymälä: {store}", "Store: {store}"),
    "previous_wave": ("Vertailuaalto", "Compared with"),
    "none": ("ei ole", "none"),
    "generated": ("Luotu", "Generated"),
    "audits_counted": ("Mukana auditointeja", "Audits counted"),
    "stores_counted": ("Mukana myymälöitä", "Stores counted"),
    "stores_compared": ("Vertailun myymälät", "Stores compared"),
    "network_score": ("Ketjun pisteet", "Network score"),
    "scope_score": ("Pisteet", "Score"),
    "your_score": ("Myymälänne pisteet", "Your store's score"),
    "network_average": ("Ketjun keskiarvo", "Network average"),
    "your_position": ("Sijanne ketjussa", "Your position in the network"),
    "position_of": ("{rank}. / {total}", "{rank} of {total}"),
    "approved_audits": ("Hyväksytyt auditoinnit", "Approved audits"),
    "distribution": ("Myymälöiden pisteiden jakauma", "Distribution of store scores"),
    "stores": ("Myymälöitä", "Stores"),
    "best_stores": ("Parhaat myymälät", "Best stores"),
    "worst_stores": ("Heikoimmat myymälät", "Weakest stores"),
    "section_averages": ("Osioiden keskiarvot", "Section averages"),
    "section": ("Osio", "Section"),
    "this_wave": ("Tämä aalto", "This wave"),
    "prev_wave": ("Edellinen aalto", "Previous wave"),
    "rank": ("Sija", "Rank"),
    "network_rank": ("Sija ketjussa", "Rank in network"),
    "code": ("Koodi", "Code"),
    "store": ("Myymälä", "Store"),
    "city": ("Kaupunki", "City"),
    "region": ("Alue", "Region"),
    "score": ("Pisteet", "Score"),
    "margin": ("± (95 %)", "± (95%)"),
    "range": ("Luottamusväli (95 %)", "Interval (95%)"),
    "change": ("Muutos", "Change"),
    "change_basis": (
        "Edellinen aalto ja muutos niistä {n} myymälästä, jotka on auditoitu molemmissa aalloissa.",
        "Previous wave and change over the {n} stores audited in both waves.",
    ),
    "change_basis_none": (
        "Yhtään myymälää ei ole vielä auditoitu molemmissa aalloissa, joten muutosta ei ole.",
        "No store has been audited in both waves yet, so there is no change.",
    ),
    "previous": ("Edellinen", "Previous"),
    "audits": ("Auditointeja", "Audits"),
    "all_regions": ("Kaikki alueet", "All regions"),
    "all_sections": ("Kaikki osiot", "All sections"),
    "rank_by": ("Järjestä", "Rank by"),
    "total_score": ("Kokonaispisteet", "Total score"),
    "sections_shown": ("Näytettävät osiot", "Sections shown"),
    "phone_ranking_more": (
        "Myymälän osioiden pisteet ovat Myymälä-sivulla; luottamusvälit ja kaikki osiot "
        "rinnakkain näkyvät leveämmällä näytöllä ja Excel-raportissa.",
        "A store's section scores are on the Store page; the intervals and every section side "
        "by side show on a wider screen and in the Excel report.",
    ),
    "ranks_in_network": (
        "Sija on myymälän sija koko ketjussa ({n} myymälää).",
        "Rank is the store's rank in the whole network ({n} stores).",
    ),
    "few_audits": (
        "Vain yksi tai kaksi auditointia: myymälän pisteet ovat epävarmoja (ks. luottamusväli).",
        "Only one or two audits: the store's score is uncertain (see the interval).",
    ),
    "item": ("Kohta", "Item"),
    "answer": ("Vastaus", "Answer"),
    "points": ("Pisteet", "Points"),
    "earned": ("Saatu", "Earned"),
    "possible": ("Mahdollinen", "Possible"),
    "comment": ("Kommentti", "Comment"),
    "date": ("Päivä", "Date"),
    "audit": ("Auditointi", "Audit"),
    "counted": ("Pisteytettyjä", "Counted"),
    "failed": ("Ei täysiä pisteitä", "Not full points"),
    "fail_rate": ("Epäonnistumis-%", "Fail rate %"),
    "points_pct": ("Pisteet %", "Points %"),
    "network_fail_rate": ("Ketju: epäonnistumis-%", "Network fail rate %"),
    # the same column in a phone's table, beside the fail rate %: the long one runs off a phone
    "network_fail_rate_short": ("Ketju", "Network"),
    "most_failed": ("Useimmin epäonnistuneet kohdat", "Items most often failed"),
    "most_failed_note": (
        "Kaikki myymälän auditoinnit tähän aaltoon asti",
        "Every audit of the store up to this wave",
    ),
    "trend": ("Kehitys aalloittain", "Trend over waves"),
    "no_data": ("Ei hyväksyttyjä auditointeja.", "No approved audits."),
    "no_approved_yet": (
        "Aallolla {wave} ei ole vielä hyväksyttyjä auditointeja.",
        "Wave {wave} has no approved audits yet.",
    ),
    "no_stores": ("Ei myymälöitä valitulla rajauksella.", "No stores match the filter."),
    "no_coordinates": ("Myymälöillä ei ole koordinaatteja.", "The stores have no coordinates."),
    "yes": ("Kyllä", "Yes"),
    "no": ("Ei", "No"),
    "na": ("Ei sovellu", "N/A"),
    "none_chosen": ("ei mitään valittu", "none chosen"),
    "nobody_came": ("kukaan ei tullut ({wait})", "nobody came ({wait})"),
    "at_time": ("klo {time}", "{time}"),
    "photos": ("{n} kuvaa", "{n} photos"),
    "critical_failed": ("Kriittinen kohta epäonnistui", "Critical item failed"),
    "download_report": ("Lataa Excel-raportti", "Download the Excel report"),
    "download_zip": (
        "Lataa myymäläkohtaiset työkirjat (zip)",
        "Download one workbook per store (zip)",
    ),
    "store_pages_as": ("Myymäläsivut", "Store pages"),
    "as_sheets": ("välilehtinä raportissa", "as sheets in the report"),
    "as_zip": ("omina työkirjoinaan zip-tiedostossa", "as separate workbooks in a zip"),
    "report_language": ("Raportin kieli", "Report language"),
    "build_report": ("Luo raportti", "Build the report"),
    "gathering_scores": ("Kootaan pisteitä…", "Gathering the scores…"),
    "writing_report": (
        "Kirjoitetaan raporttia: {n} myymälää…",
        "Writing the report: {n} stores…",
    ),
    "writing_store_workbooks": (
        "Kirjoitetaan myymäläkohtaiset työkirjat…",
        "Writing one workbook per store…",
    ),
    "report_ready": (
        "Raportti valmis: {n} myymälää, {seconds} s",
        "Report ready: {n} stores, {seconds} s",
    ),
    "sheet_cover": ("Kansilehti", "Cover"),
    "sheet_ranking": ("Sijoitukset", "Ranking"),
    "sheet_sections": ("Osiot", "Sections"),
    "sheet_items": ("Kohdat", "Items"),
    "sheet_regions": ("Kohdat alueittain", "Items by region"),
    "weight": ("Paino %", "Weight %"),
    "report_title": ("Haamuasiakasraportti", "Mystery-shopping report"),
    "how_scored": ("Näin pisteet lasketaan", "How the scores are computed"),
    "how_1": (
        "Kohdan pisteet = saadut / mahdolliset pisteet; Ei sovellu -vastaukset ja piilotetut "
        "kohdat eivät ole mukana.",
        "Item score = points earned / points possible; N/A answers and hidden items count in "
        "neither.",
    ),
    "how_2": (
        "Osion pisteet = saadut / mahdolliset × 100. Auditoinnin pisteet = osioiden painotettu "
        "keskiarvo; jos kriittinen kohta epäonnistuu, sovelletaan tarkistuslistan sääntöä.",
        "Section score = earned / possible × 100. Audit score = weighted mean of the section "
        "scores; a failed critical item applies the checklist's rule.",
    ),
    "how_3": (
        "Myymälän pisteet = sen hyväksyttyjen auditointien keskiarvo. Ketjun pisteet = "
        "myymälöiden pisteiden keskiarvo. Vain hyväksytyt auditoinnit ovat mukana.",
        "Store score = mean of its approved audits. Network score = mean of the store scores. "
        "Only approved audits are counted.",
    ),
    "how_4": (
        "Sija: paras = 1; samat pisteet (yhden desimaalin tarkkuudella) jakavat sijan.",
        "Rank: best = 1; stores with the same score (to one decimal) share a rank.",
    ),
    "how_5": (
        "± ja luottamusväli (95 %): epävarmuus, kun auditointeja on vähän = 1,96 × ketjun "
        "auditointipisteiden keskihajonta / √auditoinnit.",
        "± and interval (95%): the uncertainty of a score from few audits = 1.96 × the standard "
        "deviation of the network's audit scores / √audits.",
    ),
    "how_6_same": (
        "Muutos = pisteet − edellisen aallon pisteet (sama tarkistuslistan versio).",
        "Change = score − the previous wave's score (same checklist version).",
    ),
    "how_6_shared": (
        "Muutos lasketaan vain niistä {n} kohdasta, jotka ovat molemmissa tarkistuslistan "
        "versioissa.",
        "Change is computed over only the {n} items both checklist versions share.",
    ),
    "how_6_stores": (
        "Muutos ja edellisen aallon pisteet lasketaan vain myymälöistä, jotka on auditoitu "
        "molemmissa aalloissa, jotta samoja myymälöitä verrataan keskenään.",
        "Change and the previous wave's score count only the stores audited in both waves, so "
        "the same stores are compared.",
    ),
    "how_7": (
        "Epäonnistumis-%: osuus auditoinneista, joissa kohta ei saanut täysiä pisteitä.",
        "Fail rate %: share of audits where the item did not earn full points.",
    ),
    "phone_regions": (
        "Alueen epäonnistumis-%: valitse alue yllä. Kaikki alueet rinnakkain näkyvät "
        "leveämmällä näytöllä.",
        "A region's fail rates: choose the region above. Every region side by side shows on a "
        "wider screen.",
    ),
    "trend_wave": ("Aalto", "Wave"),
    "chart_sections": ("Osioiden keskiarvot", "Section averages"),
    # what each chart shows, for a screen reader (the chart's aria-label)
    "about_distribution": (
        "Myymälöiden määrä pisteittäin kymmenen pisteen väleissä 0–100",
        "Number of stores by score, in bands of ten points from 0 to 100",
    ),
    "about_section_chart": (
        "Osioiden keskiarvopisteet 0–100 pylväinä: {waves}",
        "Each section's average score 0–100 as bars: {waves}",
    ),
    "about_trend_chart": (
        "{store}: pisteet 0–100 aalloittain, rinnalla ketjun keskiarvo",
        "{store}: the score 0–100 wave by wave, beside the network average",
    ),
    "about_region_heatmap": (
        "Epäonnistumis-% kohdittain (rivit) ja alueittain (sarakkeet)",
        "Fail rate % by item (rows) and region (columns)",
    ),
    # what each chart's axis shows, for a screen reader (its aria-label)
    "axis_score_bands": (
        "Vaaka-akseli: pisteet kymmenen pisteen väleissä 0–100",
        "Horizontal axis: the score in bands of ten points from 0 to 100",
    ),
    "axis_stores": ("Pystyakseli: myymälöiden määrä", "Vertical axis: number of stores"),
    "axis_scores_across": ("Vaaka-akseli: pisteet 0–100", "Horizontal axis: score 0–100"),
    "axis_scores_up": ("Pystyakseli: pisteet 0–100", "Vertical axis: score 0–100"),
    "axis_sections": (
        "Pystyakseli: osiot tarkistuslistan järjestyksessä",
        "Vertical axis: sections in the checklist's order",
    ),
    "axis_waves": (
        "Vaaka-akseli: aallot vanhimmasta uusimpaan",
        "Horizontal axis: waves from the oldest to the latest",
    ),
    "axis_regions": (
        "Vaaka-akseli ylhäällä: alueet aakkosjärjestyksessä",
        "Horizontal axis at the top: regions in alphabetical order",
    ),
    "axis_items": (
        "Pystyakseli: kohdat tarkistuslistan järjestyksessä",
        "Vertical axis: items in the checklist's order",
    ),
    "store_audits": ("Auditoinnit", "Audits"),
    "select_store": ("Valitse myymälä", "Choose a store"),
    "legend_score": ("Pisteet", "Score"),
    "region_filter": ("Alue", "Region"),
}


_ONE: dict[str, tuple[str, str]] = {
    "writing_report": ("Kirjoitetaan raporttia: {n} myymälä…", "Writing the report: {n} store…"),
    "report_ready": (
        "Raportti valmis: {n} myymälä, {seconds} s",
        "Report ready: {n} store, {seconds} s",
    ),
    "photos": ("{n} kuva", "{n} photo"),
    "change_basis": (
        "Edellinen aalto ja muutos siitä {n} myymälästä, joka on auditoitu molemmissa aalloissa.",
        "Previous wave and change over the {n} store audited in both waves.",
    ),
    "ranks_in_network": (
        "Sija on myymälän sija koko ketjussa ({n} myymälä).",
        "Rank is the store's rank in the whole network ({n} store).",
    ),
    "how_6_shared": (
        "Muutos lasketaan vain siitä {n} kohdasta, joka on molemmissa tarkistuslistan versioissa.",
        "Change is computed over only the {n} item both checklist versions share.",
    ),
}


def tr(key: str, lang: str, **values: object) -> str:
    """The report text for `key` in `lang` (English unless the language is Finnish)."""
    return choose(_TEXTS, _ONE, key, lang, values)
