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


class FollowUpCase(SQLModel, table=True):
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
    created_at: datetime = created_at_field()
    closed_at: datetime | None = timestamp_field()
