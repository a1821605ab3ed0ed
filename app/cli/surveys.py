"""`voxloop surveys`: check survey definitions."""

from __future__ import annotations

from pathlib import Path

import click

from app.cli import fail


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


COMMANDS = (surveys_cli,)
