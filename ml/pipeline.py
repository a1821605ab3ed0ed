"""The theme step of a run as pure functions, shared by theme runs and ``themes evaluate``.

A theme run (``app.services.theme_runs`` / ``theme_identity``) and the evaluation
(``ml.evaluate``, ``benchmarks/themes.py``) call the same functions here, so the figures
describe what users get:

1. :func:`prepare_text`: normalise, cap, redact, detect the language (what
   ``app.services.feedback`` stores as a feedback item);
2. :func:`item_segments`: split an item into at most ``MAX_SEGMENTS_PER_ITEM`` segments;
3. :func:`embedder_for`: the configured embedding model(s), one cached ``Embedder`` per
   configuration;
4. :func:`fit_themes`: ``ml.embed.theme_features`` (character n-grams for languages the
   model handles poorly), ``ml.themes.ThemeClusterer``, and the themes' means in
   embedding space, where :func:`ml.themes.assign` later places new segments;
5. ``ml.labels.label_themes`` on the result.

Item-level scoring (:func:`item_labels`): an item's theme is the theme of its longest
segment (the first of equally long ones); an item whose longest segment is unassigned is
unassigned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ml.embed import Embedder, theme_features
from ml.redact import redact
from ml.text import detect_language, normalize, segment
from ml.themes import ThemeClusterer, normalize_rows, raw_means

__all__ = [
    "MAX_FEEDBACK_CHARS",
    "MAX_SEGMENTS_PER_ITEM",
    "PreparedText",
    "SegmentTable",
    "ThemeFit",
    "embedder_for",
    "fit_themes",
    "item_labels",
    "item_segments",
    "model_languages",
    "prepare_text",
    "segment_items",
]

# Longest text analysed; longer feedback is cut. 20,000 characters is ~3,000 words, far
# beyond the longest CFPB narrative (the longest text in our evaluation data).
MAX_FEEDBACK_CHARS = 20_000
# At most this many aspects per item (issue 10): one long complaint must not flood the
# clustering; the smallest neighbouring segments are merged until it holds.
MAX_SEGMENTS_PER_ITEM = 8


@dataclass(frozen=True)
class PreparedText:
    """A feedback text as the theme engine sees it."""

    text: str  # normalised and redacted
    original: str  # normalised, not redacted
    redactions: int
    language: str


def prepare_text(text: object, *, language: str | None = None) -> PreparedText | None:
    """Normalise, cap at ``MAX_FEEDBACK_CHARS``, redact and detect the language.

    Returns None when nothing is left to analyse.
    """
    clean = normalize(text)[:MAX_FEEDBACK_CHARS]
    if not clean.strip():
        return None
    redacted = redact(clean)
    return PreparedText(
        text=redacted.text,
        original=clean,
        redactions=len(redacted.spans),
        language=language or detect_language(redacted.text),
    )


def item_segments(text: str, language: str | None) -> list[str]:
    """The segments a theme run makes of one (prepared) item."""
    return segment(text, language=language, max_segments=MAX_SEGMENTS_PER_ITEM)


@dataclass(frozen=True)
class SegmentTable:
    texts: list[str]
    languages: list[str]
    item: np.ndarray  # index of each segment's item


def segment_items(texts: Sequence[str], languages: Sequence[str]) -> SegmentTable:
    """Segment every item; ``item`` maps each segment back to its item's index."""
    pieces: list[str] = []
    langs: list[str] = []
    owner: list[int] = []
    for index, (text, language) in enumerate(zip(texts, languages, strict=True)):
        for piece in item_segments(text, language):
            pieces.append(piece)
            langs.append(language)
            owner.append(index)
    return SegmentTable(pieces, langs, np.array(owner, dtype=np.intp))


def model_languages(config: Mapping[str, Any]) -> tuple[str, ...]:
    """Languages the configured sentence model(s) embed well: English, plus any with its own."""
    return ("en", *sorted((config.get("EMBEDDING_MODELS_BY_LANGUAGE") or {}).keys()))


