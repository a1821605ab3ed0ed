# ruff: noqa: E501 - translation pairs are data, one per line
"""German for the outbox page's mention of webhooks (scripts/translate.py)."""

DE = {
    "Every e-mail and webhook goes through the outbox: written with the change that causes it, delivered every minute, retried with growing pauses and dead-lettered after the last attempt.": "Jede E-Mail und jeder Webhook läuft über den Postausgang: zusammen mit der auslösenden Änderung gespeichert, jede Minute zugestellt, mit wachsenden Pausen wiederholt und nach dem letzten Versuch als unzustellbar abgelegt.",
    "Webhooks and their delivery logs": "Webhooks und ihre Zustellprotokolle",
}
