"""Tests for ml.redact on a hand-written German/English corpus of positives and near misses."""

from pathlib import Path

import pytest
import yaml

from ml.redact import KINDS, Redacted, RedactedSpan, redact
from ml.text import normalize

CASES = yaml.safe_load((Path(__file__).with_name("redaction_cases.yaml")).read_text("utf-8"))
POSITIVES = CASES["positives"]
NEAR_MISSES = CASES["near_misses"]


def test_corpus_size():
    assert len(POSITIVES) >= 50
    assert len(NEAR_MISSES) >= 50


@pytest.mark.parametrize("case", POSITIVES, ids=lambda c: c["text"][:40])
def test_positive(case):
    result = redact(case["text"])
    assert result.text == case["expected"]
    assert [span.kind for span in result.spans] == case["kinds"]


@pytest.mark.parametrize("case", NEAR_MISSES, ids=lambda c: c["text"][:40])
def test_near_miss_unchanged(case):
    result = redact(case["text"])
    assert result.text == case["text"]
    assert result.spans == ()


@pytest.mark.parametrize("case", POSITIVES + NEAR_MISSES, ids=lambda c: c["text"][:40])
def test_idempotent(case):
    once = redact(case["text"]).text
    twice = redact(once)
    assert twice.text == once
    assert twice.spans == ()


@pytest.mark.parametrize("case", POSITIVES, ids=lambda c: c["text"][:40])
def test_spans_point_into_original(case):
    text = case["text"]
    result = redact(text)
    rebuilt, pos = [], 0
    for span in result.spans:
        assert span.kind in KINDS
        assert 0 <= pos <= span.start < span.end <= len(text)
        rebuilt += [text[pos : span.start], f"[{span.kind}]"]
        pos = span.end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == result.text


def test_result_is_frozen_dataclass():
    result = redact("Mail an a@example.de")
    assert result == Redacted("Mail an [EMAIL]", (RedactedSpan("EMAIL", 8, 20),))
    with pytest.raises(AttributeError):
        result.text = "x"


def test_empty_text():
    assert redact("") == Redacted("", ())


def test_zero_width_characters_are_handled_after_normalize():
    hidden = "Schreib an kai\u200b@example.de"
    assert redact(normalize(hidden)).text == "Schreib an [EMAIL]"


def test_long_text_with_many_items():
    text = " ".join(f"Kunde {n}: k{n}@example.de, Tel. 030 {1000000 + n}." for n in range(50))
    result = redact(text)
    assert [s.kind for s in result.spans].count("EMAIL") == 50
    assert [s.kind for s in result.spans].count("PHONE") == 50
    assert "@" not in result.text


FUZZ_ALPHABET = [*"abcXYZäß0123456789 .,;:!?-/@()[]+#%€$\n", "\u200b", "a@b.de", "+49 30 1234567"]
FUZZ_ALPHABET += ["https://a.de/?token=x", "Straße 5", "DE89", "Frau ", "geb. ", "12.03.1985"]


