"""The ``voxloop`` command line: one module per noun, thin like the views.

Each module defines its command group; :func:`register` attaches them all to
``app.cli`` so ``flask --app app …`` works as well as the ``voxloop`` console script.
"""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup

from app.config import ConfigError
from app.db import current_revision


def _create_app() -> Flask:
    from app import create_app

    try:
        return create_app()
    except ConfigError as exc:
        click.secho(f"Configuration error: {exc}", err=True, fg="red")
        sys.exit(2)


def main() -> None:
    """Entry point of the ``voxloop`` console script."""
    cli = FlaskGroup(
        create_app=_create_app,
        add_version_option=False,
        help="Voxloop: voice of the customer and continuous improvement.",
    )
    cli.main(prog_name="voxloop")


def fail(message: str) -> None:
    """Stop with a one-line message and exit code 1 (no traceback for expected errors)."""
    raise click.ClickException(message)


def database_url() -> str:
    return current_app.config["DATABASE_URL"]


def require_migrated() -> None:
    """Stop with a clear message unless the database is reachable and migrated."""
    from app.db import get_engine

    try:
        revision = current_revision(database_url())
    except Exception as exc:
        fail(
            f"Cannot reach the database ({type(exc).__name__}: {exc}). Check VOXLOOP_DATABASE_URL."
        )
    if revision is None:
        fail("The database has no schema yet. Run `voxloop db upgrade` first.")
    get_engine()


def register(app: Flask) -> None:
    """Attach every command group to ``app.cli`` (so ``flask --app app`` works too)."""
    from app.cli import (
        backup,
        db,
        demo,
        exports,
        imports,
        jobs,
        outbox,
        privacy,
        serve,
        surveys,
        themes,
        trends,
        users,
        webhooks,
    )

    modules = (db, users, demo, serve, themes, imports, exports, surveys, outbox, jobs, trends,
               backup, webhooks, privacy)  # fmt: skip
    for module in modules:
        for command in module.COMMANDS:
            app.cli.add_command(command)
