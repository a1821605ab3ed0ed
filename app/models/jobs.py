"""Scheduler bookkeeping: the lease that keeps a second scheduler idle, and job runs."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, timestamp_field


class SchedulerLease(SQLModel, table=True):
    """Who may run the periodic jobs now; a holder must renew before ``expires_at``."""

    __tablename__ = "scheduler_lease"

    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(max_length=80)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class JobRun(SQLModel, table=True):
    __tablename__ = "job_run"
    __table_args__ = (sa.Index("ix_job_run_job_started", "job", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=40)
    holder: str = Field(default="", max_length=80)
    ok: bool | None = None
    message: str = Field(default="", sa_type=sa.Text)
    started_at: datetime = created_at_field()
    finished_at: datetime | None = timestamp_field()
