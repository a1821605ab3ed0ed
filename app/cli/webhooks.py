"""`voxloop webhooks`: subscribe receivers to events, list them, remove, replay."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli import fail, require_migrated
from app.db import session_scope
from app.models import WEBHOOK_EVENTS


@click.group("webhooks", help="Signed event notifications to other systems.")
def webhooks_cli() -> None:
    pass


@webhooks_cli.command("add", help="Send EVENTs to URL; prints the signing secret once.")
@click.argument("url")
@click.option(
    "--event",
    "events",
    multiple=True,
    required=True,
    type=click.Choice(WEBHOOK_EVENTS),
    help="An event to send (repeat for more).",
)
@click.option("--description", default="", help="What the receiver is.")
@with_appcontext
def add(url: str, events: tuple[str, ...], description: str) -> None:  # fmt: skip
    from app.services import DomainError, webhooks

    require_migrated()
    with session_scope() as session:
        try:
            subscription, secret = webhooks.create_subscription(
                session=session, config=current_app.config, url=url, events=list(events),
                description=description,
            )  # fmt: skip
        except DomainError as exc:
            fail(str(exc))
        click.echo(f"Webhook {subscription.id}: {url} ({', '.join(subscription.events)}).")
        click.echo(f"Signing secret (shown once; put it in the receiver): {secret}")


@webhooks_cli.command("list", help="Every webhook with its events and state.")
@with_appcontext
def list_() -> None:
    from app.services import webhooks

    require_migrated()
    with session_scope() as session:
        found = webhooks.subscriptions(session=session)
        if not found:
            click.echo("No webhooks.")
        for s in found:
            state = "on" if s.active else f"off ({s.disabled_reason or 'switched off'})"
            click.echo(f"{s.id}\t{s.url}\t{','.join(s.events)}\t{state}")


@webhooks_cli.command("remove", help="Delete webhook ID; what it has not received is cancelled.")
@click.argument("subscription_id", type=int)
@with_appcontext
def remove(subscription_id: int) -> None:
    from app.services import DomainError, webhooks

    require_migrated()
    with session_scope() as session:
        try:
            webhooks.remove_subscription(session=session, subscription_id=subscription_id)
        except DomainError as exc:
            fail(str(exc))
    click.echo(f"Webhook {subscription_id} removed.")


@webhooks_cli.command("enable", help="Switch webhook ID on again after it was disabled.")
@click.argument("subscription_id", type=int)
@with_appcontext
def enable(subscription_id: int) -> None:
    from app.services import DomainError, webhooks

    require_migrated()
    with session_scope() as session:
        try:
            webhooks.enable_subscription(session=session, subscription_id=subscription_id)
        except DomainError as exc:
            fail(str(exc))
    click.echo(f"Webhook {subscription_id} is on again.")


@webhooks_cli.command("replay", help="Send delivery DELIVERY_ID again, with the same event id.")
@click.argument("delivery_id", type=int)
@with_appcontext
def replay(delivery_id: int) -> None:
    from app.services import DomainError, webhooks

    require_migrated()
    with session_scope() as session:
        try:
            copy = webhooks.replay(session=session, event_id=delivery_id)
        except DomainError as exc:
            fail(str(exc))
        click.echo(f"Queued as delivery {copy.id}; `voxloop outbox deliver` sends it now.")


COMMANDS = (webhooks_cli,)
