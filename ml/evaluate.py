"""Measure the theme engine against human labels, through exactly the production path.

``voxloop themes evaluate`` calls :func:`evaluate_csv`; the benchmark calls
:func:`evaluate_texts`. Both embed, build the theme features, fit
:class:`~ml.themes.ThemeClusterer` and label the themes just as a real run does, so the
figures describe what users get.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from ml.embed import Embedder, theme_features
from ml.labels import label_themes
from ml.themes import ThemeClusterer

__all__ = ["cluster_texts", "evaluate_csv", "evaluate_texts", "score"]


def cluster_texts(
    texts: Sequence[str],
    embeddings: np.ndarray,
    *,
    languages: Sequence[str] | None = None,
    random_state: int = 0,
) -> tuple[ThemeClusterer, dict]:
    """The production theme step on precomputed embeddings: features, fit, labels.

    Returns:
        The fitted clusterer and ``{theme: ThemeLabel}``.
    """
    features = theme_features(texts, embeddings, languages=languages, random_state=random_state)
    clusterer = ThemeClusterer(random_state=random_state).fit(features)
    names = label_themes(
        texts, clusterer.labels_, embeddings, clusterer.centroids_, languages=languages
    )
    return clusterer, names


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
    embedder: Embedder,
    random_state: int = 0,
) -> dict[str, Any]:
    """Theme the texts and compare with the true labels.

    Args:
        texts: The texts.
        labels_true: One human label per text.
        embedder: The embedder to use (its cache makes repeated runs cheap).
        random_state: Seed for the clusterer.

    Returns:
        ``n``, ``themes``, ``true_groups``, ``unassigned_fraction``, ``nmi``, ``ari`` (in
        percent), ``seconds_embedding``, ``seconds_themes`` and ``labels`` (theme names).

    Raises:
        ValueError: no texts, or texts and labels differ in length.
    """
    texts = list(texts)
    labels_true = list(labels_true)
    if not texts:
        raise ValueError("no texts to evaluate: the input is empty")
    if len(texts) != len(labels_true):
        raise ValueError(f"got {len(texts)} texts but {len(labels_true)} labels")
    start = time.perf_counter()
    embeddings = embedder.encode(texts)
    seconds_embedding = time.perf_counter() - start
    start = time.perf_counter()
    clusterer, names = cluster_texts(texts, embeddings, random_state=random_state)
    seconds_themes = time.perf_counter() - start
    pred = clusterer.labels_
    return {
        "n": len(texts),
        "themes": int(clusterer.n_themes_),
        "true_groups": len(set(labels_true)),
        "unassigned_fraction": round(float(np.mean(pred < 0)), 4),
        **score(labels_true, pred),
        "seconds_embedding": round(seconds_embedding, 3),
        "seconds_themes": round(seconds_themes, 3),
        "labels": {int(t): name.label for t, name in sorted(names.items())},
    }


def evaluate_csv(
    path: str | Path,
    text_column: str,
    label_column: str,
    *,
    embedder: Embedder | None = None,
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
        embedder=embedder or Embedder(),
    )
