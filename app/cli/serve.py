"""`voxloop serve` and `voxloop scheduler`: the web and job processes."""

from __future__ import annotations

import os
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli import require_migrated


@click.command("serve", help="Serve the web app with gunicorn.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=lambda: int(os.environ.get("PORT", 5000)), type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes; more than one needs shared rate-limit storage (Redis).",
)
@click.option(
    "--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Per process."
)
@click.option("--dev", is_flag=True, help="Use Flask's reloading development server instead.")
@with_appcontext
def serve(host: str, port: int, workers: int, threads: int, dev: bool) -> None:
    from app.config import defaults

    storage = str(current_app.config["RATELIMIT_STORAGE_URI"])
    if workers > 1 and storage.startswith("memory://") and not dev:
        # Each process would count on its own: limits multiplied by the workers and
        # forgotten at every restart.
        raise click.ClickException(
            f"--workers {workers} needs rate-limit storage shared by the processes: set "
            "VOXLOOP_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379 (or run one worker "
            "with several --threads)."
        )

    if (
        current_app.config["PUBLIC_BASE_URL"]
        == defaults(current_app.instance_path)["PUBLIC_BASE_URL"]
    ):
        # Nobody said where the site lives: links (API survey_url) name the port served.
        public = f"http://{host}:{port}"
        current_app.config["PUBLIC_BASE_URL"] = public
        os.environ["VOXLOOP_PUBLIC_BASE_URL"] = public
    if dev:
        current_app.run(host=host, port=port, debug=True)
        return
    os.execvp(  # noqa: S606 - replaces this process with gunicorn on purpose
        sys.executable,
        [
            sys.executable, "-m", "gunicorn", "app.wsgi:app",
            "--bind", f"{host}:{port}", "--workers", str(workers),
            "--threads", str(threads), "--worker-class", "gthread" if threads > 1 else "sync",
            "--access-logfile", "-", "--graceful-timeout", "10",
        ],
    )  # fmt: skip


@click.command("scheduler", help="Run the periodic jobs (one process, never in web workers).")
@with_appcontext
def scheduler() -> None:
    from app.jobs.schedule import run_scheduler

    require_migrated()
    run_scheduler(current_app._get_current_object())


COMMANDS = (serve, scheduler)
