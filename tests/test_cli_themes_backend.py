"""`voxloop themes evaluate` embeds with the configured backend, as theme runs do."""

import csv
import json

import pytest

from tests.ml.conftest import THEMED_TEXTS

pytestmark = pytest.mark.slow


def test_evaluate_uses_the_configured_backend(make_app, tmp_path):
    cache = tmp_path / "fresh-onnx-cache"
    app = make_app(EMBEDDING_BACKEND="onnx", EMBEDDING_CACHE_DIR=str(cache))
    path = tmp_path / "labelled.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["comment", "topic"])
        for topic, texts in THEMED_TEXTS.items():
            writer.writerows([text, topic] for text in texts[:8])
    args = ["themes", "evaluate", "--csv", str(path), "--text-column", "comment",
            "--label-column", "topic", "--json"]  # fmt: skip
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output.splitlines()[-1])
    assert scores["n"] == 24 and scores["nmi"] > 50
    # The fp32 ONNX model was exported into the configured cache for this command.
    (manifest,) = cache.glob("onnx/*/manifest.json")
    assert json.loads(manifest.read_text())["backend"] == "onnx"
