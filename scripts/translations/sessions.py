# ruff: noqa: E501 - translation pairs are data, one per line
"""German for staff sessions that end (scripts/translate.py)."""

DE = {
    "You were signed out after %(minutes)d minutes without activity.": "Sie wurden nach %(minutes)d Minuten ohne Aktivität abgemeldet.",
    "You were signed out after %(hours)d hours; please sign in again.": "Sie wurden nach %(hours)d Stunden abgemeldet; bitte melden Sie sich erneut an.",
    "You will be signed out in two minutes because nothing has happened for a while; anything not saved would be lost.": "Sie werden in zwei Minuten abgemeldet, weil eine Weile nichts geschehen ist; nicht Gespeichertes ginge dabei verloren.",
    "Stay signed in": "Angemeldet bleiben",
}
