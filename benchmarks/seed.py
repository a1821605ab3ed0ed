"""How long the demo story takes to seed, against a bare bulk insert of the same contacts.

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/seed.py [--contacts 10000] [--postgres URL]

The baseline inserts the same number of contact rows with one executemany on the same
engine, in the same process, so the ratio says what the story's extra rows and text
generation cost, independent of the machine's speed.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from app import demo
from app.db import make_engine, upgrade_database
from app.models import Contact
from app.services import touchpoints


def _reset(url: str) -> None:
    if url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    upgrade_database(url)


def seed_seconds(url: str, contacts: int) -> float:
    _reset(url)
    engine = make_engine(url)
    with Session(engine) as session:
        started = time.perf_counter()
        demo.seed(session=session, contacts=contacts, create_logins=False)
        seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def baseline_seconds(url: str, contacts: int) -> float:
    _reset(url)
    engine = make_engine(url)
    with Session(engine) as session:
        touchpoint = touchpoints.ensure_defaults(session=session)["delivery"]
        now = datetime.now(UTC)
        rows = [
            {"external_id": f"b-{i}", "channel": "web", "touchpoint_id": touchpoint.id,
             "occurred_at": now, "created_at": now}
            for i in range(contacts)
        ]  # fmt: skip
        started = time.perf_counter()
        session.execute(sa.insert(Contact), rows)
        session.commit()
        seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--postgres", default=os.environ.get("VOXLOOP_BENCH_POSTGRES_URL"))
    args = parser.parse_args()
    assert SQLModel.metadata.tables
    with tempfile.TemporaryDirectory() as folder:
        targets = [("SQLite", f"sqlite:///{folder}/bench.sqlite3")]
        if args.postgres:
            targets.append(("PostgreSQL", args.postgres))
        print("| engine | contacts | demo seed (s) | bare contact insert (s) | ratio |")
        print("|---|---|---|---|---|")
        for name, url in targets:
            base = baseline_seconds(url, args.contacts)
            story = seed_seconds(url, args.contacts)
            print(f"| {name} | {args.contacts} | {story:.1f} | {base:.2f} | {story / base:.0f}× |")


if __name__ == "__main__":
    main()
