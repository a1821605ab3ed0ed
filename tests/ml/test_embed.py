"""Tests for ml.embed with the real bundled model."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from ml import embed
from ml.embed import (
    DEFAULT_MODEL_SHA256,
    Embedder,
    ModelIntegrityError,
    default_model_path,
    text_key,
    theme_features,
    verify_sha256,
)


def test_default_model_path_verifies_real_weights():
    path = default_model_path()
    assert (path / "model.safetensors").is_file()
    assert (path / "config.json").is_file()


def test_tampered_copy_raises_with_file_and_hashes(tmp_path):
    source = default_model_path()
    for name in ("config.json", "modules.json", "tokenizer_config.json"):
        shutil.copy(source / name, tmp_path / name)
    fake = tmp_path / "model.safetensors"
    fake.write_bytes(b"not the real weights")
    with pytest.raises(ModelIntegrityError) as caught:
        verify_sha256(fake, DEFAULT_MODEL_SHA256)
    message = str(caught.value)
    assert str(fake) in message
    assert DEFAULT_MODEL_SHA256 in message
    assert isinstance(caught.value, ValueError)


def test_verification_is_cached_but_notices_a_replaced_file(tmp_path):
    good = tmp_path / "w.bin"
    good.write_bytes(b"abc")
    digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    verify_sha256(good, digest)
    assert any(marker[0] == str(good.resolve()) for marker in embed._VERIFIED)
    good.write_bytes(b"abcd")  # new size: the cached verdict must not apply
    with pytest.raises(ModelIntegrityError):
        verify_sha256(good, digest)


def test_text_key_is_sha256_of_exact_text():
    assert text_key("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert text_key("Lieferung") != text_key("Lieferung ")


def test_encode_shape_dtype_and_unit_rows(embedder):
    X = embedder.encode(["The parcel is late.", "Das Paket kommt zu spät.", ""])
    assert X.shape == (3, embedder.dimension) == (3, 384)
    assert X.dtype == np.float32
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-5)


def test_empty_input_gives_empty_matrix(embedder):
    assert embedder.encode([]).shape == (0, 384)


def test_cache_and_batch_dedupe_avoid_reencoding():
    fresh = Embedder()
    first = fresh.encode(["refund missing", "refund missing", "rude agent"])
    assert fresh.n_encoded == 2  # the duplicate in the batch is embedded once
    again = fresh.encode(["rude agent", "refund missing"])
    assert fresh.n_encoded == 2  # both from the cache
    assert np.array_equal(again[0], first[2])
    assert np.array_equal(first[0], first[1])


def test_lru_cache_is_bounded():
    small = Embedder(cache_size=2)
    small.encode(["one", "two", "three"])
    assert len(small._cache) == 2
    small.encode(["one"])  # evicted, so embedded again
    assert small.n_encoded == 4


def test_languages_must_match_texts(embedder):
    with pytest.raises(ValueError, match="languages"):
        embedder.encode(["a", "b"], languages=["en"])


def test_models_by_language_routes_texts(embedder):
    # The same model under another spelling of its path counts as a separate model.
    other = str(default_model_path()) + "/"
    routed = Embedder(models_by_language={"de": other})
    X = routed.encode(["late parcel", "spätes Paket"], languages=["en", "de"])
    assert routed.n_encoded == 2
    assert np.allclose(X, embedder.encode(["late parcel", "spätes Paket"]), atol=1e-5)


def test_theme_features_only_extend_weak_languages(themed):
    texts, _, languages, X = themed
    # All texts in a model language: the embeddings come back unchanged.
    assert np.allclose(theme_features(texts, X, languages=["en"] * len(texts)), X, atol=1e-6)
    many = texts * 2
    extended = theme_features(many, np.vstack([X, X]), languages=languages * 2)
    assert extended.shape[0] == len(many) and extended.shape[1] > X.shape[1]
    assert np.allclose(np.linalg.norm(extended, axis=1), 1.0, atol=1e-5)
    english = np.array(languages * 2) == "en"
    assert np.all(extended[english, X.shape[1] :] == 0)
