"""Synthetic customer feedback for the ``voxloop demo`` story (a PC shop, de/en).

Pure Python: no Flask, no database. Every function that draws text takes a
``random.Random`` and uses nothing else, so a seed reproduces the corpus exactly.

The phrase and topic data live in ``app/demo/data/`` (read by ``app.demo.phrases``);
this module combines them:

- ``compose_comment`` builds a short survey comment (1–3 sentences) on one topic:
  optional opener, one core statement, optional detail and closer, with slot values
  (product, hold time, carrier…) and, now and then, the roughness of real comments
  (lower case, missing full stop, a typo, "!!") — or just a very short remark.
- ``compose_complaint`` builds a longer first-person complaint (2–6 sentences): context,
  one statement per topic (1–4 topics, so one text can carry several aspects), what the
  customer expects, sometimes a sign-off.
- ``founding_comment`` is the fixed comment of the story in DESIGN.md.
- ``topic_weights`` is the baseline topic mix per touchpoint; the demo seeder varies it
  over time (for example the Black Friday spike of ``delivery_options_missing``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.demo import phrases as data

Sentiment = Literal["negative", "positive", "neutral"]

LANGUAGES: tuple[str, ...] = ("de", "en")
TOUCHPOINTS: tuple[str, ...] = ("website_order", "delivery", "pickup", "phone_support", "returns")
CHANNELS: tuple[str, ...] = ("web", "phone", "email", "store", "chat")

MAX_COMPLAINT_TOPICS = 4


@dataclass(frozen=True)
class Topic:
    key: str
    touchpoints: tuple[str, ...]
    sentiment: Sentiment
    label_en: str
    label_de: str


_TOPIC_DATA = data.load("topics.json")
TOPICS: dict[str, Topic] = {
    key: Topic(key, **topic) for key, topic in _TOPIC_DATA["topics"].items()
}
# Baseline topic mix per touchpoint (normalised by ``topic_weights``). Roughly a third
# negative, the rest positive or neutral. ``delivery_options_missing`` is rare at baseline:
# the demo seeder multiplies it in Black Friday week.
_WEIGHTS: dict[str, dict[str, float]] = _TOPIC_DATA["weights"]

# Probabilities of the parts of a comment.
_P_SHORT = 0.07
_P_OPENER = 0.3
_P_DETAIL = 0.45
_P_CLOSER = 0.35
_P_ROUGH_COMMENT = 0.11
_P_ROUGH_COMPLAINT = 0.05
_P_EMPHASIS = 0.06

# English words that keep their capital after an opener such as "Honestly, ".
_KEEP_CAPITAL = frozenset(
    {"I", "Black", "Christmas", "Windows", "Klarna", "PayPal", *data.EN_WEEKDAYS}
)

# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


def phrasings(topic: str, language: str) -> tuple[str, ...]:
    """The distinct core statements (templates with slots) of a topic in a language."""
    return _phrases(topic, language)["core"]


def compose_comment(rng: random.Random, topic: str, language: str) -> str:
    """A survey comment of 1–3 sentences on ``topic``, in ``language`` ("de" or "en")."""
    parts = _phrases(topic, language)
    sentiment = TOPICS[topic].sentiment
    slots = _slots(rng, language)
    if parts["short"] and rng.random() < _P_SHORT:
        return _roughen(rng, rng.choice(parts["short"]), language, _P_ROUGH_COMMENT)

    core = _fill(rng.choice(parts["core"]), slots)
    sentences = 1
    if rng.random() < _P_OPENER:
        opener = rng.choice(data.OPENERS[language][sentiment])
        if opener.endswith((". ", "! ")):
            sentences += 1
        text = _join(opener, core, language)
    else:
        text = core
    if parts["detail"] and rng.random() < _P_DETAIL:
        text += " " + _fill(rng.choice(parts["detail"]), slots)
        sentences += 1
    if sentences < 3 and rng.random() < _P_CLOSER:
        text += " " + rng.choice(data.CLOSERS[language][sentiment])
    if sentiment == "negative" and rng.random() < _P_EMPHASIS:
        text = _emphasise(text)
    return _roughen(rng, text, language, _P_ROUGH_COMMENT)


def compose_complaint(rng: random.Random, topics: Sequence[str], language: str) -> str:
    """A first-person complaint of 2–6 sentences covering every topic in ``topics``.

    ``topics`` holds 1 to 4 topic keys (duplicates are ignored); each one gets at least
    one sentence, so a multi-topic complaint carries several aspects.
    """
    keys = list(dict.fromkeys(topics))
    if not 1 <= len(keys) <= MAX_COMPLAINT_TOPICS:
        raise ValueError(f"a complaint covers 1 to {MAX_COMPLAINT_TOPICS} topics, got {keys!r}")
    parts = [_phrases(key, language) for key in keys]
    slots = _slots(rng, language, desktop_bias=0.9)

    touchpoint = rng.choice(TOPICS[keys[0]].touchpoints)
    context = rng.random() < 0.85
    expectations = [e for p in parts for e in p["expect"]]
    expect = bool(expectations) and (rng.random() < 0.8 or len(keys) + context < 2)
    budget = 6 - len(keys) - context - expect  # room for details and a sign-off

    sentences: list[str] = []
    if context:
        sentences.append(_fill(rng.choice(data.COMPLAINT_CONTEXT[language][touchpoint]), slots))
    connectors = {s: list(c) for s, c in data.COMPLAINT_CONNECTORS[language].items()}
    for index, (key, part) in enumerate(zip(keys, parts, strict=True)):
        core = _fill(rng.choice(part["core"]), slots)
        sentiment = TOPICS[key].sentiment
        if index > 0:
            pool = connectors[sentiment]  # no connector twice while others are left
            if not pool:
                pool.extend(data.COMPLAINT_CONNECTORS[language][sentiment])
            lead = pool.pop(rng.randrange(len(pool)))
            core = _join(lead, core, language)
        sentences.append(core)
        if budget > 0 and part["detail"] and rng.random() < 0.5:
            sentences.append(_fill(rng.choice(part["detail"]), slots))
            budget -= 1
    if expect:
        sentences.append(rng.choice(expectations))
    elif len(sentences) < 2:
        sentences.append(rng.choice(data.COMPLAINT_SIGNOFFS[language]))
        budget -= 1
    if budget > 0 and rng.random() < 0.35:
        sentences.append(rng.choice(data.COMPLAINT_SIGNOFFS[language]))
    text = " ".join(sentences)
    if rng.random() < _P_EMPHASIS:
        text = _emphasise(text)
    return _roughen(rng, text, language, _P_ROUGH_COMPLAINT)


def founding_comment(language: str) -> str:
    """The founding story's comment: pick-up only, injured hand, rude agent."""
    _check_language(language)
    return data.FOUNDING[language]


