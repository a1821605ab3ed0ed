"""How the trend pages scale with history: 10,000 against 1,000,000 responses.

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/trends.py [--sizes 10000 1000000]
     [--postgres URL] [--repeat 5] [--sqlite-dir DIR] [--reuse]

``--reuse`` keeps databases that already hold the size's responses (SQLite files in
``--sqlite-dir``): they are migrated and their rollups rebuilt, not seeded again.

Each size gets its own database, seeded in bulk by one generator (contacts, invitations,
responses over two years, a third of them with an analysed comment whose segments carry
themes), then the rollups are rebuilt (timed apart: it is a job, not a page view). The
pages are requested through the real app as a signed-in viewer, the sizes taking turns
round by round, so other work on the machine slows them alike; the median is reported.
Every SQL statement a page view sends is checked for the source tables: a page that
reads them scans history, whatever its time says. On PostgreSQL the sizes live in
databases named after the given one (``vx_bench_10000`` …), created when missing.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

from app import create_app, demo
from app.db import get_engine, make_engine, upgrade_database
from app.models import (
    Contact,
    FeedbackItem,
    Invitation,
    Response,
    Segment,
    Theme,
    ThemeRun,
    ThemeSignal,
)
from app.services import surveys, touchpoints, trend_rollup
from app.services.users import create_user

PAGES = ("/staff/trends", "/staff/journey", "/staff/trends.csv", "/staff/journey.csv")
TARGET_RATIO = 3.0
CHUNK = 50_000
DAYS = 730
# A fixed end, so the data (and the pages' periods) never depend on the day of the run.
END = datetime(2026, 11, 30, tzinfo=UTC)
THEMES = 24
COMMENT_RATE = 0.3
SURVEY_KIND = {"post_contact": "csat", "nps": "nps", "ces": "ces"}
SOURCE_TABLES = ("response", "feedback_item", "segment", "contact", "invitation", "answer")
READS_SOURCE = re.compile(rf"\b(FROM|JOIN)\s+\"?({'|'.join(SOURCE_TABLES)})\b", re.IGNORECASE)
PASSWORD = "correct horse viewer battery"


# --- databases -------------------------------------------------------------------------


def _size_url(url: str, size: int) -> str:
    """The PostgreSQL database for one size, created when missing."""
    base = make_url(url)
    name = f"{base.database}_{size}"
    engine = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _reset(url: str) -> None:
    if url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    upgrade_database(url)


# --- the generator ---------------------------------------------------------------------


def _pick(rng: random.Random, weighted) -> str:
    keys, weights = zip(*dict(weighted).items(), strict=True)
    return rng.choices(keys, weights)[0]


def _chunks(rng: random.Random, size: int, by_key: dict, versions: dict, theme_ids: list):
    """Rows of every table, CHUNK responses at a time; ids are given, so no RETURNING.

    Touchpoints, their channels and surveys follow the demo's mix, so the rollups get as
    many filter combinations per day as a real journey would.
    """
    theme_weights = [1 / (rank + 1) for rank in range(len(theme_ids))]  # a few big themes
    item_id = segment_id = 0
    for low in range(0, size, CHUNK):
        rows = {Contact: [], Invitation: [], Response: [], FeedbackItem: [], Segment: []}
        for i in range(low + 1, min(low + CHUNK, size) + 1):
            # In arrival order, as a live system fills its tables (and its indexes).
            moment = END - timedelta(seconds=(size - i) * DAYS * 24 * 3600 // size)
            touchpoint = _pick(rng, demo.TOUCHPOINT_MIX)
            tp = by_key[touchpoint].id
            channel = _pick(rng, demo.CHANNELS_BY_TOUCHPOINT[touchpoint])
            language = "de" if rng.random() < 0.6 else "en"
            survey = _pick(rng, demo.SURVEY_BY_TOUCHPOINT.get(touchpoint,
                                                              demo.DEFAULT_SURVEY_MIX))  # fmt: skip
            version = versions[survey].id
            team = f"Team {'ABC'[i % 3]}" if touchpoint == "phone_support" else None
            rows[Contact].append({"id": i, "external_id": f"b-{i:08d}", "channel": channel,
                                  "team": team, "customer_ref": None, "touchpoint_id": tp,
                                  "occurred_at": moment, "created_at": moment})  # fmt: skip
            answered = moment + timedelta(minutes=rng.randrange(5, 3 * 24 * 60))
            rows[Invitation].append({"id": i, "token_hash": f"{i:064x}", "contact_id": i,
                                     "survey_version_id": version, "language": language,
                                     "created_at": moment, "expires_at": moment + timedelta(14),
                                     "used_at": answered})  # fmt: skip
            kind = SURVEY_KIND[survey]
            score = {"csat": rng.randint(1, 5), "nps": rng.randint(0, 10),
                     "ces": rng.randint(1, 7)}[kind]  # fmt: skip
            scores = {"nps": None, "csat": None, "ces": None, kind: score}
            rows[Response].append({"id": i, "invitation_id": i, "survey_version_id": version,
                                   "contact_id": i, "language": language,
                                   "submitted_at": answered, **scores})  # fmt: skip
            if rng.random() >= COMMENT_RATE:
                continue
            item_id += 1
            rows[FeedbackItem].append({"id": item_id, "source": "response",
                                       "external_id": None, "response_id": i,
                                       "complaint_id": None, "contact_id": i,
                                       "touchpoint_id": tp, "channel": channel,
                                       "text": "Lieferung kam spät, Abholung war gut.",
                                       "text_original": None, "redactions": 0,
                                       "language": language, "score_kind": kind, "score": score,
                                       "occurred_at": answered, "created_at": answered,
                                       "processed_at": answered + timedelta(hours=1)})  # fmt: skip
            picked = rng.choices(theme_ids, theme_weights, k=rng.choice((1, 1, 2)))
            for position, theme in enumerate(picked):
                segment_id += 1
                rows[Segment].append({"id": segment_id, "feedback_item_id": item_id,
                                      "position": position, "text": "Lieferung kam spät",
                                      "text_hash": f"{segment_id:064x}", "language": language,
                                      "embedding": None, "embedding_model": None,
                                      "theme_id": theme, "theme_similarity": 0.8,
                                      "sentiment": "negative", "occurred_at": answered,
                                      "created_at": answered})  # fmt: skip
        yield rows


def _themes(session: Session) -> list[int]:
    """Themes from one finished run, two of them flagged emerging in the last weeks."""
    run = ThemeRun(status="done", finished_at=END, n_themes=THEMES)
    themes = [Theme(label_auto=f"Theme {k + 1}", size=1) for k in range(THEMES)]
    session.add_all([run, *themes])
    session.flush()
    monday = (END - timedelta(days=END.weekday() + 7)).date()
    for theme in themes[3:5]:
        session.add(ThemeSignal(theme_id=theme.id, week_start=monday, count=50, expected=20,
                                lift=2.5, baseline_weeks=8, p_value=0.001, q_value=0.01,
                                flagged=True))  # fmt: skip
    return [t.id for t in themes]


def _write(connection, model, rows: list[dict]) -> None:
    """Insert rows through the driver: COPY on PostgreSQL, executemany on SQLite.

    The column types' own bind processors convert the values, so the stored form is what
    the app writes; SQLAlchemy's executemany took 40 s per 50,000 responses on PostgreSQL.
    """
    if not rows:
        return
    table, dialect = model.__table__, connection.dialect
    names = list(rows[0])
    convert = [table.c[name].type.bind_processor(dialect) for name in names]
    values = [tuple(row[n] if c is None else c(row[n]) for n, c in zip(names, convert, strict=True))
              for row in rows]  # fmt: skip
    columns = ", ".join(names)
    raw = connection.connection.dbapi_connection
    if dialect.name == "postgresql":
        with (
            raw.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy,
        ):
            for value in values:
                copy.write_row(value)
        return
    marks = ", ".join("?" * len(names))
    raw.cursor().executemany(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', values)


def seed(url: str, size: int, seed_value: int = 7) -> dict[str, float]:
    """Reset the database, insert ``size`` responses and what hangs off them, build rollups."""
    _reset(url)
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        # A big page cache for the seed only; the app's connections keep the default.
        event.listen(engine, "connect", lambda dbapi, _: dbapi.execute("PRAGMA cache_size=-400000"))
    counts = {"items": 0, "segments": 0}
    with Session(engine) as session:
        started = time.perf_counter()
        by_key = touchpoints.ensure_defaults(session=session)
        versions = surveys.sync_versions(session=session, definitions=surveys.load_definitions())
        theme_ids = _themes(session)
        for rows in _chunks(random.Random(seed_value), size, by_key, versions, theme_ids):
            for model, chunk in rows.items():
                _write(session.connection(), model, chunk)
            counts["items"] += len(rows[FeedbackItem])
            counts["segments"] += len(rows[Segment])
        if engine.dialect.name == "postgresql":
            # Ids were given, so move the sequences past them for anything inserted later.
            for model in (Contact, Invitation, Response, FeedbackItem, Segment):
                table = model.__tablename__
                session.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', "
                                        f"'id'), (SELECT max(id) FROM {table}))"))  # fmt: skip
        session.commit()
        seeded = time.perf_counter() - started
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(sa.text("VACUUM ANALYZE"))
        started = time.perf_counter()
        trend_rollup.rebuild(session=session)
        rollup = time.perf_counter() - started
        status = trend_rollup.status(session=session)
        create_user(session=session, email="viewer@example.com", password=PASSWORD)
        session.commit()
    engine.dispose()
    return {
        "seed": seeded,
        "rollup": rollup,
        "rollup_rows": status.rows,
        "theme_rows": status.theme_rows,
        **counts,
    }


def reuse(url: str, size: int) -> dict[str, float] | None:
    """Figures for a database seeded before with ``size`` responses, or None to seed."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            held = session.execute(sa.select(sa.func.count()).select_from(Response)).scalar_one()
    except sa.exc.DBAPIError:
        held = None
    finally:
        engine.dispose()
    if held != size:
        return None
    upgrade_database(url)
    engine = make_engine(url)
    with Session(engine) as session:
        started = time.perf_counter()
        trend_rollup.rebuild(session=session)
        rollup = time.perf_counter() - started
        status = trend_rollup.status(session=session)
        items = session.execute(sa.select(sa.func.count()).select_from(FeedbackItem)).scalar_one()
        segments = session.execute(sa.select(sa.func.count()).select_from(Segment)).scalar_one()
    engine.dispose()
    return {"seed": float("nan"), "rollup": rollup, "rollup_rows": status.rows,
            "theme_rows": status.theme_rows, "items": items, "segments": segments}  # fmt: skip


