"""`voxloop import`: bulk CSV imports of contacts and feedback."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli import fail, require_migrated
from app.db import session_scope
from app.progress import progress_bar
from app.services import DomainError


class _ImportGroup(click.Group):
    """``voxloop import FILE.csv`` imports feedback; ``voxloop import contacts FILE.csv``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["feedback", *args]
        return super().parse_args(ctx, args)


@click.group("import", cls=_ImportGroup, help="Bulk imports from CSV files.")
def import_cli() -> None:
    pass


def _import_options(command):
    command = click.argument(
        "csv_path", metavar="FILE.csv", type=click.Path(dir_okay=False, path_type=Path)
    )(command)
    command = click.option("--dry-run", is_flag=True, help="Check every row; write nothing.")(
        command
    )
    return click.option(
        "--report",
        "report_path",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="Write the per-row report here (readable by you only) instead of to stdout.",
    )(command)


def _run_import(kind: str, csv_path: Path, dry_run: bool, report_path: Path | None) -> None:
    from app.services import imports

    reader = imports.read_contacts_csv if kind == "contacts" else imports.read_feedback_csv
    use_case = imports.import_contacts if kind == "contacts" else imports.import_feedback
    try:
        table = reader(csv_path)
    except DomainError as exc:
        fail(str(exc))
    require_migrated()
    with session_scope() as session, progress_bar(len(table.rows), "Importing", "row") as step:
        result = use_case(
            session=session, config=current_app.config, dry_run=dry_run, progress=step,
            **{kind: table},
        )  # fmt: skip
    if report_path is None:
        imports.write_report(result, sys.stdout)
    else:
        fd = os.open(report_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            imports.write_report(result, handle)
    click.echo(result.summary(), err=True)
    if result.counts["error"]:
        sys.exit(1)


@import_cli.command(
    "contacts",
    help="Record contacts from a CSV (columns named like the API's fields) and invite them. "
    "Writes a per-row report (row, external_id, status, message, survey_url) as CSV; "
    "exits 1 when a row failed. Rows are numbered as in a spreadsheet (header = 1).",
)
@_import_options
@with_appcontext
def import_contacts(csv_path: Path, dry_run: bool, report_path: Path | None) -> None:
    _run_import("contacts", csv_path, dry_run, report_path)


@import_cli.command(
    "feedback",
    help="Record free-text feedback from a CSV for the theme engine (columns: text, and "
    "optionally external_id, occurred_at, touchpoint, channel, language, score, score_kind). "
    "Personal data is redacted on the way in. `voxloop import FILE.csv` means this.",
)
@_import_options
@with_appcontext
def import_feedback(csv_path: Path, dry_run: bool, report_path: Path | None) -> None:
    _run_import("feedback", csv_path, dry_run, report_path)


COMMANDS = (import_cli,)
