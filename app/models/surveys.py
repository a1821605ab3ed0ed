"""Survey versions, invitations, drafts, responses and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, timestamp_field, utcnow


class SurveyVersion(SQLModel, table=True):
    """One immutable version of a survey definition loaded from ``surveys/*.yaml``."""

    __tablename__ = "survey_version"
    __table_args__ = (sa.UniqueConstraint("key", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=60, index=True)
    version: int
    checksum: str = Field(max_length=64)
    definition: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    active: bool = True
    created_at: datetime = created_at_field()


class Invitation(SQLModel, table=True):
    """A single-use, expiring link; only the SHA-256 of its token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    survey_version_id: int = Field(foreign_key="survey_version.id")
    language: str = Field(default="en", max_length=5)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = timestamp_field()
    # When the one reminder was queued; never more than one per invitation.
    reminded_at: datetime | None = timestamp_field()


class SurveyDraft(SQLModel, table=True):
    """What a respondent has typed so far, so a reload or lost connection loses nothing."""

    __tablename__ = "survey_draft"

    invitation_id: int = Field(foreign_key="invitation.id", primary_key=True, ondelete="CASCADE")
    answers: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Response(SQLModel, table=True):
    """The answers to one invitation; the unique invitation makes submission idempotent."""

    __table_args__ = (sa.Index("ix_response_submitted", "submitted_at"),)

    id: int | None = Field(default=None, primary_key=True)
    invitation_id: int = Field(foreign_key="invitation.id", unique=True)
    survey_version_id: int = Field(foreign_key="survey_version.id")
    contact_id: int = Field(foreign_key="contact.id", index=True)
    language: str = Field(default="en", max_length=5)
    # The headline scores are denormalised for the trend pages' aggregate queries.
    nps: int | None = None
    csat: int | None = None
    ces: int | None = None
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Answer(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("response_id", "question_key"),)

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", ondelete="CASCADE")
    question_key: str = Field(max_length=60)
    value_int: int | None = None
    value_text: str | None = Field(default=None, sa_type=sa.Text)
