"""Group segment embeddings into themes without being told how many there are.

The pipeline, each step chosen for speed at 100,000 segments on two cores:

1. Over-cluster into micro-clusters with k-means (fitted on a bounded sample, then every
   point assigned to its nearest micro-centroid), so the quadratic step below sees at most
   ``max_micro_clusters`` items whatever the data size (inputs up to
   ``max_micro_clusters / 2`` segments skip this and use the segments themselves).
2. Weighted Ward agglomeration of the micro-centroids (weights = micro-cluster sizes, so it
   approximates Ward on the points themselves). The tree is cut where a merge would raise
   the mean squared error per segment by more than ``merge_threshold``. That is a
   penalised k-means objective: a theme exists only if it explains enough of the data.
   Unlike a raw distance threshold it does not drift with the number of segments, and it
   keeps large, distinct themes apart while folding tiny near-duplicates together.
   Groups lighter than ``min_theme_size`` split off by the cut are not themes, and at
   most ``n / mean_theme_size`` themes are made (weak embeddings otherwise shatter).
3. A few k-means steps from the merged centroids to fix micro-cluster mistakes; the last
   dissolves themes smaller than ``min_theme_size`` into their neighbours.
4. Only segments clearly far from their theme (cosine below ``min_similarity``) are left
   unassigned (label ``-1``); on Banking77 that is under 1 %.

Measured on Banking77 test (not told k=77) on whole-text embeddings: NMI 81.0, ARI 53.2
against 79.2 / 50.0 for k-means told the true k; through the production path (segments,
items scored by their longest segment) 78.4 / 50.9; see benchmarks/RESULTS.md.

One assignment rule (:func:`assign`: nearest raw mean, cosine floor) gives ``fit`` its
labels, ``predict`` and the segments that join themes between full runs.

Human-pinned themes (``fixed_centroids``) take the first labels, keep their centroids, and
absorb the automatic themes that duplicate them, so renames and merges survive re-runs.
"""

from __future__ import annotations

import logging

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans
from sklearn.utils.validation import check_is_fitted, check_random_state

__all__ = ["ThemeClusterer", "assign", "normalize_rows", "raw_means", "theme_centroids"]

logger = logging.getLogger(__name__)

# Rows per block when scoring against centroids: bounds peak memory (8192 x 2000 float32
# scores = 64 MB); an engineering choice, not tuned on quality.
_CHUNK = 8192
# Micro-cluster k-means iterations: micro-clusters only need to be small and pure, and the
# refine steps fix their mistakes; 20 keeps 100k segments well inside the 60 s budget
# (benchmarks/RESULTS.md "Scale"). Not tuned on quality.
_MICRO_KMEANS_ITER = 20
# Small inputs may still hold a few themes: the theme cap never goes below this many
# (nor below n / min_theme_size). Set for the demo and the unit tests (tens of texts,
# three to six topics), not tuned on a benchmark split.
_MIN_THEME_CAP = 10


def normalize_rows(X: np.ndarray) -> np.ndarray:
    """Return a float32 copy of ``X`` with unit-length rows (zero rows stay zero)."""
    X = np.asarray(X, dtype=np.float32)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return X / norms


