"""Readable names, keywords and example quotes for themes.

Keywords come from a class-based TF-IDF: all texts of a theme form one document, and a
term scores high when it is frequent in that theme and rare across the others. Phrases
are built only from adjacent non-stop words, so a label reads like the customers wrote
it ("card payment declined"), never like a bag of words stitched across "of the".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["ENGLISH_STOP_WORDS", "GERMAN_STOP_WORDS", "ThemeLabel", "label_themes"]


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Written for short customer feedback: function words plus filler that says nothing about
# a theme ("please", "hello", "bitte", "leider"). scikit-learn only ships an English list.
ENGLISH_STOP_WORDS = _word_set(
    """
    a about above after again against all also am an and any are aren as at be because
    been before being below between both but by can cannot could couldn did didn do does
    doesn doing don down during each even ever few for from further get gets getting got
    had hadn has hasn have haven having he her here hers herself him himself his how i
    if in into is isn it its itself just let lets like me might more most much must
    mustn my myself need no nor not now of off on once one only or other ought our ours
    ourselves out over own please same shall she should shouldn so some still such than
    thank thanks that the their theirs them themselves then there these they this those
    through to too under until up upon us very via was wasn we were weren what when
    where whether which while who whom why will with won would wouldn yet you your yours
    yourself yourselves hi hello hey dear ok okay really already im ive id youre dont
    cant wont isnt didnt doesnt wasnt arent hasnt havent s t ll re ve d m yes would
    could may
    """
)

GERMAN_STOP_WORDS = _word_set(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen
    anderer anderes auch auf aus bei beim bin bis bist bitte da dabei dadurch dafür
    dagegen daher damit dann daran darauf darum das dass dein deine deinem deinen deiner
    dem den denn der des deshalb dessen dich die dies diese diesem diesen dieser dieses
    dir doch dort du durch ein eine einem einen einer eines einfach er es etwas euch
    euer eure für gab gar gegen gehabt gewesen gibt habe haben hallo hast hat hatte
    hätte ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im immer in ins ist ja jede jedem
    jeden jeder jedes jetzt kann kein keine keinem keinen keiner können könnte leider
    man manche mein meine meinem meinen meiner mich mir mit muss musste nach nicht
    nichts noch nun nur ob oder ohne schon sehr sei sein seine seinem seinen seiner seit
    sich sie sind so soll sollte sondern über um und uns unser unsere unter viel vom von
    vor war waren warum was weil welche welchem welchen welcher welches wenn wer werde
    werden wie wieder wir wird wirklich wo wurde wurden zu zum zur zwar zwischen danke
    gerne mal ganz halt eben heute gestern morgen hier dort mehr ab
    """
)

_STOP = ENGLISH_STOP_WORDS | GERMAN_STOP_WORDS
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SPACE = re.compile(r"\s+")
# Links and @handles are noise in tweets and e-mails, never a theme's name; nor are our
# redaction placeholders ("[EMAIL]") or the CFPB's scrubbing marks ("XXXX", "XX/XX").
_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|\[[A-Z_]+\]|\b[Xx]{2,}\b")
# A label phrase never spans these: sentence ends, clause marks, brackets, line breaks.
_BOUNDARY = re.compile(r"[.!?;:,()\[\]\n\"“”„«»]+|\s[-–—]\s")


@dataclass(frozen=True)
class ThemeLabel:
    """A theme's automatic name, its top terms and the indices of its most typical texts."""

    label: str
    keywords: tuple[str, ...]
    quote_indices: tuple[int, ...]


def _terms(text: str, surface: Counter) -> list[str]:
    """Uni-, bi- and trigrams of adjacent non-stop words within one clause, lowercased.

    ``surface`` counts the original spelling of each term so labels keep German noun
    capitals ("Verspätung") and English lower case.
    """
    terms: list[str] = []
    for clause in _BOUNDARY.split(_NOISE.sub(" . ", text)):
        run: list[str] = []
        for word in [*_WORD.findall(clause), ""]:
            low = word.lower()
            # A contraction ("it's", "gibt's") is never a term, alone or in a phrase.
            if low and low not in _STOP and len(low) > 1 and "'" not in low and "’" not in low:
                run.append(word)
                continue
            for size in (1, 2, 3):
                for i in range(len(run) - size + 1):
                    original = " ".join(run[i : i + size])
                    term = original.lower()
                    terms.append(term)
                    surface[term, original] += 1
            run = []
    return terms


