"""The weighted Ward tree of ml.themes against SciPy's Ward linkage."""

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.metrics import adjusted_rand_score

from ml.themes import _ward_tree


def _partitions(children: np.ndarray, cost: np.ndarray, m: int) -> dict[int, np.ndarray]:
    """Leaf labels for every number of clusters, applying merges from the cheapest up."""
    parent = list(range(2 * m - 1))

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    out = {m: np.arange(m)}
    for merge in np.argsort(cost, kind="stable"):
        a, b = children[merge]
        parent[root(a)] = parent[root(b)] = m + merge
        out[m - len(out)] = np.array([root(leaf) for leaf in range(m)])
    return out


@pytest.mark.parametrize("seed", range(5))
def test_unit_weights_give_scipy_ward(seed):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(c, 1.0, size=(6, 3)) for c in (0.0, 4.0, 9.0)])
    children, cost = _ward_tree(X, np.ones(len(X)))
    Z = linkage(X, method="ward")
    # SciPy's Ward height is sqrt(2 * increase in the sum of squared errors).
    np.testing.assert_allclose(np.sort(np.sqrt(2 * cost)), Z[:, 2], rtol=1e-9)
    ours = _partitions(children, cost, len(X))
    for k in range(1, len(X) + 1):
        theirs = fcluster(Z, k, criterion="maxclust")
        assert adjusted_rand_score(theirs, ours[k]) == pytest.approx(1.0), k


def test_integer_weights_equal_repeated_points():
    # A point of weight w is w identical points: SciPy on the repeated data merges the
    # copies at height 0, then must build the same tree as ours on the weighted points.
    rng = np.random.default_rng(11)
    X = rng.normal(size=(9, 4)) * 3
    weights = np.array([1, 3, 2, 5, 1, 1, 4, 2, 1])
    children, cost = _ward_tree(X, weights)
    repeated = np.repeat(X, weights, axis=0)
    Z = linkage(repeated, method="ward")
    heights = Z[:, 2][Z[:, 2] > 1e-9]
    np.testing.assert_allclose(np.sort(np.sqrt(2 * cost)), heights, rtol=1e-9)
    ours = _partitions(children, cost, len(X))
    owner = np.repeat(np.arange(len(X)), weights)
    for k in range(1, len(X) + 1):
        theirs = fcluster(Z, k, criterion="maxclust")
        assert adjusted_rand_score(theirs, ours[k][owner]) == pytest.approx(1.0), k
