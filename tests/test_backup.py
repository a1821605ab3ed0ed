"""`voxloop backup` / `voxloop restore` round-trip every table on both engines."""

from __future__ import annotations

import stat

from sqlalchemy import MetaData, select, text

from app import demo
from app.db import get_engine


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every table (alembic_version too), in primary-key order."""
    metadata = MetaData()
    metadata.reflect(engine)
    tables = {}
    with engine.connect() as connection:
        for name, table in sorted(metadata.tables.items()):
            order = list(table.primary_key.columns) or list(table.columns)
            rows = connection.execute(select(table).order_by(*order)).all()
            tables[name] = [tuple(row) for row in rows]
    return tables


def test_backup_and_restore_round_trip_every_table(app, runner, session, tmp_path):
    demo.seed(session=session, seed=5, contacts=150, weeks=8)
    session.close()
    engine = get_engine(app)
    before = snapshot(engine)
    assert sum(len(rows) for rows in before.values()) > 400
    assert len([name for name, rows in before.items() if rows]) >= 8

    path = tmp_path / "backups" / "voxloop.backup"
    made = runner.invoke(args=["backup", str(path)])
    assert made.exit_code == 0, made.output
    assert "personal data" in made.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    # Life goes on after the backup: rows change, rows go, rows arrive.
    with engine.begin() as connection:
        connection.execute(text("UPDATE user_account SET role = 'viewer'"))
        connection.execute(text("DELETE FROM case_event"))
        connection.execute(text("UPDATE touchpoint SET name_en = 'changed'"))
    engine.dispose()
    assert snapshot(engine) != before

    restored = runner.invoke(args=["restore", str(path), "--yes"])
    assert restored.exit_code == 0, restored.output
    engine.dispose()
    assert snapshot(engine) == before


def test_backup_refuses_to_overwrite_and_restore_refuses_a_foreign_file(runner, tmp_path, app):
    existing = tmp_path / "there.backup"
    existing.write_text("keep me")
    refused = runner.invoke(args=["backup", str(existing)])
    assert refused.exit_code == 1 and "exists already" in refused.output
    assert existing.read_text() == "keep me"

    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a database")
    wrong = runner.invoke(args=["restore", str(foreign), "--yes"])
    assert wrong.exit_code == 1 and "is not a" in wrong.output and "Traceback" not in wrong.output


def test_restore_asks_first(runner, tmp_path, app):
    path = tmp_path / "a.backup"
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    declined = runner.invoke(args=["restore", str(path)], input="n\n")
    assert declined.exit_code == 1 and "Aborted" in declined.output