def _nearest(
    X: np.ndarray, centroids: np.ndarray, bias: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Index and score of the best centroid by ``x·c + bias``, computed in blocks.

    With unit centroids and no bias this is cosine similarity; with raw means ``μ`` and
    ``bias = -|μ|²/2`` it is the Euclidean nearest mean.
    """
    best = np.empty(len(X), dtype=np.intp)
    sim = np.empty(len(X), dtype=np.float32)
    for start in range(0, len(X), _CHUNK):
        scores = X[start : start + _CHUNK] @ centroids.T
        if bias is not None:
            scores += bias
        best[start : start + _CHUNK] = scores.argmax(axis=1)
        sim[start : start + _CHUNK] = scores[np.arange(len(scores)), best[start : start + _CHUNK]]
    return best, sim


def assign(X: np.ndarray, means: np.ndarray, min_similarity: float) -> np.ndarray:
    """The one assignment rule, used by ``fit``, ``predict`` and runs between full fits.

    A segment joins the theme whose raw mean is nearest in Euclidean distance
    (``argmax x·μ - |μ|²/2``), unless its cosine similarity to that mean's direction is
    below ``min_similarity``: then it stays unassigned (``-1``). Raw means, not unit
    centroids: a broad theme's mean is short, so it does not swallow the segments of tight
    neighbouring themes (see ``ThemeClusterer._refine``).

    Args:
        X: Unit-length embeddings (or theme features), shape ``(n, dim)``.
        means: Raw theme means in the same space, shape ``(k, dim)``; a unit-length row is
            a theme known only by its direction.
        min_similarity: Cosine similarity a segment needs to join a theme.

    Returns:
        Integer labels of shape ``(n,)``.
    """
    X = np.asarray(X, dtype=np.float32)
    if len(X) == 0 or len(means) == 0:
        return np.full(len(X), -1, dtype=np.intp)
    means = np.asarray(means, dtype=np.float32)
    best, _ = _nearest(X, means, -0.5 * np.einsum("ij,ij->i", means, means))
    cosine = np.einsum("ij,ij->i", X, normalize_rows(means)[best])
    return np.where(cosine >= min_similarity, best, -1)


def _ward_tree(C: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Ward agglomeration by the nearest-neighbour chain, O(m²) time and memory.

    scikit-learn and SciPy cannot weight items, and unweighted Ward on micro-centroids
    would treat a 2-point and a 200-point micro-cluster alike.

    Returns:
        ``children`` (m-1, 2) node ids (leaves ``< m``, merge ``i`` creates node ``m+i``)
        and ``cost`` (m-1,), the increase in the sum of squared errors of each merge.
    """
    m = len(C)
    C = C.astype(np.float64)
    sq = np.einsum("ij,ij->i", C, C)
    D = np.maximum(sq[:, None] + sq[None, :] - 2.0 * (C @ C.T), 0.0)
    size = weights.astype(np.float64)
    D *= np.outer(size, size) / np.add.outer(size, size)
    np.fill_diagonal(D, np.inf)
    node = np.arange(m)
    children = np.zeros((m - 1, 2), dtype=np.intp)
    cost = np.zeros(m - 1)
    chain: list[int] = []
    next_free = np.ones(m, dtype=bool)
    for merge in range(m - 1):
        while True:
            if not chain:
                chain.append(int(np.flatnonzero(next_free)[0]))
            a = chain[-1]
            b = int(np.argmin(D[a]))
            # Prefer the previous chain element on ties, or the chain can cycle.
            if len(chain) > 1 and D[a, chain[-2]] <= D[a, b]:
                b = chain[-2]
            if len(chain) > 1 and b == chain[-2]:
                break
            chain.append(b)
        chain.pop()
        chain.pop()
        d_ab, n_a, n_b = D[a, b], size[a], size[b]
        # Lance-Williams update for Ward, valid for any initial weights.
        row = ((n_a + size) * D[a] + (n_b + size) * D[b] - size * d_ab) / (n_a + n_b + size)
        row[a] = np.inf
        D[a], D[:, a] = row, row
        D[b], D[:, b] = np.inf, np.inf
        next_free[b] = False
        children[merge] = node[a], node[b]
        cost[merge] = d_ab
        size[a], size[b] = n_a + n_b, 0.0
        node[a] = m + merge
    return children, cost


def _cut(
    children: np.ndarray, cost: np.ndarray, weights: np.ndarray, limit: float, min_size: float
) -> np.ndarray:
    """Flat clusters of the leaves: undo every merge costing more than ``limit``.

    Splitting off a group lighter than ``min_size`` does not create a theme: its leaves
    get ``-1`` and later join their nearest theme. Dissolving tiny clusters only after the
    cut instead made sparse data (few texts, weak model) collapse into a handful of themes.
    """
    m = len(children) + 1
    size = np.concatenate([weights.astype(np.float64), np.zeros(m - 1)])
    for i, (a, b) in enumerate(children):
        size[m + i] = size[a] + size[b]
    labels = np.full(m, -1, dtype=np.intp)
    stack = [(2 * m - 2, -1)] if m > 1 else [(0, -1)]
    n_clusters = 0
    while stack:
        v, cluster = stack.pop()
        if cluster < 0 and size[v] < min_size:
            continue  # a runt: its leaves stay -1
        if cluster < 0 and (v < m or cost[v - m] <= limit):
            cluster, n_clusters = n_clusters, n_clusters + 1
        if v < m:
            labels[v] = cluster
        else:
            stack.extend((int(c), cluster) for c in children[v - m])
    return labels


def _means(X: np.ndarray, labels: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean of each label's rows and the label counts (rows with -1 ignored)."""
    rows = np.flatnonzero(labels >= 0)
    # A sparse indicator product sums rows far faster than np.add.at.
    indicator = sparse.csr_matrix(
        (np.ones(len(rows), dtype=X.dtype), (labels[rows], rows)), shape=(k, len(X))
    )
    counts = np.bincount(labels[rows], minlength=k)
    return np.asarray(indicator @ X) / np.maximum(counts, 1)[:, None], counts


class ThemeClusterer(ClusterMixin, BaseEstimator):
    """Cluster unit-length segment embeddings into themes, choosing their number itself.

    Args:
        merge_threshold: Largest rise in mean squared error per segment that merging two
            groups may cause; smaller values give more, finer themes. Tuned on Banking77
            train subsamples of 3k and 10k texts (0.0008-0.0012 all within 1 point).
        min_similarity: Cosine similarity to its theme's centroid below which a segment
            stays unassigned (``-1``), and the threshold of :func:`assign` everywhere.
            0.3 is a floor, not a tuning knob: it leaves under 1 % of Banking77 segments
            unassigned (target <= 5 %) and only drops segments that share almost nothing
            with their theme; not tuned further.
        min_theme_size: Themes with fewer segments are dissolved into their neighbours.
            3: a theme an analyst can act on needs more than a pair of comments; a
            product decision, not tuned.
        mean_theme_size: At most ``n / mean_theme_size`` automatic themes are made (a
            log line says when the cap binds). On weak embeddings (German text in the
            English model) nearly every merge looks expensive and the tree shatters into
            dozens of 3-segment themes; the cap keeps the average theme at 30 segments.
            Chosen on the GermEval 2017 *dev* set (n/20 vs n/30: n/30 had the higher ARI;
            no training split exists, so German figures are optimistic). On Banking77
            (natural theme size ~40) it should rarely bind.
        duplicate_similarity: Automatic themes at least this similar to a pinned centroid
            are folded into it. 0.85: above the identity bar of re-runs
            (``MATCH_MIN_SIMILARITY`` 0.8), so only near-copies of a pinned theme fold;
            chosen by that argument, not fitted.
        max_micro_clusters: Upper bound on micro-clusters (the Ward step's memory grows
            with its square: 2000² float64 = 32 MB). Set for the 100k-segments-in-60-s,
            2-GB budget; not tuned on quality.
        micro_ratio: Segments per micro-cluster on large inputs (10: small enough that a
            micro-cluster rarely mixes two Banking77 intents of ~40 texts; not tuned).
        sample_size: Segments used to fit the micro-clusters; the rest are only assigned
            (20,000: a speed cap for the 100k budget; not tuned on quality).
        refine_iter: k-means steps after merging (3: after that the labels of Banking77
            train subsamples barely moved when the engine was written; not re-tuned).
        random_state: Seed or generator for sampling and k-means.

    Attributes:
        labels_: Theme of each segment, ``-1`` for unassigned.
        means_: Raw theme means (what :func:`assign` uses), shape ``(n_themes_, dim)``.
        centroids_: Unit-length theme centroids, shape ``(n_themes_, dim)``; pinned themes
            come first, in the order given.
        n_themes_: Number of themes.
        sizes_: Segments per theme.
    """

    def __init__(
        self,
        *,
        merge_threshold: float = 0.001,
        min_similarity: float = 0.3,
        min_theme_size: int = 3,
        mean_theme_size: float = 30.0,
        duplicate_similarity: float = 0.85,
        max_micro_clusters: int = 2000,
        micro_ratio: int = 10,
        sample_size: int = 20_000,
        refine_iter: int = 3,
        random_state: int | np.random.RandomState | None = 0,
    ) -> None:
        self.merge_threshold = merge_threshold
        self.min_similarity = min_similarity
        self.min_theme_size = min_theme_size
        self.mean_theme_size = mean_theme_size
        self.duplicate_similarity = duplicate_similarity
        self.max_micro_clusters = max_micro_clusters
        self.micro_ratio = micro_ratio
        self.sample_size = sample_size
        self.refine_iter = refine_iter
        self.random_state = random_state

    def fit(self, X: np.ndarray, y: None = None, *, fixed_centroids: np.ndarray | None = None):
        """Find themes in ``X``.

        Args:
            X: Unit-length embeddings, shape ``(n, dim)``.
            y: Ignored.
            fixed_centroids: Optional ``(p, dim)`` centroids of human-pinned themes; they
                become themes ``0..p-1`` with these exact centroids, even if empty.

        Returns:
            self
        """
        X = normalize_rows(X)
        rng = check_random_state(self.random_state)
        dim = X.shape[1]
        pinned = (
            np.zeros((0, dim), dtype=np.float32)
            if fixed_centroids is None
            else normalize_rows(np.asarray(fixed_centroids).reshape(-1, dim))
        )
        auto = self._auto_centroids(X, rng) if len(X) >= 2 else X.copy()
        if len(pinned) and len(auto):
            duplicate = (auto @ pinned.T).max(axis=1) >= self.duplicate_similarity
            auto = auto[~duplicate]
        p = len(pinned)
        means = self._refine(X, pinned, auto)
        centroids = normalize_rows(means)
        centroids[:p] = pinned
        self.labels_ = assign(X, means, self.min_similarity)
        self.means_ = means
        self.centroids_ = centroids
        self.n_themes_ = len(centroids)
        self.sizes_ = np.bincount(self.labels_[self.labels_ >= 0], minlength=len(centroids))
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Assign new segments to the fitted themes (``-1`` when none is close enough)."""
        check_is_fitted(self, "centroids_")
        return assign(normalize_rows(X), self.means_, self.min_similarity)

    def _auto_centroids(self, X: np.ndarray, rng: np.random.RandomState) -> np.ndarray:
        n = len(X)
        m = min(n, max(self.max_micro_clusters // 2, n // self.micro_ratio))
        if m > self.max_micro_clusters:
            logger.info("%d segments: micro-clusters capped at %d", n, self.max_micro_clusters)
            m = self.max_micro_clusters
        if m < n:
            sample = X
            if n > self.sample_size:
                logger.info("%d segments: micro-clusters fitted on %d", n, self.sample_size)
                sample = X[rng.choice(n, self.sample_size, replace=False)]
            # Random init: k-means++ over thousands of centres costs more than it gains for
            # micro-clusters, which only need to be small and pure.
            km = KMeans(m, init="random", n_init=1, max_iter=_MICRO_KMEANS_ITER, random_state=rng)
            micro = km.fit(sample).cluster_centers_.astype(np.float32)
            leaf, _ = _nearest(X, normalize_rows(micro))
            weights = np.bincount(leaf, minlength=m)
            used = weights > 0
            micro, weights = micro[used], weights[used]
            leaf = np.cumsum(used)[leaf] - 1
        else:
            micro, weights, leaf = X, np.ones(n), np.arange(n)
        if len(micro) < 2:
            return normalize_rows(micro)
        children, cost = _ward_tree(micro, weights)
        limit = self.merge_threshold * n
        max_themes = max(
            int(n // self.mean_theme_size), min(_MIN_THEME_CAP, n // self.min_theme_size), 1
        )
        if max_themes < len(cost):
            # On weak or sparse embeddings nearly every merge is "expensive"; cap the count
            # so the average theme stays large enough to act on.
            capped = float(np.sort(cost)[::-1][max_themes - 1])
            if capped > limit:
                logger.info(
                    "%d segments: theme cap binds (%d themes at most, n/%g); merge limit "
                    "raised from %.4g to %.4g",
                    n,
                    max_themes,
                    self.mean_theme_size,
                    limit,
                    capped,
                )
                limit = capped
        group = _cut(children, cost, weights, limit, self.min_theme_size)
        if group.max() < 0:  # every group is a runt: the data is one theme
            return normalize_rows(X.sum(axis=0, keepdims=True))
        centroids, _ = _means(X, group[leaf], int(group.max()) + 1)
        return normalize_rows(centroids)

    def _refine(self, X: np.ndarray, pinned: np.ndarray, auto: np.ndarray) -> np.ndarray:
        """Euclidean k-means steps from the merged centroids; returns raw (unnormalised) means.

        Raw means, not unit centroids: a broad theme's mean is short, so it does not swallow
        the segments of tight neighbouring themes. With cosine to unit centroids, weak or
        anisotropic embeddings (German text in an English model) collapsed into one theme.
        Pinned centroids never move; they are scaled to the median length of the others.
        """
        p = len(pinned)
        if len(X) == 0:
            return np.vstack([pinned, auto])
        best, _ = _nearest(X, auto) if len(auto) else (np.zeros(0, np.intp), None)
        means, counts = _means(X, best, len(auto)) if len(auto) else (auto, np.zeros(0))
        means = means[counts > 0]
        scale = float(np.median(np.linalg.norm(means, axis=1))) if len(means) else 1.0
        fixed = pinned * scale
        for step in range(self.refine_iter + 1):
            current = np.vstack([fixed, means])
            best, _ = _nearest(X, current, -0.5 * np.einsum("ij,ij->i", current, current))
            new, counts = _means(X, best, len(current))
            # Last step: dissolve themes too small to act on into their neighbours.
            keep = counts >= (self.min_theme_size if step == self.refine_iter else 1)
            if not keep.any():  # fewer segments than a theme needs: keep what there is
                keep = counts > 0
            keep[:p] = True
            new[:p] = fixed
            means = new[keep][p:]
        return np.vstack([fixed, means])


def theme_centroids(X: np.ndarray, labels: np.ndarray, n_themes: int) -> np.ndarray:
    """Unit-length mean of each theme's rows of ``X`` (zeros for an empty theme).

    Use it to express themes fitted on ``theme_features`` in plain embedding space, where
    new segments can be assigned without refitting the character features.
    """
    means, _ = _means(normalize_rows(X), np.asarray(labels), n_themes)
    return normalize_rows(means)


def raw_means(X: np.ndarray, labels: np.ndarray, n_themes: int) -> np.ndarray:
    """Mean of each theme's rows of ``X``, not normalised (zeros for an empty theme)."""
    means, _ = _means(np.asarray(X, dtype=np.float32), np.asarray(labels), n_themes)
    return means
