"""`voxloop demo`: seed the demo story."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli import fail, require_migrated
from app.cli.themes import run_themes
from app.db import session_scope
from app.progress import progress_bar
from app.services import DomainError


@click.command("demo", help="Seed the demo story (deterministic for a given seed).")
@click.option("--seed", default=7, show_default=True, type=int)
@click.option("--contacts", default=10_000, show_default=True, type=click.IntRange(100, 1_000_000))
@click.option("--weeks", default=26, show_default=True, type=click.IntRange(12, 104))
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has contacts.")
@click.option("--themes/--no-themes", default=True, show_default=True, help="Run themes after.")
@with_appcontext
def demo(seed: int, contacts: int, weeks: int, if_empty: bool, themes: bool) -> None:
    from app import demo as demo_service

    require_migrated()
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
    if result.founding_reference:
        lines += (
            f"Founding complaint: reference {result.founding_reference} / secret "
            f"{result.founding_secret} (status page /complaint/status)\n"
        )
    logins_file.write_text(lines, encoding="utf-8")
    logins_file.chmod(0o600)
    click.echo(lines, nl=False)
    if themes:
        run_themes()
        with session_scope() as session:
            for line in demo_service.link_story(session=session):
                click.echo(line)
    with session_scope() as session:
        from app.services import trend_rollup

        click.echo(f"Trend rollups: {trend_rollup.rebuild(session=session).describe()}.")


COMMANDS = (demo,)
