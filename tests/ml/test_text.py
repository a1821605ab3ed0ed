"""Tests for ml.text: normalisation, language detection and aspect segmentation."""

import pytest

from ml.text import detect_language, normalize, segment


class TestNormalize:
    def test_removes_zero_width_and_control_characters(self):
        assert normalize("Lie\u200bfe\u00adrung\x00 kam\x07 nie") == "Lieferung kam nie"

    def test_collapses_whitespace_but_keeps_paragraphs(self):
        raw = "  Paket \t\t kaputt \r\n\r\n\r\n\r\n Fahrer   unfreundlich\u2028Ende  "
        assert normalize(raw) == "Paket kaputt\n\nFahrer unfreundlich\nEnde"

    def test_nfkc_folds_compatibility_forms(self):
        assert normalize("ＡＢＣ\u00a0oﬃce") == "ABC office"

    def test_composes_decomposed_umlauts(self):
        assert normalize("Gru\u0308ße") == "Grüße"

    @pytest.mark.parametrize("odd", [None, b"caf\xc3\xa9", b"\xff\xfe", 42, "\ud800", "\x00\x01"])
    def test_never_raises(self, odd):
        assert isinstance(normalize(odd), str)

    def test_is_idempotent(self):
        raw = " Hallo\u200d  Welt\r\n\r\n\r\nzwei "
        assert normalize(normalize(raw)) == normalize(raw)


GERMAN = [
    "Die Lieferung kam drei Tage zu spät und niemand hat sich gemeldet.",
    "Mein Paket ist nicht angekommen",
    "Hotline nicht erreichbar",
    "Service war super",
    "Danke!",
    "Alles gut",
    "Sehr freundliche Beratung im Laden, gerne wieder.",
    "Rückerstattung dauert ewig",
    "Zu teuer",
    "Lieferung ok",
    "Die App stürzt beim Bezahlen ab",
    "Schöne Grüße",
    "keine Antwort auf meine Mail",
    "Ware beschädigt",
]
ENGLISH = [
    "The parcel arrived three days late and nobody contacted me.",
    "My order never arrived",
    "Hotline not reachable",
    "Service was super",
    "Thanks!",
    "All good",
    "Very friendly advice in the store, will come again.",
    "Refund takes forever",
    "too expensive",
    "no answer to my email",
    "The app crashes when I pay",
    "Great support, thank you",
    "Item damaged",
]


class TestDetectLanguage:
    @pytest.mark.parametrize("text", GERMAN)
    def test_german(self, text):
        assert detect_language(text) == "de"

    @pytest.mark.parametrize("text", ENGLISH)
    def test_english(self, text):
        assert detect_language(text) == "en"

    @pytest.mark.parametrize("text", ["", "   ", "ok", "123 456", "!!!", "👍"])
    def test_undecidable_returns_default(self, text):
        assert detect_language(text, default="de") == "de"
        assert detect_language(text, default="en") == "en"

    def test_respects_candidates(self):
        assert detect_language("Die Lieferung war pünktlich", candidates=("en",)) == "en"
        assert (
            detect_language("La livraison était en retard", candidates=("de", "en", "fr")) == "fr"
        )


