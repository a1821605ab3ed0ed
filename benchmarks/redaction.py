"""Benchmark ml.redact on the hand-written names corpus (issue 14).

Each corpus line holds a text, the gold spans (substring and kind) and look-alikes that
must stay (brands, products, carriers, shops, places, ordinary dates). A gold span counts
as found when every one of its characters was replaced, whatever the placeholder kind; a
look-alike counts as kept when none of its characters was replaced. "Words wrongly
removed" counts words outside every gold span that were replaced, over all words outside
gold spans. redaction_train.jsonl was used to tune the detectors; redaction_test.jsonl
was written before tuning and is reported as the held-out figure.

    .venv/bin/python benchmarks/redaction.py [--verbose]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ml.redact import redact  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
SPLITS = {"held-out": DATA / "redaction_test.jsonl", "train": DATA / "redaction_train.jsonl"}
STRUCTURED = {"EMAIL", "PHONE", "IBAN", "CARD", "URL", "IP", "ID", "ADDRESS"}


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _occurrences(text: str, sub: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(sub), text)]


def evaluate(rows: list[dict]) -> dict:
    """Score redaction on corpus rows; returns counts per kind and misses for reading."""
    found, total = defaultdict(int), defaultdict(int)
    kept = keep_total = wrong_words = other_words = 0
    misses, removed = [], []
    for row in rows:
        text = row["text"]
        covered = [False] * len(text)
        for span in redact(text).spans:
            for i in range(span.start, span.end):
                covered[i] = True
        gold = [False] * len(text)
        for sub, kind in row["spans"]:
            for start, end in _occurrences(text, sub):
                total[kind] += 1
                gold[start:end] = [True] * (end - start)
                if all(covered[start:end]):
                    found[kind] += 1
                else:
                    misses.append((kind, sub, text))
        for sub in row["keep"]:
            for start, end in _occurrences(text, sub):
                keep_total += 1
                if any(covered[start:end]):
                    removed.append((sub, text))
                else:
                    kept += 1
        for m in re.finditer(r"\w+", text):
            if not any(gold[m.start() : m.end()]):
                other_words += 1
                wrong_words += any(covered[m.start() : m.end()])
    return {
        "found": found,
        "total": total,
        "kept": kept,
        "keep_total": keep_total,
        "wrong_words": wrong_words,
        "other_words": other_words,
        "misses": misses,
        "removed": removed,
        "rows": len(rows),
    }


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} % ({a}/{b})" if b else "–"


def table(result: dict) -> str:
    """Markdown table of recall per kind, look-alikes kept and words wrongly removed."""
    found, total = result["found"], result["total"]
    lines = ["| measure | value | target |", "| --- | --- | --- |"]
    for kind, target in (("NAME", "≥ 95 %"), ("DATE_OF_BIRTH", "≥ 95 %")):
        lines.append(f"| recall {kind} | {_pct(found[kind], total[kind])} | {target} |")
    for kind in sorted(k for k in total if k in STRUCTURED):
        lines.append(f"| recall {kind} | {_pct(found[kind], total[kind])} | ≥ 99 % |")
    s_found = sum(found[k] for k in STRUCTURED)
    s_total = sum(total[k] for k in STRUCTURED)
    lines.append(f"| recall, structured kinds together | {_pct(s_found, s_total)} | ≥ 99 % |")
    lines.append(f"| look-alikes kept | {_pct(result['kept'], result['keep_total'])} | ≥ 98 % |")
    lines.append(
        "| words outside gold spans wrongly removed | "
        f"{_pct(result['wrong_words'], result['other_words'])} | |"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and removals")
    args = parser.parse_args()
    for name, path in SPLITS.items():
        rows = load(path)
        result = evaluate(rows)
        print(f"\n### {name} ({path.name}, {result['rows']} texts)\n")
        print(table(result))
        if args.verbose:
            for kind, sub, text in result["misses"]:
                print(f"  missed {kind}: {sub!r} in {text!r}")
            for sub, text in result["removed"]:
                print(f"  removed look-alike: {sub!r} in {text!r}")


if __name__ == "__main__":
    main()