def topic_weights(touchpoint: str) -> dict[str, float]:
    """The baseline mix of topics for ``touchpoint``; the weights sum to 1."""
    try:
        weights = _WEIGHTS[touchpoint]
    except KeyError:
        raise ValueError(f"unknown touchpoint {touchpoint!r}") from None
    total = sum(weights.values())
    return {key: weight / total for key, weight in weights.items()}


# ---------------------------------------------------------------------------------------
# Slots
# ---------------------------------------------------------------------------------------

_DE_ARTICLES = {
    # gender: (nom, acc, dat) definite, indefinite accusative, "mein" dative, pronoun nom,
    # relative pronoun nom, possessive ("sein"/"ihr")
    "m": ("der", "den", "dem", "einen", "meinem", "er", "der", "sein"),
    "f": ("die", "die", "der", "eine", "meiner", "sie", "die", "ihr"),
    "n": ("das", "das", "dem", "ein", "meinem", "es", "das", "sein"),
}


def _de_noun(prefix: str, noun: str, gender: str) -> dict[str, str]:
    nom, acc, dat, ein_acc, mein_dat, er, rel, sein = _DE_ARTICLES[gender]
    return {
        prefix: noun,
        f"{prefix}_nom": f"{nom} {noun}",
        f"{prefix}_acc": f"{acc} {noun}",
        f"{prefix}_dat": f"{dat} {noun}",
        f"{prefix}_ein_acc": f"{ein_acc} {noun}",
        f"{prefix}_mein_dat": f"{mein_dat} {noun}",
        f"{prefix}_er": er,
        f"{prefix}_rel": rel,
        f"{prefix}_sein": sein,
    }


def _pick_product(rng: random.Random, products, desktop_bias: float):
    desktops = [p for p in products if p[2]]
    others = [p for p in products if not p[2]]
    product = rng.choice(desktops if rng.random() < desktop_bias else others)
    desktop = product if product[2] else rng.choice(desktops)
    return product, desktop


