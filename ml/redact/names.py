"""Detection of personal names in German and English feedback.

Names are found in two ways. Context words announce a name: an honorific or title
(Herr, Frau, Mr, Dr, Prof), a self-introduction (Mein Name ist, ich heiße, ich bin, My
name is, This is, I'm), a sign-off (Viele Grüße, MfG, Best regards, Cheers, Thanks) and
a staff mention (Ihre Kollegin, der Mitarbeiter, your agent, the driver). Without
context, a known first name is a name on its own and takes a following capitalised word
as its surname ("Karin Vogel hat angerufen").

German capitalises every noun, so a capitalised word after a name is not taken as a
surname blindly: after an honorific or in a staff mention a second word is taken only
when the first is a known first name or the second a known surname ("Frau Roth Bescheid
gegeben" keeps "Bescheid"), and words in ``not_name_words.txt`` always end a name.
Weak contexts ("ich bin", "I'm", "This is", "thanks to") need a known first name or
surname, so "I'm Frustrated" stays.

Name lists are data files in ``ml/data``, read once on first use:

* ``first_names.txt`` (≈4,300) and ``surnames.txt`` (≈5,200), built by
  ``scripts/build_name_lists.py`` from Faker's German and English person providers (MIT
  licence, notice in ``ml/data/LICENSE-faker.txt``) and the 1990 US Census name
  frequency files (public domain). gender-guesser's list was not used: it is under the
  GNU FDL with a share-alike clause on changes, and names-dataset is far too large.
* ``keep_words.txt``: brands, products, carriers, shops and places, never a name.
* ``word_names.txt``: first names that are mostly ordinary words or places (Will, Mark,
  Grace, Paris, Mercedes), a name only in a name context or before a known surname.
* ``not_name_words.txt``: capitalised nouns and function words that end a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["find_names"]

_DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class _Lists:
    first: frozenset[str]
    surnames: frozenset[str]
    word_names: frozenset[str]
    not_name: frozenset[str]
    keep: re.Pattern[str]


def _read(name: str) -> list[str]:
    lines = (_DATA / name).read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@cache
def _lists() -> _Lists:
    keep = sorted(_read("keep_words.txt"), key=len, reverse=True)
    return _Lists(
        first=frozenset(_read("first_names.txt")),
        surnames=frozenset(_read("surnames.txt")),
        word_names=frozenset(_read("word_names.txt")),
        not_name=frozenset(_read("not_name_words.txt")),
        # a brand glued to a model or place ("Dell XPS 15", "Berlin-Kreuzberg") is kept whole
        keep=re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, keep)) + r")(?![\w])"),
    )


# A name-shaped word: capitalised, then lower case, with inner hyphen or apostrophe
# ("Schulz-Brandt", "O'Neill"); all-caps words (DHL, XPS) are never names.
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_PARTICLE = re.compile(r"(?:von|van|de|der|den|zu|vom|ten|da|di|del|le|la)\s+", re.ASCII)
_GAP = re.compile(r"[ \t]+")


def _shaped(word: str) -> bool:
    return (
        len(word) >= 2
        and word[0].isupper()
        and any(ch.islower() for ch in word[1:])
        and not any(ch.isdigit() for ch in word)
        and word[-1] not in "-'’"
    )


_CI = re.IGNORECASE
_HONORIFIC = re.compile(
    r"\b(?:Herrn?|Frau|Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame)\.?\s+(?:(?:Dr|Prof)\.\s+)*"
)
_STRONG_INTRO = re.compile(
    r"\b(?:mein\s+Name\s+(?:ist|lautet)|ich\s+hei(?:ß|ss)e|hier\s+(?:schreibt|spricht)"
    r"|my\s+name\s+is|my\s+name'?s|name)\s*:?\s*",
    _CI,
)
_WEAK_INTRO = re.compile(
    r"\b(?:ich\s+bin|hier\s+ist|this\s+is|I'?m|I\s+am|it'?s|here\s+is"
    r"|(?:vielen\s+)?dank\s+an|danke\s+an|lob\s+an|gr(?:ü|ue)(?:ß|ss)e\s+an|thanks\s+to"
    r"|thank\s+you\s+to|kudos\s+to|shout-?\s?out\s+to|big\s+thanks\s+to)\s+",
    _CI,
)
_STAFF = re.compile(
    r"\b(?:Kolleg(?:e|in|en)|Mitarbeiter(?:in)?|Verkäufer(?:in)?|Berater(?:in)?"
    r"|Fahrer(?:in)?|Techniker(?:in)?|Monteur(?:in)?|Filialleiter(?:in)?|Kassierer(?:in)?"
    r"|Servicemitarbeiter(?:in)?|Paketbote|Paketbotin|Zusteller(?:in)?"
    r"|agent|colleague|employee|driver|courier|rep|representative|advisor|adviser"
    r"|manager|technician|engineer|cashier|assistant|staff\s+member)"
    r"\s*,?\s+",
    _CI,
)
_SIGN_OFF = re.compile(
    r"(?:\b(?:Beste|Viele|Liebe|Freundliche|Herzliche|Schöne|Sonnige|Mit\s+freundlichen"
    r"|Mit\s+besten|Mit\s+herzlichen|Mit\s+lieben)\s+Grü(?:ß|ss)en?|\bGru(?:ß|ss)|\bGrü(?:ß|ss)e"
    r"|\bLG|\bVG|\bMfG|\bmfg|\bBest\s+regards|\bKind\s+regards|\bWarm\s+regards|\bRegards"
    r"|\bBest\s+wishes|\bBest|\bCheers|\bThanks|\bThank\s+you|\bMany\s+thanks"
    r"|\bYours(?:\s+(?:sincerely|faithfully|truly))?|\bSincerely|\bDanke(?:\s+im\s+Voraus)?"
    r"|\bVielen\s+Dank(?:\s+im\s+Voraus)?|\bHerzlichen\s+Dank|\bBis\s+dann)"
    r"(?:\s+(?:aus|from)\s+[\w-]+)?[ \t]*[,!.:]?\s*",
)
# After a sign-off the name closes the line: "Beste Grüße, Karin Vogel".
_LINE_END = re.compile(r"[ \t]*(?:$|\n|[,.;!)])")


def _name_words(text: str, pos: int, blocked: list[tuple[int, int]], limit: int = 4):
    """The run of name-shaped words starting at ``pos``, as (word, start, end)."""
    lists = _lists()
    words = []
    while len(words) < limit:
        m = _WORD.match(text, pos)
        particle = None
        if words and m and not _shaped(m.group()):
            particle = _PARTICLE.match(text, pos)
            m = _WORD.match(text, particle.end()) if particle else None
        if not m or not _shaped(m.group()):
            break
        word = m.group()
        if word in lists.not_name or any(s < m.end() and m.start() < e for s, e in blocked):
            break
        words.append((word, m.start(), m.end()))
        gap = _GAP.match(text, m.end())
        if not gap:
            break
        pos = gap.end()
    return words


def _accept(words, *, loose: bool, need_known: bool):
    """How many of ``words`` make the name (0: none)."""
    lists = _lists()
    first = words[0][0]
    known_first = first in lists.first or first in lists.word_names
    known = known_first or first in lists.surnames
    if need_known and not known and not (len(words) > 1 and words[1][0] in lists.surnames):
        return 0
    n = 1
    # first names may stack ("Anna Maria Schulz"); then one surname
    while n < len(words):
        prev_first = words[n - 1][0] in lists.first
        word = words[n][0]
        if loose or prev_first or word in lists.surnames:
            n += 1
            if word not in lists.first or n > 2:
                break
        else:
            break
    return n


def _span(words, n):
    return "NAME", words[0][1], words[n - 1][2]


def find_names(text: str):
    """Yield ``("NAME", start, end)`` for each personal name found in ``text``."""
    lists = _lists()
    blocked = [(m.start(), m.end()) for m in lists.keep.finditer(text)]
    taken: list[tuple[int, int]] = []

    def emit(words, n):
        if n:
            kind, start, end = _span(words, n)
            taken.append((start, end))
            yield kind, start, end

    contexts = (
        (_HONORIFIC, {"loose": False, "need_known": False}),
        (_STRONG_INTRO, {"loose": True, "need_known": False}),
        (_STAFF, {"loose": False, "need_known": False}),
        (_WEAK_INTRO, {"loose": False, "need_known": True}),
    )
    for pattern, rule in contexts:
        for m in pattern.finditer(text):
            words = _name_words(text, m.end(), blocked)
            if words:
                yield from emit(words, _accept(words, **rule))
    for m in _SIGN_OFF.finditer(text):
        words = _name_words(text, m.end(), blocked, limit=3)
        if words and _LINE_END.match(text, words[-1][2]):
            yield from emit(words, _accept(words, loose=True, need_known=False))
    # Without context: a known first name, and what looks like its surname.
    for m in _WORD.finditer(text):
        word = m.group()
        if any(s <= m.start() < e for s, e in taken):
            continue
        if word in lists.word_names or word not in lists.first:
            continue
        if any(s < m.end() and m.start() < e for s, e in blocked):
            continue
        # "Jan 2024", "Max. 5 Tage": an abbreviation before a number
        if re.match(r"\.?\s*\d", text[m.end() : m.end() + 3]):
            continue
        words = _name_words(text, m.start(), blocked, limit=3)
        if words and words[0][0] == word:
            yield from emit(words, _accept(words, loose=False, need_known=False) or 1)
    # A word name before a known surname ("Frank Weber").
    for m in _WORD.finditer(text):
        if m.group() in lists.word_names and not any(s <= m.start() < e for s, e in taken):
            words = _name_words(text, m.start(), blocked, limit=2)
            if len(words) == 2 and words[1][0] in lists.surnames:
                yield from emit(words, 2)
