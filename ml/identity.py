"""Stable theme identity across re-clustering runs.

Every run of the theme engine produces fresh clusters with arbitrary indices. Analysts have
named, triaged and linked themes to improvement actions, so a new run must say which new
cluster *is* which old theme, which old themes split or merged, which are new and which
disappeared. History is kept by the caller; this module only computes the matching.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

__all__ = ["OVERLAP_WEIGHT", "ThemeMatching", "match_themes", "overlap_matrix"]

# Weight of segment overlap in the pairing score ``similarity + weight * share``, where
# ``share`` is the fraction of the old theme's segments that the new theme holds (0..1).
# Only pairs with similarity >= min_similarity (0.8) compete, so admissible similarities
# span at most 0.2; a weight of 0.2 lets the share, over its whole range, count as much as
# the whole admissible range of similarity. Chosen by that argument, not fitted to data:
# with equal centroid evidence the cluster that actually holds the old theme's segments
# wins, while a 0.1 share difference moves the score no more than a 0.02 cosine difference.
OVERLAP_WEIGHT = 0.2


@dataclass(frozen=True)
class ThemeMatching:
    """How the themes of a new run relate to those of the previous run.

    Attributes:
        pairs: ``(old_idx, new_idx, similarity)`` one-to-one matches; the new theme takes
            over the old theme's identity (id, name, status, actions).
        splits: ``(old_idx, (new_idx, ...))`` an old theme whose segments now spread over
            two or more new themes. Its paired successor, if any, is among them; the
            others need new ids with the old theme recorded as their origin.
        merges: ``((old_idx, ...), new_idx)`` two or more old themes whose segments now
            mostly land in one new theme. At most one of them is paired with it; the
            others end, recorded as merged into it.
        new: New themes that are neither paired nor part of a split or merge.
        retired: Old themes that are neither paired nor part of a split or merge.
    """

    pairs: tuple[tuple[int, int, float], ...]
    splits: tuple[tuple[int, tuple[int, ...]], ...]
    merges: tuple[tuple[tuple[int, ...], int], ...]
    new: tuple[int, ...]
    retired: tuple[int, ...]


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    # A zero centroid has no direction; it gets similarity 0 to everything.
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def overlap_matrix(
    old_labels: np.ndarray, new_labels: np.ndarray, n_old: int, n_new: int
) -> np.ndarray:
    """Count the segments shared by each old and new theme.

    Args:
        old_labels: Old theme index per segment, ``-1`` for unassigned.
        new_labels: New theme index per segment (same segments, same order), ``-1`` for
            unassigned.
        n_old: Number of old themes.
        n_new: Number of new themes.

    Returns:
        An ``(n_old, n_new)`` integer matrix for ``match_themes(overlap=...)``.
    """
    old_labels = np.asarray(old_labels, dtype=int)
    new_labels = np.asarray(new_labels, dtype=int)
    if old_labels.shape != new_labels.shape:
        raise ValueError("old_labels and new_labels must describe the same segments")
    keep = (old_labels >= 0) & (new_labels >= 0)
    counts = np.zeros((n_old, n_new), dtype=int)
    np.add.at(counts, (old_labels[keep], new_labels[keep]), 1)
    return counts


def _assign(
    sim: np.ndarray, score: np.ndarray, admissible: np.ndarray
) -> tuple[tuple[int, int, float], ...]:
    """Most admissible pairs, then highest total score: Hungarian on a masked matrix.

    Masking *before* the assignment matters: maximising over all pairs and dropping the
    weak ones afterwards can trade a valid match for an inadmissible pair and lose it.
    """
    if not admissible.any():
        return ()
    valid = score[admissible]
    # Each admissible pair is worth a bonus larger than any possible difference in total
    # score, so an assignment with one more admissible pair always wins; inadmissible
    # pairs are worth nothing and are dropped if the assignment still has to use them.
    # ("+ 1.0" only keeps the bonus positive when all valid scores are equal.)
    bonus = min(score.shape) * (valid.max() - valid.min()) + 1.0
    gain = np.where(admissible, score - valid.min() + bonus, 0.0)
    rows, cols = linear_sum_assignment(gain, maximize=True)
    return tuple(
        (int(i), int(j), float(sim[i, j]))
        for i, j in zip(rows, cols, strict=True)
        if admissible[i, j]
    )


def _related(
    sim: np.ndarray, overlap: np.ndarray | None, related_similarity: float, min_share: float
) -> np.ndarray:
    """Boolean (old × new) matrix: does new theme j draw substantially on old theme i?"""
    if overlap is not None:
        # Shares in both directions: i's segments going to j (split evidence) and j's
        # segments coming from i (merge evidence).
        row = overlap / np.maximum(overlap.sum(axis=1, keepdims=True), 1)
        col = overlap / np.maximum(overlap.sum(axis=0, keepdims=True), 1)
        return (row >= min_share) & (col >= min_share)
    # Without segment data, a new theme counts as descending from the old theme it is most
    # similar to, and vice versa, if the centroids are close enough. Requiring the argmax
    # keeps two unrelated but similar-sounding themes from being reported as a split.
    close = sim >= related_similarity
    best_old = np.zeros_like(close)
    best_old[sim.argmax(axis=0), np.arange(sim.shape[1])] = True
    best_new = np.zeros_like(close)
    best_new[np.arange(sim.shape[0]), sim.argmax(axis=1)] = True
    return close & (best_old | best_new)


# Defaults of match_themes, set by judgement when identity matching was written, NOT
# fitted to any data split (there is no labelled set of theme identities across runs):
# - min_similarity 0.8: a strict bar, so an identity (name, status, actions) only passes
#   to a cluster pointing the same way; a lost identity costs a "new theme", a wrong one
#   silently moves an analyst's work to another topic;
# - related_similarity 0.7: a looser bar for split/merge relations, which are only
#   reported (suggested), never acted on without segment evidence;
# - min_share 0.2: a split or merge needs a fifth of the segments on both sides, so the
#   usual reshuffle of a few border segments between runs is neither.
def match_themes(
    old_centroids: np.ndarray,
    new_centroids: np.ndarray,
    *,
    min_similarity: float = 0.8,
    overlap: np.ndarray | None = None,
    related_similarity: float = 0.7,
    min_share: float = 0.2,
    overlap_weight: float = OVERLAP_WEIGHT,
) -> ThemeMatching:
    """Match the themes of a new clustering run to those of the previous run.

    Pairs are a one-to-one Hungarian assignment over the admissible pairs only, those
    whose centroid cosine similarity reaches ``min_similarity``: it keeps as many
    identities as possible and, among those assignments, maximises the total pairing
    score (similarity, plus ``overlap_weight`` times the share of the old theme's
    segments the new theme holds when ``overlap`` is given). Splits and merges
    come from ``overlap`` (segments shared by old theme i and new theme j) when given: j
    is related to i when at least ``min_share`` of i's segments go to j *and* at least
    ``min_share`` of j's segments come from i. Without ``overlap``, j is related to i when
    their centroid similarity is at least ``related_similarity`` and one is the other's
    nearest theme. An old theme related to two or more new themes is a split; a new theme
    related to two or more old themes is a merge.

    Args:
        old_centroids: ``(n_old, dim)`` centroids of the previous run.
        new_centroids: ``(n_new, dim)`` centroids of this run.
        min_similarity: Cosine similarity a pair needs to keep the identity.
        overlap: Optional ``(n_old, n_new)`` counts of shared segments, e.g. from
            :func:`overlap_matrix`.
        related_similarity: Centroid similarity for split/merge relations without overlap.
        min_share: Share of segments for split/merge relations with overlap.
        overlap_weight: Weight of the segment share in the pairing score; see
            :data:`OVERLAP_WEIGHT`. It only ranks admissible pairs, never admits one.

    Returns:
        The :class:`ThemeMatching`; all indices refer to rows of the inputs.
    """
    old = np.asarray(old_centroids, dtype=np.float64)
    new = np.asarray(new_centroids, dtype=np.float64)
    n_old = old.shape[0] if old.size else 0
    n_new = new.shape[0] if new.size else 0
    if n_old == 0 or n_new == 0:
        return ThemeMatching((), (), (), tuple(range(n_new)), tuple(range(n_old)))
    if old.ndim != 2 or new.ndim != 2 or old.shape[1] != new.shape[1]:
        raise ValueError("centroids must be 2-D arrays with the same number of columns")
    if overlap is not None:
        overlap = np.asarray(overlap, dtype=np.float64)
        if overlap.shape != (n_old, n_new):
            raise ValueError(f"overlap must have shape {(n_old, n_new)}, got {overlap.shape}")

    sim = _unit_rows(old) @ _unit_rows(new).T
    score = sim.copy()
    if overlap is not None:
        score += overlap_weight * overlap / np.maximum(overlap.sum(axis=1, keepdims=True), 1)
    pairs = _assign(sim, score, sim >= min_similarity)

    related = _related(sim, overlap, related_similarity, min_share)
    for i, j, _ in pairs:  # a kept identity is always a relation
        related[i, j] = True
    splits = tuple(
        (i, tuple(int(j) for j in np.flatnonzero(related[i])))
        for i in range(n_old)
        if related[i].sum() >= 2
    )
    merges = tuple(
        (tuple(int(i) for i in np.flatnonzero(related[:, j])), j)
        for j in range(n_new)
        if related[:, j].sum() >= 2
    )
    seen_old = {i for i, _, _ in pairs} | {i for i, _ in splits}
    seen_old |= {i for group, _ in merges for i in group}
    seen_new = {j for _, j, _ in pairs} | {j for _, group in splits for j in group}
    seen_new |= {j for _, j in merges}
    return ThemeMatching(
        pairs=pairs,
        splits=splits,
        merges=merges,
        new=tuple(j for j in range(n_new) if j not in seen_new),
        retired=tuple(i for i in range(n_old) if i not in seen_old),
    )
