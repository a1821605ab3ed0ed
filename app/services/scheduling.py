"""One scheduler at a time: a lease in the database, and a record of every job run.

A scheduler holds the lease while it renews it; a second scheduler started by mistake
finds the lease taken and skips every job, until the holder stops renewing and the lease
runs out — then it takes over. Both engines: the lease row is updated only where it is
ours or expired, in one statement, so two schedulers can never both hold it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import begin_write
from app.models import JobRun, SchedulerLease
from app.models.base import utcnow

LEASE = "scheduler"
LEASE_SECONDS = 90  # renewed every 30 s; a dead holder is replaced within a minute and a half


def acquire(
    *,
    session: Session,
    holder: str,
    name: str = LEASE,
    seconds: int = LEASE_SECONDS,
    now: datetime | None = None,
) -> bool:
    """Take or renew the lease for ``holder``; False while someone else holds it."""
    now = now or utcnow()
    until = now + timedelta(seconds=seconds)
    if session.in_transaction():
        session.commit()
    begin_write(session)  # SQLite: the whole check-and-take is one write transaction
    result = session.execute(
        update(SchedulerLease)
        .where(
            SchedulerLease.name == name,
            (SchedulerLease.holder == holder) | (SchedulerLease.expires_at < now),
        )
        .values(holder=holder, expires_at=until)
    )
    if result.rowcount == 1:
        session.commit()
        return True
    if session.get(SchedulerLease, name) is not None:
        session.commit()
        return False
    try:
        session.add(SchedulerLease(name=name, holder=holder, expires_at=until))
        session.commit()
    except IntegrityError:  # another scheduler created it first
        session.rollback()
        return False
    return True


def release(*, session: Session, holder: str, name: str = LEASE) -> None:
    """Give the lease up at shutdown, so a standby takes over at once."""
    session.execute(
        update(SchedulerLease)
        .where(SchedulerLease.name == name, SchedulerLease.holder == holder)
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    session.commit()


def start_run(*, session: Session, job: str, holder: str) -> JobRun:
    run = JobRun(job=job, holder=holder)
    session.add(run)
    session.commit()
    return run


def finish_run(*, session: Session, run: JobRun, ok: bool, message: str) -> None:
    run.ok = ok
    run.message = message[:2000]
    run.finished_at = utcnow()
    session.add(run)
    session.commit()


def last_runs(*, session: Session) -> dict[str, JobRun]:
    """Each job's latest run."""
    latest: dict[str, JobRun] = {}
    for run in session.exec(select(JobRun).order_by(JobRun.id)):
        latest[run.job] = run
    return latest
