"""The outbox: messages written with the change that causes them, delivered exactly once.

Queueing adds an ``OutboxEvent`` to the caller's session; the caller's commit stores the
change and the message together, or neither. Delivery (``voxloop outbox deliver``, every
minute from the scheduler) claims due messages in batches — ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, a write-locked ``BEGIN IMMEDIATE`` on SQLite — so several deliverers never
take the same message. A claim expires after ``CLAIM_SECONDS``: a deliverer that died
mid-batch leaves its messages to the next one. A failed attempt is retried with
exponential back-off; after ``OUTBOX_MAX_ATTEMPTS`` the message is dead-lettered, kept
for an admin to retry. Every attempt is logged.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, update
from sqlmodel import Session, select

from app import mail
from app.db import begin_write, end_read
from app.models import (
    EmailUnsubscribe,
    Invitation,
    OutboxAttempt,
    OutboxEvent,
    OutboxStatus,
    PasswordResetToken,
    WebhookSubscription,
)
from app.models.base import utcnow
from app.services import N_, NotFound, webhooks
from app.services.smtp import Mailer, SendError

CLAIM_SECONDS = 300
BATCH = 50
MAX_BACKOFF = timedelta(hours=6)
ERROR_LENGTH = 1000


def worker_name() -> str:
    """A deliverer's name in the log: host, process and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def is_unsubscribed(session: Session, address: str) -> bool:
    return session.get(EmailUnsubscribe, mail.email_hash(address)) is not None


def enqueue_email(
    *,
    session: Session,
    topic: str,
    to: str,
    language: str,
    template: str,
    context: Mapping[str, Any] | None = None,
    dedupe_key: str | None = None,
    meta: Mapping[str, Any] | None = None,
    customer: bool = True,
    now: datetime | None = None,
) -> OutboxEvent | None:
    """Render a message and add it to the outbox; the caller commits it with its change.

    Args:
        session: The caller's session (nothing is committed here).
        topic: What the message is, e.g. ``survey.invitation``.
        to: The recipient's address.
        language: ``de`` or ``en``; the templates are rendered in it.
        template: Name under ``templates/email/``.
        context: Template variables.
        dedupe_key: A message with this key is queued at most once, ever.
        meta: Facts the deliverer checks again before sending (e.g. the invitation id).
        customer: Customer messages carry an unsubscribe link and honour unsubscribes.
        now: The queueing time.

    Returns:
        The queued event, or None when the address unsubscribed or the key was used.
    """
    if customer and is_unsubscribed(session, to):
        return None
    if (
        dedupe_key is not None
        and session.exec(select(OutboxEvent.id).where(OutboxEvent.dedupe_key == dedupe_key)).first()
    ):
        return None
    unsubscribe = mail.unsubscribe_url(to, language) if customer else None
    rendered = mail.render(template, language, unsubscribe_url=unsubscribe, **(context or {}))
    event = OutboxEvent(
        kind="email",
        topic=topic,
        payload={
            "to": to,
            "subject": rendered.subject,
            "text": rendered.text,
            "html": rendered.html,
            "language": language,
            "unsubscribe_url": unsubscribe,
            "meta": dict(meta or {}),
        },
        dedupe_key=dedupe_key,
        recipient_hash=mail.email_hash(to),
        next_attempt_at=now or utcnow(),
        created_at=now or utcnow(),
    )
    session.add(event)
    return event


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    cancelled: int = 0
    worker: str = ""
    errors: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"Outbox: {self.sent} sent, {self.retried} to retry, {self.dead} dead-lettered, "
            f"{self.cancelled} no longer wanted."
        )


