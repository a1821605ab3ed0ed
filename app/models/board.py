"""Improvement actions run as plan-do-check-act cycles."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, timestamp_field, utcnow


class Stage(StrEnum):
    PLAN = "plan"
    DO = "do"
    CHECK = "check"
    ACT = "act"
    DONE = "done"


class TargetMetric(StrEnum):
    CSAT = "csat"
    NPS = "nps"
    CES = "ces"
    THEME_VOLUME = "theme_volume"


class ImprovementActionBase(SQLModel):
    title: str = Field(max_length=200)
    problem: str = Field(default="", sa_type=sa.Text)
    hypothesis: str = Field(default="", sa_type=sa.Text)
    due_date: date | None = None
    target_metric: str = Field(default=TargetMetric.THEME_VOLUME, max_length=20)


class ImprovementAction(ImprovementActionBase, table=True):
    __tablename__ = "improvement_action"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int | None = Field(default=None, foreign_key="user_account.id")
    touchpoint_id: int | None = Field(default=None, foreign_key="touchpoint.id")
    stage: str = Field(default=Stage.PLAN, max_length=10, index=True)
    position: int = 0
    started_at: datetime | None = timestamp_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ActionTheme(SQLModel, table=True):
    __tablename__ = "action_theme"

    action_id: int = Field(
        foreign_key="improvement_action.id", primary_key=True, ondelete="CASCADE"
    )
    theme_id: int = Field(foreign_key="theme.id", primary_key=True)


class Iteration(SQLModel, table=True):
    """One turn of the PDCA wheel: what was planned, done, measured and decided."""

    __table_args__ = (sa.UniqueConstraint("action_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="improvement_action.id", ondelete="CASCADE")
    number: int
    plan: str = Field(default="", sa_type=sa.Text)
    done: str = Field(default="", sa_type=sa.Text)
    result: str = Field(default="", sa_type=sa.Text)
    decision: str = Field(default="", sa_type=sa.Text)
    measured_value: float | None = None
    created_at: datetime = created_at_field()
