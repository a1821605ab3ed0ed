"""SQL injection probe: sqlmap (PyPI) against the public forms and the API, loopback only.

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/sqlmap_run.py [--engines sqlite,postgresql]
     [--postgres URL] [--level 2] [--risk 1] [--target-timeout 300] [--no-write]

For each engine a fresh database is migrated (``voxloop db upgrade``) and seeded with open
survey invitations, an API token (scopes ingest and read) and an unsubscribe token; the app
runs under gunicorn (one sync worker) on 127.0.0.1 with rate limits off, so that sqlmap's
hundreds of requests per parameter are answered rather than throttled. sqlmap then runs
``--batch`` with bounded ``--level``/``--risk``, request timeouts and a wall-clock limit per
target against:

* the survey page POST (``/s/<token>``, its CSRF token fetched with ``--csrf-url``; the
  token in the path probed with a GET of its own) with an out-of-range score, so that every probe takes
  the draft-saving path and the single-use invitation is never used up;
* the complaint form POST and the complaint status lookup (CSRF as above);
* the unsubscribe confirmation (GET) and one-click POST (signed token in the path);
* the API: POST /api/v1/feedback and /api/v1/contacts (JSON bodies, bearer token) and
  GET /api/v1/responses?cursor=…&updated_since=….

Each target's verdict is read from sqlmap's own output ("identified the following injection
point(s)" is a finding); the summary and the command go into ``benchmarks/RESULTS.md``
under "Injection (sqlmap)". Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.submit import BIN, RESULTS, ROOT, Server, _clean_env, seed_invitations

SECTION = "## Injection (sqlmap)"
FOUND = "identified the following injection point"


@dataclass(frozen=True)
class Target:
    name: str
    args: list[str]


def seed(url: str, env: dict[str, str]) -> dict[str, str]:
    """Invitations, an API token and an unsubscribe token in the app's database."""
    tokens, _ = seed_invitations(url, 4, seed=7)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from sqlmodel import Session

        from app import create_app
        from app.db import get_engine
        from app.mail import unsubscribe_token
        from app.services.users import create_api_token

        app = create_app()
        with app.app_context(), Session(get_engine(app)) as session:
            _, secret = create_api_token(session=session, name="sqlmap", scopes=["ingest", "read"])
            unsubscribe = unsubscribe_token("probe@example.org")
        get_engine(app).dispose()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {"survey": tokens[0], "api": secret, "unsubscribe": unsubscribe}


def targets(base: str, seeded: dict[str, str]) -> list[Target]:
    bearer = ["--headers", f"Authorization: Bearer {seeded['api']}"]
    survey = f"{base}/s/{seeded['survey']}"
    unsubscribe = f"{base}/unsubscribe/{seeded['unsubscribe']}"
    contact = {"external_id": "sqlmap-1", "touchpoint": "phone_support", "channel": "phone",
               "customer_ref": "cust-1"}  # fmt: skip
    feedback = {"text": "The parcel came late", "source": "helpdesk", "external_id": "fb-1"}
    return [
        # nps=11 is out of range: the answers are kept as a draft and the page comes back
        # (400), so the one-time invitation stays open for every probe.
        Target("survey page POST /s/<token> (answers kept as draft)", [
            "-u", survey, "--data", "nps=11&comment=late+parcel&csrf_token=x",
            "--csrf-token", "csrf_token", "--csrf-url", survey, "-p", "nps,comment",
        ]),
        Target("survey page GET /s/<token> (token in the path)", ["-u", f"{survey}*"]),
        Target("complaint form POST /complaint", [
            "-u", f"{base}/complaint", "--csrf-token", "csrf_token", "--csrf-url",
            f"{base}/complaint", "--data",
            "description=My+parcel+never+arrived+and+nobody+answers&touchpoint=delivery&"
            "order_reference=A-1234&contact_preference=email&contact_email=a%40example.org&"
            "contact_phone=&consent_contact=y&accessibility_needs=&website=&csrf_token=x",
            "--skip", "csrf_token,website",
        ]),
        Target("complaint status POST /complaint/status", [
            "-u", f"{base}/complaint/status", "--csrf-token", "csrf_token",
            "--csrf-url", f"{base}/complaint/status", "--data",
            "reference=C-2026-000001&secret=abcdefgh12345678&csrf_token=x", "--ignore-code=404",
        ]),
        Target("unsubscribe GET and POST /unsubscribe/<token>", [
            "-u", f"{unsubscribe}*", "--data", "List-Unsubscribe=One-Click", "--ignore-code=404",
        ]),
        Target("API POST /api/v1/feedback (JSON)", [
            "-u", f"{base}/api/v1/feedback", "--data", json.dumps(feedback), *bearer,
        ]),
        Target("API POST /api/v1/contacts (JSON)", [
            "-u", f"{base}/api/v1/contacts", "--data", json.dumps(contact), *bearer,
        ]),
        Target("API GET /api/v1/responses?cursor&updated_since", [
            "-u", f"{base}/api/v1/responses?cursor=abc&updated_since=2026-01-01T00:00:00Z&limit=5",
            *bearer,
        ]),
    ]  # fmt: skip


