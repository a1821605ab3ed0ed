"""Shared fixtures: a real SQLite file and, when configured, a real PostgreSQL database."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

from app import create_app
from app.db import get_engine, make_engine, upgrade_database

os.environ.setdefault("HF_HUB_OFFLINE", "1")
PG_URL = os.environ.get("VOXLOOP_TEST_DATABASE_URL", "")
ENGINES = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
TEST_SECRET = "test-secret-key-that-is-long-enough-for-validation"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once is much faster)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> str:
    """The PostgreSQL test database, reset to an empty public schema and migrated."""
    engine = make_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    upgrade_database(PG_URL)
    return PG_URL


def _truncate_postgres(url: str) -> None:
    """Empty every table, then put back the rows migrations seed (the standard journey)."""
    from app.services.touchpoints import DEFAULT_TOUCHPOINTS

    engine = make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        connection.execute(
            text(
                "INSERT INTO touchpoint (key, name_en, name_de, position, active) "
                "VALUES (:key, :en, :de, :position, true)"
            ),
            [
                {"key": key, "en": en, "de": de, "position": position}
                for position, (key, en, de) in enumerate(DEFAULT_TOUCHPOINTS)
            ],
        )
    engine.dispose()


@pytest.fixture(params=ENGINES)
def database_url(request, tmp_path) -> str:
    """A clean, migrated database on each engine under test."""
    if request.param == "sqlite":
        path = tmp_path / "voxloop.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_migrated")
    _truncate_postgres(url)
    return url


@pytest.fixture(scope="session")
def onnx_cache_dir(tmp_path_factory) -> Path:
    """One ONNX export cache per test session: the model is exported once, not per app."""
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture
def app_config(database_url, tmp_path, onnx_cache_dir) -> dict:
    return {
        "EMBEDDING_CACHE_DIR": str(onnx_cache_dir),
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }


@pytest.fixture
def make_app(app_config, tmp_path, monkeypatch):
    """Build apps on the test database with extra settings; their pools close afterwards."""
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path / "instance"))
    made = []

    def factory(**overrides):
        application = create_app({**app_config, **overrides})
        made.append(application)
        return application

    yield factory
    for application in made:
        get_engine(application).dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app) -> Iterator[Session]:
    with Session(get_engine(app), expire_on_commit=False) as db_session:
        yield db_session


class AuthActions:
    """Log in and out through the real login form."""

    def __init__(self, client, session):
        self._client = client
        self._session = session

    def create(self, role: str = "analyst", email: str | None = None) -> tuple[str, str]:
        from app.services.users import create_user

        email = email or f"{role}@example.com"
        password = f"correct horse {role} battery"
        create_user(session=self._session, email=email, password=password, role=role)
        return email, password

    def login(self, role: str = "analyst"):
        email, password = self.create(role)
        return self._client.post(
            "/staff/login", data={"email": email, "password": password}, follow_redirects=False
        )

    def logout(self):
        return self._client.post("/staff/logout")


@pytest.fixture
def auth(client, session) -> AuthActions:
    return AuthActions(client, session)


class MailServer:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives.

    ``refuse(n)`` answers the next ``n`` messages with a temporary failure (451), and
    ``refuse_all()`` every message, as an unavailable mail relay would.
    """

    def __init__(self):
        import threading

        self.messages: list = []
        self._refusals = 0
        self._lock = threading.Lock()

    def refuse(self, count: int) -> None:
        with self._lock:
            self._refusals = count

    def refuse_all(self) -> None:
        self.refuse(10**9)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        from email import message_from_bytes, policy

        with self._lock:
            if self._refusals > 0:
                self._refusals -= 1
                return "451 4.3.0 Try again later"
            message = message_from_bytes(envelope.content, policy=policy.default)
            message.raw = envelope.content  # the bytes as they arrived, for header checks
            self.messages.append(message)
        return "250 OK"

    def by_recipient(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def mail_server() -> Iterator[tuple[MailServer, int]]:
    """A local SMTP server for the test; yields (server, port)."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = MailServer()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def mail_config(mail_server) -> dict:
    """Settings that send e-mail to the test's SMTP server."""
    _, port = mail_server
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_SECURITY": "none",
            "MAIL_FROM": "voxloop@shop.example", "OUTBOX_RETRY_SECONDS": 60}  # fmt: skip
