"""ONNX Runtime encoders for sentence-transformers models, exported and verified locally.

The transformer is exported from the local (checksum-verified) weights on first use,
graph-optimised by ONNX Runtime's transformer optimiser (fused attention, LayerNorm and
GELU) and, for ``onnx-int8``, dynamically quantised to int8. The result is cached in a
directory with a manifest recording the SHA-256 of the source weights and of the cached
model file. Every load checks both: a changed source or a corrupted cache is rebuilt,
never used. Builds take a file lock and write through temporary files that are renamed
into place, so concurrent processes neither corrupt the cache nor build it twice.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

__all__ = ["BACKENDS", "OnnxEncoder", "build_cache", "default_cache_dir", "file_sha256"]

BACKENDS = ("torch", "onnx", "onnx-int8")
MANIFEST = "manifest.json"
MODEL_FILE = "model.onnx"
FORMAT = 2  # bump when the export recipe changes: older caches are rebuilt
OPSET = 17
_HASH_CHUNK = 1 << 20
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
_BUILD_LOCK = threading.Lock()
# Digests per (path, size, mtime): a file is hashed again only when it changes on disk.
_DIGESTS: dict[tuple[str, int, int], str] = {}


def file_sha256(path: Path) -> str:
    """The file's SHA-256, streamed; remembered per process until the file changes."""
    path = Path(path).resolve()
    stat = path.stat()
    marker = (str(path), stat.st_size, stat.st_mtime_ns)
    if marker not in _DIGESTS:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(_HASH_CHUNK):
                digest.update(chunk)
        _DIGESTS[marker] = digest.hexdigest()
    return _DIGESTS[marker]


def default_cache_dir() -> Path:
    """Where the library caches exports when the caller names no directory."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "voxloop" / "onnx"


def _weights(model_dir: Path) -> Path:
    for name in _WEIGHT_FILES:
        if (model_dir / name).is_file():
            return model_dir / name
    raise FileNotFoundError(f"{model_dir} holds no model.safetensors or pytorch_model.bin")


def _slug(model_dir: Path) -> str:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", model_dir.name)[:40] or "model"
    return f"{name}-{hashlib.sha256(str(model_dir).encode()).hexdigest()[:8]}"


def _manifest_ok(directory: Path, source_sha: str, backend: str) -> bool:
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError):
        return False
    if (
        manifest.get("format") != FORMAT
        or manifest.get("backend") != backend
        or manifest.get("source_sha256") != source_sha
    ):
        return False
    try:
        return file_sha256(directory / MODEL_FILE) == manifest.get("model_sha256")
    except OSError:
        return False


def _write_atomic(target: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _export(model_dir: Path, target: Path) -> None:
    """Export the transformer plus mean pooling to ONNX (legacy exporter, opset 17)."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(
        str(model_dir), local_files_only=True, attn_implementation="eager"
    ).eval()

    class MeanPooled(torch.nn.Module):
        """The transformer followed by sentence-transformers' mean pooling."""

        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    sample = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "sequence"}
    # The legacy TorchScript exporter is chosen deliberately: it traces this BERT cleanly
    # with dynamic axes, and ONNX Runtime's BERT optimiser recognises its graph. Its
    # deprecation and tracer warnings are expected.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            MeanPooled(model),
            (),
            str(target),
            kwargs={"input_ids": sample, "attention_mask": sample, "token_type_ids": sample * 0},
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "sentence_embedding": {0: "batch"},
            },
            opset_version=OPSET,
            dynamo=False,
        )


def _optimise(model_dir: Path, source: Path, target: Path) -> None:
    """Fuse attention, LayerNorm and GELU with ONNX Runtime's transformer optimiser."""
    from onnxruntime.transformers import optimizer

    config = json.loads((model_dir / "config.json").read_text())
    optimised = optimizer.optimize_model(
        str(source),
        model_type="bert",
        num_heads=int(config.get("num_attention_heads", 12)),
        hidden_size=int(config.get("hidden_size", 384)),
    )
    optimised.save_model_to_file(str(target))


