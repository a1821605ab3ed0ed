"""Only one scheduler runs the jobs: the lease, its expiry and the job log."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta

from sqlmodel import Session, select

from app.db import get_engine
from app.jobs import schedule
from app.models import JobRun
from app.models.base import utcnow
from app.services import scheduling


def test_the_lease_has_one_holder_until_it_runs_out(session):
    now = utcnow()
    assert scheduling.acquire(session=session, holder="a", now=now)
    assert not scheduling.acquire(session=session, holder="b", now=now + timedelta(seconds=30))
    assert scheduling.acquire(session=session, holder="a", now=now + timedelta(seconds=60))  # renew
    # a stops renewing: after the lease's 90 s, b takes over and a is out.
    later = now + timedelta(seconds=60 + scheduling.LEASE_SECONDS + 1)
    assert scheduling.acquire(session=session, holder="b", now=later)
    assert not scheduling.acquire(session=session, holder="a", now=later)
    scheduling.release(session=session, holder="b")
    assert scheduling.acquire(session=session, holder="a")  # released: taken at once


def test_two_schedulers_run_a_job_once(app):
    """Two scheduler processes started by mistake fire the same job at the same tick."""
    calls: list[str] = []
    job = schedule.Job("probe", lambda _app: calls.append("ran") or "probed", minutes=1)
    results, barrier = {}, threading.Barrier(2)

    def tick(holder: str) -> None:
        barrier.wait()
        results[holder] = schedule.run_job(app, job, holder)

    threads = [threading.Thread(target=tick, args=(h,)) for h in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert calls == ["ran"]
    assert sorted(results.values(), key=lambda v: v is None) == ["probed", None]
    with Session(get_engine(app)) as session:
        runs = session.exec(select(JobRun).where(JobRun.job == "probe")).all()
        assert len(runs) == 1 and runs[0].ok and runs[0].message == "probed"
    # The holder runs the next tick too; the other stays idle.
    holder = next(h for h, r in results.items() if r is not None)
    other = next(h for h in results if h != holder)
    assert schedule.run_job(app, job, other) is None
    assert schedule.run_job(app, job, holder) == "probed" and calls == ["ran", "ran"]


def test_a_failing_job_is_logged_as_failed(app):
    def boom(_app):
        raise RuntimeError("relay down")

    job = schedule.Job("boom", boom, minutes=1)
    with contextlib.suppress(RuntimeError):
        schedule.run_job(app, job, None)
    with Session(get_engine(app)) as session:
        run = session.exec(select(JobRun).where(JobRun.job == "boom")).one()
        assert run.ok is False and "relay down" in run.message and run.finished_at


def test_jobs_cli_lists_and_runs(runner, app):
    listed = runner.invoke(args=["jobs", "list"])
    assert listed.exit_code == 0
    for job in schedule.JOBS:
        assert job.id in listed.output
    assert "mon 07:00" in listed.output  # the weekly digest, in the scheduler's time zone
    ran = runner.invoke(args=["jobs", "run", "escalate_overdue_cases"])
    assert ran.exit_code == 0 and "escalated 0 overdue cases" in ran.output
    assert "last" in runner.invoke(args=["jobs", "list"]).output
    unknown = runner.invoke(args=["jobs", "run", "nope"])
    assert unknown.exit_code != 0 and "No job 'nope'" in unknown.output