class TestSegment:
    def test_story_comment_english(self):
        text = (
            "Only pick-up was offered, I can't carry it with my injured hand; "
            "and the agent on the phone was rude."
        )
        assert segment(text) == [
            "Only pick-up was offered, I can't carry it with my injured hand",
            "the agent on the phone was rude",
        ]

    def test_story_comment_german(self):
        text = (
            "Es gab nur Abholung, keine Lieferung. "
            "Außerdem war der Mitarbeiter am Telefon unhöflich."
        )
        assert segment(text, language="de") == [
            "Es gab nur Abholung, keine Lieferung",
            "Außerdem war der Mitarbeiter am Telefon unhöflich",
        ]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "Delivery was quick but the box was crushed on one side.",
                ["Delivery was quick", "the box was crushed on one side"],
            ),
            (
                "Die Beratung war gut, aber die Wartezeit an der Kasse war viel zu lang.",
                ["Die Beratung war gut", "die Wartezeit an der Kasse war viel zu lang"],
            ),
            (
                "The price is fair, however, the charger stopped working after a week.",
                ["The price is fair", "the charger stopped working after a week"],
            ),
            (
                "Ich habe dreimal angerufen und dann hat man mich einfach aufgelegt.",
                ["Ich habe dreimal angerufen", "hat man mich einfach aufgelegt"],
            ),
            (
                "Das Gerät funktioniert einwandfrei, jedoch fehlt die Anleitung auf Deutsch.",
                ["Das Gerät funktioniert einwandfrei", "jedoch fehlt die Anleitung auf Deutsch"],
            ),
        ],
    )
    def test_splits_on_connectors(self, text, expected):
        assert segment(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "Die Lieferung kam z. B. erst am 3. Mai, d. h. eine Woche nach dem Termin.",
            "Mr. Jones in the store on Baker St. helped me choose, e.g. the right cable.",
            "Bitte Bestellung Nr. 4711 prüfen, der Betrag von 3.5 Prozent Rabatt fehlt.",
            "Bestellt am 14.03. habe ich bis heute weder Ware noch eine Nachricht erhalten.",
            "Checkout on https://shop.example.com/cart?step=2. crashed every single time",
            "Please write to [EMAIL]. or call [PHONE]. about the broken washing machine",
        ],
    )
    def test_does_not_split_inside_protected_tokens(self, text):
        segments = segment(text)
        joined = " ".join(segments)
        for token in ("z. B.", "d. h.", "Mr. Jones", "Nr. 4711", "3.5", "14.03.", "e.g."):
            if token in text:
                assert token in joined
        assert not any(s.endswith(("z", "Nr", "Mr", "St", "e.g")) for s in segments)
        if "https://" in text:
            assert any("https://shop.example.com/cart?step=2" in s for s in segments)
        if "[EMAIL]" in text:
            assert any("[EMAIL]" in s for s in segments)

    def test_short_fragments_are_merged_back(self):
        text = "Thanks. The courier was friendly, but the parcel was soaked. Bad."
        segments = segment(text)
        assert all(len(s) >= 12 for s in segments)
        assert segments == ["Thanks. The courier was friendly", "the parcel was soaked. Bad"]

    def test_short_text_returned_whole(self):
        assert segment("Great, but slow.") == ["Great, but slow."]
        assert segment("  Super  ") == ["Super"]

    def test_single_aspect_text_returned_normalised(self):
        text = "The delivery driver rang the bell and waited patiently for me."
        assert segment(text) == [text]

    def test_empty_text(self):
        assert segment("") == []
        assert segment("\u200b \n ") == []

    def test_max_segments(self):
        text = " ".join(f"Problem number {n} was really annoying." for n in range(20))
        segments = segment(text, max_segments=5)
        assert len(segments) == 5
        assert all(f"number {n} " in " ".join(segments) for n in range(20))

    def test_language_specific_connectors(self):
        text = "The box looked fine, also the invoice was included in the parcel."
        assert len(segment(text, language="en")) == 2
        assert len(segment(text, language="de")) == 1

    def test_line_breaks_split(self):
        text = "Lieferung zu spät\nFahrer unfreundlich\nApp stürzt ständig ab"
        assert segment(text) == [
            "Lieferung zu spät",
            "Fahrer unfreundlich",
            "App stürzt ständig ab",
        ]


def test_fuzz_segment_and_detect_never_raise():
    import random

    alphabet = [*"abcXYZäöß0123 .,;:!?-/()[]\n\t\r", "\u200b", "\x00", "z. B.", " but ", " aber "]
    alphabet += ["e.g.", "https://x.de/a?b=1", "[EMAIL]", "Nr. 5", "3.5"]
    rng = random.Random(0)
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        segments = segment(text)
        assert all(segments)
        assert len(segments) <= 8
        assert len(segments) == 1 or all(len(s) >= 12 for s in segments)
        assert detect_language(text) in ("de", "en")
