"""Benchmark the embedding backends against bare sentence-transformers, interleaved.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/embed.py [--rounds 3] [--short-n N]
        [--long-n N] [--no-quality] [--no-write]

Throughput: bare ``SentenceTransformer.encode`` (batch 64; truncates at 256 word pieces)
and ``Embedder.encode`` with each backend (LRU cache off; long texts embedded from all
their windows), timed on the same texts in one process, several rounds, the order
rotating each round so load from other processes falls on all of them alike. Short texts:
Banking77 test; long ones: CFPB complaint narratives (cfpb_dev/dev.csv). Agreement: cosine
of each backend's vectors to the torch backend's (same windows). Quality: NMI/ARI of the
production theme path (``ml.evaluate.evaluate_texts``) with torch and the ONNX backends.
Results go to the "Embedding backends" section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ml.embed import Embedder, _load_model  # noqa: E402
from ml.evaluate import evaluate_texts  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
BACKENDS = ("torch", "onnx", "onnx-int8")
QUALITY = {"banking77 test": ("banking77/test.csv", "category"),
           "germeval2017 dev": ("germeval2017/dev.csv", "category"),
           "cfpb dev (product)": ("cfpb_dev/dev.csv", "category")}  # fmt: skip
SECTION = "## Embedding backends"


def load(relative: str, label: str = "category") -> tuple[list[str], list[str]]:
    with (DATA / relative).open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["text"].strip()]
    return [r["text"] for r in rows], [r[label] for r in rows]


def throughput(texts: list[str], embedders: dict, rounds: int) -> dict:
    bare = _load_model(None, "cpu")
    methods = {"bare": lambda: bare.encode(texts, batch_size=64, normalize_embeddings=True)}
    for name, embedder in embedders.items():
        methods[name] = lambda e=embedder: e.encode(texts)
    names = list(methods)
    seconds = {name: [] for name in names}
    vectors = {}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start = time.perf_counter()
            vectors[name] = methods[name]()
            seconds[name].append(time.perf_counter() - start)
            print(f"  round {r + 1} {name}: {len(texts) / seconds[name][-1]:.0f} texts/s",
                  file=sys.stderr, flush=True)  # fmt: skip
    rows = {}
    for name in names:
        median = statistics.median(seconds[name])
        cos = (vectors[name] * vectors["torch"]).sum(axis=1)
        rows[name] = {"rate": len(texts) / median, "speedup": statistics.median(seconds["bare"]) / median,
                      "cos_mean": float(cos.mean()), "cos_min": float(cos.min())}  # fmt: skip
    return rows


def table(title: str, n: int, rows: dict) -> list[str]:
    lines = [f"**{title}** ({n} texts)", "",
             "| method | texts/s (median) | × bare encode | cosine to torch: mean | min |",
             "|---|---|---|---|---|"]  # fmt: skip
    for name, row in rows.items():
        label = "bare SentenceTransformer.encode" if name == "bare" else f"Embedder `{name}`"
        lines.append(f"| {label} | {row['rate']:.0f} | {row['speedup']:.2f}× | "
                     f"{row['cos_mean']:.4f} | {row['cos_min']:.4f} |")  # fmt: skip
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--short-n", type=int, default=0, help="first N short texts (0: all)")
    parser.add_argument("--long-n", type=int, default=0, help="first N long texts (0: all)")
    parser.add_argument("--no-quality", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="voxloop-onnx-bench-"))
    started = time.perf_counter()
    embedders = {b: Embedder(backend=b, cache_dir=cache, cache_size=0) for b in BACKENDS}
    for embedder in embedders.values():
        embedder.encode(["warm-up text for the session", "another one"])
    _load_model(None, "cpu").encode(["warm-up"])
    short = load("banking77/test.csv")[0]
    long = load("cfpb_dev/dev.csv")[0]
    short = short[: args.short_n] if args.short_n else short
    long = long[: args.long_n] if args.long_n else long
    print("short texts", file=sys.stderr)
    short_rows = throughput(short, embedders, args.rounds)
    print("long texts", file=sys.stderr)
    long_rows = throughput(long, embedders, args.rounds)
    quality = {}
    if not args.no_quality:
        for dataset, (relative, label) in QUALITY.items():
            texts, labels = load(relative, label)
            for backend in BACKENDS:
                result = evaluate_texts(
                    texts, labels, embedder=Embedder(backend=backend, cache_dir=cache)
                )
                quality[(dataset, backend)] = result
                print(f"  {dataset} {backend}: NMI {result['nmi']} ARI {result['ari']}",
                      file=sys.stderr, flush=True)  # fmt: skip
    command = "HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/embed.py " + " ".join(sys.argv[1:])
    lines = [SECTION, "", f"Command: `{command.strip()}` ({args.rounds} interleaved rounds, "
             f"{os.cpu_count()} cores shared with other sessions' test runs; "
             f"{time.perf_counter() - started:.0f} s in all).", ""]  # fmt: skip
    lines += table("Short texts: Banking77 test", len(short), short_rows)
    lines += table("Long texts: CFPB complaint narratives", len(long), long_rows)
    if quality:
        lines += ["**Theme quality** (production theme path, `ml.evaluate.evaluate_texts`)", "",
                  "| data | backend | themes | NMI | ARI |", "|---|---|---|---|---|"]  # fmt: skip
        for (dataset, backend), r in quality.items():
            lines.append(f"| {dataset} | {backend} | {r['themes']} | {r['nmi']} | {r['ari']} |")
        lines.append("")
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(text)


def write_section(text: str) -> None:
    """Replace the section's generated part; notes below a `<!-- notes -->` line stay."""
    current = RESULTS.read_text(encoding="utf-8")
    if SECTION in current:
        head, rest = current.split(SECTION, 1)
        after = rest.find("\n## ")
        body = rest if after < 0 else rest[:after]
        tail = "" if after < 0 else rest[after:]
        notes = body[body.find("<!-- notes -->") :] if "<!-- notes -->" in body else ""
        current = head + text + ("\n" + notes if notes else "") + tail
    else:
        current = current.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(current.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
