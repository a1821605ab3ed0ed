"""The ONNX Runtime backends with the real bundled model: agreement, cache integrity, windows.

The int8 model is exported once per session (``onnx_cache_dir`` in tests/conftest.py);
only the two rebuild tests export again, into copies of that cache.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from sentence_transformers import SentenceTransformer

from ml import onnx_backend
from ml.embed import DEFAULT_MODEL_SHA256, Embedder, default_model_path, split_windows
from tests.ml.conftest import THEMED_TEXTS

pytestmark = pytest.mark.slow

FIXED = [text for texts in THEMED_TEXTS.values() for text in texts] + [
    "I want to cancel my card because it was stolen yesterday.",
    "Why was I charged a fee for the transfer to my own account?",
    "ok",
    "",
]
# About 480 word pieces: a delivery complaint filling the first window, then a refund.
LONG = " ".join(
    ["The parcel was supposed to arrive on Monday but the courier never came and the "
     "tracking page kept saying it was out for delivery."] * 9
    + ["Then I asked for my money back and the refund has still not reached my card, "
       "although support promised it within five working days."] * 6
)  # fmt: skip


@pytest.fixture(scope="session")
def int8_file(onnx_cache_dir):
    return onnx_backend.build_cache(
        default_model_path(), onnx_cache_dir, "onnx-int8", source_sha256=DEFAULT_MODEL_SHA256
    )


@pytest.fixture(scope="session")
def int8(onnx_cache_dir, int8_file) -> Embedder:
    return Embedder(backend="onnx-int8", cache_dir=onnx_cache_dir)


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1)


def test_int8_vectors_agree_with_torch(int8, embedder):
    ours, reference = int8.encode(FIXED), embedder.encode(FIXED)
    assert ours.shape == reference.shape == (len(FIXED), 384)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = _cosines(ours, reference)
    # int8 weights: the mean is the bar; "ok" and "" (almost no signal) drift most.
    assert cosines.mean() >= 0.99 and cosines.min() >= 0.97, (cosines.mean(), cosines.min())


def test_manifest_records_both_checksums(int8_file):
    manifest = json.loads((int8_file.parent / onnx_backend.MANIFEST).read_text())
    assert manifest["backend"] == "onnx-int8"
    assert manifest["source_sha256"] == DEFAULT_MODEL_SHA256
    assert manifest["model_sha256"] == onnx_backend.file_sha256(int8_file)


def _copy_cache(source_root, tmp_path):
    copy = tmp_path / "cache"
    shutil.copytree(source_root, copy)
    return copy


def test_corrupted_cache_is_detected_and_rebuilt(onnx_cache_dir, int8_file, tmp_path):
    cache = _copy_cache(onnx_cache_dir, tmp_path)
    model_file = cache / int8_file.relative_to(onnx_cache_dir)
    data = bytearray(model_file.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte in the weights
    model_file.write_bytes(bytes(data))
    lines = []
    rebuilt = onnx_backend.build_cache(
        default_model_path(), cache, "onnx-int8", source_sha256=DEFAULT_MODEL_SHA256,
        log=lines.append,
    )  # fmt: skip
    assert rebuilt == model_file and any("Building" in line for line in lines)
    manifest = json.loads((model_file.parent / onnx_backend.MANIFEST).read_text())
    assert onnx_backend.file_sha256(rebuilt) == manifest["model_sha256"]
    # Verified now: a second call uses the cache without building.
    onnx_backend.build_cache(
        default_model_path(), cache, "onnx-int8", source_sha256=DEFAULT_MODEL_SHA256,
        log=lines.append,
    )  # fmt: skip
    assert sum("Building" in line for line in lines) == 1
    vectors = Embedder(backend="onnx-int8", cache_dir=cache).encode(FIXED[:4])
    assert np.isfinite(vectors).all()


def test_cache_built_from_other_weights_is_rebuilt(onnx_cache_dir, int8_file, tmp_path):
    cache = _copy_cache(onnx_cache_dir, tmp_path)
    manifest_file = cache / int8_file.relative_to(onnx_cache_dir).parent / onnx_backend.MANIFEST
    manifest = json.loads(manifest_file.read_text())
    manifest["source_sha256"] = "0" * 64  # as if exported from weights that have changed since
    manifest_file.write_text(json.dumps(manifest))
    lines = []
    onnx_backend.build_cache(
        default_model_path(), cache, "onnx-int8", source_sha256=DEFAULT_MODEL_SHA256,
        log=lines.append,
    )  # fmt: skip
    assert any("Building" in line for line in lines)
    assert json.loads(manifest_file.read_text())["source_sha256"] == DEFAULT_MODEL_SHA256


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="onnx-int8"):
        Embedder(backend="tensorrt")


@pytest.mark.parametrize("backend", ["torch", "onnx-int8"])
def test_long_segment_is_embedded_from_all_its_windows(backend, embedder, int8):
    chosen = embedder if backend == "torch" else int8
    encoder = chosen._encoder(None)
    windows = split_windows(LONG, encoder.tokenizer, encoder.max_seq_length - 2)
    assert len(windows) >= 2
    assert all(len(encoder.tokenizer.encode(p).ids) <= encoder.max_seq_length for p, _ in windows)
    assert windows[-1][0].endswith("five working days.")  # the end is not lost

    vector = chosen.encode([LONG])[0]
    parts = Embedder(backend=backend, cache_dir=chosen.cache_dir).encode([p for p, _ in windows])
    weights = np.array([n for _, n in windows], dtype=np.float32)
    pooled = (parts * weights[:, None]).sum(axis=0)
    np.testing.assert_allclose(vector, pooled / np.linalg.norm(pooled), atol=1e-5)

    truncated = SentenceTransformer(str(default_model_path()), device="cpu").encode(
        [LONG], normalize_embeddings=True
    )[0]  # sentence-transformers alone keeps only the first 256 word pieces
    assert float(vector @ truncated) < 0.99
