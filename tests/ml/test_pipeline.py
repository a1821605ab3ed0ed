"""Tests for ml.pipeline: the theme step shared by runs and evaluation, one assignment rule."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import adjusted_rand_score

from ml.embed import theme_features
from ml.evaluate import run_pipeline
from ml.pipeline import (
    MAX_SEGMENTS_PER_ITEM,
    SegmentTable,
    fit_themes,
    item_labels,
    item_segments,
    prepare_text,
    segment_items,
)
from ml.themes import ThemeClusterer, assign


def test_prepare_text_redacts_and_detects_language():
    prepared = prepare_text("  Bitte rufen Sie mich an: max.mustermann@example.de  ")
    assert "example.de" not in prepared.text and prepared.redactions == 1
    assert prepared.original == "Bitte rufen Sie mich an: max.mustermann@example.de"
    assert prepared.language == "de"
    assert prepare_text("   ") is None


def test_long_items_get_at_most_eight_segments():
    text = " ".join(f"Point {n} is a separate complaint about the shop." for n in range(20))
    pieces = item_segments(text, "en")
    assert len(pieces) == MAX_SEGMENTS_PER_ITEM
    table = segment_items([text, "Short one."], ["en", "en"])
    assert table.item.tolist() == [0] * MAX_SEGMENTS_PER_ITEM + [1]


def test_an_item_takes_its_longest_segments_theme():
    table = SegmentTable(
        texts=["short", "the longest segment", "mid one", "alone", "tie a", "tie b"],
        languages=["en"] * 6,
        item=np.array([0, 0, 0, 1, 2, 2]),
    )
    labels = np.array([4, 7, 4, -1, 2, 3])
    assert item_labels(labels, table, 4).tolist() == [7, -1, 2, -1]


def test_fit_labels_follow_the_one_assignment_rule(themed):
    texts, _, languages, X = themed
    # Twice the texts: enough German rows for the character features (LSA needs 25).
    texts, languages, X = texts * 2, languages * 2, np.vstack([X, X])
    fit = fit_themes(texts, X, languages)
    features = theme_features(texts, X, languages=languages)
    assert features.shape[1] > X.shape[1]  # German rows carry the character block here
    # The fit's own labels are what `assign` gives for its means, and what `predict` gives.
    rule = assign(features, fit.clusterer.means_, ThemeClusterer().min_similarity)
    assert np.array_equal(rule, fit.labels)
    assert np.array_equal(fit.clusterer.predict(features), fit.labels)


def test_character_feature_path_groups_german_topics(themed):
    texts, topics, languages, X = themed
    texts, topics, languages, X = texts * 2, topics * 2, languages * 2, np.vstack([X, X])
    fit = fit_themes(texts, X, languages)
    assert fit.clusterer.means_.shape[1] > X.shape[1]
    german = np.array(languages) == "de"
    truth = np.array(topics)[german]
    assert adjusted_rand_score(truth, fit.labels[german]) >= 0.5


def test_english_fit_and_incremental_assign_agree(themed):
    texts, _, languages, X = themed
    english = [i for i, lang in enumerate(languages) if lang == "en"]
    fit = fit_themes([texts[i] for i in english], X[english], ["en"] * len(english))
    # English features are the embeddings: the stored embedding-space means reproduce the
    # full fit's labels through the same rule new segments go through.
    again = assign(X[english], fit.means, ThemeClusterer().min_similarity)
    assert np.mean(again == fit.labels) >= 0.95


def test_run_pipeline_is_the_production_path(themed, embedder):
    texts = themed[0]
    result = run_pipeline([*texts, "   "], embedder=embedder)
    assert result.kept == list(range(len(texts)))
    assert len(result.item_labels) == len(texts)
    assert result.fit.means.shape == (result.fit.n_themes, 384)
    assert np.array_equal(
        result.item_labels, item_labels(result.fit.labels, result.segments, len(texts))
    )
    # The eight English delivery complaints (the first texts) form one theme.
    assert len(set(result.item_labels[:8].tolist())) == 1 and result.item_labels[0] >= 0
