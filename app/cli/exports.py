"""`voxloop export KIND --format csv|xlsx --output FILE`: a table for a spreadsheet."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext

from app.cli import fail, require_migrated
from app.services.exports import FORMATS, KINDS


@click.command(
    "export",
    help="Write KIND (responses, feedback, themes, actions or cases) to FILE as CSV or "
    "XLSX. Comments are redacted; no e-mail address or phone number is exported.",
)
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="FILE"
)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day included (UTC).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day included (UTC).")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@with_appcontext
def export(kind: str, fmt: str, output: Path, since, until, force: bool) -> None:
    from sqlmodel import Session

    from app.db import get_engine
    from app.services import exports

    require_migrated()
    since_day: date | None = since.date() if since else None
    until_day: date | None = until.date() if until else None
    # Only the owner may read it (0600): even redacted, feedback is the customers' words.
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        descriptor = os.open(output, flags, 0o600)
    except FileExistsError:
        fail(f"{output} exists already; name a new file or pass --force.")
    except OSError as exc:
        fail(f"Cannot write {output}: {exc.strerror}.")
    os.fchmod(descriptor, 0o600)  # --force on a file someone else could read
    try:
        with os.fdopen(descriptor, "wb") as target, Session(get_engine()) as session:
            count = exports.write(kind, fmt, target, session=session, since=since_day,
                                  until=until_day)  # fmt: skip
    except exports.BadExport as exc:
        output.unlink(missing_ok=True)
        fail(str(exc))
    except BaseException:
        output.unlink(missing_ok=True)  # no half-written file that looks complete
        raise
    click.echo(f"Wrote {count} {kind} rows to {output}.")


COMMANDS = (export,)
