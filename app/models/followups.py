"""Follow-up cases: the closed loop with one customer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, timestamp_field


class CaseStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class CaseResolution(StrEnum):
    """How a closed case ended."""

    RESOLVED = "resolved"
    NOT_REACHABLE = "not_reachable"
    DECLINED = "declined"


class CaseReason(StrEnum):
    LOW_SCORE = "low_score"
    COMPLAINT = "complaint"


class FollowUpCase(SQLModel, table=True):
    """A customer waiting to be called back or answered. Closed, never deleted."""

    __tablename__ = "followup_case"
    __table_args__ = (sa.Index("ix_followup_status_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    reason: str = Field(max_length=20)  # low_score | complaint
    response_id: int | None = Field(default=None, foreign_key="response.id", unique=True)
    complaint_id: int | None = Field(default=None, foreign_key="complaint.id", unique=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    owner_id: int | None = Field(default=None, foreign_key="user_account.id")
    status: str = Field(default=CaseStatus.OPEN, max_length=12)
    due_at: datetime = Field(sa_type=UTCDateTime)
    outcome: str | None = Field(default=None, sa_type=sa.Text)
    resolution: str | None = Field(default=None, max_length=20)
    claimed_at: datetime | None = timestamp_field()
    # Set once the overdue case went to the analysts (digest, webhook), so it goes once.
    escalated_at: datetime | None = timestamp_field()
    created_at: datetime = created_at_field()
    closed_at: datetime | None = timestamp_field()


class CaseEventKind(StrEnum):
    CLAIMED = "claimed"
    ASSIGNED = "assigned"
    CALL = "call"
    NOTE = "note"
    REPLY = "reply"
    CLOSED = "closed"
    REOPENED = "reopened"
    ESCALATED = "escalated"


class CaseEvent(SQLModel, table=True):
    """What happened on a case: claims, calls, replies to the customer, the outcome."""

    __tablename__ = "case_event"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="followup_case.id", index=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    kind: str = Field(max_length=20)
    text: str = Field(default="", sa_type=sa.Text)
    # A reply the customer sees on the complaint status page and receives by e-mail.
    public: bool = False
    created_at: datetime = created_at_field()
