"""`voxloop backup` and `voxloop restore`: the whole database to a file and back."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.cli import database_url, fail, require_migrated


@click.command("backup", help="Write a consistent copy of the whole database to FILE.")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    from app.services import backup as backups

    require_migrated()
    try:
        result = backups.backup(database_url(), path)
    except backups.BackupError as exc:
        fail(str(exc))
    click.echo(
        f"Backed up the {result.engine} database to {result.path} "
        f"({result.size_bytes / 1e6:.1f} MB; it holds personal data: keep it safe)."
    )


@click.command(
    "restore",
    help="Replace the database's contents with the backup in FILE. Stop the web and "
    "scheduler processes first.",
)
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore(path: Path, yes: bool) -> None:
    from app.db import get_engine
    from app.services import backup as backups

    if not yes:
        click.confirm(
            f"Replace everything in the database with {path}? This cannot be undone.",
            abort=True,
        )
    get_engine().dispose()  # no pooled connection of ours holds a lock during the restore
    try:
        backups.restore(database_url(), path)
    except backups.BackupError as exc:
        fail(str(exc))
    click.echo(f"Restored {path}. Run `voxloop db upgrade` if the backup is older than the code.")


COMMANDS = (backup, restore)
