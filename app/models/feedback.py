"""Feedback items (the theme engine's unit of work) and their aspect segments."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, timestamp_field


class FeedbackSource:
    RESPONSE = "response"
    COMPLAINT = "complaint"
    IMPORT = "import"
    API = "api"


class FeedbackItem(SQLModel, table=True):
    """A comment, complaint or imported text, redacted before anyone analyses it."""

    __tablename__ = "feedback_item"
    __table_args__ = (
        sa.Index("ix_feedback_item_occurred", "occurred_at"),
        sa.Index("ix_feedback_item_unprocessed", "processed_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=12)
    external_id: str | None = Field(default=None, max_length=120, unique=True)
    response_id: int | None = Field(default=None, foreign_key="response.id", index=True)
    complaint_id: int | None = Field(default=None, foreign_key="complaint.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    touchpoint_id: int | None = Field(default=None, foreign_key="touchpoint.id")
    channel: str | None = Field(default=None, max_length=20)
    text: str = Field(sa_type=sa.Text)
    # Only kept when KEEP_ORIGINAL_TEXT is on, and shown to admins only.
    text_original: str | None = Field(default=None, sa_type=sa.Text)
    redactions: int = 0
    language: str = Field(default="en", max_length=5)
    score_kind: str | None = Field(default=None, max_length=10)
    score: int | None = None
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = created_at_field()
    processed_at: datetime | None = timestamp_field()


class Segment(SQLModel, table=True):
    """One aspect of a feedback item, with its embedding and theme."""

    __table_args__ = (
        sa.Index("ix_segment_theme_occurred", "theme_id", "occurred_at"),
        sa.UniqueConstraint("feedback_item_id", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    feedback_item_id: int = Field(foreign_key="feedback_item.id", ondelete="CASCADE")
    position: int = 0
    text: str = Field(sa_type=sa.Text)
    text_hash: str = Field(max_length=64, index=True)
    language: str = Field(default="en", max_length=5)
    embedding: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    embedding_model: str | None = Field(default=None, max_length=120)
    theme_id: int | None = Field(default=None, foreign_key="theme.id")
    theme_similarity: float | None = None
    sentiment: str | None = Field(default=None, max_length=10)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = created_at_field()
