"""The schedule, declared as data: which job runs how often."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from app.jobs import tasks


@dataclass(frozen=True)
class Job:
    id: str
    function: Callable[[Flask], None]
    minutes: int


JOBS: tuple[Job, ...] = (
    Job("update_themes", tasks.update_themes, minutes=60),
    Job("purge_expired_drafts", tasks.purge_expired_drafts, minutes=24 * 60),
)


def build_scheduler(app: Flask) -> BlockingScheduler:
    """A scheduler with every job of ``JOBS``; one instance per deployment."""
    scheduler = BlockingScheduler(timezone=app.config["SCHEDULER_TIMEZONE"])
    for job in JOBS:
        scheduler.add_job(
            job.function,
            "interval",
            minutes=job.minutes,
            args=[app],
            id=job.id,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=job.minutes * 30,
        )
    return scheduler


def run_scheduler(app: Flask) -> None:
    """Run until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    scheduler = build_scheduler(app)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        scheduler.shutdown(wait=False)
