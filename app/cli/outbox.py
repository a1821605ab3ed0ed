"""`voxloop outbox`: deliver queued e-mails and see how delivery goes."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli import require_migrated
from app.db import session_scope


@click.group("outbox", help="The e-mail outbox.")
def outbox_cli() -> None:
    pass


@outbox_cli.command(
    "deliver", help="Send every due message now (the scheduler does it each minute)."
)
@click.option("--batch", default=50, show_default=True, type=click.IntRange(1, 1000))
@with_appcontext
def deliver(batch: int) -> None:
    from app.services import outbox

    require_migrated()
    with session_scope() as session:
        report = outbox.deliver(session=session, config=current_app.config, batch=batch)
    click.echo(report.describe())
    for error in dict.fromkeys(report.errors):
        click.echo(f"  {error}", err=True)


@outbox_cli.command("status", help="Messages per status, and the dead-lettered ones.")
@with_appcontext
def status() -> None:
    from app.services import outbox

    require_migrated()
    with session_scope() as session:
        view = outbox.overview(session=session)
    for name in ("pending", "sending", "sent", "dead", "cancelled"):
        click.echo(f"{name:10} {view.counts.get(name, 0)}")
    for event in view.problems:
        click.echo(
            f"#{event.id} {event.topic} {event.status} after {event.attempts}: {event.last_error}"
        )


COMMANDS = (outbox_cli,)
