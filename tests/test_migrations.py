"""Migrations: one head, a full round trip on each engine, and no drift from the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import app.models  # noqa: F401 - the metadata must be complete
from app.db import (
    alembic_config,
    current_revision,
    downgrade_database,
    make_engine,
    upgrade_database,
)


def test_single_head():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_no_drift_between_models_and_migrations(database_url):
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_upgrade_then_downgrade_round_trip(database_url):
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert current_revision(database_url) == head
    downgrade_database(database_url, "base")
    assert current_revision(database_url) is None
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            names = set(connection.dialect.get_table_names(connection))
    finally:
        engine.dispose()
    assert names <= {"alembic_version"}
    upgrade_database(database_url)
    assert current_revision(database_url) == head


def test_fresh_database_has_the_standard_journey(session):
    from sqlmodel import select

    from app.models import Touchpoint

    keys = session.exec(select(Touchpoint.key).order_by(Touchpoint.position)).all()
    assert keys == ["website_order", "delivery", "pickup", "phone_support", "returns"]


def test_seeded_journey_matches_the_service_defaults():
    """Migration 0002 keeps its own copy of the journey; it must not drift from the app's."""
    import importlib.util
    from pathlib import Path

    from app.services.touchpoints import DEFAULT_TOUCHPOINTS

    path = Path(__file__).resolve().parents[1] / "migrations/versions/0002_default_touchpoints.py"
    spec = importlib.util.spec_from_file_location("migration_0002", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.TOUCHPOINTS == DEFAULT_TOUCHPOINTS