def claim(*, session: Session, worker: str, batch: int = BATCH, now: datetime | None = None):
    """Take up to ``batch`` due messages for ``worker``; returns their ids.

    Due: pending with ``next_attempt_at`` passed, or claimed by a deliverer whose claim
    ran out. The claim is committed before anything is sent.
    """
    now = now or utcnow()
    due = (
        select(OutboxEvent.id)
        .where(
            or_(
                (OutboxEvent.status == OutboxStatus.PENDING) & (OutboxEvent.next_attempt_at <= now),
                (OutboxEvent.status == OutboxStatus.SENDING) & (OutboxEvent.claimed_until < now),
            )
        )
        .order_by(OutboxEvent.next_attempt_at, OutboxEvent.id)
        .limit(batch)
    )
    if session.in_transaction():
        session.commit()
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    else:
        begin_write(session)  # SQLite: one writer at a time, so the claim is exclusive
    ids = list(session.exec(due))
    if ids:
        session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id.in_(ids))
            .values(
                status=OutboxStatus.SENDING,
                claimed_by=worker,
                claimed_until=now + timedelta(seconds=CLAIM_SECONDS),
            )
        )
    session.commit()
    return ids


def _unwanted(session: Session, event: OutboxEvent, now: datetime) -> str | None:
    """Why a claimed message must not go out any more, or None to send it."""
    if event.kind == "webhook":
        subscription = session.get(WebhookSubscription, event.subscription_id or -1)
        if subscription is None:
            return "webhook removed"
        return None if subscription.active else "webhook disabled"
    payload = event.payload
    meta = payload.get("meta") or {}
    if payload.get("unsubscribe_url") and is_unsubscribed(session, payload["to"]):
        return "unsubscribed"
    invitation_id = meta.get("invitation_id")
    if invitation_id is not None:
        invitation = session.get(Invitation, invitation_id)
        if invitation is None:
            return "invitation gone"
        if invitation.used_at is not None:
            return "already answered"
        if invitation.expires_at <= now:
            return "invitation expired"
    reset_id = meta.get("reset_id")
    if reset_id is not None:  # a password-reset link that cannot be used any more
        reset = session.get(PasswordResetToken, reset_id)
        if reset is None or reset.used_at is not None or reset.expires_at <= now:
            return "reset link used or expired"
    return None


def backoff(config: Mapping[str, Any], attempts: int, kind: str = "email") -> timedelta:
    """Wait before attempt ``attempts + 1``: base × 2^(attempts − 1), at most six hours;
    webhooks with jitter (see :func:`app.services.webhooks.retry_delay`)."""
    base = timedelta(seconds=int(config.get("OUTBOX_RETRY_SECONDS", 60)))
    delay = min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF)
    return webhooks.retry_delay(delay) if kind == "webhook" else delay


def _finish(session: Session, event: OutboxEvent, worker: str, **values: Any) -> bool:
    """Record the outcome if this worker still holds the claim."""
    result = session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.id == event.id, OutboxEvent.claimed_by == worker)
        .values(claimed_by=None, claimed_until=None, **values)
    )
    return result.rowcount == 1


def deliver(
    *,
    session: Session,
    config: Mapping[str, Any],
    worker: str | None = None,
    batch: int = BATCH,
    max_batches: int | None = None,
    now: Callable[[], datetime] = utcnow,
) -> DeliveryReport:
    """Deliver due messages until none is left (or ``max_batches`` were handled)."""
    report = DeliveryReport(worker=worker or worker_name())
    max_attempts = int(config.get("OUTBOX_MAX_ATTEMPTS", 8))
    batches = 0
    with Mailer(config) as mailer:
        while max_batches is None or batches < max_batches:
            ids = claim(session=session, worker=report.worker, batch=batch, now=now())
            if not ids:
                break
            batches += 1
            for event_id in ids:
                _deliver_one(session, config, mailer, event_id, report, max_attempts, now)
    return report


