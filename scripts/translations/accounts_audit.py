# ruff: noqa: E501 - translation pairs are data, one per line
"""German for staff-account changes and the audit log (scripts/translate.py)."""

DE = {
    "May sign in": "Darf sich anmelden",
    "Unknown role %(role)s.": "Unbekannte Rolle %(role)s.",
    "No staff account %(id)s.": "Kein Mitarbeiterkonto %(id)s.",
    "This is the last active admin; make another admin first.": "Das ist der letzte aktive Admin; machen Sie zuerst jemand anderen zum Admin.",
    "Audit log": "Prüfprotokoll",
    "Sign-ins, failed sign-ins, account and token changes, webhooks, and exports and erasures of personal data, newest first.": "Anmeldungen, fehlgeschlagene Anmeldungen, Änderungen an Konten und Tokens, Webhooks sowie Auskünfte und Löschungen personenbezogener Daten, das Neueste zuerst.",
    "What": "Was",
    "Everything": "Alles",
    "Who": "Wer",
    "Anyone": "Alle",
    "From": "Von",
    "To": "Bis",
    "Entries, newest first": "Einträge, die neuesten zuerst",
    "When": "Wann",
    "On": "Woran",
    "Details": "Einzelheiten",
    "No entries.": "Keine Einträge.",
    "Older entries": "Ältere Einträge",
    "A changed role or an account switched off takes effect at once: the person's open sessions end and they sign in again (or not at all).": "Eine geänderte Rolle oder ein abgeschaltetes Konto gilt sofort: Die offenen Sitzungen der Person enden, und sie meldet sich neu an (oder gar nicht mehr).",
    "Role and access": "Rolle und Zugang",
    "Role of %(email)s": "Rolle von %(email)s",
    "Save": "Speichern",
    "%(email)s changed; their open sessions have ended.": "%(email)s geändert; die offenen Sitzungen sind beendet.",
}
