"""Text hygiene for customer feedback: normalisation, language detection, aspect segments.

The theme engine works on *segments*: one comment such as "only pick-up was offered; the
agent was rude" carries two aspects and must land in two themes. Everything here is pure,
deterministic and never raises on odd input, because feedback arrives from web forms,
CSV imports and APIs with every kind of encoding accident.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

__all__ = ["detect_language", "normalize", "segment"]

# Zero-width and invisible formatting characters that survive NFKC but split words for
# tokenizers and regexes (e.g. an e-mail address with a ZWSP inside escapes redaction).
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"))
_LINE_BREAKS = re.compile(r"\r\n|[\r\u0085\u2028\u2029\v\f]")
_HSPACE = re.compile(r"[^\S\n]+")
_SPACE_AROUND_NL = re.compile(r" ?\n ?")
_MANY_NL = re.compile(r"\n{3,}")


def normalize(text: object) -> str:
    """Return a clean, canonical form of a feedback text.

    Applies NFKC (full-width letters, ligatures and non-breaking spaces become their plain
    forms), removes control, format and zero-width characters except newlines, collapses
    runs of horizontal whitespace to one space and keeps at most one blank line.

    Args:
        text: Any value; ``None`` becomes ``""`` and non-strings are converted with ``str``.

    Returns:
        The normalised text, stripped of leading and trailing whitespace.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    # Lone surrogates (from broken JSON/CSV decoders) make NFKC and later encoders fail.
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = "".join(
        ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else (" " if ch.isspace() else "")
        for ch in text
    )
    text = _HSPACE.sub(" ", text)
    text = _SPACE_AROUND_NL.sub("\n", text)
    return _MANY_NL.sub("\n\n", text).strip()


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# --- language detection ------------------------------------------------------------------


# Frequent words that are (nearly) exclusive to one language in customer comments. Words
# shared or misleading across de/en ("in", "an", "was", "will", "also", "fast", "man") are
# deliberately absent. They only matter when the character model is unsure.
def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_HINT_WORDS = {
    "de": _wordset(
        """und der die das den dem des ist nicht ich ein eine einen mit auf für war wurde
        sehr mein meine meinen kein keine keinen bitte danke leider immer noch auch aber
        wie zu hat habe haben wir sie es bei nach vom zum zur gut schlecht gar nichts ja
        nein hallo wieder schon nur warum wo wann dass ob oder sind wäre hätte kann konnte
        mir mich uns euch ihr ihnen dem beim heute gestern toll prima klasse"""
    ),
    "en": _wordset(
        """the and is not i my a with for very thanks thank you please it this that of to on
        at but have has had were are be been never always good bad great slow late hello hi
        what why where when how no yes can could would should me our your they we he she
        just still again only from there their too much awesome nice poor terrible"""
    ),
}
_DE_LETTERS = re.compile(r"[äöüÄÖÜß]")
_WORD = re.compile(r"[^\W\d_]+")
# Minimum log-odds between the two best languages before we trust the decision; below it
# the caller's default is the better guess (e.g. "ok", "Top", "Super!").
_MIN_MARGIN = 0.5
_HINT_WEIGHT = 1.5


@lru_cache(maxsize=8)
def _identifier(candidates: tuple[str, ...]):
    # One identifier per candidate set: set_languages mutates the instance, so sharing one
    # across candidate sets would not be thread-safe.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(candidates))
    return identifier


def detect_language(
    text: str, *, candidates: tuple[str, ...] = ("de", "en"), default: str = "en"
) -> str:
    """Detect the language of a (possibly very short) customer comment.

    The character n-gram model of py3langid, restricted to ``candidates``, gives a
    probability per language. For German and English, function words and umlauts/ß add
    evidence, which matters for two-word comments where character statistics are weak.
    When the evidence is still balanced the ``default`` is returned.

    Args:
        text: The comment; need not be normalised.
        candidates: ISO 639-1 codes to choose from.
        default: Returned for empty, non-linguistic or undecidable texts.

    Returns:
        One of ``candidates`` or ``default``.
    """
    candidates = tuple(dict.fromkeys(candidates))
    text = normalize(text)
    if not candidates or not _WORD.search(text):
        return default
    if len(candidates) == 1:
        return candidates[0]
    try:
        ranked = _identifier(candidates).rank(text)
    except ValueError:  # a candidate py3langid does not know
        return default
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {}
    for lang, prob in ranked:
        score = math.log(max(prob, 1e-9))
        hints = _HINT_WORDS.get(lang)
        if hints is not None:
            hits = sum(w in hints for w in words)
            if lang == "de":
                hits += len(_DE_LETTERS.findall(text)) > 0
            score += _HINT_WEIGHT * hits
        scores[lang] = score
    best, second = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:2]
    if best[1] - second[1] < _MIN_MARGIN:
        return default
    return best[0]


# --- aspect segmentation -----------------------------------------------------------------

