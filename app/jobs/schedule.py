"""The schedule, declared as data: which job runs when, and the one process that runs it."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from app.db import session_scope
from app.jobs import tasks
from app.services import scheduling

log = logging.getLogger(__name__)
RENEW_SECONDS = 30


@dataclass(frozen=True)
class Job:
    id: str
    function: Callable[[Flask], str]
    minutes: int | None = None  # an interval …
    cron: dict[str, Any] = field(default_factory=dict)  # … or a time of the week
    description: str = ""

    def trigger(self, app: Flask) -> tuple[str, dict[str, Any]]:
        if self.cron:
            resolved = {k: app.config[v] if isinstance(v, str) and v.isupper() else v
                        for k, v in self.cron.items()}  # fmt: skip
            return "cron", resolved
        return "interval", {"minutes": self.minutes}

    def when(self, app: Flask) -> str:
        kind, spec = self.trigger(app)
        if kind == "interval":
            return f"every {spec['minutes']} min"
        return f"{spec.get('day_of_week', '*')} {spec.get('hour', 0):02}:00 " + str(
            app.config["SCHEDULER_TIMEZONE"]
        )


JOBS: tuple[Job, ...] = (
    Job("deliver_outbox", tasks.deliver_outbox, minutes=1,
        description="send queued e-mails, with retries"),
    Job("escalate_overdue_cases", tasks.escalate_overdue_cases, minutes=15,
        description="cases past their SLA go to the analysts' digest"),
    Job("queue_reminders", tasks.queue_reminders, minutes=60,
        description="one reminder per unanswered invitation"),
    Job("update_themes", tasks.update_themes, minutes=60,
        description="segment, embed and cluster new feedback"),
    Job("weekly_digest", tasks.weekly_digest,
        cron={"day_of_week": "DIGEST_DAY_OF_WEEK", "hour": "DIGEST_HOUR"},
        description="the analysts' Monday digest"),
    Job("refresh_trends", tasks.refresh_trends, minutes=10,
        description="fold new answers into the trend pages' daily rollups"),
    Job("purge_expired_drafts", tasks.purge_expired_drafts, minutes=24 * 60,
        description="delete drafts nobody can submit any more"),
    Job("purge_retention", tasks.purge_retention, minutes=24 * 60,
        description="redact or remove personal data past its retention period"),
)  # fmt: skip
BY_ID = {job.id: job for job in JOBS}


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_job(app: Flask, job: Job, holder: str | None) -> str | None:
    """Run one job, recorded in the job log; with a ``holder``, only while it holds the lease.

    Returns the job's summary, or None when another scheduler holds the lease.
    """
    with session_scope(app) as session:
        if holder is not None and not scheduling.acquire(session=session, holder=holder):
            log.info("%s: skipped, another scheduler holds the lease", job.id)
            return None
        run = scheduling.start_run(session=session, job=job.id, holder=holder or "manual")
    try:
        summary = job.function(app)
    except Exception as exc:
        log.exception("%s failed", job.id)
        with session_scope(app) as session:
            scheduling.finish_run(session=session, run=run, ok=False,
                                  message=f"{type(exc).__name__}: {exc}")  # fmt: skip
        raise
    with session_scope(app) as session:
        scheduling.finish_run(session=session, run=run, ok=True, message=summary or "")
    log.info("%s: %s", job.id, summary)
    return summary


def _renew(app: Flask, holder: str) -> None:
    with session_scope(app) as session:
        if not scheduling.acquire(session=session, holder=holder):
            log.info("standing by: another scheduler holds the lease")


def _guarded(app: Flask, job: Job, holder: str) -> None:
    # A failing job is logged and recorded in run_job; the scheduler must keep going.
    with contextlib.suppress(Exception):
        run_job(app, job, holder)


def build_scheduler(app: Flask, holder: str) -> BlockingScheduler:
    """A scheduler with every job of ``JOBS``; jobs run only while it holds the lease."""
    scheduler = BlockingScheduler(timezone=app.config["SCHEDULER_TIMEZONE"])
    scheduler.add_job(_renew, "interval", seconds=RENEW_SECONDS, args=[app, holder],
                      id="renew_lease", max_instances=1, coalesce=True)  # fmt: skip
    for job in JOBS:
        kind, spec = job.trigger(app)
        grace = (job.minutes or 60) * 30
        scheduler.add_job(_guarded, kind, args=[app, job, holder], id=job.id, max_instances=1,
                          coalesce=True, misfire_grace_time=grace, **spec)  # fmt: skip
    return scheduler


def run_scheduler(app: Flask) -> None:
    """Run until interrupted; give the lease up on the way out."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    holder = holder_name()
    _renew(app, holder)
    scheduler = build_scheduler(app, holder)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        scheduler.shutdown(wait=False)
    finally:
        with session_scope(app) as session:
            scheduling.release(session=session, holder=holder)
