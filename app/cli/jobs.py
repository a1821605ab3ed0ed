"""`voxloop jobs`: the periodic jobs, listed and run by hand."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli import fail, require_migrated
from app.db import session_scope


@click.group("jobs", help="The scheduler's periodic jobs.")
def jobs_cli() -> None:
    pass


@jobs_cli.command("list", help="Every job, when it runs and how its last run went.")
@with_appcontext
def list_jobs() -> None:
    from app.jobs.schedule import JOBS
    from app.services import scheduling

    require_migrated()
    with session_scope() as session:
        runs = scheduling.last_runs(session=session)
    for job in JOBS:
        run = runs.get(job.id)
        last = "never run"
        if run is not None:
            state = {True: "ok", False: "FAILED", None: "running"}[run.ok]
            last = f"last {run.started_at:%Y-%m-%d %H:%M} UTC {state}: {run.message}"
        click.echo(f"{job.id:24} {job.when(current_app):28} {job.description}")
        click.echo(f"{'':24} {last}")


@jobs_cli.command("run", help="Run one job now, in this process (recorded like a scheduled run).")
@click.argument("name")
@with_appcontext
def run(name: str) -> None:
    from app.jobs.schedule import BY_ID, run_job

    job = BY_ID.get(name)
    if job is None:
        fail(f"No job {name!r}; `voxloop jobs list` shows them: {', '.join(BY_ID)}.")
    require_migrated()
    click.echo(run_job(current_app._get_current_object(), job, holder=None))


COMMANDS = (jobs_cli,)