def _quantise(source: Path, target: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source),
        str(target),
        per_channel=True,
        op_types_to_quantize=["MatMul"],
        weight_type=QuantType.QInt8,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def build_cache(
    model_dir: Path,
    cache_dir: Path,
    backend: str,
    *,
    source_sha256: str | None = None,
    log: Callable[[str], None] | None = None,
) -> Path:
    """Return the verified cached model file for ``backend``, building it if needed.

    Args:
        model_dir: A local sentence-transformers model directory.
        cache_dir: Root of the export cache; each model and backend has its own folder.
        backend: ``"onnx"`` (fp32, optimised) or ``"onnx-int8"`` (optimised, quantised).
        source_sha256: The weights' known digest (skips hashing them again).
        log: Called with a line when a build starts and ends (default: stderr).
    """
    if backend not in ("onnx", "onnx-int8"):
        raise ValueError(f"not an ONNX backend: {backend!r}")
    log = log or (lambda line: print(line, file=sys.stderr, flush=True))
    model_dir = Path(model_dir).resolve()
    source_sha = source_sha256 or file_sha256(_weights(model_dir))
    directory = Path(cache_dir) / backend / _slug(model_dir)
    directory.mkdir(parents=True, exist_ok=True)
    with _BUILD_LOCK, (directory / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process building waits here
        if _manifest_ok(directory, source_sha, backend):
            return directory / MODEL_FILE
        log(f"Building the {backend} embedding model in {directory} (once; about a minute)…")
        with tempfile.TemporaryDirectory(dir=directory, prefix=".build-") as work:
            work = Path(work)
            _export(model_dir, work / "exported.onnx")
            _optimise(model_dir, work / "exported.onnx", work / "optimised.onnx")
            final = work / "optimised.onnx"
            if backend == "onnx-int8":
                _quantise(final, work / "quantised.onnx")
                final = work / "quantised.onnx"
            model_sha = file_sha256(final)
            (directory / MANIFEST).unlink(missing_ok=True)  # invalid until the model is in
            os.replace(final, directory / MODEL_FILE)
        manifest = {
            "format": FORMAT,
            "backend": backend,
            "source": str(model_dir),
            "source_sha256": source_sha,
            "model_file": MODEL_FILE,
            "model_sha256": model_sha,
            "opset": OPSET,
        }
        _write_atomic(directory / MANIFEST, json.dumps(manifest, indent=2).encode())
        log(f"Built {directory / MODEL_FILE} (SHA-256 {model_sha[:12]}…).")
        return directory / MODEL_FILE


class OnnxEncoder:
    """Mean-pooled, L2-normalised sentence vectors from a cached ONNX model.

    Texts are tokenised with the model's fast tokenizer, sorted by length and padded
    per batch only; they are processed in chunks, so memory stays bounded.
    """

    CHUNK = 2048

    def __init__(self, model_dir: Path, model_file: Path, max_seq_length: int) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = os.cpu_count() or 1
        self.session = ort.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )
        self.max_seq_length = max_seq_length
        self.tokenizer = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self._truncating = Tokenizer.from_str(self.tokenizer.to_str())
        self._truncating.enable_truncation(max_seq_length)
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def encode(self, texts: list[str], batch_size: int = 64, show_progress: bool = False):
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), self.CHUNK):
            chunk = texts[start : start + self.CHUNK]
            encodings = self._truncating.encode_batch(chunk)
            order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
            for b in range(0, len(order), batch_size):
                rows = order[b : b + batch_size]
                width = max(len(encodings[i].ids) for i in rows)
                ids = np.zeros((len(rows), width), dtype=np.int64)
                mask = np.zeros((len(rows), width), dtype=np.int64)
                for r, i in enumerate(rows):
                    n = len(encodings[i].ids)
                    ids[r, :n] = encodings[i].ids
                    mask[r, :n] = 1
                (vectors,) = self.session.run(
                    None,
                    {
                        "input_ids": ids,
                        "attention_mask": mask,
                        "token_type_ids": np.zeros_like(ids),
                    },
                )
                norms = np.linalg.norm(vectors, axis=1, keepdims=True)
                norms[norms == 0] = 1.0
                out[start + rows] = vectors / norms
        return out
