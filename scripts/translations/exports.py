# ruff: noqa: E501 - translation pairs are data, one per line
"""German for the exports: download links and their messages (scripts/translate.py)."""

DE = {
    "Download CSV": "CSV herunterladen",
    "XLSX": "XLSX",
    "Themes": "Themen",
    "Feedback with themes": "Feedback mit Themen",
    "Survey responses": "Umfrageantworten",
    "Improvement actions": "Verbesserungsmaßnahmen",
    "Follow-up cases": "Rückmeldefälle",
    "There is no export %(name)s; choose one of %(kinds)s.": "Einen Export %(name)s gibt es nicht; wählen Sie einen von %(kinds)s.",
    "There is no format %(name)s; choose csv or xlsx.": "Ein Format %(name)s gibt es nicht; wählen Sie csv oder xlsx.",
    "The period ends before it starts.": "Der Zeitraum endet, bevor er beginnt.",
    "%(value)s is not a date; write it as YYYY-MM-DD, e.g. 2026-11-24.": "%(value)s ist kein Datum; schreiben Sie es als JJJJ-MM-TT, z. B. 2026-11-24.",
}
