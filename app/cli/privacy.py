"""`voxloop export-person`, `voxloop erase`, `voxloop redact --all`: personal data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
from flask.cli import with_appcontext

from app.cli import fail, require_migrated
from app.db import session_scope


def _who(function):
    function = click.option("--name", help="The name they gave, to find it in free text.")(function)
    function = click.option("--reference", help="A complaint reference, VX-….")(function)
    return click.option("--email", help="The customer's e-mail address.")(function)


def _find(session, email, reference, name):
    from app.services import DomainError, erasure

    try:
        return erasure.find(session=session, email=email, reference=reference, name=name)
    except DomainError as exc:
        fail(str(exc))


@click.command("export-person", help="Write everything stored about one customer as JSON "
               "(GDPR art. 15).")  # fmt: skip
@_who
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (readable by its owner only); default: standard output.",
)
@with_appcontext
def export_person(email, reference, name, output) -> None:  # fmt: skip
    from app.services import erasure

    require_migrated()
    with session_scope() as session:
        person = _find(session, email, reference, name)
        text = json.dumps(erasure.export(session=session, person=person), ensure_ascii=False,
                          indent=2, default=str)  # fmt: skip
    if output is None:
        click.echo(text)
        return
    if output.exists():
        fail(f"{output} exists already; name a new file.")
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    click.echo(f"Wrote {output} (it holds personal data: hand it over safely, then delete it).")


@click.command("erase", help="Erase one customer everywhere (GDPR art. 17), then scan "
               "every text column of every table for what identified them.")  # fmt: skip
@_who
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def erase(email, reference, name, yes) -> None:  # fmt: skip
    from app.services import erasure

    require_migrated()
    with session_scope() as session:
        person = _find(session, email, reference, name)
        mine = len(person.contacts) + len(person.complaints)
        if not yes:
            click.confirm(f"Erase {mine} contact(s) and complaint(s) and every trace of the "
                          "customer? This cannot be undone.", abort=True)  # fmt: skip
        report = erasure.erase(session=session, person=person)
    click.echo(report.describe())
    if report.remaining:
        for table, column, rows in report.remaining:
            click.echo(f"  still found in {table}.{column}: {rows} row(s)", err=True)
        raise SystemExit(1)


@click.command("redact", help="Apply the current redaction rules again to stored text.")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    required=True,
    help="Every feedback item and survey answer (required: there is no partial run).",
)
@with_appcontext
def redact_stored(everything: bool) -> None:  # fmt: skip
    from flask import current_app

    from app.models import FeedbackItem
    from app.progress import progress_bar
    from app.services import reredact

    require_migrated()
    with session_scope() as session:
        total = session.exec(select_count(FeedbackItem)).one()
        with progress_bar(total, "Redacting again", unit="item") as advance:
            report = reredact.redact_all(
                session=session, progress=advance,
                keep_original=bool(current_app.config.get("KEEP_ORIGINAL_TEXT")),
            )  # fmt: skip
    click.echo(report.describe())


def select_count(model):
    from sqlalchemy import func
    from sqlmodel import select

    return select(func.count()).select_from(model)


COMMANDS = (export_person, erase, redact_stored)
