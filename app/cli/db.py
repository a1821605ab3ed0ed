"""`voxloop db`: schema migrations."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.cli import database_url, fail
from app.db import current_revision, downgrade_database, upgrade_database


@click.group("db", help="Database schema migrations.")
def db_cli() -> None:
    pass


@db_cli.command("upgrade", help="Apply migrations (default: to the newest).")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    try:
        upgrade_database(database_url(), revision)
    except Exception as exc:
        fail(f"Migration failed: {type(exc).__name__}: {exc}")
    click.echo(f"Database at revision {current_revision(database_url())}.")


@db_cli.command("downgrade", help="Revert migrations down to REVISION (e.g. base).")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    downgrade_database(database_url(), revision)
    click.echo(f"Database at revision {current_revision(database_url())}.")


@db_cli.command("current", help="Show the database's migration revision.")
@with_appcontext
def db_current() -> None:
    click.echo(current_revision(database_url()) or "empty (run `voxloop db upgrade`)")


COMMANDS = (db_cli,)
