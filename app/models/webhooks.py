"""Webhook subscriptions; their deliveries are outbox events of kind ``webhook``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import created_at_field, timestamp_field

WEBHOOK_EVENTS = (
    "response.created",
    "complaint.created",
    "case.overdue",
    "theme.emerging",
    "action.done",
)


class WebhookSubscription(SQLModel, table=True):
    """A receiver of signed event notifications.

    The secret signs every delivery (HMAC-SHA256); it is shown once when the
    subscription is made and kept here because each delivery needs it.
    """

    __tablename__ = "webhook_subscription"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    description: str = Field(default="", max_length=200)
    events: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    secret: str = Field(max_length=100)
    active: bool = True
    # Deliveries given up in a row; reset by a success. Too many disable the subscription.
    failures: int = 0
    disabled_at: datetime | None = timestamp_field()
    disabled_reason: str | None = Field(default=None, max_length=300)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = created_at_field()

    def wants(self, event: str) -> bool:
        return self.active and event in self.events

    def describe(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "events": list(self.events), "active": self.active}
