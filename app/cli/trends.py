"""`voxloop trends`: the daily rollups behind the trend pages."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.cli import require_migrated
from app.db import session_scope


@click.group("trends", help="The trend pages' daily rollups.")
def trends_cli() -> None:
    pass


@trends_cli.command("rebuild", help="Recompute the rollups from every response.")
@with_appcontext
def rebuild() -> None:
    from app.services import trend_rollup

    require_migrated()
    with session_scope() as session:
        click.echo(trend_rollup.rebuild(session=session).describe())


@trends_cli.command("refresh", help="Fold in what arrived since the last refresh.")
@with_appcontext
def refresh() -> None:
    from app.services import trend_rollup

    require_migrated()
    with session_scope() as session:
        click.echo(trend_rollup.refresh(session=session).describe())


@trends_cli.command("status", help="Size and reach of the rollups.")
@with_appcontext
def status() -> None:
    from app.services import trend_rollup

    require_migrated()
    with session_scope() as session:
        s = trend_rollup.status(session=session)
    click.echo(f"{s.rows} day rows, {s.theme_rows} theme rows, {s.first_day} to {s.last_day}; "
               f"rebuilt {s.rebuilt_at}, refreshed {s.refreshed_at}; "
               f"{s.pending_responses} responses waiting")  # fmt: skip


COMMANDS = (trends_cli,)
