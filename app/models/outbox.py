"""The persisted outbox: every e-mail and webhook is written here, then delivered."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, timestamp_field, utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"  # waiting for its (next) attempt at ``next_attempt_at``
    SENDING = "sending"  # claimed by a deliverer until ``claimed_until``
    SENT = "sent"
    DEAD = "dead"  # gave up after the last retry; an admin may retry it
    CANCELLED = "cancelled"  # not needed any more (answered, unsubscribed, no consent)


class OutboxEvent(SQLModel, table=True):
    __tablename__ = "outbox_event"
    __table_args__ = (sa.Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # email | webhook
    topic: str = Field(max_length=60)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    status: str = Field(default=OutboxStatus.PENDING, max_length=10)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, sa_type=sa.Text)
    # One message per purpose: e.g. "you said, we did" once per customer and action.
    dedupe_key: str | None = Field(default=None, max_length=120, unique=True)
    # SHA-256 of the recipient's address: unsubscribes and erasure find messages by it.
    recipient_hash: str | None = Field(default=None, max_length=64, index=True)
    # A webhook delivery's subscription: its delivery log and its failure count.
    subscription_id: int | None = Field(
        default=None, foreign_key="webhook_subscription.id", index=True
    )
    claimed_by: str | None = Field(default=None, max_length=80)
    claimed_until: datetime | None = timestamp_field()
    created_at: datetime = created_at_field()
    sent_at: datetime | None = timestamp_field()


class OutboxAttempt(SQLModel, table=True):
    """The delivery log: one row per attempt, successful or not."""

    __tablename__ = "outbox_attempt"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="outbox_event.id", index=True)
    worker: str = Field(default="", max_length=80)
    ok: bool = False
    error: str | None = Field(default=None, sa_type=sa.Text)
    # Webhooks: the receiver's HTTP status and the start of its answer (at most 1 KB).
    status_code: int | None = None
    response_excerpt: str | None = Field(default=None, max_length=1024)
    duration_ms: int = 0
    attempted_at: datetime = created_at_field()


class EmailUnsubscribe(SQLModel, table=True):
    """An address that asked for no more messages; only its SHA-256 is kept."""

    __tablename__ = "email_unsubscribe"

    email_hash: str = Field(primary_key=True, max_length=64)
    source: str = Field(default="link", max_length=20)  # link | one_click | admin
    created_at: datetime = created_at_field()
