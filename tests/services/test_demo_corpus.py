"""The synthetic demo corpus: deterministic, varied, bilingual, on topic."""

import random
import re

import pytest

from app.demo import corpus as demo_corpus
from app.demo import phrases as demo_phrases
from app.demo.corpus import (
    LANGUAGES,
    TOPICS,
    TOUCHPOINTS,
    compose_comment,
    compose_complaint,
    founding_comment,
    phrasings,
    topic_weights,
)

REQUIRED_TOPICS = {
    "delivery_options_missing",
    "staff_rude",
    "staff_not_listening",
    "phone_wait_time",
    "delivery_late",
    "delivery_damaged",
    "refund_slow",
    "return_process_confusing",
    "checkout_error",
    "stock_wrong",
    "product_defect",
    "price_complaint",
    "praise_staff",
    "praise_delivery_fast",
    "praise_easy_order",
    "pickup_smooth",
    "neutral_ok",
}


def _wordset(spec: str) -> set[str]:
    return set(spec.split())


# Function words that occur in one language and not in the other.
ENGLISH_MARKERS = _wordset(
    "the and i my is not no to it with for of you your on at too this that very but only how "
    "way me they a from as than much more can went"
)
GERMAN_MARKERS = _wordset(
    "ich nicht und der die das ist mit ein eine einen kein keine keiner nur zu auf für mir "
    "mich sie es bei nach im sehr echt gar auch schon aber wurde hat habe war warum wieder "
    "niemand nichts man mein danke alles wie immer noch viel dem den seit ohne um etwas alle "
    "wurden einfach als von vom dass bis vor"
)


def _keywords(spec: str) -> set[str]:
    return set(spec.split("|"))


# Topic-specific keywords (substrings, lower case) for the on-topic and multi-aspect checks.
KEYWORDS = {
    ("delivery_options_missing", "en"): _keywords("pick-up|collect|deliver|shipping"),
    ("delivery_options_missing", "de"): _keywords("abholung|abholen|liefer|versand"),
    ("staff_rude", "en"): _keywords(
        "rude|impolite|dismissive|condescending|disrespect|unfriendly|unprofessional|hung up|"
        "idiot|snapped|spoken to|sarcastic|eyes"
    ),
    ("staff_rude", "de"): _keywords(
        "unfreundlich|höflich|idiot|abweisend|aufgelegt|respektlos|herablassend|pampig|patzig|"
        "unprofessionell|augen|im ton"
    ),
    ("phone_wait_time", "en"): _keywords("hold|hotline|queue|phone|the line|call"),
    ("phone_wait_time", "de"): _keywords("warteschleife|hotline|telefon|leitung|rückruf|ansage"),
    ("refund_slow", "en"): _keywords("refund|money"),
    ("refund_slow", "de"): _keywords("erstattung|erstattet|geld|rückzahlung"),
    ("checkout_error", "en"): _keywords(
        "checkout|payment|voucher|code|crashed|charged|basket|website|site"
    ),
    ("checkout_error", "de"): _keywords(
        "zahlung|kasse|gutschein|code|abgestürzt|abgebucht|warenkorb|website|seite|paypal|klarna"
    ),
    ("product_defect", "en"): _keywords(
        "boot|power on|fan|blue screen|shuts down|coil whine|faulty|didn't work|dead pixels|"
        "don't work|overheats|errors|died|crashes"
    ),
    ("product_defect", "de"): _keywords(
        "nicht hoch|einschalten|lüfter|bluescreen|geht aus|spulenfiepen|defekt|funktioniert|"
        "pixel|gehen nicht|überhitzt|ssd|gestorben|paar stunden|bootet"
    ),
}
PAIRS = [
    ("delivery_options_missing", "staff_rude"),
    ("phone_wait_time", "refund_slow"),
    ("checkout_error", "product_defect"),
]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def _mentions(text: str, topic: str, language: str) -> bool:
    lowered = text.lower()
    return any(keyword in lowered for keyword in KEYWORDS[topic, language])


def _sample_comments(seed: int, count: int = 20) -> list[str]:
    rng = random.Random(seed)
    return [
        compose_comment(rng, topic, language)
        for _ in range(count)
        for topic in TOPICS
        for language in LANGUAGES
    ]


def test_topics_cover_the_story_and_use_known_touchpoints():
    assert set(TOPICS) >= REQUIRED_TOPICS
    for key, topic in TOPICS.items():
        assert topic.key == key
        assert topic.touchpoints
        assert set(topic.touchpoints) <= set(TOUCHPOINTS)
        assert topic.sentiment in {"negative", "positive", "neutral"}
        assert topic.label_en
        assert topic.label_de
    assert set(TOPICS["delivery_options_missing"].touchpoints) == {"website_order", "pickup"}


@pytest.mark.parametrize("touchpoint", TOUCHPOINTS)
def test_topic_weights_sum_to_one_and_match_the_topics(touchpoint):
    weights = topic_weights(touchpoint)
    assert sum(weights.values()) == pytest.approx(1.0)
    assert all(weight > 0 for weight in weights.values())
    for key in weights:
        assert touchpoint in TOPICS[key].touchpoints
    assert {TOPICS[key].sentiment for key in weights} >= {"negative", "positive", "neutral"}
    # every topic that belongs to this touchpoint is part of its mix
    assert {k for k, t in TOPICS.items() if touchpoint in t.touchpoints} == set(weights)


