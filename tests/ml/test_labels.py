"""Tests for ml.labels: readable names, keywords and quotes."""

from __future__ import annotations

import numpy as np

from ml.labels import ENGLISH_STOP_WORDS, GERMAN_STOP_WORDS, ThemeLabel, label_themes
from ml.themes import theme_centroids

STOP = ENGLISH_STOP_WORDS | GERMAN_STOP_WORDS


def _by_topic(themed, language):
    texts, topics, languages, X = themed
    keep = [i for i, lang in enumerate(languages) if lang == language]
    names = sorted(set(topics))
    labels = np.array([names.index(topics[i]) for i in keep])
    sub_X = X[keep]
    return [texts[i] for i in keep], labels, sub_X, names


def _check(result, n_themes, texts=None, labels=None):
    assert set(result) == set(range(n_themes))
    for index, theme in result.items():
        assert isinstance(theme, ThemeLabel)
        words = theme.label.replace(",", " ").split()
        assert 2 <= len(words) <= 4, theme.label
        assert theme.label == theme.label[0].upper() + theme.label[1:], theme.label
        if texts is not None:
            # Every word of the label is drawn from the theme's own texts.
            members = " ".join(t for t, label in zip(texts, labels, strict=True) if label == index)
            assert all(w.lower() in members.lower() for w in words), (theme.label, index)
        assert not any(w.lower() in STOP for w in words), theme.label
        assert 1 <= len(theme.keywords) <= 8
        assert not any(k in STOP for k in theme.keywords)


def test_english_labels(themed):
    texts, labels, X, names = _by_topic(themed, "en")
    result = label_themes(texts, labels, X, theme_centroids(X, labels, 3))
    _check(result, 3, texts, labels)
    refund = result[names.index("refund")]
    assert "refund" in " ".join(refund.keywords)


def test_german_texts_get_german_labels(themed):
    texts, labels, X, names = _by_topic(themed, "de")
    result = label_themes(texts, labels, X, theme_centroids(X, labels, 3), languages=["de"] * 24)
    # Every label word comes from the theme's German texts, so the labels are German.
    _check(result, 3, texts, labels)
    staff = result[names.index("staff")]
    assert "unhöflich" in staff.keywords or "unfreundlich" in staff.keywords


def test_quotes_are_closest_and_distinct():
    texts = ["late parcel", "late parcel", "Late  parcel", "parcel lost", "far away text"]
    X = np.array([[1, 0], [1, 0], [1, 0], [0.8, 0.6], [0, 1]], dtype=np.float32)
    labels = np.array([0, 0, 0, 0, -1])
    result = label_themes(texts, labels, X, np.array([[1.0, 0.0]]), n_quotes=3)
    assert result[0].quote_indices == (0, 3)
    assert 4 not in result[0].quote_indices


def test_no_themes_gives_empty_dict():
    assert label_themes(["a"], np.array([-1]), np.ones((1, 2)), np.zeros((0, 2))) == {}


def test_mismatched_centroid_space_is_recomputed(themed):
    texts, labels, X, _ = _by_topic(themed, "en")
    wide = np.hstack([theme_centroids(X, labels, 3), np.zeros((3, 5))])
    assert len(label_themes(texts, labels, X, wide)) == 3


def test_labels_skip_placeholders_contractions_and_sentence_ends():
    # Each text ends a sentence on "money" and starts the next with "it's"/"Card": a
    # phrase glued across the boundary ("money card") must never be a term, nor may the
    # redaction placeholder, the CFPB's XXXX marks or the contraction.
    texts = [
        "I want my money. Card blocked at [NAME] XXXX, it's frozen.",
        "Give back my money. Card blocked again XXXX XXXX, it's absurd.",
        "Where is my money? Card blocked since Monday [EMAIL], it's bad.",
    ]
    X = np.eye(3, dtype=np.float32)[[0, 0, 0]]
    result = label_themes(texts, np.zeros(3, dtype=int), X, X[:1])
    label = result[0].label.lower()
    assert label == "card blocked", label
    terms = " | ".join(result[0].keywords)
    assert "money card" not in terms and "xxxx" not in terms and "name" not in terms
    assert not any("'" in k for k in result[0].keywords), terms
