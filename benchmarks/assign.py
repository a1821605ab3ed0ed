"""Incremental assignment: milliseconds per new segment joining its nearest theme.

Run: .venv/bin/python benchmarks/assign.py

Target (theme engine issue): at most 5 ms per segment after embedding. The baseline is
the bare arithmetic (one matrix product and an argmax) on the same arrays in the same
process, so the ratio shows what `ml.themes.assign` adds around it.
"""

from __future__ import annotations

import time

import numpy as np

from ml.themes import assign

THEMES = (50, 300, 2000)
SEGMENTS = 2000


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    X = rng.normal(size=(n, 384)).astype(np.float32)
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def _per_segment_ms(function, X: np.ndarray) -> float:
    started = time.perf_counter()
    for row in X:  # one segment at a time, as they arrive
        function(row[None, :])
    return (time.perf_counter() - started) / len(X) * 1000


def main() -> None:
    rng = np.random.default_rng(0)
    X = _unit(rng, SEGMENTS)
    print("| themes | assign ms/segment | bare argmax ms/segment | ratio | batch ms/segment |")
    print("|---|---|---|---|---|")
    for k in THEMES:
        C = _unit(rng, k)
        ours = _per_segment_ms(lambda x, C=C: assign(x, C, 0.3), X)
        bare = _per_segment_ms(lambda x, C=C: (x @ C.T).argmax(axis=1), X)
        started = time.perf_counter()
        assign(X, C, 0.3)
        batch = (time.perf_counter() - started) / len(X) * 1000
        print(f"| {k} | {ours:.3f} | {bare:.3f} | {ours / bare:.1f}× | {batch:.4f} |")


if __name__ == "__main__":
    main()