# Tokens whose trailing period never ends a sentence. Single letters (z. B., d. h., u. a.,
# initials) are handled generically.
_ABBREVIATIONS = _wordset(
    """bzw ca dr prof nr str tel evtl ggf inkl zzgl usw etc vgl sog mind max min ca bspw
    abs art fa hr hrn fr frau herr jan feb mär apr jun jul aug sep sept okt nov dez
    mr mrs ms st no vs approx dept est jr sr inc ltd co corp e.g i.e u.a z.b d.h"""
)
_PROTECTED = re.compile(
    r"\[[A-Z_]{2,20}\]"  # placeholders from redaction
    r"|\b(?:https?://|www\.)\S+"
    r"|\b[\w.+-]+@[\w-]+\.[\w.-]+"
    r"|\d+(?:[.,:]\d+)+",  # 3.5, 1.299,00, 14:30
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'»«“”)]*\s+|\s*\n+\s*|;\s*")
_TOKEN_BEFORE = re.compile(r"([\w.]+)\.+$")
# "am 3. Mai", "zum 2. Mal", "bestellt am 14.03. und" — ordinals and day.month. dates.
_ORDINAL = re.compile(r"^\d{1,2}(?:\.\d{1,2})?$")

_CONNECTORS_COMMA = {
    # Only a split point after a comma: alone they are often adverbs inside a clause.
    "en": r"however|also|plus|although|though|whereas|besides|additionally|otherwise|"
    r"apart from that|on the other hand|and (?:the|my|your|also|then|i|it|they|he|she|we|"
    r"nobody|no one|there|when)",
    "de": r"aber|jedoch|allerdings|sondern|außerdem|zudem|ansonsten|dafür|trotzdem|"
    r"und (?:dann|auch|außerdem|zudem|der|die|das|ich|es|man|niemand|keiner)",
}
_CONNECTORS_FREE = {
    # Split points anywhere between words.
    "en": r"but|and also|and then|on top of that|in addition",
    "de": r"und dann|und außerdem|und zudem|und auch noch|aber auch",
}
# Connectors dropped from the start of a segment: the coordinating ones carry no aspect.
_LEADING = re.compile(
    r"^(?:(?:and also|and then|and|but|plus|und dann|und|aber|sondern)\b[\s,]*"
    r"|(?:also|however|besides|additionally|jedoch|allerdings|außerdem|zudem)\s*,\s*)",
    re.IGNORECASE,
)
_TRAILING = " \t\n.,;:-–—"


def _connector_pattern(language: str | None) -> re.Pattern[str]:
    langs = [language] if language in _CONNECTORS_FREE else list(_CONNECTORS_FREE)
    comma = "|".join(_CONNECTORS_COMMA[lang] for lang in langs)
    free = "|".join(_CONNECTORS_FREE[lang] for lang in langs)
    return re.compile(rf",\s+(?=(?:{comma})\b)|(?<=\s)(?=(?:{free})\b)", re.IGNORECASE)


def _is_abbreviation(text: str, dot_end: int) -> bool:
    """Whether the period(s) ending at ``dot_end`` belong to an abbreviation or ordinal."""
    match = _TOKEN_BEFORE.search(text, max(0, dot_end - 20), dot_end)
    if not match:
        return False
    token = match.group(1).lower()
    # Single letters (z. B.) and ordinals ("am 3. Mai", "zum 2. Mal") never end a sentence.
    return len(token) == 1 or token in _ABBREVIATIONS or bool(_ORDINAL.match(token))


def _cut_points(text: str, language: str | None) -> list[int]:
    protected = [m.span() for m in _PROTECTED.finditer(text)]

    def inside(pos: int) -> bool:
        return any(start < pos < end for start, end in protected)

    cuts = set()
    for match in _SENTENCE_END.finditer(text):
        punct = match.group().rstrip()
        if punct.endswith(".") and _is_abbreviation(text, match.start() + len(punct)):
            continue
        if not inside(match.start() + 1):
            cuts.add(match.end())
    for match in _connector_pattern(language).finditer(text):
        if not inside(match.start()):
            cuts.add(match.end())
    return sorted(c for c in cuts if 0 < c < len(text))


def _trim(piece: str) -> str:
    piece = piece.strip()
    piece = _LEADING.sub("", piece, count=1)
    return " ".join(piece.rstrip(_TRAILING).split())


def segment(
    text: str, *, language: str | None = None, max_segments: int = 8, min_chars: int = 12
) -> list[str]:
    """Split a feedback text into aspect segments so one comment can carry several themes.

    Splits on sentence ends, semicolons, line breaks and contrastive/additive connectors
    ("but", "however", "also", "aber", "außerdem", "jedoch", "und dann" …). Never splits
    inside abbreviations (z. B., Nr., e.g.), ordinals, numbers, URLs, e-mail addresses or
    redaction placeholders. Fragments shorter than ``min_chars`` are merged back into a
    neighbour, and the smallest neighbours are merged until at most ``max_segments``
    remain. Leading coordinating conjunctions and trailing punctuation (except ``!``/``?``)
    are removed from segments of a split text.

    Args:
        text: The feedback text; it is normalised first.
        language: ``"de"`` or ``"en"`` to use only that language's connectors; ``None``
            uses both.
        max_segments: Upper bound on the number of segments.
        min_chars: Minimum length of a segment.

    Returns:
        The segments in reading order; ``[normalize(text)]`` when the text is short or has
        a single aspect, ``[]`` when it is empty.
    """
    text = normalize(text)
    if not text:
        return []
    if len(text) < 2 * min_chars or max_segments <= 1:
        return [text]
    bounds = [0, *_cut_points(text, language), len(text)]
    spans = [(a, b) for a, b in pairwise(bounds) if a < b]

    def size(span: tuple[int, int]) -> int:
        return len(_trim(text[span[0] : span[1]]))

    # Merge fragments that are too short to be an aspect into their predecessor (or the
    # successor for the first one); spans are contiguous, so a merge is a union.
    i = 0
    while i < len(spans) and len(spans) > 1:
        if size(spans[i]) >= min_chars:
            i += 1
            continue
        j = i - 1 if i > 0 else i + 1
        lo, hi = min(i, j), max(i, j)
        spans[lo : hi + 1] = [(spans[lo][0], spans[hi][1])]
        i = max(lo - 1, 0)
    while len(spans) > max_segments:
        k = min(range(len(spans) - 1), key=lambda n: spans[n + 1][1] - spans[n][0])
        spans[k : k + 2] = [(spans[k][0], spans[k + 1][1])]
    if len(spans) == 1:
        return [text]
    return [_trim(text[a:b]) for a, b in spans]
