"""Improvement actions run as plan-do-check-act cycles on the board."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, timestamp_field, utcnow


class Stage(StrEnum):
    """The board's columns, in order: an idea becomes a plan, then a PDCA cycle."""

    IDEA = "idea"
    PLAN = "plan"
    DO = "do"
    CHECK = "check"
    ACT = "act"
    DONE = "done"


STAGES: tuple[Stage, ...] = tuple(Stage)


class TargetMetric(StrEnum):
    """What an action means to move: a theme's share of feedback or a touchpoint's score."""

    THEME_SHARE = "theme_share"
    CSAT = "csat"
    NPS = "nps"
    CES = "ces"


class Decision(StrEnum):
    """The Act step's decision on an iteration."""

    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"


class ImprovementActionBase(SQLModel):
    title: str = Field(max_length=200)
    problem: str = Field(default="", sa_type=sa.Text)
    hypothesis: str = Field(default="", sa_type=sa.Text)
    due_date: date | None = None
    target_metric: str = Field(default=TargetMetric.THEME_SHARE, max_length=20)
    # The value the hypothesis expects, in the metric's own unit (share 0–1, CSAT 0–1, …).
    target_value: float | None = None


class ImprovementAction(ImprovementActionBase, table=True):
    """A card on the board. Archived, never deleted; ``version`` guards concurrent edits."""

    __tablename__ = "improvement_action"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int | None = Field(default=None, foreign_key="user_account.id")
    raised_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    touchpoint_id: int | None = Field(default=None, foreign_key="touchpoint.id")
    stage: str = Field(default=Stage.PLAN, max_length=10, index=True)
    position: int = 0
    # When the card first entered Do: the effect is measured from here, the baseline is
    # the eight weeks before it.
    started_at: datetime | None = timestamp_field()
    completed_at: datetime | None = timestamp_field()
    outcome: str | None = Field(default=None, max_length=10)  # adopted | abandoned
    archived_at: datetime | None = timestamp_field()
    version: int = Field(default=1)
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
    # The effect as measured when the card entered Check (see services.effects).
    snapshot: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    started_at: datetime | None = timestamp_field()
    checked_at: datetime | None = timestamp_field()
    decided_at: datetime | None = timestamp_field()
    created_at: datetime = created_at_field()


class ActionEvent(SQLModel, table=True):
    """The card's activity log: who moved, edited, linked or decided what, and when."""

    __tablename__ = "action_event"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="improvement_action.id", index=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    kind: str = Field(max_length=30)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    created_at: datetime = created_at_field()
