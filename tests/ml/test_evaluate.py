"""Tests for ml.evaluate: the production path on a small labelled CSV."""

from __future__ import annotations

import csv

import pytest

from ml.evaluate import evaluate_csv, evaluate_texts

KEYS = {
    "n", "segments", "themes", "unassigned_fraction", "nmi", "ari", "segment_nmi",
    "segment_ari", "segment_unassigned_fraction", "seconds_embedding", "seconds_themes",
}  # fmt: skip


def _write(path, rows, header=("comment", "topic")):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_evaluate_csv_returns_scores(tmp_path, embedder, themed):
    texts, topics, languages, _ = themed
    rows = [(t, topic) for t, topic, lang in zip(texts, topics, languages) if lang == "en"]
    rows.append(("", "delivery"))  # empty texts are skipped
    result = evaluate_csv(_write(tmp_path / "f.csv", rows), "comment", "topic", embedder=embedder)
    assert set(result) >= KEYS
    assert result["n"] == 24 and result["segments"] >= 24
    assert result["nmi"] >= 60 and result["segment_nmi"] >= 50
    assert result["unassigned_fraction"] <= 0.05


def test_missing_column_is_named(tmp_path, embedder):
    path = _write(tmp_path / "f.csv", [("late parcel", "delivery")])
    with pytest.raises(ValueError, match=r"no column 'label'.*'comment', 'topic'"):
        evaluate_csv(path, "comment", "label", embedder=embedder)


def test_empty_file(tmp_path, embedder):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="empty"):
        evaluate_csv(path, "comment", "topic", embedder=embedder)


def test_header_only(tmp_path, embedder):
    path = _write(tmp_path / "f.csv", [])
    with pytest.raises(ValueError, match="no rows"):
        evaluate_csv(path, "comment", "topic", embedder=embedder)


def test_evaluate_texts_checks_lengths(embedder):
    with pytest.raises(ValueError, match="2 texts but 1 labels"):
        evaluate_texts(["a", "b"], ["x"], embedder=embedder)
    with pytest.raises(ValueError, match="empty"):
        evaluate_texts([], [], embedder=embedder)
