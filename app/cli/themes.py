"""`voxloop themes`: run and evaluate the theme engine."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli import fail, require_migrated
from app.db import session_scope
from app.progress import progress_bar, totals_bar


@click.group("themes", help="The theme engine.")
def themes_cli() -> None:
    pass


def run_themes() -> None:
    from app.services import theme_runs as theme_service

    with session_scope() as session:
        pending = theme_service.pending_count(session=session)
        # Segments are committed in batches: Ctrl-C loses at most one batch, and the next
        # run carries on where this one stopped.
        with (
            progress_bar(pending, "Segmenting feedback", unit="item") as advance,
            totals_bar("Embedding segments", unit="segment") as embedding,
        ):
            summary = theme_service.run(
                session=session,
                config=current_app.config,
                progress=advance,
                embed_progress=embedding,
            )
    click.echo(summary.describe())


@themes_cli.command("run", help="Segment, embed and cluster all feedback; update themes.")
@with_appcontext
def themes_run() -> None:
    require_migrated()
    run_themes()


@themes_cli.command(
    "evaluate",
    help="Run the production theme path (redaction, segments, the configured embedding "
    "model) on a labelled CSV; score items by their longest segment's theme.",
)
@click.option("--csv", "csv_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--text-column", required=True)
@click.option("--label-column", required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def themes_evaluate(csv_path: Path, text_column: str, label_column: str, as_json: bool) -> None:
    import json

    from ml.evaluate import evaluate_csv

    if not csv_path.exists():
        fail(f"{csv_path}: no such file.")
    try:
        result = evaluate_csv(csv_path, text_column, label_column, config=current_app.config)
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(result))
    else:
        for key, value in result.items():
            click.echo(f"{key}: {value}")


COMMANDS = (themes_cli,)