@lru_cache(maxsize=4)
def _embedder(
    model: str | None, batch_size: int, by_language: tuple, backend: str, cache_dir: str | None
) -> Embedder:
    return Embedder(
        model,
        batch_size=batch_size,
        models_by_language=dict(by_language) or None,
        backend=backend,
        cache_dir=cache_dir,
    )


def embedder_for(config: Mapping[str, Any]) -> Embedder:
    """The process's embedder for this configuration (the model loads once, lazily).

    With an ONNX backend the first use exports the model into ``EMBEDDING_CACHE_DIR``
    (it says so on stderr); later uses verify the cached file's checksum.
    """
    return _embedder(
        config.get("EMBEDDING_MODEL"),
        int(config.get("EMBEDDING_BATCH_SIZE", 64)),
        tuple(sorted((config.get("EMBEDDING_MODELS_BY_LANGUAGE") or {}).items())),
        str(config.get("EMBEDDING_BACKEND") or "torch"),
        config.get("EMBEDDING_CACHE_DIR"),
    )


@dataclass
class ThemeFit:
    """A full fit: segment labels and the themes in embedding space.

    ``means`` are the raw (not unit-length) means of each theme's embeddings: what a theme
    stores and what :func:`ml.themes.assign` uses for segments arriving between full runs.
    ``centroids`` are their unit-length directions (zeros for an empty theme), except that
    pinned themes keep the stored direction they were given.
    """

    labels: np.ndarray
    means: np.ndarray
    centroids: np.ndarray
    clusterer: ThemeClusterer

    @property
    def n_themes(self) -> int:
        return int(self.clusterer.n_themes_)


def fit_themes(
    texts: Sequence[str],
    embeddings: np.ndarray,
    languages: Sequence[str],
    *,
    model_languages: tuple[str, ...] = ("en",),
    pinned_members: np.ndarray | None = None,
    pinned_directions: np.ndarray | None = None,
    random_state: int = 0,
) -> ThemeFit:
    """Features, clustering and embedding-space theme means, exactly as a full run does.

    Args:
        texts, embeddings, languages: The segments.
        model_languages: Languages the embedding model(s) handle well (no character
            features for them).
        pinned_members: Optional index of each segment's pinned theme (``-1``: none).
        pinned_directions: The pinned themes' stored embedding-space centroids; a pinned
            theme with no segments keeps this direction.
        random_state: Seed.
    """
    features = theme_features(
        texts,
        embeddings,
        languages=languages,
        model_languages=model_languages,
        random_state=random_state,
    )
    fixed = None
    if pinned_directions is not None and len(pinned_directions):
        fixed = _pinned_centres(features, pinned_members, np.asarray(pinned_directions))
    clusterer = ThemeClusterer(random_state=random_state).fit(features, fixed_centroids=fixed)
    labels = clusterer.labels_.copy()
    means = raw_means(normalize_rows(embeddings), labels, clusterer.n_themes_)
    centroids = normalize_rows(means)
    if fixed is not None:
        p = len(pinned_directions)
        centroids[:p] = normalize_rows(pinned_directions)
        empty = ~np.any(means[:p], axis=1)
        means[:p][empty] = centroids[:p][empty]
    return ThemeFit(labels=labels, means=means, centroids=centroids, clusterer=clusterer)


def _pinned_centres(features: np.ndarray, members: np.ndarray, stored: np.ndarray) -> np.ndarray:
    """Pinned themes' centres in this run's feature space, from the segments they hold."""
    centres = normalize_rows(raw_means(features, np.asarray(members), len(stored)))
    empty = ~np.any(centres, axis=1)
    if empty.any():  # a pinned theme with no segments left keeps its stored direction
        padded = np.zeros_like(centres)
        padded[:, : stored.shape[1]] = normalize_rows(stored)
        centres[empty] = padded[empty]
    return centres


def item_labels(segment_labels: np.ndarray, table: SegmentTable, n_items: int) -> np.ndarray:
    """Each item's theme: the theme of its longest segment (``-1`` if it has none)."""
    out = np.full(n_items, -1, dtype=np.intp)
    best = np.full(n_items, -1)
    for label, item, text in zip(segment_labels, table.item, table.texts, strict=True):
        if len(text) > best[item]:
            best[item] = len(text)
            out[item] = label
    return out
