"""Fixtures for ml tests: the real bundled embedding model, loaded once per session."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from ml.embed import Embedder

# Three clearly separable complaint topics, each in English and German, written for
# these tests: late or missing delivery, rude staff, refunds.
THEMED_TEXTS: dict[str, list[str]] = {
    "delivery": [
        "My parcel still has not arrived after two weeks.",
        "The package was delivered three days later than promised.",
        "Delivery is late again, the courier never showed up.",
        "Where is my order? The shipment tracking has not moved for days.",
        "The courier left the parcel at the wrong address.",
        "Shipping took far too long, the box arrived a week late.",
        "I waited all day at home and the delivery never came.",
        "The parcel service lost my package.",
        "Mein Paket ist nach zwei Wochen immer noch nicht angekommen.",
        "Die Lieferung kam drei Tage später als versprochen.",
        "Der Paketbote hat das Paket beim falschen Nachbarn abgegeben.",
        "Die Sendungsverfolgung zeigt seit Tagen keinen Fortschritt beim Versand.",
        "Ich habe den ganzen Tag auf die Lieferung gewartet, niemand kam.",
        "Das Paket ist beim Versand verloren gegangen.",
        "Die Zustellung hat viel zu lange gedauert.",
        "Versand und Lieferung dauern bei euch ewig.",
    ],
    "staff": [
        "The agent on the phone was rude and hung up on me.",
        "The shop assistant was unfriendly and ignored my questions.",
        "Your support employee was condescending and impolite.",
        "The staff member shouted at me at the counter.",
        "Nobody on the hotline listened, the agent was very rude.",
        "The saleswoman rolled her eyes and was disrespectful.",
        "The employee at the service desk was arrogant and unhelpful.",
        "The call centre agent was impolite and laughed at me.",
        "Der Mitarbeiter am Telefon war unhöflich und hat einfach aufgelegt.",
        "Die Verkäuferin war unfreundlich und hat mich ignoriert.",
        "Der Mitarbeiter an der Hotline war arrogant und respektlos.",
        "Das Personal an der Kasse hat mich angeschrien.",
        "Der Kundenberater war herablassend und sehr unfreundlich.",
        "Die Mitarbeiterin im Laden war patzig und unhöflich.",
        "Am Telefon wurde ich von einem Mitarbeiter unfreundlich abgewimmelt.",
        "Der Servicemitarbeiter hat mich ausgelacht, sehr unhöflich.",
    ],
    "refund": [
        "I returned the item a month ago and still have no refund.",
        "My money has not been refunded after the cancellation.",
        "The refund for my return is taking forever.",
        "You charged my card twice and will not give the money back.",
        "I am still waiting for the reimbursement of my returned order.",
        "The refund was promised two weeks ago but never arrived on my account.",
        "Please refund the money for the damaged product I sent back.",
        "I cancelled the order but the payment was not refunded.",
        "Ich habe die Ware vor einem Monat zurückgeschickt und noch kein Geld zurück.",
        "Die Rückerstattung nach meiner Stornierung ist nie gekommen.",
        "Ihr habt meine Karte doppelt belastet und erstattet das Geld nicht.",
        "Ich warte immer noch auf die Erstattung für meine Rücksendung.",
        "Das Geld für die Retoure wurde mir bis heute nicht erstattet.",
        "Die versprochene Rückzahlung ist nicht auf meinem Konto eingegangen.",
        "Bitte erstatten Sie mir den Kaufpreis für die zurückgesandte Ware.",
        "Nach der Stornierung wurde mir der Betrag nicht zurückerstattet.",
    ],
}


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real default embedder (bundled all-MiniLM-L6-v2), shared by all ml tests."""
    return Embedder()


@pytest.fixture(scope="session")
def themed(embedder):
    """Texts, true topic per text, languages and their embeddings."""
    texts, topics, languages = [], [], []
    for topic, sentences in THEMED_TEXTS.items():
        for i, sentence in enumerate(sentences):
            texts.append(sentence)
            topics.append(topic)
            languages.append("en" if i < 8 else "de")
    return texts, topics, languages, embedder.encode(texts)
