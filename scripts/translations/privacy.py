# ruff: noqa: E501 - translation pairs are data, one per line
"""German for the data-protection page: export and erasure (scripts/translate.py)."""

DE = {
    "Customer's e-mail address": "E-Mail-Adresse der Kundin oder des Kunden",
    "or a complaint reference (VX-…)": "oder eine Beschwerdenummer (VX-…)",
    "Name they gave (optional: also found in free text)": "Angegebener Name (optional: wird auch in Freitexten gesucht)",
    "Type ERASE to confirm": "Zur Bestätigung ERASE eingeben",
    "Give the customer's e-mail address or a complaint reference.": "Geben Sie die E-Mail-Adresse der Kundin oder des Kunden oder eine Beschwerdenummer an.",
    "No complaint %(reference)s.": "Keine Beschwerde %(reference)s.",
    "Nothing is stored about this customer.": "Über diese Kundin oder diesen Kunden ist nichts gespeichert.",
    "Data protection": "Datenschutz",
    "Data-protection requests": "Datenschutzanfragen",
    "A customer may ask for everything stored about them, or for its deletion. Find them by e-mail address or complaint reference; the name they gave helps find it in what they wrote. Erasure keeps scores and dates for the statistics and removes everything that identifies the person, then scans every text column of every table for it.": "Kundinnen und Kunden können Auskunft über alles verlangen, was über sie gespeichert ist, oder seine Löschung. Suchen Sie sie über die E-Mail-Adresse oder eine Beschwerdenummer; der angegebene Name hilft, ihn in ihren Texten zu finden. Die Löschung behält Bewertungen und Daten für die Statistik, entfernt alles, was die Person erkennbar macht, und durchsucht danach jede Textspalte jeder Tabelle nach ihr.",
    "Erased. Rows changed: %(rows)s; stray mentions replaced: %(stray)s.": "Gelöscht. Geänderte Zeilen: %(rows)s; ersetzte verstreute Erwähnungen: %(stray)s.",
    "The full-database scan still finds traces:": "Die Suche über die ganze Datenbank findet noch Spuren:",
    "The full-database scan finds no trace left.": "Die Suche über die ganze Datenbank findet keine Spur mehr.",
    "Find": "Suchen",
    "Stored about this customer": "Über diese Person gespeichert",
    "Contacts": "Kontakte",
    "Survey answers": "Umfrageantworten",
    "Complaints": "Beschwerden",
    "Comments and texts": "Kommentare und Texte",
    "Download everything as JSON": "Alles als JSON herunterladen",
    "Erase this customer": "Diese Person löschen",
    "This cannot be undone.": "Das lässt sich nicht rückgängig machen.",
    "Erase": "Löschen",
    "Type ERASE to confirm the erasure.": "Geben Sie ERASE ein, um die Löschung zu bestätigen.",
}