def _deliver_one(session, config, mailer, event_id, report, max_attempts, now) -> None:
    event = session.get(OutboxEvent, event_id, populate_existing=True)
    if event is None or event.claimed_by != report.worker:
        return
    moment = now()
    reason = _unwanted(session, event, moment)
    # The checks were reads; on SQLite a read cannot become the writer safely, so the
    # outcome below is written in a fresh write transaction (app.db.end_read).
    end_read(session)
    if reason is not None:
        begin_write(session)
        if _finish(session, event, report.worker, status=OutboxStatus.CANCELLED,
                   last_error=f"not sent: {reason}"):  # fmt: skip
            report.cancelled += 1
        session.commit()
        return
    started = time.perf_counter()
    error, status_code, excerpt = None, None, None
    try:
        if event.kind == "webhook":
            subscription = session.get(WebhookSubscription, event.subscription_id)
            status_code, excerpt = webhooks.send(event, subscription, config)
        else:
            mailer.send(event)
    except SendError as exc:
        error = str(exc)[:ERROR_LENGTH]
        status_code = getattr(exc, "status_code", None)
        excerpt = getattr(exc, "excerpt", None)
    duration = int((time.perf_counter() - started) * 1000)
    begin_write(session)
    session.add(OutboxAttempt(event_id=event.id, worker=report.worker, ok=error is None,
                              error=error, duration_ms=duration, attempted_at=moment,
                              status_code=status_code, response_excerpt=excerpt))  # fmt: skip
    attempts = event.attempts + 1
    dead = False
    if error is None:
        _finish(session, event, report.worker, status=OutboxStatus.SENT, attempts=attempts,
                sent_at=moment, last_error=None)  # fmt: skip
        report.sent += 1
    elif attempts >= max_attempts:
        dead = _finish(session, event, report.worker, status=OutboxStatus.DEAD,
                       attempts=attempts, last_error=error)  # fmt: skip
        report.dead += 1
        report.errors.append(error)
    else:
        _finish(session, event, report.worker, status=OutboxStatus.PENDING, attempts=attempts,
                last_error=error,
                next_attempt_at=moment + backoff(config, attempts, event.kind))  # fmt: skip
        report.retried += 1
        report.errors.append(error)
    if event.kind == "webhook":
        webhooks.after_attempt(session=session, config=config, event=event, error=error,
                               dead=dead)  # fmt: skip
    session.commit()


def retry(*, session: Session, event_id: int, now: datetime | None = None) -> OutboxEvent:
    """An admin sends a dead-lettered (or cancelled) message again, from a fresh count."""
    event = session.get(OutboxEvent, event_id)
    if event is None:
        raise NotFound(N_("No outbox message %(id)s."), id=event_id)
    event.status = OutboxStatus.PENDING
    event.attempts = 0
    event.next_attempt_at = now or utcnow()
    session.add(event)
    session.commit()
    return event


@dataclass(frozen=True)
class OutboxOverview:
    counts: dict[str, int]
    problems: list[OutboxEvent]  # dead, or pending after a failed attempt
    recent: list[OutboxEvent]


def overview(*, session: Session, limit: int = 50) -> OutboxOverview:
    """What the admin page shows: counts per status, dead and failing messages, latest."""
    counts = dict(
        session.exec(select(OutboxEvent.status, func.count()).group_by(OutboxEvent.status)).all()
    )
    problems = list(
        session.exec(
            select(OutboxEvent)
            .where(
                or_(
                    OutboxEvent.status == OutboxStatus.DEAD,
                    (OutboxEvent.status == OutboxStatus.PENDING) & (OutboxEvent.attempts > 0),
                )
            )
            .order_by(OutboxEvent.id.desc())
            .limit(limit)
        )
    )
    recent = list(session.exec(select(OutboxEvent).order_by(OutboxEvent.id.desc()).limit(limit)))
    return OutboxOverview(counts=counts, problems=problems, recent=recent)


def attempts(*, session: Session, event_id: int) -> list[OutboxAttempt]:
    return list(
        session.exec(
            select(OutboxAttempt)
            .where(OutboxAttempt.event_id == event_id)
            .order_by(OutboxAttempt.id)
        )
    )