def _pick_label(ranked: list[tuple[str, float]]) -> list[str]:
    """The best phrase of 2-3 words if it scores close to the best term, else two terms."""
    if not ranked:
        return []
    top = ranked[0][1]
    for term, score in ranked:
        if score < 0.5 * top:
            break
        if 2 <= len(term.split()) <= 3:
            return [term]
    words = [t for t, _ in ranked if " " not in t][:2]
    return words if len(words) == 2 else [ranked[0][0]]


def label_themes(
    texts: Sequence[str],
    labels: np.ndarray,
    embeddings: np.ndarray,
    centroids: np.ndarray,
    *,
    languages: Sequence[str] | None = None,
    n_keywords: int = 8,
    n_quotes: int = 3,
) -> dict[int, ThemeLabel]:
    """Name every non-empty theme and pick its most typical texts.

    Args:
        texts: The segment texts.
        labels: Theme per text (``-1`` = unassigned, ignored).
        embeddings: Unit-length vectors of the texts.
        centroids: Theme centroids in the same space as ``embeddings``; if the dimensions
            differ (themes fitted on extended features) they are recomputed from
            ``embeddings``.
        languages: ISO code per text; a theme is labelled from the texts in its majority
            language so a mostly German theme gets a German name.
        n_keywords: Keywords per theme.
        n_quotes: Quotes per theme (distinct texts closest to the centroid).

    Returns:
        ``{theme: ThemeLabel}`` for every theme with at least one text.
    """
    labels = np.asarray(labels)
    embeddings = np.asarray(embeddings, dtype=np.float32)
    themes = [int(t) for t in np.unique(labels) if t >= 0]
    if not themes:
        return {}
    if centroids.shape[1] != embeddings.shape[1]:
        from ml.themes import theme_centroids

        centroids = theme_centroids(embeddings, labels, int(labels.max()) + 1)
    surface: Counter = Counter()
    docs: dict[int, Counter] = {}
    for theme in themes:
        members = np.flatnonzero(labels == theme)
        if languages is not None:
            majority = Counter(languages[i] for i in members).most_common(1)[0][0]
            members = [i for i in members if languages[i] == majority]
        docs[theme] = Counter(term for i in members for term in _terms(texts[i], surface))
    spelling: dict[str, tuple[int, str]] = {}
    for (term, original), count in surface.items():
        if count > spelling.get(term, (0, ""))[0]:
            spelling[term] = (count, original)
    # Class-based TF-IDF: term frequency within the theme, times log(1 + average theme
    # length / the term's frequency over all themes).
    total = Counter()
    for doc in docs.values():
        total.update(doc)
    average = sum(total.values()) / len(docs)
    result: dict[int, ThemeLabel] = {}
    for theme in themes:
        doc = docs[theme]
        length = sum(doc.values()) or 1
        scores = {t: c / length * np.log1p(average / total[t]) for t, c in doc.items() if c > 1}
        if not scores:  # a theme of one-off words: fall back to every term
            scores = {t: c / length * np.log1p(average / total[t]) for t, c in doc.items()}
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        keywords: list[str] = []
        for term, _ in ranked:
            if not any(f" {term} " in f" {kept} " for kept in keywords):
                keywords.append(term)
            if len(keywords) == n_keywords:
                break
        label = ", ".join(spelling.get(t, (0, t))[1] for t in _pick_label(ranked))
        label = label[:1].upper() + label[1:] if label else f"Theme {theme}"
        result[theme] = ThemeLabel(
            label=label,
            keywords=tuple(keywords),
            quote_indices=_quotes(texts, labels, embeddings, centroids[theme], theme, n_quotes),
        )
    return result


def _quotes(
    texts: Sequence[str],
    labels: np.ndarray,
    embeddings: np.ndarray,
    centroid: np.ndarray,
    theme: int,
    n_quotes: int,
) -> tuple[int, ...]:
    members = np.flatnonzero(labels == theme)
    order = members[np.argsort(-(embeddings[members] @ centroid), kind="stable")]
    seen: set[str] = set()
    chosen: list[int] = []
    for i in order:
        key = _SPACE.sub(" ", texts[i]).strip().casefold()
        if key in seen:
            continue
        seen.add(key)
        chosen.append(int(i))
        if len(chosen) == n_quotes:
            break
    return tuple(chosen)
