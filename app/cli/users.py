"""`voxloop users` and `voxloop tokens`: staff accounts and API tokens."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.cli import fail, require_migrated
from app.db import session_scope
from app.services import DomainError


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
    help="PASSWORD_MIN_LENGTH (12) characters or more, not a common one; prompted if not given.",
)
@with_appcontext
def users_create(email: str, role: str, name: str, password: str) -> None:
    from flask import current_app

    from app.services.passwords import min_length
    from app.services.users import create_user

    require_migrated()
    with session_scope() as session:
        try:
            user = create_user(session=session, email=email, password=password, role=role,
                               name=name, min_length=min_length(current_app.config))  # fmt: skip
        except DomainError as exc:
            fail(str(exc))
        click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@users_cli.command("list", help="List staff users.")
@with_appcontext
def users_list() -> None:
    from sqlmodel import select

    from app.models import User

    require_migrated()
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
    help="ingest: write (contacts, feedback, complaints); read: the lists. Repeatable.",
)
@click.option(
    "--expires",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Last day the token works (YYYY-MM-DD, UTC); default: until revoked.",
)
@with_appcontext
def tokens_create(name: str, scopes: tuple[str, ...], expires) -> None:
    from datetime import UTC, timedelta

    from app.services.users import create_api_token

    require_migrated()
    until = None
    if expires is not None:  # valid through the whole last day
        until = expires.replace(tzinfo=UTC) + timedelta(days=1)
    with session_scope() as session:
        try:
            token, secret = create_api_token(
                session=session, name=name, scopes=list(scopes), expires_at=until
            )
        except DomainError as exc:
            fail(str(exc))
    click.echo(secret)
    click.echo(f"Token {token.prefix}… ({token.scopes}) created. It is not shown again.", err=True)


@tokens_cli.command("list", help="Every API token: prefix, name, scopes, state, last use.")
@with_appcontext
def tokens_list() -> None:
    from app.models.base import utcnow
    from app.services.users import list_api_tokens

    require_migrated()
    with session_scope() as session:
        now = utcnow()
        for token in list_api_tokens(session=session):
            if token.revoked_at:
                state = f"revoked {token.revoked_at:%Y-%m-%d}"
            elif token.expires_at and token.expires_at <= now:
                state = f"expired {token.expires_at:%Y-%m-%d}"
            elif token.expires_at:
                state = f"live until {token.expires_at:%Y-%m-%d}"
            else:
                state = "live"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            click.echo(f"{token.id}\t{token.prefix}…\t{token.name}\t{token.scopes}\t{state}"
                       f"\tlast used {used}")  # fmt: skip


@tokens_cli.command("revoke", help="Revoke a token by its id or shown prefix.")
@click.argument("token")
@with_appcontext
def tokens_revoke(token: str) -> None:
    from app.services.users import revoke_api_token

    require_migrated()
    with session_scope() as session:
        try:
            revoked = revoke_api_token(session=session, token=token.rstrip("…"))
        except DomainError as exc:
            fail(str(exc))
        click.echo(f"Token {revoked.prefix}… ({revoked.name}) revoked.")


COMMANDS = (users_cli, tokens_cli)
