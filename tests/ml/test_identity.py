"""Tests for ml.identity with synthetic centroids."""

import itertools

import numpy as np
import pytest

from ml.identity import ThemeMatching, match_themes, overlap_matrix


def orthonormal(n, dim=16, seed=0):
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(dim, n)))
    return q.T[:n]


def unit(v):
    return v / np.linalg.norm(v)


def test_identity():
    c = orthonormal(5)
    m = match_themes(c, c)
    assert [(i, j) for i, j, _ in m.pairs] == [(i, i) for i in range(5)]
    assert all(s == pytest.approx(1.0) for _, _, s in m.pairs)
    assert m.splits == m.merges == m.new == m.retired == ()


def test_permutation():
    c = orthonormal(6)
    perm = np.array([3, 0, 5, 1, 4, 2])
    m = match_themes(c, c[perm])
    # old theme perm[k] is now at new position k
    assert {(i, j) for i, j, _ in m.pairs} == {(int(perm[k]), k) for k in range(6)}
    assert m.new == m.retired == ()


def test_drifted_theme_still_matched_and_scale_ignored():
    c = orthonormal(4)
    drifted = c.copy()
    drifted[2] = unit(c[2] + 0.4 * c[3] + 0.2 * c[0]) * 7.0  # cos ≈ 0.91, not unit length
    m = match_themes(c, drifted)
    assert (2, 2) in {(i, j) for i, j, _ in m.pairs}
    sim = {(i, j): s for i, j, s in m.pairs}[(2, 2)]
    assert 0.85 < sim < 0.95


def test_too_much_drift_is_not_a_match():
    c = orthonormal(3)
    moved = c.copy()
    moved[1] = unit(c[1] + 1.2 * orthonormal(8, seed=1)[7])
    m = match_themes(c, moved, min_similarity=0.8)
    assert 1 not in {i for i, _, _ in m.pairs}


def test_split_from_centroids():
    c = orthonormal(4)
    extra = orthonormal(8, seed=3)[6]
    new = np.vstack([c[0], c[1], c[3], unit(c[2] + 0.5 * extra), unit(c[2] - 0.5 * extra)])
    m = match_themes(c, new)
    assert m.splits == ((2, (3, 4)),)
    assert m.merges == ()
    assert m.new == m.retired == ()


def test_split_from_overlap():
    c = orthonormal(3)
    new = np.vstack([c[0], c[1], c[2], orthonormal(6, seed=5)[5]])
    overlap = np.array([[40, 0, 0, 0], [0, 30, 0, 0], [0, 0, 25, 20]])
    m = match_themes(c, new, overlap=overlap)
    assert m.splits == ((2, (2, 3)),)
    assert (2, 2) in {(i, j) for i, j, _ in m.pairs}
    assert m.new == ()


def test_merge_from_centroids():
    c = orthonormal(4)
    base = unit(c[1] + c[2])
    # the old themes 1 and 2 were near each other; one new theme sits between them
    old = np.vstack([c[0], unit(base + 0.3 * c[3]), unit(base - 0.3 * c[3]), c[3]])
    new = np.vstack([c[0], base, c[3]])
    m = match_themes(old, new)
    assert m.merges == (((1, 2), 1),)
    assert m.retired == ()


def test_merge_from_overlap():
    c = orthonormal(3)
    overlap = np.array([[50, 0], [0, 30], [1, 28]])
    m = match_themes(c, np.vstack([c[0], unit(c[1] + c[2])]), overlap=overlap)
    assert m.merges == (((1, 2), 1),)
    # the merged centroid is ~0.71 from either parent: no pair, the merge carries history
    assert [(i, j) for i, j, _ in m.pairs] == [(0, 0)]
    assert m.retired == ()


def test_entirely_new_theme():
    c = orthonormal(5)
    m = match_themes(c[:4], c)
    assert m.new == (4,)
    assert m.retired == ()
    assert len(m.pairs) == 4


def test_retired_theme():
    c = orthonormal(5)
    m = match_themes(c, c[:3])
    assert m.retired == (3, 4)
    assert m.new == ()


@pytest.mark.parametrize(("n_old", "n_new"), [(0, 0), (0, 3), (2, 0)])
def test_empty_inputs(n_old, n_new):
    m = match_themes(np.zeros((n_old, 8)), np.ones((n_new, 8)))
    assert isinstance(m, ThemeMatching)
    assert m.pairs == m.splits == m.merges == ()
    assert m.new == tuple(range(n_new))
    assert m.retired == tuple(range(n_old))


