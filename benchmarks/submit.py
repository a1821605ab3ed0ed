"""Survey submissions per second through gunicorn, against a minimal one-table Flask app.

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/submit.py [--quick] [--seconds 60]
     [--clients 50] [--workers 4] [--engines sqlite,postgresql] [--postgres URL]

Each engine gets two gunicorn servers with the same worker settings, both up at once, and
the rows are timed in alternating rounds (``--rounds``) so that other work on a shared
machine hits them alike: Voxloop (``app.wsgi:app``, migrated with ``voxloop db upgrade``)
and :func:`minimal_app`, which inserts one row per POST into a one-table database through the
same engine factory. The minimal app does far less work; it is the baseline that says what
Flask, gunicorn, the driver and the database cost on this machine. Sync workers, as
``voxloop serve`` runs them: the app is CPU-bound under the GIL, so threads would not add
throughput, and loopback connections are cheap to reopen.

What is timed is *submissions*: the POSTs of respondents' answers, each to a fresh,
pre-created invitation. Each of those respondents' GET of the survey page (session cookie
and CSRF token) is done beforehand, through the same gunicorn, in a preparation phase that
is reported as its own row (GET latency, GETs/s, CPU per GET) and is not in the timed
rounds. A second Voxloop row times whole flows (GET then POST of further fresh
invitations, latency and CPU per flow), so that the cost of the page is not hidden.
Submissions/s counts successful POSTs (303 to the thank-you page) of distinct invitations.
Every ``--duplicate-every``-th respondent sends the same POST twice at once on two
connections. After the run the database must hold exactly one response per successful
invitation, with the score that was sent, and none for anything else.

The load generator is this process (asyncio, one connection per client, keep-alive when
the server allows it); all traffic goes to 127.0.0.1 and stops at the deadline or when
the invitations run out. CPU-seconds of gunicorn, of this run's PostgreSQL backends, of the
load generator and of everything else are reported, because a shared machine's background
load moves req/s; CPU per request is the steadier figure.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import psutil
import sqlalchemy as sa
from flask import Flask, redirect, request

from app.db import make_engine

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## Survey submission"
BEGIN_MARK = "<!-- benchmarks/submit.py: generated, re-run to update -->"
END_MARK = "<!-- /benchmarks/submit.py -->"
MINIMAL_URL_ENV = "VX_BENCH_MINIMAL_DATABASE_URL"
CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')
COMMENTS = (
    "",
    "",
    "Quick and friendly, thanks.",
    "Waited 40 minutes on hold, then the line dropped. Call me at +49 170 1234567.",
    "Die Lieferung kam zwei Tage zu spät und niemand hat Bescheid gegeben.",
    "The agent solved it in one call. Please write to jane.doe@example.com about the refund.",
    "Sehr freundliche Beratung, aber die Rechnung war falsch. " * 3,
    "App crashed twice while uploading the receipt; had to use the website instead.",
)

# --- the baseline: one table, one INSERT per request --------------------------------------

_METADATA = sa.MetaData()
SUBMISSION = sa.Table(
    "submission",
    _METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token", sa.String(64), nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("comment", sa.Text),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
)


def minimal_app() -> Flask:
    """The baseline served by gunicorn as ``benchmarks.submit:minimal_app()``."""
    app = Flask("voxloop_bench_minimal")
    engine = make_engine(os.environ[MINIMAL_URL_ENV])  # WAL on SQLite, a pool on PostgreSQL

    @app.post("/submit")
    def submit():
        form = request.form
        with engine.begin() as connection:
            connection.execute(
                SUBMISSION.insert().values(
                    token=form["token"],
                    score=int(form["score"]),
                    comment=form.get("comment") or None,
                    submitted_at=datetime.now(UTC),
                )
            )
        return redirect("/thanks", 303)

    @app.get("/readyz")
    def readyz():
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return "ok"

    return app


# --- an HTTP/1.1 client small enough to stay out of the servers' way ----------------------


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((v for k, v in reversed(self.headers) if k == name), "")


class Connection:
    """One client's connection: reopened when the server closes it (sync workers do)."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port, self.timeout = port, timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"", headers=()) -> Reply:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers]
        if method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        async with asyncio.timeout(self.timeout):
            reused = self.writer is not None
            try:
                return await self._exchange(data)
            except (ConnectionError, asyncio.IncompleteReadError):
                # Only a kept-alive connection the server closed while idle is retried:
                # the request never reached the application.
                await self.close()
                if not reused:
                    raise
                return await self._exchange(data)

    async def _exchange(self, data: bytes) -> Reply:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(data)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("closed before the status line")
        headers = []
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers.append((name.strip().lower(), value.strip()))
        reply = Reply(int(status_line.split()[1]), headers, b"")
        if length := reply.header("content-length"):
            reply.body = await self.reader.readexactly(int(length))
        elif reply.header("transfer-encoding").lower() == "chunked":
            reply.body = await self._chunked()
        elif reply.status not in (204, 304):
            reply.body = await self.reader.read()
            await self.close()
        if reply.header("connection").lower() == "close":
            await self.close()
        return reply

    async def _chunked(self) -> bytes:
        parts = []
        while size := int((await self.reader.readline()).split(b";")[0], 16):
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()
        while (await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            pass
        return b"".join(parts)

    async def close(self) -> None:
        writer, self.reader, self.writer = self.writer, None, None
        if writer is not None:
            writer.close()


# --- load ---------------------------------------------------------------------------------


@dataclass
class Window:
    """What one phase (preparation, warm-up or timed) measured."""

    post_ms: list[float] = field(default_factory=list)
    get_ms: list[float] = field(default_factory=list)
    flow_ms: list[float] = field(default_factory=list)  # GET + POST of a whole flow
    ok: int = 0
    errors: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float = 0.0  # gunicorn master and workers
    database_cpu: float = 0.0  # this run's PostgreSQL backends (SQLite runs in the workers)
    machine_busy: float = 0.0  # CPU-seconds used by everything on the machine

    def add(self, other: Window) -> None:
        self.post_ms += other.post_ms
        self.get_ms += other.get_ms
        self.flow_ms += other.flow_ms
        self.ok += other.ok
        self.errors.update(other.errors)
        for name in ("seconds", "client_cpu", "server_cpu", "database_cpu", "machine_busy"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Load:
    """One server's ledger: what every POST did, and the pages prepared for submissions."""

    port: int
    timeout: float
    tokens: list[str]  # every token seeded for this server
    plan: dict[str, tuple[int, str]]
    duplicate_every: int
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # token: (cookie, CSRF)
    posted: set[str] = field(default_factory=set)
    succeeded: set[str] = field(default_factory=set)
    duplicates: Counter = field(default_factory=Counter)


@dataclass
class Work:
    """The tokens one flow still has to hand out, in order."""

    tokens: list[str]
    next_index: int = 0
    exhausted: bool = False

    def take(self) -> tuple[int, str] | None:
        if self.next_index >= len(self.tokens):
            self.exhausted = True
            return None
        self.next_index += 1
        return self.next_index - 1, self.tokens[self.next_index - 1]


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _form(pairs: dict[str, str]) -> tuple[bytes, list[tuple[str, str]]]:
    return urlencode(pairs).encode(), [("Content-Type", "application/x-www-form-urlencoded")]


async def _open_page(window: Window, connection: Connection, token: str) -> tuple[str, str] | None:
    """GET a survey page; return its session cookie and CSRF token (None: counted error)."""
    started = time.perf_counter()
    page = await connection.request("GET", f"/s/{token}")
    window.get_ms.append(_ms(started))
    cookies = [v.split(";")[0] for k, v in page.headers if k == "set-cookie"]
    cookie = next((c for c in cookies if c.startswith("session=")), "")
    csrf = CSRF.search(page.body)
    if page.status != 200 or not cookie.startswith("session=") or csrf is None:
        window.errors[f"GET {page.status}"] += 1
        return None
    return cookie, csrf.group(1).decode()


async def _send_answers(
    load: Load, window: Window, connection: Connection, number: int, token: str, page
) -> bool:
    """POST a respondent's answers (twice at once for every N-th); True when it got 303."""
    cookie, csrf = page
    score, comment = load.plan[token]
    body, headers = _form({"csrf_token": csrf, "nps": str(score), "comment": comment})
    headers.append(("Cookie", cookie))
    twice = load.duplicate_every > 0 and number % load.duplicate_every == 0
    extra = Connection(load.port, load.timeout) if twice else None
    load.posted.add(token)
    started = time.perf_counter()
    sends = [connection.request("POST", f"/s/{token}", body, headers)]
    if extra is not None:
        sends.append(extra.request("POST", f"/s/{token}", body, headers))
    replies = await asyncio.gather(*sends, return_exceptions=True)
    window.post_ms.append(_ms(started))
    if extra is not None:
        await extra.close()
    good = [
        not isinstance(r, BaseException)
        and r.status == 303
        and r.header("location").endswith("/thanks")
        for r in replies
    ]
    if extra is not None:
        load.duplicates["pairs"] += 1
        load.duplicates["both 303"] += all(good)
    if any(good):
        load.succeeded.add(token)
        window.ok += 1
        return True
    for reply in replies:
        if isinstance(reply, BaseException):
            raise reply
    window.errors[f"POST {replies[0].status}"] += 1
    return False


async def page_visit(load: Load, work: Work, window: Window, connection: Connection) -> bool:
    """Preparation: open a respondent's survey page and keep its cookie and CSRF token."""
    taken = work.take()
    if taken is None:
        return False
    opened = await _open_page(window, connection, taken[1])
    if opened is not None:
        load.pages[taken[1]] = opened
        window.ok += 1
    return True


async def submission(load: Load, work: Work, window: Window, connection: Connection) -> bool:
    """A timed submission: POST the answers with the page prepared for this invitation."""
    taken = work.take()
    if taken is None:
        return False
    number, token = taken
    await _send_answers(load, window, connection, number, token, load.pages[token])
    return True


async def respondent(load: Load, work: Work, window: Window, connection: Connection) -> bool:
    """A respondent's whole flow, timed as one: open the survey page, then send the answers."""
    taken = work.take()
    if taken is None:
        return False
    number, token = taken
    started = time.perf_counter()
    opened = await _open_page(window, connection, token)
    if opened is not None and await _send_answers(load, window, connection, number, token, opened):
        window.flow_ms.append(_ms(started))
    return True


async def baseline_request(load: Load, work: Work, window: Window, connection: Connection) -> bool:
    """One POST to the minimal app."""
    taken = work.take()
    if taken is None:
        return False
    _number, token = taken
    score, comment = load.plan[token]
    body, headers = _form({"token": token, "score": str(score), "comment": comment})
    load.posted.add(token)
    started = time.perf_counter()
    reply = await connection.request("POST", "/submit", body, headers)
    window.post_ms.append(_ms(started))
    if reply.status == 303:
        load.succeeded.add(token)
        window.ok += 1
    else:
        window.errors[f"POST {reply.status}"] += 1
    return True


async def _client(load: Load, work: Work, window: Window, flow: Callable, deadline: float):
    connection = Connection(load.port, load.timeout)
    try:
        while time.perf_counter() < deadline:
            try:
                if not await flow(load, work, window, connection):
                    return
            except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
                window.errors[type(exc).__name__] += 1
                await connection.close()
    finally:
        await connection.close()


class Meter:
    """CPU-seconds used so far by the server's processes, the database and the machine."""

    def __init__(self, server_pid: int, database: str | None) -> None:
        self.server = psutil.Process(server_pid)
        self.database = database

    @staticmethod
    def _cpu(process: psutil.Process) -> float:
        try:
            times = process.cpu_times()
        except psutil.Error:
            return 0.0
        return times.user + times.system

    def snapshot(self) -> tuple[dict[int, float], dict[int, float], float]:
        server = {p.pid: self._cpu(p) for p in [self.server, *self.server.children()]}
        database = {}
        if self.database:
            marker = f" {self.database} "  # "postgres: root vx_bench_submit 127.0.0.1(…)"
            for process in psutil.process_iter(["name", "cmdline"]):
                if process.info["name"] == "postgres" and marker in " ".join(
                    process.info["cmdline"] or ()
                ):
                    database[process.pid] = self._cpu(process)
        machine = psutil.cpu_times()
        return server, database, sum(machine) - machine.idle - getattr(machine, "iowait", 0)

    def charge(self, window: Window, before, after) -> None:
        def spent(old: dict[int, float], new: dict[int, float]) -> float:
            return sum(cpu - old.get(pid, 0.0) for pid, cpu in new.items())

        window.server_cpu = spent(before[0], after[0])
        window.database_cpu = spent(before[1], after[1])
        window.machine_busy = after[2] - before[2]


def run_window(
    load: Load, work: Work, flow: Callable, clients: int, seconds: float, meter: Meter
) -> Window:
    """Run ``clients`` closed-loop clients for ``seconds``; in-flight requests finish."""
    window = Window()

    async def main() -> None:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(_client(load, work, window, flow, deadline) for _ in range(clients)))

    before, cpu, started = meter.snapshot(), time.process_time(), time.perf_counter()
    asyncio.run(main())
    window.seconds = time.perf_counter() - started
    window.client_cpu = time.process_time() - cpu
    meter.charge(window, before, meter.snapshot())
    return window


# --- servers and databases ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _clean_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VOXLOOP_", "VX_BENCH_"))}
    return {**env, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1", **extra}


class Server:
    """A gunicorn master started as a subprocess; always stopped by ``stop``."""

    def __init__(self, app_spec: str, env: dict[str, str], args, log: Path) -> None:
        self.port = _free_port()
        self.log = log
        argv = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}"]
        argv += ["--workers", str(args.workers), "--worker-class", args.worker_class]
        if args.worker_class == "gthread":
            argv += ["--threads", str(args.threads)]
        argv += ["--timeout", "60", "--graceful-timeout", "10", app_spec]
        with log.open("wb") as handle:
            self.process = subprocess.Popen(
                argv, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
            )

    def wait_ready(self, seconds: float = 90) -> None:
        import http.client

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/readyz")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
                connection.close()
            except OSError:
                pass
            time.sleep(0.3)
        tail = self.log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"gunicorn on port {self.port} did not get ready:\n{tail}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the master stops its workers
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@dataclass
class Target:
    engine: str
    voxloop_url: str
    minimal_url: str


def _reset_postgres(base: str, names: list[str]) -> list[str]:
    admin = sa.create_engine(base.rstrip("/") + "/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for name in names:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    return [base.rstrip("/") + "/" + name for name in names]


def _drop_postgres(base: str, names: list[str]) -> None:
    admin = sa.create_engine(base.rstrip("/") + "/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for name in names:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def seed_invitations(url: str, count: int, seed: int) -> tuple[list[str], dict]:
    """Bulk-insert ``count`` contacts with one open NPS invitation each; return the tokens."""
    from sqlmodel import Session, select

    from app.models import Contact, Invitation
    from app.services import surveys, touchpoints
    from app.services.references import hash_secret

    engine = make_engine(url)
    rng = random.Random(seed)
    tokens = [secrets.token_urlsafe(24) for _ in range(count)]
    plan = {t: (rng.randint(0, 10), rng.choice(COMMENTS)) for t in tokens}
    try:
        with Session(engine) as session:
            touchpoint = touchpoints.ensure_defaults(session=session)["phone_support"]
            version = surveys.active_version(session=session, key="nps")
            session.commit()
            now = datetime.now(UTC)
            session.execute(
                sa.insert(Contact),
                [
                    {"external_id": f"bench-{i}", "channel": "phone", "occurred_at": now,
                     "touchpoint_id": touchpoint.id, "created_at": now}
                    for i in range(count)
                ],
            )  # fmt: skip
            ids = dict(session.execute(select(Contact.external_id, Contact.id)).all())
            session.execute(
                sa.insert(Invitation),
                [
                    {"token_hash": hash_secret(token), "contact_id": ids[f"bench-{i}"],
                     "survey_version_id": version.id, "language": ("en", "de")[i % 2],
                     "created_at": now, "expires_at": now + timedelta(days=14)}
                    for i, token in enumerate(tokens)
                ],
            )  # fmt: skip
            session.commit()
    finally:
        engine.dispose()
    return tokens, plan


def check_voxloop(url: str, load: Load) -> list[str]:
    """Problems with what the database holds after the run (empty: all good)."""
    from sqlmodel import Session, func, select

    from app.models import FeedbackItem, FollowUpCase, Invitation, Response
    from app.services.references import hash_secret

    token_of = {hash_secret(t): t for t in load.tokens}
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(Invitation.token_hash, Response.nps, Invitation.used_at).join(
                    Response, Response.invitation_id == Invitation.id
                )
            ).all()
            per_invitation = session.execute(
                select(Response.invitation_id, func.count())
                .group_by(Response.invitation_id)
                .having(func.count() > 1)
            ).all()
            feedback_twice = session.execute(
                select(FeedbackItem.response_id, func.count())
                .where(FeedbackItem.response_id.is_not(None))
                .group_by(FeedbackItem.response_id)
                .having(func.count() > 1)
            ).all()
            cases = session.execute(select(func.count()).select_from(FollowUpCase)).scalar_one()
            items = session.execute(select(func.count()).select_from(FeedbackItem)).scalar_one()
    finally:
        engine.dispose()
    stored = Counter(token_of.get(h, h) for h, _nps, _used in rows)
    problems = []
    if lost := load.succeeded - set(stored):
        problems.append(f"{len(lost)} successful POSTs have no response row (lost)")
    if per_invitation or any(n > 1 for n in stored.values()):
        problems.append(f"{len(per_invitation)} invitations have more than one response")
    if phantom := set(stored) - load.posted:
        problems.append(f"{len(phantom)} responses for invitations never POSTed")
    if wrong := [h for h, nps, _used in rows if load.plan.get(token_of.get(h), (None,))[0] != nps]:
        problems.append(f"{len(wrong)} responses store a different score than was sent")
    if unused := [h for h, _nps, used in rows if used is None]:
        problems.append(f"{len(unused)} answered invitations are not marked used")
    if feedback_twice:
        problems.append(f"{len(feedback_twice)} responses have more than one feedback item")
    commented = sum(1 for t in stored if load.plan[t][1].strip())
    if items != commented:
        problems.append(f"{items} feedback items for {commented} comments")
    low = sum(1 for t in stored if load.plan[t][0] <= 6)  # LOW_SCORE_NPS_MAX
    if cases != low:
        problems.append(f"{cases} follow-up cases for {low} low scores")
    pairs = load.duplicates["pairs"]
    if load.duplicates["both 303"] != pairs:
        problems.append(f"{pairs - load.duplicates['both 303']} of {pairs} duplicate pairs not 303")
    load.duplicates["rows"] = len(rows)
    return problems


def check_minimal(url: str, load: Load) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tokens = Counter(connection.execute(sa.select(SUBMISSION.c.token)).scalars())
    finally:
        engine.dispose()
    load.duplicates["rows"] = sum(tokens.values())
    problems = []
    if lost := load.succeeded - set(tokens):
        problems.append(f"{len(lost)} successful POSTs have no row (lost)")
    if twice := [t for t, n in tokens.items() if n > 1]:
        problems.append(f"{len(twice)} tokens stored more than once")
    if phantom := set(tokens) - load.posted:
        problems.append(f"{len(phantom)} rows for tokens never POSTed")
    return problems


# --- one measurement ----------------------------------------------------------------------

# What one counted request of a row is.
BASELINE = "POST (baseline)"
SUBMIT = "POST submission"
PAGE = "GET survey page (preparation)"
FLOW = "GET + POST (whole flow)"


@dataclass
class Result:
    engine: str
    app: str
    measures: str
    window: Window
    load: Load
    problems: list[str]
    ratio: float | None = None

    @property
    def rate(self) -> float:
        return self.window.ok / self.window.seconds if self.window.seconds else 0.0

    @property
    def latencies(self) -> list[float]:
        w = self.window
        return {PAGE: w.get_ms, FLOW: w.flow_ms}.get(self.measures, w.post_ms)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (NaN for no values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Served:
    """One app under test: its database, its gunicorn and its ledger."""

    app: str
    url: str
    server: Server
    load: Load
    meter: Meter | None = None


@dataclass
class Run:
    """One timed row: a flow against a server, with the work it hands out."""

    served: Served
    measures: str
    work: Work
    flow: Callable
    window: Window = field(default_factory=Window)


def prepare(target: Target, app: str, args, folder: Path) -> Served:
    """Create and fill the app's database, then start its gunicorn (not yet waited for)."""
    url = target.voxloop_url if app == "voxloop" else target.minimal_url
    # Enough work for the whole run at a generous rate, and never more.
    count = int(args.expected_rate * (args.seconds + args.warmup) * 1.2) + 100
    if app == "voxloop":
        env = _clean_env(
            {
                "VOXLOOP_DATABASE_URL": url,
                "VOXLOOP_INSTANCE_PATH": str(folder / f"instance-{target.engine}"),
                "VOXLOOP_SECRET_KEY": secrets.token_urlsafe(36),  # 48 characters
                "VOXLOOP_RATELIMIT_ENABLED": "false",
            }
        )
        subprocess.run([str(BIN / "voxloop"), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        # The first half for timed submissions, the second for whole flows.
        tokens, plan = seed_invitations(url, 2 * count, args.seed)
        spec, every = "app.wsgi:app", args.duplicate_every
    else:
        env = _clean_env({MINIMAL_URL_ENV: url})
        engine = make_engine(url)
        _METADATA.create_all(engine)
        engine.dispose()
        rng = random.Random(args.seed)
        tokens = [secrets.token_hex(16) for _ in range(count * 4)]  # it serves far more
        plan = {t: (rng.randint(0, 10), rng.choice(COMMENTS)) for t in tokens}
        spec, every = "benchmarks.submit:minimal_app()", 0
    server = Server(spec, env, args, folder / f"gunicorn-{target.engine}-{app}.log")
    return Served(app, url, server, Load(server.port, args.timeout, tokens, plan, every))


def run_engine(target: Target, args, folder: Path) -> list[Result]:
    """Both apps on one engine: prepare the pages, then time the rows in alternating rounds."""
    served: list[Served] = []
    try:
        for app in ("minimal", "voxloop"):
            served.append(prepare(target, app, args, folder))
        for one in served:
            one.server.wait_ready()
            database = one.url.rsplit("/", 1)[1] if target.engine == "PostgreSQL" else None
            one.meter = Meter(one.server.process.pid, database)
        minimal, voxloop = served
        half = len(voxloop.load.tokens) // 2
        # Preparation, outside the timed rounds: each submission's GET (page, session
        # cookie, CSRF token) through the same gunicorn, measured as a row of its own.
        print(f"… {target.engine} / voxloop: preparing {half} survey pages", flush=True)
        pages = run_window(voxloop.load, Work(voxloop.load.tokens[:half]), page_visit,
                           args.clients, math.inf, voxloop.meter)  # fmt: skip
        prepared = [t for t in voxloop.load.tokens[:half] if t in voxloop.load.pages]
        runs = [
            Run(minimal, BASELINE, Work(minimal.load.tokens), baseline_request),
            Run(voxloop, SUBMIT, Work(prepared), submission),
            Run(voxloop, FLOW, Work(voxloop.load.tokens[half:]), respondent),
        ]
        for run in runs:
            run_window(run.served.load, run.work, run.flow, args.clients, args.warmup,
                       run.served.meter)  # fmt: skip
        for number in range(args.rounds):
            for run in runs:
                print(f"… {target.engine} / {run.served.app}, {run.measures}: round "
                      f"{number + 1} of {args.rounds}", flush=True)  # fmt: skip
                seconds = args.seconds / args.rounds
                run.window.add(run_window(run.served.load, run.work, run.flow, args.clients,
                                          seconds, run.served.meter))  # fmt: skip
    finally:
        for one in served:
            one.server.stop()
    problems = {
        "minimal": check_minimal(minimal.url, minimal.load),
        "voxloop": check_voxloop(voxloop.url, voxloop.load),
    }
    results = []
    for run in runs:
        if run.work.exhausted:
            run.window.errors["ran out of work (raise --expected-rate)"] += 1
        app = run.served.app
        results.append(
            Result(target.engine, app, run.measures, run.window, run.served.load, problems[app])
        )
        if run.measures == SUBMIT:  # the page row goes next to the submissions it served
            results.append(Result(target.engine, app, PAGE, pages, voxloop.load, problems[app]))
    baseline = results[0]
    for result in results[1:]:
        result.ratio = result.rate / baseline.rate if baseline.rate else math.nan
    return results


# --- reporting ----------------------------------------------------------------------------

HEADER = (
    "| engine | app | request timed | workers | clients | seconds | requests ok | errors "
    "| req/s | p50 ms | p99 ms | server CPU ms/req | ratio |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)
EXPLANATION = (
    "ratio = req/s ÷ the baseline's req/s on the same engine. The target (bold) is "
    "*submissions*: the timed window sends POSTs only, each to a page whose GET (page, "
    "session cookie, CSRF token) was done before the timed rounds, through the same "
    "gunicorn; those GETs are the preparation row. The whole-flow row times GET + POST "
    "of fresh respondents as one (req/s = flows/s, CPU per flow), so nothing is hidden. "
    "Server CPU ms/req is gunicorn's CPU plus, on PostgreSQL, this database's backends."
)


def _cpu_per_request(w: Window) -> float:
    return (w.server_cpu + w.database_cpu) * 1000 / w.ok if w.ok else math.nan


def table(results: list[Result], args) -> str:
    workers = f"{args.workers} {args.worker_class}"
    if args.worker_class == "gthread":
        workers += f" ×{args.threads}"
    rows = [HEADER]
    for r in results:
        w = r.window
        if r.ratio is None:
            ratio = "1 (baseline)"
        else:
            ratio = f"**{r.ratio:.2f}**" if r.measures == SUBMIT else f"{r.ratio:.2f}"
        rows.append(
            f"| {r.engine} | {r.app} | {r.measures} | {workers} | {args.clients} "
            f"| {w.seconds:.1f} | {w.ok} | {sum(w.errors.values())} | {r.rate:.1f} "
            f"| {percentile(r.latencies, 50):.0f} | {percentile(r.latencies, 99):.0f} "
            f"| {_cpu_per_request(w):.1f} | {ratio} |"
        )
    return "\n".join(rows)


def details(results: list[Result]) -> tuple[bool, str]:
    """A PASS/FAIL line per database, then errors and where the CPU went per row."""
    lines, passed, checked = [], True, set()
    for r in results:
        if (r.engine, r.app) in checked:
            continue
        checked.add((r.engine, r.app))
        d = r.load.duplicates
        what = f"{len(r.load.succeeded)} successful POSTs (warm-ups included), {d['rows']} rows"
        if r.app == "voxloop":
            what = what.replace("(", "(timed submissions and whole flows, ")
        if d["pairs"]:
            what += f", {d['pairs']} duplicate pairs ({d['both 303']} got 303 twice)"
        verdict = "FAIL: " + "; ".join(r.problems) if r.problems else "PASS"
        passed &= not r.problems
        lines.append(f"- {r.engine} / {r.app}: {verdict} — {what}")
    lines.append("\nErrors and CPU in cores (of 2) per row:\n")
    for r in results:
        w = r.window
        errors = ", ".join(f"{k}: {n}" for k, n in w.errors.items()) or "none"
        cores = w.seconds or math.nan
        others = w.machine_busy - w.server_cpu - w.database_cpu - w.client_cpu
        lines.append(
            f"- {r.engine} / {r.app}, {r.measures}: errors: {errors}; gunicorn "
            f"{w.server_cpu / cores:.2f}, PostgreSQL backends {w.database_cpu / cores:.2f}, "
            f"load generator {w.client_cpu / cores:.2f}, everything else "
            f"{max(others, 0) / cores:.2f}"
        )
    return passed, "\n".join(lines)


def write_results(text: str, path: Path = RESULTS) -> None:
    """Replace the generated block of the section (hand-written notes around it stay)."""
    block = f"{BEGIN_MARK}\n{text.strip()}\n{END_MARK}"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if BEGIN_MARK in current and END_MARK in current:
        head, rest = current.split(BEGIN_MARK, 1)
        updated = head + block + rest.split(END_MARK, 1)[1]
    elif SECTION in current:
        head, rest = current.split(SECTION, 1)
        following = re.search(r"^## ", rest, flags=re.MULTILINE)
        cut = following.start() if following else len(rest)
        updated = f"{head}{SECTION}{rest[:cut].rstrip()}\n\n{block}\n\n{rest[cut:]}".rstrip() + "\n"
    else:
        updated = f"{current.rstrip()}\n\n{SECTION}\n\n{block}\n"
    path.write_text(updated, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="10 s, 10 clients, no RESULTS.md")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load before timing")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternate the two apps this many times within --seconds")  # fmt: skip
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="sync")
    parser.add_argument("--threads", type=int, default=4, help="per worker, with gthread")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--postgres", default="postgresql+psycopg://root@127.0.0.1:5432",
                        help="server URL without a database; vx_bench_submit* are (re)created")  # fmt: skip
    parser.add_argument("--expected-rate", type=float, default=250,
                        help="submissions/s (all clients) to prepare pages for")  # fmt: skip
    parser.add_argument("--duplicate-every", type=int, default=50,
                        help="every N-th respondent POSTs twice at once (0: never)")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=30, help="seconds per request")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", action=argparse.BooleanOptionalAction, default=None,
                        help="update benchmarks/RESULTS.md (default: unless --quick)")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the temp folder and databases")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.clients, args.warmup, args.rounds = 10, 10, 2, 1
    write = (not args.quick) if args.write is None else args.write
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the finally blocks run

    folder = Path(tempfile.mkdtemp(prefix="vx-bench-submit-"))
    pg_names = ["vx_bench_submit", "vx_bench_submit_minimal"]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    results: list[Result] = []
    try:
        for engine in engines:
            if engine == "sqlite":
                # The database files live in the instance folders, as in a real install.
                target = Target("SQLite", f"sqlite:///{folder}/instance-SQLite/voxloop.sqlite3",
                                f"sqlite:///{folder}/minimal/minimal.sqlite3")  # fmt: skip
                (folder / "minimal").mkdir()
            elif engine == "postgresql":
                urls = _reset_postgres(args.postgres, pg_names)
                target = Target("PostgreSQL", *urls)
            else:
                parser.error(f"unknown engine {engine!r}")
            results += run_engine(target, args, folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
            if "postgresql" in engines:
                _drop_postgres(args.postgres, pg_names)
    rows = table(results, args)
    passed, checks = details(results)
    command = "HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/submit.py " + " ".join(sys.argv[1:])
    report = (
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on 2 shared cores (load generator, "
        f"gunicorn and PostgreSQL on the same machine). Command:\n\n    {command.strip()}\n\n"
        f"{rows}\n\n{EXPLANATION}\n\nCorrectness: **{'PASS' if passed else 'FAIL'}**\n\n"
        f"{checks}\n"
    )
    print("\n" + report)
    if write:
        write_results(report)
        print(f"Written to {RESULTS.relative_to(ROOT)}.")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