def _slots(rng: random.Random, language: str, desktop_bias: float = 0.65) -> dict[str, str]:
    """One consistent set of slot values for a text (always the same number of draws)."""
    order_no = str(rng.randint(100000, 999999))
    if language == "en":
        (noun, a_noun, _), (pc, a_pc, _) = _pick_product(rng, data.EN_PRODUCTS, desktop_bias)
        return {
            "product": noun,
            "a_product": a_noun,
            "the_product": f"the {noun}",
            "pc": pc,
            "a_pc": a_pc,
            "the_pc": f"the {pc}",
            "agent": rng.choice(data.EN_AGENTS),
            "wait": rng.choice(data.EN_WAITS),
            "days": rng.choice(data.EN_DAYS),
            "weeks": rng.choice(data.EN_WEEKS),
            "weekday": rng.choice(data.EN_WEEKDAYS),
            "carrier": rng.choice(data.CARRIERS),
            "price": rng.choice(data.EN_PRICES),
            "voucher": rng.choice(data.VOUCHERS),
            "n_calls": rng.choice(data.EN_COUNTS),
            "order_no": order_no,
        }
    (noun, gender, _), (pc, pc_gender, _) = _pick_product(rng, data.DE_PRODUCTS, desktop_bias)
    agent, agent_gender = rng.choice(data.DE_AGENTS)
    wait, wait_dat = rng.choice(data.DE_WAITS)
    weeks, weeks_dat = rng.choice(data.DE_WEEKS)
    count = rng.choice(data.DE_COUNTS)
    return {
        **_de_noun("p", noun, gender),
        **_de_noun("pc", pc, pc_gender),
        **_de_noun("agent", agent, agent_gender),
        "wait": wait,
        "wait_dat": wait_dat,
        "days": rng.choice(data.DE_DAYS),
        "weeks": weeks,
        "weeks_dat": weeks_dat,
        "weekday": rng.choice(data.DE_WEEKDAYS),
        "carrier": rng.choice(data.CARRIERS),
        "price": rng.choice(data.DE_PRICES),
        "voucher": rng.choice(data.VOUCHERS),
        "n": count,
        "n_mal": f"{count}mal",
        "order_no": order_no,
    }


# ---------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")


def _phrases(topic: str, language: str) -> dict[str, tuple[str, ...]]:
    _check_language(language)
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}")
    return data.PHRASES[topic][language]


def _fill(template: str, slots: dict[str, str]) -> str:
    text = template.format_map(slots)
    return text[:1].upper() + text[1:]


def _join(lead: str, sentence: str, language: str) -> str:
    """Put an opener or connector in front of a sentence, fixing the case in English."""
    if language == "de" or lead.endswith((": ", ". ", "! ", "? ")):
        return lead + sentence
    return lead + _decapitalise(sentence)


def _decapitalise(sentence: str) -> str:
    """Lower-case the first letter after an English opener like "Honestly, "."""
    word = sentence.split(" ", 1)[0].strip(",.!?:;'")
    if (
        not word
        or word in _KEEP_CAPITAL
        or word.startswith("I'")
        or any(c.isupper() for c in word[1:])
    ):
        return sentence
    return sentence[:1].lower() + sentence[1:]


def _emphasise(text: str) -> str:
    stripped = text.rstrip(".!")
    return stripped + "!!" if stripped and stripped[-1].isalnum() else text


_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def _typo(rng: random.Random, text: str, language: str) -> str:
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not candidates:
        return text
    index = rng.choice(candidates)
    word = words[index]
    kind = rng.randrange(4)
    umlauts = [c for c in word if c in _UMLAUTS]
    if kind == 0 and language == "de" and umlauts:
        char = rng.choice(umlauts)
        word = word.replace(char, _UMLAUTS[char])
    elif kind <= 1:  # swap two neighbouring inner letters
        pos = rng.randrange(1, len(word) - 2)
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    elif kind == 2:  # drop a letter
        pos = rng.randrange(1, len(word))
        word = word[:pos] + word[pos + 1 :]
    else:  # double a letter
        pos = rng.randrange(1, len(word))
        word = word[:pos] + word[pos] + word[pos:]
    words[index] = word
    return " ".join(words)


def _roughen(rng: random.Random, text: str, language: str, rate: float) -> str:
    """Now and then, make the text look typed in a hurry."""
    if rng.random() >= rate:
        return text
    kind = rng.random()
    if kind < 0.3:
        return text.lower()
    if kind < 0.55:
        return text.rstrip(".")
    if kind < 0.85:
        return _typo(rng, text, language)
    return text.lower().rstrip(".!")
