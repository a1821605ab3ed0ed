"""Tests for ml.themes on real embeddings of texts written for these tests."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.metrics import adjusted_rand_score, homogeneity_score

from ml.themes import ThemeClusterer, assign, theme_centroids


def _english(themed):
    _texts, topics, languages, X = themed
    keep = np.array(languages) == "en"
    return X[keep], np.array(topics)[keep]


def test_recovers_english_topics(themed):
    X, topics = _english(themed)
    model = ThemeClusterer(random_state=0).fit(X)
    assert adjusted_rand_score(topics, model.labels_) >= 0.7
    assert np.mean(model.labels_ < 0) <= 0.05


def test_mixed_languages_never_mix_topics(themed):
    # The English model separates languages, so a topic may become two themes, but a
    # theme must not mix topics.
    _, topics, _, X = themed
    model = ThemeClusterer(random_state=0).fit(X)
    assert homogeneity_score(topics, model.labels_) >= 0.6
    assert np.mean(model.labels_ < 0) <= 0.05


def test_fitted_attributes_are_consistent(themed):
    X = themed[3]
    model = ThemeClusterer().fit(X)
    assert model.labels_.shape == (len(X),)
    assert model.centroids_.shape == (model.n_themes_, X.shape[1])
    assert np.allclose(np.linalg.norm(model.centroids_, axis=1), 1.0, atol=1e-5)
    assert model.sizes_.sum() == np.sum(model.labels_ >= 0)
    assert model.labels_.max() < model.n_themes_


def test_init_only_stores_and_clones():
    model = ThemeClusterer(merge_threshold=0.002, random_state=3)
    assert clone(model).get_params() == model.get_params()
    assert not hasattr(model, "labels_")


def test_deterministic_with_random_state(themed):
    X = themed[3]
    a = ThemeClusterer(random_state=7).fit(X)
    b = ThemeClusterer(random_state=7).fit(X)
    assert np.array_equal(a.labels_, b.labels_)
    assert np.allclose(a.centroids_, b.centroids_)


def test_large_input_uses_micro_clusters_and_stays_deterministic():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(12, 32))
    X = centres[rng.integers(0, 12, 6000)] + rng.normal(scale=0.25, size=(6000, 32))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    a = ThemeClusterer(random_state=1, max_micro_clusters=300).fit(X)
    b = ThemeClusterer(random_state=1, max_micro_clusters=300).fit(X)
    assert np.array_equal(a.labels_, b.labels_)
    truth = np.argmax(X @ (centres / np.linalg.norm(centres, axis=1, keepdims=True)).T, axis=1)
    assert adjusted_rand_score(truth, a.labels_) >= 0.9


def test_assign_threshold():
    centroids = np.eye(3, dtype=np.float32)
    X = np.array([[1, 0, 0], [0.6, 0.8, 0], [0, 0, -1]], dtype=np.float32)
    assert assign(X, centroids, 0.7).tolist() == [0, 1, -1]
    assert assign(X, centroids, 0.9).tolist() == [0, -1, -1]
    assert assign(X[:0], centroids, 0.5).shape == (0,)
    assert assign(X, centroids[:0], 0.5).tolist() == [-1, -1, -1]


def test_predict_matches_fitted_themes(themed):
    X = themed[3]
    model = ThemeClusterer().fit(X)
    predicted = model.predict(X)
    agree = np.mean(predicted[model.labels_ >= 0] == model.labels_[model.labels_ >= 0])
    assert agree >= 0.8


def test_fixed_centroids_are_kept_first(themed):
    X, topics = _english(themed)
    pinned = theme_centroids(X, (topics == "refund").astype(int) - 1, 1)
    unrelated = np.zeros((1, X.shape[1]), dtype=np.float32)
    unrelated[0, 0] = 1.0
    model = ThemeClusterer().fit(X, fixed_centroids=np.vstack([pinned, unrelated]))
    assert np.allclose(model.centroids_[0], pinned[0], atol=1e-6)
    assert np.allclose(model.centroids_[1], unrelated[0], atol=1e-6)
    refund = model.labels_[topics == "refund"]
    assert np.mean(refund == 0) >= 0.75
    assert not np.any(model.labels_[topics != "refund"] == 0)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_inputs(n):
    X = np.eye(4, dtype=np.float32)[:n]
    model = ThemeClusterer().fit(X)
    assert model.labels_.shape == (n,)
