"""The ``voxloop`` command line: one group per noun, thin like the views."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from app.config import ConfigError
from app.db import current_revision, downgrade_database, session_scope, upgrade_database
from app.progress import progress_bar
from app.services import DomainError


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


def _database_url() -> str:
    return current_app.config["DATABASE_URL"]


def _require_migrated() -> None:
    from app.db import get_engine

    try:
        revision = current_revision(_database_url())
    except Exception as exc:
        fail(
            f"Cannot reach the database ({type(exc).__name__}: {exc}). Check VOXLOOP_DATABASE_URL."
        )
    if revision is None:
        fail("The database has no schema yet. Run `voxloop db upgrade` first.")
    get_engine()


# --- db ---------------------------------------------------------------------------------
@click.group("db", help="Database schema migrations.")
def db_cli() -> None:
    pass


@db_cli.command("upgrade", help="Apply migrations (default: to the newest).")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    try:
        upgrade_database(_database_url(), revision)
    except Exception as exc:
        fail(f"Migration failed: {type(exc).__name__}: {exc}")
    click.echo(f"Database at revision {current_revision(_database_url())}.")


@db_cli.command("downgrade", help="Revert migrations down to REVISION (e.g. base).")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    downgrade_database(_database_url(), revision)
    click.echo(f"Database at revision {current_revision(_database_url())}.")


@db_cli.command("current", help="Show the database's migration revision.")
@with_appcontext
def db_current() -> None:
    click.echo(current_revision(_database_url()) or "empty (run `voxloop db upgrade`)")


# --- users and tokens -------------------------------------------------------------------
@click.group("users", help="Staff accounts.")
def users_cli() -> None:
    pass


@users_cli.command("create", help="Create a staff user.")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice(["admin", "analyst", "agent", "viewer"]), required=True)
@click.option("--name", default="")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="VOXLOOP_NEW_USER_PASSWORD",
    help="At least 12 characters; prompted for when not given.",
)
@with_appcontext
def users_create(email: str, role: str, name: str, password: str) -> None:
    from app.services.users import create_user

    _require_migrated()
    with session_scope() as session:
        try:
            user = create_user(
                session=session, email=email, password=password, role=role, name=name
            )
        except DomainError as exc:
            fail(str(exc))
        click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@users_cli.command("list", help="List staff users.")
@with_appcontext
def users_list() -> None:
    from sqlmodel import select

    from app.models import User

    _require_migrated()
    with session_scope() as session:
        for user in session.exec(select(User).order_by(User.id)):
            state = "" if user.active else " (inactive)"
            click.echo(f"{user.id}\t{user.role}\t{user.email}{state}")


@click.group("tokens", help="API tokens.")
def tokens_cli() -> None:
    pass


@tokens_cli.command("create", help="Create an API token and print it once.")
@click.option("--name", required=True)
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(["ingest", "read", "admin"]),
)
@with_appcontext
def tokens_create(name: str, scopes: tuple[str, ...]) -> None:
    from app.services.users import create_api_token

    _require_migrated()
    with session_scope() as session:
        try:
            token, secret = create_api_token(session=session, name=name, scopes=list(scopes))
        except DomainError as exc:
            fail(str(exc))
    click.echo(secret)
    click.echo(f"Token {token.prefix}… ({token.scopes}) created. It is not shown again.", err=True)


# --- demo -------------------------------------------------------------------------------
@click.command("demo", help="Seed the demo story (deterministic for a given seed).")
@click.option("--seed", default=7, show_default=True, type=int)
@click.option("--contacts", default=10_000, show_default=True, type=click.IntRange(100, 1_000_000))
@click.option("--weeks", default=26, show_default=True, type=click.IntRange(12, 104))
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has contacts.")
@click.option("--themes/--no-themes", default=True, show_default=True, help="Run themes after.")
@with_appcontext
def demo(seed: int, contacts: int, weeks: int, if_empty: bool, themes: bool) -> None:
    from app.services import demo as demo_service

    _require_migrated()
    with session_scope() as session:
        logins_file = Path(current_app.instance_path) / "demo_logins.txt"
        if if_empty and not demo_service.database_is_empty(session=session):
            click.echo("Demo data is present already; nothing seeded.")
            if logins_file.exists():
                click.echo(logins_file.read_text(encoding="utf-8"), nl=False)
            return
        with progress_bar(contacts, "Seeding contacts", unit="contact") as advance:
            try:
                result = demo_service.seed(
                    session=session, seed=seed, contacts=contacts, weeks=weeks, progress=advance
                )
            except DomainError as exc:
                fail(str(exc))
    click.echo(
        f"Seeded {result.contacts} contacts, {result.responses} responses, "
        f"{result.complaints} complaints, {result.feedback_items} comments in "
        f"{result.seconds:.1f} s."
    )
    lines = "".join(
        f"Staff login: {login.email} / {login.password} ({login.role})\n" for login in result.logins
    )
    logins_file.write_text(lines, encoding="utf-8")
    logins_file.chmod(0o600)
    click.echo(lines, nl=False)
    if themes:
        _run_themes()
        with session_scope() as session:
            for line in demo_service.link_story(session=session):
                click.echo(line)


# --- serve and scheduler ----------------------------------------------------------------
@click.command("serve", help="Serve the web app with gunicorn.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=lambda: int(os.environ.get("PORT", 5000)), type=int)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--dev", is_flag=True, help="Use Flask's reloading development server instead.")
@with_appcontext
def serve(host: str, port: int, workers: int, dev: bool) -> None:
    if dev:
        current_app.run(host=host, port=port, debug=True)
        return
    os.execvp(  # noqa: S606 - replaces this process with gunicorn on purpose
        sys.executable,
        [
            sys.executable, "-m", "gunicorn", "app.wsgi:app",
            "--bind", f"{host}:{port}", "--workers", str(workers),
            "--access-logfile", "-", "--graceful-timeout", "10",
        ],
    )  # fmt: skip


@click.command("scheduler", help="Run the periodic jobs (one process, never in web workers).")
@with_appcontext
def scheduler() -> None:
    from app.jobs.schedule import run_scheduler

    _require_migrated()
    run_scheduler(current_app._get_current_object())


# --- themes -----------------------------------------------------------------------------
@click.group("themes", help="The theme engine.")
def themes_cli() -> None:
    pass


def _run_themes() -> None:
    from app.services import theme_runs as theme_service

    with session_scope() as session:
        pending = theme_service.pending_count(session=session)
        with progress_bar(pending, "Embedding segments", unit="item") as advance:
            summary = theme_service.run(
                session=session, config=current_app.config, progress=advance
            )
    click.echo(summary.describe())


@themes_cli.command("run", help="Segment, embed and cluster all feedback; update themes.")
@with_appcontext
def themes_run() -> None:
    _require_migrated()
    _run_themes()


@themes_cli.command("evaluate", help="Run the production theme path on a labelled CSV.")
@click.option("--csv", "csv_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--text-column", required=True)
@click.option("--label-column", required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def themes_evaluate(csv_path: Path, text_column: str, label_column: str, as_json: bool) -> None:
    import json

    from ml.evaluate import evaluate_csv

    if not csv_path.exists():
        fail(f"{csv_path}: no such file.")
    try:
        result = evaluate_csv(csv_path, text_column, label_column)
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(result))
    else:
        for key, value in result.items():
            click.echo(f"{key}: {value}")


# --- import -----------------------------------------------------------------------------
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
    _require_migrated()
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


@click.group("surveys", help="Survey definitions in surveys/*.yaml.")
def surveys_cli() -> None:
    pass


@surveys_cli.command("check", help="Validate every survey file; exit 1 naming the first error.")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=None)
def surveys_check(directory: Path | None) -> None:
    from app.services import surveys

    try:
        definitions = surveys.load_definitions(directory or surveys.DEFAULT_SURVEY_DIR)
    except surveys.SurveyDefinitionError as exc:
        fail(str(exc))
    for definition in definitions:
        questions = len(definition.data["questions"])
        click.echo(f"ok  {definition.key}: {questions} questions ({definition.path})")


def register(app: Flask) -> None:
    """Attach every command group to ``app.cli`` (so ``flask --app app`` works too)."""
    commands = (db_cli, users_cli, tokens_cli, demo, serve, scheduler, themes_cli, import_cli,
                surveys_cli)  # fmt: skip
    for command in commands:
        app.cli.add_command(command)
