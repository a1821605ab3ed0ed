"""Measure the theme engine against human labels, through exactly the production path.

``voxloop themes evaluate`` calls :func:`evaluate_csv`; the benchmark calls
:func:`run_pipeline`. Both go through ``ml.pipeline``, the functions a theme run calls:
normalise and redact each text, detect its language, segment it (at most 8 segments),
embed the segments with the configured model(s), build the theme features, fit
:class:`~ml.themes.ThemeClusterer` and label the themes. So the figures describe what
users get.

Scoring: an item's theme is the theme of its longest segment
(:func:`ml.pipeline.item_labels`); NMI/ARI are reported per item (``nmi``, ``ari``) and
per segment (``segment_nmi``, ``segment_ari``, each segment carrying its item's label).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from ml.embed import Embedder
from ml.labels import ThemeLabel, label_themes
from ml.pipeline import (
    SegmentTable,
    ThemeFit,
    embedder_for,
    fit_themes,
    item_labels,
    model_languages,
    prepare_text,
    segment_items,
)

__all__ = ["PipelineResult", "evaluate_csv", "evaluate_texts", "run_pipeline", "score"]


@dataclass
class PipelineResult:
    """What a full theme run makes of a list of texts."""

    kept: list[int]  # indices of the input texts with something to analyse
    segments: SegmentTable  # ``segments.item`` indexes ``kept``
    embeddings: np.ndarray
    fit: ThemeFit
    names: dict[int, ThemeLabel]
    item_labels: np.ndarray  # per kept text: its longest segment's theme
    seconds_embedding: float
    seconds_themes: float


def run_pipeline(
    texts: Sequence[str],
    *,
    embedder: Embedder,
    model_languages: tuple[str, ...] = ("en",),
    random_state: int = 0,
    embed=None,
) -> PipelineResult:
    """Prepare, segment, embed, fit and label ``texts`` as a full theme run does.

    Args:
        texts: Raw feedback texts.
        embedder: The embedder (see :func:`ml.pipeline.embedder_for`).
        model_languages: Languages the model(s) handle well.
        random_state: Seed for the clusterer.
        embed: Optional ``(segment_texts, languages) -> embeddings`` replacing
            ``embedder.encode`` (the benchmark caches vectors on disk with it).
    """
    prepared = [prepare_text(t) for t in texts]
    kept = [i for i, p in enumerate(prepared) if p is not None]
    items = [prepared[i] for i in kept]
    table = segment_items([p.text for p in items], [p.language for p in items])
    start = time.perf_counter()
    encode = embed or embedder.encode
    embeddings = np.asarray(encode(table.texts, table.languages), dtype=np.float32)
    seconds_embedding = time.perf_counter() - start
    start = time.perf_counter()
    fit = fit_themes(
        table.texts,
        embeddings,
        table.languages,
        model_languages=model_languages,
        random_state=random_state,
    )
    names = label_themes(
        table.texts, fit.labels, embeddings, fit.centroids, languages=table.languages
    )
    seconds_themes = time.perf_counter() - start
    return PipelineResult(
        kept=kept,
        segments=table,
        embeddings=embeddings,
        fit=fit,
        names=names,
        item_labels=item_labels(fit.labels, table, len(kept)),
        seconds_embedding=seconds_embedding,
        seconds_themes=seconds_themes,
    )


def score(labels_true: Sequence[Any], labels_pred: np.ndarray) -> dict[str, float]:
    """NMI and ARI in percent; unassigned segments (``-1``) count as one more group."""
    return {
        "nmi": round(100 * float(normalized_mutual_info_score(labels_true, labels_pred)), 2),
        "ari": round(100 * float(adjusted_rand_score(labels_true, labels_pred)), 2),
    }


def evaluate_texts(
    texts: Sequence[str],
    labels_true: Sequence[Any],
    *,
    embedder: Embedder | None = None,
    config: Mapping[str, Any] | None = None,
    random_state: int = 0,
) -> dict[str, Any]:
    """Theme the texts through the production path and compare with the true labels.

    Args:
        texts: The texts.
        labels_true: One human label per text.
        embedder: The embedder; by default the one ``config`` describes, as in a run.
        config: Application configuration (``EMBEDDING_MODEL``,
            ``EMBEDDING_MODELS_BY_LANGUAGE``, ``EMBEDDING_BATCH_SIZE``); empty by default.
        random_state: Seed for the clusterer.

    Returns:
        ``n`` (items with a text), ``segments``, ``themes``, ``true_groups``,
        ``unassigned_fraction`` (items), ``nmi``, ``ari`` (items, percent),
        ``segment_unassigned_fraction``, ``segment_nmi``, ``segment_ari``,
        ``seconds_embedding``, ``seconds_themes`` and ``labels`` (theme names).

    Raises:
        ValueError: no texts, or texts and labels differ in length.
    """
    texts = list(texts)
    labels_true = list(labels_true)
    if not texts:
        raise ValueError("no texts to evaluate: the input is empty")
    if len(texts) != len(labels_true):
        raise ValueError(f"got {len(texts)} texts but {len(labels_true)} labels")
    config = config or {}
    result = run_pipeline(
        texts,
        embedder=embedder or embedder_for(config),
        model_languages=model_languages(config),
        random_state=random_state,
    )
    truth = [labels_true[i] for i in result.kept]
    if not truth:
        raise ValueError("no texts to evaluate: every text is empty after normalising")
    segment_truth = [truth[i] for i in result.segments.item]
    segment_scores = score(segment_truth, result.fit.labels)
    pred = result.item_labels
    return {
        "n": len(truth),
        "segments": len(result.segments.texts),
        "themes": result.fit.n_themes,
        "true_groups": len(set(truth)),
        "unassigned_fraction": round(float(np.mean(pred < 0)), 4),
        **score(truth, pred),
        "segment_unassigned_fraction": round(float(np.mean(result.fit.labels < 0)), 4),
        "segment_nmi": segment_scores["nmi"],
        "segment_ari": segment_scores["ari"],
        "seconds_embedding": round(result.seconds_embedding, 3),
        "seconds_themes": round(result.seconds_themes, 3),
        "labels": {int(t): name.label for t, name in sorted(result.names.items())},
    }


def evaluate_csv(
    path: str | Path,
    text_column: str,
    label_column: str,
    *,
    embedder: Embedder | None = None,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Evaluate the theme engine on a labelled UTF-8 CSV file (see :func:`evaluate_texts`).

    Rows with an empty text are skipped.

    Raises:
        ValueError: the file is empty, a column is missing, or no row has a text.
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        if not columns:
            raise ValueError(f"{path} is empty: expected a header row with column names")
        missing = [c for c in (text_column, label_column) if c not in columns]
        if missing:
            raise ValueError(
                f"{path} has no column {', '.join(repr(c) for c in missing)}; "
                f"its columns are {', '.join(repr(c) for c in columns)}"
            )
        rows = [r for r in reader if (r.get(text_column) or "").strip()]
    if not rows:
        raise ValueError(f"{path} has no rows with a text in column {text_column!r}")
    return evaluate_texts(
        [r[text_column] for r in rows],
        [r[label_column] or "" for r in rows],
        embedder=embedder,
        config=config,
    )