def test_topic_weights_rejects_an_unknown_touchpoint():
    with pytest.raises(ValueError):
        topic_weights("teleport")


def test_same_seed_same_texts_and_different_seeds_differ():
    assert _sample_comments(7) == _sample_comments(7)
    assert _sample_comments(7) != _sample_comments(8)
    first = [compose_complaint(random.Random(3), ["staff_rude", "refund_slow"], "de")] * 2
    again = compose_complaint(random.Random(3), ["staff_rude", "refund_slow"], "de")
    assert first[0] == again
    other = compose_complaint(random.Random(4), ["staff_rude", "refund_slow"], "de")
    assert other != again


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_each_topic_has_many_distinct_phrasings_and_outputs(topic, language):
    cores = phrasings(topic, language)
    assert len(set(cores)) >= 12
    rng = random.Random(f"{topic}-{language}")
    texts = [compose_comment(rng, topic, language) for _ in range(300)]
    assert len(set(texts)) >= 150
    for text in texts:
        assert text.strip()
        assert "{" not in text
        assert "}" not in text
        assert 1 <= _sentences(text) <= 3, text


def test_core_statements_differ_between_languages():
    for topic in TOPICS:
        assert not set(phrasings(topic, "de")) & set(phrasings(topic, "en"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_fills_its_slots(language):
    slots = demo_corpus._slots(random.Random(0), language)
    templates = [
        template
        for topic in demo_phrases.PHRASES.values()
        for part in topic[language].values()
        for template in part
    ]
    templates += [t for ts in demo_phrases.COMPLAINT_CONTEXT[language].values() for t in ts]
    assert set(demo_phrases.PHRASES) == set(TOPICS)
    for template in templates:
        assert "{" not in template.format_map(slots)


def test_texts_are_in_the_requested_language():
    rng = random.Random(11)
    for topic in TOPICS:
        for _ in range(150):
            german = _words(compose_comment(rng, topic, "de"))
            english = _words(compose_comment(rng, topic, "en"))
            assert not german & ENGLISH_MARKERS, german & ENGLISH_MARKERS
            assert not english & GERMAN_MARKERS, english & GERMAN_MARKERS
            # very short remarks ("Late delivery.") need no function word
            if len(german) >= 5:
                assert german & GERMAN_MARKERS, german
            if len(english) >= 5:
                assert english & ENGLISH_MARKERS, english
    negative = [k for k, t in TOPICS.items() if t.sentiment == "negative"]
    for _ in range(200):
        topics = rng.sample(negative, rng.randint(1, 3))
        german = _words(compose_complaint(rng, topics, "de"))
        english = _words(compose_complaint(rng, topics, "en"))
        assert not german & ENGLISH_MARKERS, german & ENGLISH_MARKERS
        assert not english & GERMAN_MARKERS, english & GERMAN_MARKERS


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("topic", sorted({topic for topic, _ in KEYWORDS}))
def test_core_statements_stay_on_topic(topic, language):
    for core in phrasings(topic, language):
        assert _mentions(core, topic, language), core


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("pair", PAIRS)
def test_multi_aspect_complaint_mentions_every_topic(pair, language):
    misses = []
    for seed in range(100):
        text = compose_complaint(random.Random(seed), pair, language)
        assert 2 <= _sentences(text) <= 6, text
        misses += [(topic, text) for topic in pair if not _mentions(text, topic, language)]
    # a deliberate typo ("rfund") may hide a keyword now and then, nothing more
    assert len(misses) <= 3, misses


def test_complaints_have_two_to_six_sentences():
    rng = random.Random(5)
    keys = sorted(TOPICS)
    for _ in range(400):
        topics = rng.sample(keys, rng.randint(1, 4))
        for language in LANGUAGES:
            text = compose_complaint(rng, topics, language)
            assert 2 <= _sentences(text) <= 6, text
            assert "{" not in text
    assert len(compose_complaint(rng, ["refund_slow"], "en")) > 40


def test_complaint_rejects_no_topics_and_too_many():
    with pytest.raises(ValueError):
        compose_complaint(random.Random(1), [], "en")
    with pytest.raises(ValueError):
        compose_complaint(random.Random(1), sorted(TOPICS)[:5], "en")


def test_unknown_topic_or_language_is_rejected():
    with pytest.raises(ValueError):
        compose_comment(random.Random(1), "weather", "en")
    with pytest.raises(ValueError):
        compose_comment(random.Random(1), "staff_rude", "fr")
    with pytest.raises(ValueError):
        founding_comment("fr")


def test_founding_comment_tells_the_story():
    english = founding_comment("en").lower()
    assert "pick-up" in english
    assert "injured hand" in english
    assert "rude" in english
    german = founding_comment("de").lower()
    assert "abholung" in german
    assert "verletzte hand" in german
    assert "unfreundlich" in german
    assert founding_comment("en") == founding_comment("en")
