"""Peak memory of a feedback export at 10,000 and 1,000,000 rows, CSV and XLSX.

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/exports.py [--rows 10000,1000000]
     [--formats csv,xlsx] [--database-url URL]

Each size gets its own SQLite database (or, with ``--database-url``, a PostgreSQL
database emptied and migrated per size) seeded with that many feedback items by chunked
``sa.insert`` executemany. Each export then runs in a fresh subprocess through
``app.services.exports.write``, the function ``voxloop export`` runs, writing to a file;
the child reports its own peak RSS (``getrusage(RUSAGE_SELF).ru_maxrss``, what
``RUSAGE_CHILDREN`` reports for a single child). A baseline child only imports the app
and the export module, creates the app and reads one row, so the difference is what the
export itself holds. The point: that difference must not grow with the number of rows.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's app, not another installed one
CHUNK = 20_000
WORDS = ("Lieferung", "Abholung", "Größe", "delivery", "pick-up", "rude", "friendly", "slow",
         "Wartezeit", "Rückgabe", "refund", "website", "Bestellung", "Verpackung", "über")  # fmt: skip


def seed(url: str, rows: int) -> float:
    """Insert ``rows`` feedback items; return the seconds it took."""
    import sqlalchemy as sa

    from app.db import make_engine
    from app.models import FeedbackItem

    rng = random.Random(0)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    began = time.perf_counter()
    engine = make_engine(url)
    with engine.begin() as connection:
        for offset in range(0, rows, CHUNK):
            batch = []
            for i in range(offset, min(rows, offset + CHUNK)):
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18)))
                batch.append({
                    "source": "import", "text": text, "redactions": 0,
                    "language": rng.choice(("de", "en")), "score_kind": "csat",
                    "score": rng.randint(1, 5), "channel": "web",
                    "occurred_at": start + timedelta(seconds=30 * i),
                    "created_at": start,
                })  # fmt: skip
            connection.execute(sa.insert(FeedbackItem.__table__), batch)
    engine.dispose()
    return time.perf_counter() - began


def child(mode: str, url: str, fmt: str, output: str) -> None:
    """In a fresh process: the baseline or one export; print its peak RSS as JSON."""
    os.environ["VOXLOOP_DATABASE_URL"] = url
    os.environ.setdefault("VOXLOOP_SECRET_KEY", "benchmark-secret-key-long-enough-0123456789")
    from sqlmodel import Session, text

    from app import create_app
    from app.db import get_engine
    from app.services import exports

    app = create_app({"TESTING": True, "DATABASE_URL": url})
    began = time.perf_counter()
    count = 0
    with app.app_context(), Session(get_engine()) as session:
        if mode == "baseline":
            session.execute(text("SELECT id FROM feedback_item LIMIT 1")).all()
        else:
            with open(output, "wb") as target:
                count = exports.write("feedback", fmt, target, session=session)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = os.path.getsize(output) if mode == "export" else 0
    print(json.dumps({"peak_mb": peak_kb / 1024, "rows": count, "seconds":
                      time.perf_counter() - began, "bytes": size}))  # fmt: skip


def run_child(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=3600,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def reset_postgres(url: str) -> None:
    import sqlalchemy as sa

    from app.db import make_engine

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,1000000")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--child", nargs=4, metavar=("MODE", "URL", "FORMAT", "OUTPUT"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    from app.db import upgrade_database

    print("| rows | format | peak RSS (MB) | baseline (MB) | export − baseline (MB) | "
          "seconds | rows/s | file (MB) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in (int(n) for n in args.rows.split(",")):
            url = args.database_url or f"sqlite:///{tmp}/exports-{rows}.sqlite3"
            if args.database_url:
                reset_postgres(url)
            upgrade_database(url)
            seconds = seed(url, rows)
            print(f"<!-- seeded {rows} rows in {seconds:.0f} s -->", flush=True)
            baseline = run_child("baseline", url, "-", "-")
            for fmt in args.formats.split(","):
                output = f"{tmp}/feedback-{rows}.{fmt}"
                result = run_child("export", url, fmt, output)
                assert result["rows"] == rows, result
                print(f"| {rows:,} | {fmt} | {result['peak_mb']:.0f} | {baseline['peak_mb']:.0f} "
                      f"| {result['peak_mb'] - baseline['peak_mb']:.0f} | "
                      f"{result['seconds']:.0f} | {rows / result['seconds']:,.0f} | "
                      f"{result['bytes'] / 1e6:.0f} |", flush=True)  # fmt: skip
                os.unlink(output)


if __name__ == "__main__":
    main()