def run_sqlmap(target: Target, args, folder: Path) -> tuple[str, float, str]:
    """Run sqlmap on one target; return (verdict, seconds, the last lines of its output)."""
    argv = [str(BIN / "sqlmap"), *target.args, "--batch", f"--level={args.level}",
            f"--risk={args.risk}", "--timeout=30", "--retries=1", "--time-sec=2",
            "--flush-session", "--disable-coloring", f"--output-dir={folder}"]  # fmt: skip
    started = time.monotonic()
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=args.target_timeout)
        output, timed_out = done.stdout + done.stderr, False
    except subprocess.TimeoutExpired as exc:
        output, timed_out = (exc.stdout or b"").decode(errors="replace"), True
    seconds = time.monotonic() - started
    tail = "\n".join(output.strip().splitlines()[-6:])
    if FOUND in output:
        verdict = "INJECTABLE"
    elif timed_out:
        verdict = f"incomplete (stopped after {args.target_timeout} s), nothing found"
    elif "do not appear to be injectable" in output or "not injectable" in output:
        verdict = "injectable: none"
    else:
        verdict = "no verdict (see output)"
    tested = sorted(set(re.findall(r"testing if (\S+ parameter '[^']+')", output)))
    return verdict + (f"; parameters: {', '.join(tested)}" if tested else ""), seconds, tail


def probe_engine(engine: str, url: str, args, folder: Path) -> list[tuple[str, str, float]]:
    env = _clean_env({
        "VOXLOOP_DATABASE_URL": url, "VOXLOOP_INSTANCE_PATH": str(folder / f"instance-{engine}"),
        "VOXLOOP_SECRET_KEY": secrets.token_urlsafe(36), "VOXLOOP_RATELIMIT_ENABLED": "false",
    })  # fmt: skip
    subprocess.run([str(BIN / "voxloop"), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    seeded = seed(url, env)
    args.workers, args.worker_class = 1, "sync"
    server = Server("app.wsgi:app", env, args, folder / f"gunicorn-{engine}.log")
    rows = []
    try:
        server.wait_ready()
        for target in targets(f"http://127.0.0.1:{server.port}", seeded):
            if args.only and args.only not in target.name:
                continue
            verdict, seconds, tail = run_sqlmap(target, args, folder / f"sqlmap-{engine}")
            print(f"[{engine}] {target.name}: {verdict} ({seconds:.0f} s)\n{tail}\n", flush=True)
            rows.append((target.name, verdict, seconds))
    finally:
        server.stop()
    return rows


def write_results(results: dict[str, list], command: str) -> None:
    lines = [SECTION, "", "Command:", "", f"    {command}", "",
             "sqlmap 1.10.10, `--batch`, level/risk as in the command, 30 s request timeout, "
             "one gunicorn sync worker on 127.0.0.1, rate limits off. Per target:", "",
             "| Engine | Target | Verdict | Seconds |", "|---|---|---|---|"]  # fmt: skip
    for engine, rows in results.items():
        lines += [f"| {engine} | {name} | {verdict} | {seconds:.0f} |"
                  for name, verdict, seconds in rows]  # fmt: skip
    found = sum("INJECTABLE" in v for rows in results.values() for _, v, _ in rows)
    lines += ["", f"Injectable targets: {found or 'none'}.", ""]
    text = RESULTS.read_text(encoding="utf-8")
    if SECTION in text:
        start = text.index(SECTION)
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + text[end + 1 :] if end != -1 else text[:start]
    RESULTS.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="sqlite")
    parser.add_argument("--postgres", default="postgresql+psycopg://root@127.0.0.1:5432/vx_sqlmap")
    parser.add_argument("--level", type=int, default=2)
    parser.add_argument("--risk", type=int, default=1)
    parser.add_argument("--target-timeout", type=int, default=300)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--only", default="", help="run the targets whose name contains this")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="vx-sqlmap-"))
    results = {}
    try:
        for engine in args.engines.split(","):
            url = f"sqlite:///{folder / 'sqlmap.sqlite3'}" if engine == "sqlite" else args.postgres
            results[engine] = probe_engine(engine, url, args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not args.no_write:
        write_results(results, "HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/sqlmap_run.py "
                      + " ".join(sys.argv[1:]))  # fmt: skip
    return 1 if any("INJECTABLE" in v for rows in results.values() for _, v, _ in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
