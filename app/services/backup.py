"""Backups of the whole database and their restore, with each engine's own tools.

SQLite is copied with its online backup API (a consistent snapshot while the app keeps
running); PostgreSQL with ``pg_dump --format=custom`` and ``pg_restore``. A backup holds
personal data: it is written readable by its owner only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from app.services import N_, DomainError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
PG_TIMEOUT_SECONDS = 3600


class BackupError(DomainError):
    """A backup or restore could not be made; the message says what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    size_bytes: int


def engine_of(database_url: str) -> str:
    return "sqlite" if database_url.startswith("sqlite") else "postgresql"


def backup(database_url: str, target: Path) -> BackupResult:
    """Write a consistent copy of the database to ``target`` (created, mode 0600)."""
    target = Path(target)
    if target.exists():
        raise BackupError(N_("%(path)s exists already; name a new file."), path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if engine_of(database_url) == "sqlite":
            _sqlite_copy(_sqlite_path(database_url), target)
        else:
            _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                  f"--file={target}", *_pg_connection(make_url(database_url))],
                 make_url(database_url))  # fmt: skip
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return BackupResult(target, engine_of(database_url), target.stat().st_size)


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents with the backup in ``source``.

    Every table in the backup is dropped and recreated with its rows; the migration
    revision comes back with it, so run ``voxloop db upgrade`` afterwards if the backup
    is older than the code.
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(N_("No backup file at %(path)s."), path=str(source))
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    engine = engine_of(database_url)
    if engine == "sqlite" and not head.startswith(SQLITE_MAGIC):
        raise BackupError(
            N_("%(path)s is not a SQLite backup; restore it into the engine it came from."),
            path=str(source),
        )
    if engine == "postgresql" and not head.startswith(PG_CUSTOM_MAGIC):
        raise BackupError(
            N_("%(path)s is not a PostgreSQL backup (pg_dump custom format); restore it into "
               "the engine it came from."),
            path=str(source),
        )  # fmt: skip
    if engine == "sqlite":
        _sqlite_copy(source, _sqlite_path(database_url))
        return
    url = make_url(database_url)
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", *_pg_connection(url), str(source)],
         url)  # fmt: skip


def _sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:":
        raise BackupError(N_("An in-memory SQLite database cannot be backed up."))
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Page-by-page copy through SQLite's backup API: consistent while others write."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.execute("PRAGMA busy_timeout = 15000")
        copy.execute("PRAGMA busy_timeout = 15000")
        origin.backup(copy, pages=1024)
    copy.close()
    origin.close()


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            N_("%(tool)s is not installed; install the PostgreSQL client tools "
               "(Debian: apt-get install postgresql-client)."),
            tool=name,
        )  # fmt: skip
    return found


def _pg_connection(url: URL) -> list[str]:
    """libpq options for the URL; the password travels in the environment, not argv."""
    options = [f"--dbname={url.database}"]
    if url.host:
        options.append(f"--host={url.host}")
    if url.port:
        options.append(f"--port={url.port}")
    if url.username:
        options.append(f"--username={url.username}")
    return [*options, "--no-password"]


def _run(command: list[str], url: URL) -> None:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    done = subprocess.run(  # noqa: S603 - fixed tool, arguments built from our own settings
        command, env=env, capture_output=True, text=True, timeout=PG_TIMEOUT_SECONDS, check=False
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(
            N_("%(tool)s failed: %(message)s"), tool=Path(command[0]).name, message=last
        )
