"""Unsubscribing: one click, no login, honoured by every later message."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session

from app.models import EmailUnsubscribe, OutboxEvent, OutboxStatus


def unsubscribe(*, session: Session, email_hash: str, source: str = "link") -> bool:
    """Record the address hash and cancel its queued messages; True if it was new."""
    new = session.get(EmailUnsubscribe, email_hash) is None
    if new:
        session.add(EmailUnsubscribe(email_hash=email_hash, source=source))
    # Customer messages not yet sent are dropped; staff messages carry no unsubscribe link.
    session.execute(
        update(OutboxEvent)
        .where(
            OutboxEvent.recipient_hash == email_hash,
            OutboxEvent.status == OutboxStatus.PENDING,
            OutboxEvent.topic != "digest.weekly",
        )
        .values(status=OutboxStatus.CANCELLED, last_error="not sent: unsubscribed")
    )
    session.commit()
    return new


def is_unsubscribed(*, session: Session, email_hash: str) -> bool:
    return session.get(EmailUnsubscribe, email_hash) is not None
