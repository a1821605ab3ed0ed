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


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    return {
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