def test_zero_centroid_does_not_crash():
    c = orthonormal(2)
    m = match_themes(np.vstack([c, np.zeros(16)]), c)
    assert m.retired == (2,)


def test_shape_errors():
    with pytest.raises(ValueError, match="columns"):
        match_themes(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(ValueError, match="overlap"):
        match_themes(np.ones((2, 3)), np.ones((2, 3)), overlap=np.ones((3, 2)))


def test_overlap_matrix():
    old = np.array([0, 0, 1, 1, -1, 2])
    new = np.array([1, 1, 0, -1, 0, 0])
    expected = np.array([[0, 2], [1, 0], [1, 0]])
    np.testing.assert_array_equal(overlap_matrix(old, new, 3, 2), expected)


def with_gram(gram):
    """Unit vectors whose pairwise cosine similarities are exactly ``gram``."""
    values, vectors = np.linalg.eigh(np.asarray(gram, dtype=float))
    assert values.min() > 0, "the similarities must be realisable"
    return vectors * np.sqrt(values)


def test_weak_pairs_are_masked_before_the_assignment():
    # A–X .81, B–Y .81, A–Y .79, B–X .99 with threshold .8. Over all pairs, A–Y + B–X
    # (1.78) beats A–X + B–Y (1.62); dropping A–Y afterwards would lose A although A–X
    # was a valid successor. Masked first, both identities survive.
    a, b, x, y = with_gram(
        [[1, 0.8, 0.81, 0.79], [0.8, 1, 0.99, 0.81], [0.81, 0.99, 1, 0.8], [0.79, 0.81, 0.8, 1]]
    )
    m = match_themes(np.vstack([a, b]), np.vstack([x, y]), min_similarity=0.8)
    assert [(i, j) for i, j, _ in m.pairs] == [(0, 0), (1, 1)]
    assert [s for _, _, s in m.pairs] == pytest.approx([0.81, 0.81])
    assert m.retired == m.new == ()


def test_assignment_is_the_best_valid_matching():
    # Brute force over all assignments: most admissible pairs, then highest similarity.
    rng = np.random.default_rng(7)
    for _ in range(40):
        base = rng.normal(size=6)
        old = base + rng.normal(scale=0.45, size=(4, 6))
        new = base + rng.normal(scale=0.45, size=(4, 6))
        sim = (old / np.linalg.norm(old, axis=1, keepdims=True)) @ (
            new / np.linalg.norm(new, axis=1, keepdims=True)
        ).T
        best = max(
            (
                sum(sim[i, j] >= 0.8 for i, j in enumerate(p)),
                sum(sim[i, j] for i, j in enumerate(p) if sim[i, j] >= 0.8),
            )
            for p in itertools.permutations(range(4))
        )
        m = match_themes(old, new, min_similarity=0.8)
        assert (len(m.pairs), sum(s for _, _, s in m.pairs)) == (best[0], pytest.approx(best[1]))


def test_overlap_picks_the_successor_that_holds_the_segments():
    # X is slightly closer, but Y holds 8 of 9 of the old theme's segments.
    a, x, y = with_gram([[1, 0.9, 0.88], [0.9, 1, 0.7], [0.88, 0.7, 1]])
    m = match_themes(a[None], np.vstack([x, y]), overlap=np.array([[5, 40]]))
    assert [(i, j) for i, j, _ in m.pairs] == [(0, 1)]
    assert m.pairs[0][2] == pytest.approx(0.88)  # the reported similarity stays the cosine
    assert m.new == (0,)
    # Without segment data the closer centroid keeps the identity.
    assert [(i, j) for i, j, _ in match_themes(a[None], np.vstack([x, y])).pairs] == [(0, 0)]


def test_overlap_never_admits_a_pair_below_the_threshold():
    a, x = with_gram([[1, 0.75], [0.75, 1]])
    m = match_themes(a[None], x[None], min_similarity=0.8, overlap=np.array([[30]]))
    assert m.pairs == ()


def test_overlap_weight_zero_is_similarity_only():
    a, x, y = with_gram([[1, 0.9, 0.88], [0.9, 1, 0.7], [0.88, 0.7, 1]])
    m = match_themes(a[None], np.vstack([x, y]), overlap=np.array([[5, 40]]), overlap_weight=0)
    assert [(i, j) for i, j, _ in m.pairs] == [(0, 0)]
