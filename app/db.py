"""Database engine and one session per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from app.config import normalise_database_url

ENGINE_KEY = "voxloop.engine"


def make_engine(url: str, *, echo: bool = False, sqlite_busy_timeout_ms: int = 15000) -> Engine:
    """Create an engine tuned for the backend: WAL and foreign keys on SQLite, pooling on PG."""
    url = normalise_database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": sqlite_busy_timeout_ms / 1000},
        )
        _configure_sqlite(engine, sqlite_busy_timeout_ms)
        return engine
    # No pre-ping: it costs a ``SELECT 1`` round trip on every checkout, i.e. on every
    # transaction of every request. The trade-off: after a database restart, the first
    # request of each worker meets a dead connection and fails (/readyz reports it too);
    # SQLAlchemy then invalidates that worker's whole pool, so the next requests reconnect.
    # Recycling after 30 minutes keeps connections from outliving server-side idle timeouts.
    return create_engine(
        url, echo=echo, pool_pre_ping=False, pool_recycle=1800, pool_size=5, max_overflow=10
    )


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised on connect
        # pysqlite's own transaction handling is bypassed so the "begin" hook below decides
        # how a transaction starts (SQLAlchemy's documented recipe for SQLite).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # pragma: no cover - exercised on every transaction
        # A use case that reads and then writes under contention asks for IMMEDIATE so it
        # waits for the write lock up front instead of failing when it upgrades later.
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def init_app(app: Flask) -> None:
    """Create the app's engine and close the request session on teardown."""
    engine = make_engine(
        app.config["DATABASE_URL"],
        echo=app.config["DATABASE_ECHO"],
        sqlite_busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"],
    )
    app.extensions[ENGINE_KEY] = engine
    app.teardown_appcontext(_close_session)


def get_engine(app: Flask | None = None) -> Engine:
    """Return the engine of the given or current app."""
    return (app or current_app).extensions[ENGINE_KEY]


def get_session() -> Session:
    """Return the session of the current request, opening it on first use."""
    if "db_session" not in g:
        g.db_session = Session(get_engine(), expire_on_commit=False)
    return g.db_session


def _close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def end_read(session: Session) -> None:
    """End a read that a write may follow, where the engine needs that (SQLite).

    SQLite: a reader cannot safely become the writer (under WAL it fails at once if another
    writer committed in between), so the read is committed and :func:`begin_write` starts
    afresh with ``BEGIN IMMEDIATE``. PostgreSQL: the write carries on in the same
    transaction, which saves a COMMIT round trip and a pool checkout.
    """
    if session.in_transaction() and session.get_bind().dialect.name == "sqlite":
        session.commit()


def begin_write(session: Session) -> Connection:
    """Start the session's transaction as a writer (SQLite: ``BEGIN IMMEDIATE``).

    A transaction that is open already (PostgreSQL, after :func:`end_read`) carries on.
    Returns the transaction's connection, for use cases that write with Core statements.
    """
    if session.in_transaction():
        return session.connection()
    return session.connection(execution_options={"sqlite_immediate": True})


@contextmanager
def session_scope(app: Flask | None = None) -> Iterator[Session]:
    """Open a session outside a request (CLI, jobs); the caller commits."""
    with Session(get_engine(app), expire_on_commit=False) as session:
        yield session


def alembic_config(database_url: str):
    """An Alembic configuration for ``migrations/`` bound to ``database_url``."""
    from pathlib import Path

    from alembic.config import Config

    root = Path(__file__).resolve().parent.parent
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("script_location", str(root / "migrations"))
    config.attributes["database_url"] = normalise_database_url(database_url)
    return config


def upgrade_database(database_url: str, revision: str = "head") -> None:
    """Apply migrations up to ``revision``."""
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def downgrade_database(database_url: str, revision: str = "base") -> None:
    """Revert migrations down to ``revision``."""
    from alembic import command

    command.downgrade(alembic_config(database_url), revision)


def current_revision(database_url: str) -> str | None:
    """Return the database's migration revision, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
