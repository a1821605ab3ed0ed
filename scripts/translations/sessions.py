# ruff: noqa: E501 - translation pairs are data, one per line
"""German for staff sessions that end (scripts/translate.py)."""

DE = {
    "You were signed out after %(minutes)d minutes without activity.": "Sie wurden nach %(minutes)d Minuten ohne Aktivität abgemeldet.",
    "You were signed out after %(hours)d hours; please sign in again.": "Sie wurden nach %(hours)d Stunden abgemeldet; bitte melden Sie sich erneut an.",
    "You will be signed out in two minutes because nothing has happened for a while; anything not saved would be lost.": "Sie werden in zwei Minuten abgemeldet, weil eine Weile nichts geschehen ist; nicht Gespeichertes ginge dabei verloren.",
    "Stay signed in": "Angemeldet bleiben",
}

DE.update(
    {
        "This form has expired": "Dieses Formular ist abgelaufen",
        (
            "The page was open for more than %(num)d hour, so what you sent was not saved yet. Nothing is lost: send it again to save it.",
            "The page was open for more than %(num)d hours, so what you sent was not saved yet. Nothing is lost: send it again to save it.",
        ): (
            "Die Seite war länger als %(num)d Stunde geöffnet, deshalb wurde das Gesendete noch nicht gespeichert. Nichts ist verloren: Senden Sie es erneut, um es zu speichern.",
            "Die Seite war länger als %(num)d Stunden geöffnet, deshalb wurde das Gesendete noch nicht gespeichert. Nichts ist verloren: Senden Sie es erneut, um es zu speichern.",
        ),
        "Attached files cannot be kept: please go back and attach them again.": "Angehängte Dateien können nicht aufbewahrt werden: Bitte gehen Sie zurück und hängen Sie sie erneut an.",
        "Send again": "Erneut senden",
    }
)
