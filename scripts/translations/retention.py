# ruff: noqa: E501 - translation pairs are data, one per line
"""German for the retention page (scripts/translate.py)."""

DE = {
    "Verbatim comments and complaint contact details (days)": "Wörtliche Kommentare und Kontaktdaten aus Beschwerden (Tage)",
    "Contacts' addresses and ids (days)": "Adressen und Kennungen von Kontakten (Tage)",
    "Notes on closed follow-up cases (days)": "Notizen zu abgeschlossenen Rückruffällen (Tage)",
    "Audit log entries (days)": "Einträge im Prüfprotokoll (Tage)",
    "Each period is a whole number of days from 0 (keep for ever) to %(max)s.": "Jede Frist ist eine ganze Zahl von Tagen zwischen 0 (für immer behalten) und %(max)s.",
    "Retention": "Aufbewahrung",
    "Personal data is kept no longer than it is useful. Every day the purge redacts verbatim text older than its period, drops complaint contact details once the case is closed, removes old contacts' addresses and ids, clears notes on old closed cases and deletes old audit entries. Scores and dates stay for the statistics. 0 keeps a kind for ever.": "Personenbezogene Daten werden nicht länger aufbewahrt, als sie nützen. Jeden Tag schwärzt die Bereinigung wörtliche Texte, die älter als ihre Frist sind, entfernt Kontaktdaten aus Beschwerden, sobald der Fall abgeschlossen ist, löscht Adressen und Kennungen alter Kontakte, leert Notizen zu alten abgeschlossenen Fällen und löscht alte Einträge im Prüfprotokoll. Bewertungen und Daten bleiben für die Statistik. 0 behält eine Art für immer.",
    "Save periods": "Fristen speichern",
    "Last purge": "Letzte Bereinigung",
    "Not run yet.": "Noch nicht gelaufen.",
    "Purge now": "Jetzt bereinigen",
    "Retention periods saved; the daily purge uses them from now on.": "Aufbewahrungsfristen gespeichert; die tägliche Bereinigung verwendet sie ab jetzt.",
}