# --- timing through the app ------------------------------------------------------------


class StatementLog:
    """The SQL a page view sends, to see whether it reads the source tables."""

    def __init__(self, engine) -> None:
        self.statements: list[str] = []
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, *_args) -> None:
        self.statements.append(statement)

    def source_reads(self) -> list[str]:
        return [s for s in self.statements if READS_SOURCE.search(s)]


def _client(url: str, folder: str):
    os.environ["VOXLOOP_INSTANCE_PATH"] = os.path.join(folder, "instance")
    app = create_app({"TESTING": True, "SECRET_KEY": "benchmark-secret-key-long-enough-here",
                      "DATABASE_URL": url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False})  # fmt: skip
    client = app.test_client()
    answer = client.post("/staff/login", data={"email": "viewer@example.com",
                                               "password": PASSWORD})  # fmt: skip
    assert answer.status_code in (302, 303), answer.status_code
    return app, client


def _get_ms(client, path: str) -> float:
    started = time.perf_counter()
    answer = client.get(path)
    seconds = time.perf_counter() - started
    assert answer.status_code == 200, (path, answer.status_code)
    assert len(answer.data) > 200, path
    return seconds * 1000


def time_pages(targets: dict[int, str], folder: str, repeat: int) -> Iterator[tuple]:
    """Per size and page: median ms, statements per view, statements reading sources."""
    clients = {size: _client(url, folder) for size, url in targets.items()}
    times: dict[tuple[int, str], list[float]] = {k: [] for k in
                                                 ((s, p) for s in targets for p in PAGES)}  # fmt: skip
    checks = {}
    for size, (app, client) in clients.items():
        for page in PAGES:  # warm-up (templates, statement cache), with the SQL checked
            log = StatementLog(get_engine(app))
            _get_ms(client, page)
            event.remove(get_engine(app), "before_cursor_execute", log._record)
            checks[(size, page)] = (len(log.statements), log.source_reads())
    for _ in range(repeat):
        for size, (_app, client) in clients.items():
            for page in PAGES:
                times[(size, page)].append(_get_ms(client, page))
    for app, _ in clients.values():
        get_engine(app).dispose()
    for (size, page), values in times.items():
        yield size, page, statistics.median(values), *checks[(size, page)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--postgres", default=os.environ.get("VOXLOOP_BENCH_POSTGRES_URL"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sqlite-dir", help="keep the SQLite databases here")
    parser.add_argument("--reuse", action="store_true", help="reuse databases seeded before")
    args = parser.parse_args()
    assert SQLModel.metadata.tables
    sizes = sorted(args.sizes)
    with tempfile.TemporaryDirectory() as folder:
        keep = args.sqlite_dir or folder
        engines = [("SQLite", {s: f"sqlite:///{keep}/bench-{s}.sqlite3" for s in sizes})]
        if args.postgres:
            engines.append(("PostgreSQL", {s: _size_url(args.postgres, s) for s in sizes}))
        seeding, pages = [], []
        for name, targets in engines:
            for size, url in targets.items():
                figures = (reuse(url, size) if args.reuse else None) or seed(url, size)
                seeding.append((name, size, figures))
                print(f"seeded {name} {size}: {figures}", flush=True)
            for size, page, ms, statements, reads in time_pages(targets, folder, args.repeat):
                pages.append((name, size, page, ms, statements, reads))
        _report(seeding, pages, sizes)


