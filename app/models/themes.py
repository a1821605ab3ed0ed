"""Themes, their history, theme runs and weekly signals."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, timestamp_field, utcnow


class ThemeStatus(StrEnum):
    NEW = "new"
    TRIAGED = "triaged"
    IN_ACTION = "in_action"
    MONITORING = "monitoring"
    DISMISSED = "dismissed"


class Theme(SQLModel, table=True):
    """A cluster of segments with an identity that survives re-clustering."""

    id: int | None = Field(default=None, primary_key=True)
    label_auto: str = Field(default="", max_length=120)
    name: str | None = Field(default=None, max_length=120)
    status: str = Field(default=ThemeStatus.NEW, max_length=20, index=True)
    pinned: bool = False
    language: str = Field(default="en", max_length=5)
    keywords: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    quote_segment_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    # Raw mean of the theme's segment embeddings (float32, not unit length: its length is
    # how tight the theme is, and ml.themes.assign uses it to place new segments).
    centroid: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    size: int = 0
    merged_into_id: int | None = Field(default=None, foreign_key="theme.id")
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def display_name(self) -> str:
        return self.name or self.label_auto


class ThemeEventKind(StrEnum):
    CREATED = "created"
    MATCHED = "matched"
    RENAMED = "renamed"
    MERGED = "merged"
    SPLIT = "split"
    PINNED = "pinned"
    UNPINNED = "unpinned"
    STATUS = "status"
    RETIRED = "retired"
    ACTION = "action"  # linked to an improvement action


class ThemeEvent(SQLModel, table=True):
    """The history of a theme: nothing a human did is lost on re-clustering."""

    __tablename__ = "theme_event"

    id: int | None = Field(default=None, primary_key=True)
    theme_id: int = Field(foreign_key="theme.id", index=True)
    kind: str = Field(max_length=20)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    run_id: int | None = Field(default=None, foreign_key="theme_run.id")
    # Set when the edit was made during a weekly triage session.
    triage_session_id: int | None = Field(default=None, foreign_key="triage_session.id")
    created_at: datetime = created_at_field()


class ThemeRun(SQLModel, table=True):
    __tablename__ = "theme_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = created_at_field()
    finished_at: datetime | None = timestamp_field()
    status: str = Field(default="running", max_length=12)
    n_segments: int = 0
    n_themes: int = 0
    unassigned_fraction: float = 0.0
    embedding_model: str = Field(default="", max_length=120)
    message: str = Field(default="", sa_type=sa.Text)


class ThemeSignal(SQLModel, table=True):
    """A theme's count in one week against its baseline; ``flagged`` means emerging."""

    __tablename__ = "theme_signal"
    __table_args__ = (sa.UniqueConstraint("theme_id", "week_start"),)

    id: int | None = Field(default=None, primary_key=True)
    theme_id: int = Field(foreign_key="theme.id")
    week_start: date = Field(index=True)
    count: int
    # None while fewer than the minimum number of earlier weeks exist: no baseline, no
    # expectation (a theme's first weeks must not show a made-up expected count).
    expected: float | None = None
    lift: float | None = None
    baseline_weeks: int = 0
    p_value: float
    q_value: float
    flagged: bool = False


class TriageSession(SQLModel, table=True):
    """One analyst's weekly triage: who, for which week, when; decisions are theme events."""

    __tablename__ = "triage_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id")
    week_start: date = Field(index=True)
    started_at: datetime = created_at_field()
    finished_at: datetime | None = timestamp_field()


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ThemeSuggestion(SQLModel, table=True):
    """A split or merge the engine saw but left to an analyst to accept or reject."""

    __tablename__ = "theme_suggestion"
    __table_args__ = (sa.Index("ix_theme_suggestion_status", "status", "theme_id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # split | merge
    theme_id: int = Field(foreign_key="theme.id")
    other_theme_id: int | None = Field(default=None, foreign_key="theme.id")
    run_id: int | None = Field(default=None, foreign_key="theme_run.id")
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    status: str = Field(default=SuggestionStatus.PENDING, max_length=10)
    decided_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    decided_at: datetime | None = timestamp_field()
    created_at: datetime = created_at_field()
