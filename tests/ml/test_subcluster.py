"""Sub-clustering one theme: a two-topic mix splits, a coherent theme does not."""

import numpy as np

from ml.subcluster import subcluster


def _blob(rng, centre, n, spread=0.05):
    return centre + spread * rng.standard_normal((n, centre.size))


def test_two_topics_split_along_their_line():
    rng = np.random.default_rng(0)
    a, b = np.zeros(384), np.zeros(384)
    a[0], b[1] = 1.0, 1.0
    X = np.vstack([_blob(rng, a, 30), _blob(rng, b, 12)])
    labels = subcluster(X)
    assert labels[:30].tolist() == [0] * 30  # the larger group comes first
    assert labels[30:].tolist() == [1] * 12


def test_a_coherent_theme_is_kept_whole():
    rng = np.random.default_rng(1)
    centre = np.zeros(384)
    centre[0] = 1.0
    assert subcluster(_blob(rng, centre, 40, spread=0.3)).tolist() == [0] * 40


def test_too_few_segments_are_kept_whole():
    assert subcluster(np.eye(5)).tolist() == [0] * 5


def test_same_input_same_proposal():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((60, 8))
    X[:30, 0] += 4
    assert subcluster(X).tolist() == subcluster(X.copy()).tolist()