def _report(seeding: list, pages: list, sizes: list[int]) -> None:
    print("\n| engine | responses | comments / segments | seed (s) | rollup rebuild (s) "
          "| rollup rows (daily / theme) |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for name, size, f in seeding:
        seeded = "reused" if f["seed"] != f["seed"] else f"{f['seed']:.0f}"  # NaN: reused
        print(f"| {name} | {size:,} | {f['items']:,} / {f['segments']:,} | {seeded} "
              f"| {f['rollup']:.1f} | {f['rollup_rows']:,} / {f['theme_rows']:,} |")  # fmt: skip
    small, large = sizes[0], sizes[-1]
    median = {(n, s, p): ms for n, s, p, ms, _, _ in pages}
    print(f"\n| engine | page | {small:,} (ms) | {large:,} (ms) | ratio | ≤ {TARGET_RATIO:g}× "
          "| SQL per view | reads responses |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, size, page, _ms, statements, reads in pages:
        if size != large:
            continue
        ratio = median[(name, large, page)] / median[(name, small, page)]
        print(f"| {name} | {page} | {median[(name, small, page)]:.0f} "
              f"| {median[(name, large, page)]:.0f} | {ratio:.2f}× "
              f"| {'yes' if ratio <= TARGET_RATIO else 'NO'} | {statements} "
              f"| {'yes: ' + reads[0][:80] if reads else 'no'} |")  # fmt: skip


if __name__ == "__main__":
    main()
