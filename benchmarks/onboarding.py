"""Onboarding: import a company's history and run the first theme run, as an operator does.

Builds N short texts from Banking77 train (each round of the 10,003 texts varied lightly
with a greeting and a closing, so the embedding cache cannot reuse them), then runs, each
in a fresh process on a fresh database: ``voxloop db upgrade``, ``voxloop import feedback``
and ``voxloop themes run``. Reports the wall time and peak RSS of each step.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/onboarding.py --n 100000
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/onboarding.py --n 100000 \\
        --database-url postgresql+psycopg://root@127.0.0.1:5432/vx_onboard
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "banking77" / "train.csv"
GREETINGS = ("", "Hi, ", "Hello. ", "Please help: ")
CLOSINGS = ("", " Thanks.", " Thank you!", " Any ideas?")


def build_csv(path: Path, n: int) -> None:
    with TRAIN.open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    start = datetime(2025, 1, 6, tzinfo=UTC)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["external_id", "text", "occurred_at", "language"])
        for i in range(n):
            round_, text = divmod(i, len(texts))
            greeting = GREETINGS[round_ % len(GREETINGS)]
            closing = CLOSINGS[(round_ // len(GREETINGS)) % len(CLOSINGS)]
            moment = start + timedelta(minutes=(i * 5) % (52 * 7 * 24 * 60))
            writer.writerow([f"onb-{i:07d}", f"{greeting}{texts[text]}{closing}",
                             moment.isoformat(), "en"])  # fmt: skip


def run_step(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run one command; return (seconds, peak RSS in MB) of its process tree's largest."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    voxloop = str(Path(sys.executable).with_name("voxloop"))
    with tempfile.TemporaryDirectory(prefix="voxloop-onboarding-") as tmp:
        folder = Path(tmp)
        data = folder / "history.csv"
        build_csv(data, args.n)
        env = {**os.environ, "VOXLOOP_INSTANCE_PATH": str(folder / "instance"),
               "VOXLOOP_DATABASE_URL": args.database_url
               or f"sqlite:///{folder / 'voxloop.sqlite3'}"}  # fmt: skip
        steps = [
            ("db upgrade", [voxloop, "db", "upgrade"]),
            (
                "import feedback",
                [voxloop, "import", "feedback", str(data), "--report", str(folder / "report.csv")],
            ),
            ("themes run", [voxloop, "themes", "run"]),
        ]
        total = 0.0
        print(f"{args.n} texts, {env['VOXLOOP_DATABASE_URL'].split(':')[0]}")
        for name, argv in steps:
            seconds, rss = run_step(argv, env)
            total += seconds
            print(f"  {name:16s} {seconds:8.1f} s   peak RSS {rss:7.0f} MB", flush=True)
        print(f"  {'total':16s} {total:8.1f} s")


if __name__ == "__main__":
    main()