def test_fuzz_never_raises_and_stays_idempotent():
    import random

    rng = random.Random(0)
    for _ in range(400):
        text = normalize("".join(rng.choice(FUZZ_ALPHABET) for _ in range(rng.randint(0, 80))))
        once = redact(text)
        assert redact(once.text).text == once.text
        assert all(0 <= s.start < s.end <= len(text) for s in once.spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mrs. Helen Carter was very kind.", "Mrs. [NAME] was very kind."),
        ("Herr Prof. Martin Lange hat geholfen.", "Herr Prof. [NAME] hat geholfen."),
        ("Frau Dr. Eva Schulz-Brandt, danke.", "Frau Dr. [NAME], danke."),
    ],
)
def test_first_name_and_surname_after_honorific(text, expected):
    assert redact(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ich bin am 1.2.1970 geboren.", "Ich bin am [DATE_OF_BIRTH] geboren."),
        ("born: 03/04/1985", "born: [DATE_OF_BIRTH]"),
        ("Geburtsdatum: 1. Februar 1970", "Geburtsdatum: [DATE_OF_BIRTH]"),
        ("Geliefert am 1.2.2024 statt am 30.1.", "Geliefert am 1.2.2024 statt am 30.1."),
    ],
)
def test_birth_dates_with_context_after_or_punctuation(text, expected):
    assert redact(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the examples of issue 14
        ("Mein Name ist Karin Vogel.", "Mein Name ist [NAME]."),
        ("This is Emily Watson from Leeds.", "This is [NAME] from Leeds."),
        ("Danke.\nBeste Grüße, Karin Vogel", "Danke.\nBeste Grüße, [NAME]"),
        ("Ihre Kollegin Sabine Roth war unfreundlich.", "Ihre Kollegin [NAME] war unfreundlich."),
        ("Herr Dr. Klaus Wendt lehnte ab.", "Herr Dr. [NAME] lehnte ab."),
        ("Ich bin am 1.2.1970 geboren.", "Ich bin am [DATE_OF_BIRTH] geboren."),
        # self-introductions, sign-offs and staff mentions in both languages
        ("Ich heiße Lena und bin Kundin.", "Ich heiße [NAME] und bin Kundin."),
        ("I'm Tom Fletcher, customer since 2015.", "I'm [NAME], customer since 2015."),
        ("Please fix it.\nKind regards\nGareth Hughes", "Please fix it.\nKind regards\n[NAME]"),
        ("Danke für nichts. MfG Uwe Kaminski", "Danke für nichts. MfG [NAME]"),
        ("Your agent Michael hung up.", "Your agent [NAME] hung up."),
        ("The driver, Kevin, left it.", "The driver, [NAME], left it."),
        ("Your colleague Mark promised a call.", "Your colleague [NAME] promised a call."),
        ("Thanks, Grace", "Thanks, [NAME]"),
        ("Karin Vogel hat angerufen.", "[NAME] hat angerufen."),
        ("geb.: 03.11.1962", "geb.: [DATE_OF_BIRTH]"),
        ("Geburtsdatum (TT.MM.JJJJ): 09.10.1984", "Geburtsdatum (TT.MM.JJJJ): [DATE_OF_BIRTH]"),
        (
            "Mein Sohn wurde am 14.07.2009 in Köln geboren.",
            "Mein Sohn wurde am [DATE_OF_BIRTH] in Köln geboren.",
        ),
        ("Date of birth (check): 4 March 1979", "Date of birth (check): [DATE_OF_BIRTH]"),
    ],
)
def test_names_and_birth_dates_without_honorific(text, expected):
    assert redact(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Frau Roth Bescheid gegeben.", "Frau [NAME] Bescheid gegeben."),
        ("Herr Krüger Montag nicht erreichbar.", "Herr [NAME] Montag nicht erreichbar."),
        ("Frau Petra Schulte Rückmeldung gegeben.", "Frau [NAME] Rückmeldung gegeben."),
        # an unlisted noun after a surname that is not a known first name stays too
        ("Frau Roth Rückerstattung zugesagt.", "Frau [NAME] Rückerstattung zugesagt."),
    ],
)
def test_german_noun_after_surname_is_kept(text, expected):
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm Frustrated with the service.",
        "Das Paket kam mit Hermes statt DHL.",
        "Bei Media Markt gekauft, Dell XPS 15 defekt.",
        "Bei Otto bestellt, über DPD geliefert.",
        "Filiale Königsallee hatte nichts, Hamburg auch nicht.",
        "I flew to Paris in my Mercedes.",
        "Will anyone from Vodafone call me back?",
        "Mark my words, never again at Tesco.",
        "Viele Grüße aus Hamburg",
        "Thanks, Amazon, for nothing.",
        "Lenovo ThinkPad X1 Carbon und MacBook Pro im Vergleich.",
        "Bestellt am 02.03.2024, geliefert am 09.03.2024.",
    ],
)
def test_look_alikes_are_kept(text):
    assert redact(text).text == text
