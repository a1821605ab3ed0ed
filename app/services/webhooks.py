"""Signed webhooks: subscriptions, events through the outbox, delivery, replay, disabling.

An event is queued in the outbox with the change that causes it (one outbox message per
subscription that wants it), so it goes out only if the change was committed, and is
retried with exponential back-off and jitter until ``OUTBOX_MAX_ATTEMPTS``. Every
delivery is a POST of the versioned JSON body with these headers:

- ``Voxloop-Event-Id``: the event's id; a replay sends the same id again, so receivers
  can drop a duplicate;
- ``Voxloop-Event``: the event type, e.g. ``complaint.created``;
- ``Voxloop-Timestamp``: Unix seconds when this attempt was signed;
- ``Voxloop-Signature``: ``v1=`` and the hex HMAC-SHA256 of ``timestamp + "." + body``
  under the subscription's secret.

Receivers verify the signature and reject timestamps older than a few minutes. Payloads
carry ids, scores and links, never a customer's name, address or comment text. After
``WEBHOOK_DISABLE_AFTER`` deliveries given up in a row a subscription is disabled and
the admins are e-mailed; a success resets the count.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import secrets
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from app import mail
from app.models import (
    WEBHOOK_EVENTS,
    AuditLog,
    OutboxAttempt,
    OutboxEvent,
    OutboxStatus,
    Role,
    User,
    WebhookSubscription,
)
from app.models.base import utcnow
from app.services import N_, DomainError, NotFound, webhook_targets
from app.services.smtp import SendError

PAYLOAD_VERSION = 1
SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix that makes a leaked secret recognisable
USER_AGENT = "Voxloop-Webhooks/1"
EXCERPT_BYTES = 1024  # of a receiver's answer, kept in the delivery log
DEFAULT_TIMEOUT_SECONDS = 5
DEFAULT_DISABLE_AFTER = 3


class WebhookError(DomainError):
    """A subscription change that cannot be made."""


class DeliveryFailed(SendError):
    """A delivery attempt that did not get a 2xx answer."""

    def __init__(self, message: str, status_code: int | None = None, excerpt: str | None = None):
        super().__init__(message)
        self.status_code = status_code
        self.excerpt = excerpt


# --- subscriptions ---------------------------------------------------------------------


def _events(events: list[str] | tuple[str, ...]) -> list[str]:
    chosen = [e for e in WEBHOOK_EVENTS if e in set(events)]
    unknown = sorted(set(events) - set(WEBHOOK_EVENTS))
    if unknown:
        raise WebhookError(N_("%(name)s is not an event webhooks can send."), name=unknown[0][:40])
    if not chosen:
        raise WebhookError(N_("Choose at least one event."))
    return chosen


def create_subscription(
    *,
    session: Session,
    config: Mapping[str, Any],
    url: str,
    events: list[str] | tuple[str, ...],
    description: str = "",
    actor_id: int | None = None,
) -> tuple[WebhookSubscription, str]:
    """Subscribe ``url`` to ``events``; returns the subscription and its secret (shown once).

    Raises:
        TargetRefused: the URL may not receive webhooks (see webhook_targets).
        WebhookError: no event, or an unknown one.
    """
    chosen = _events(events)
    webhook_targets.check(url, config)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    subscription = WebhookSubscription(url=url.strip(), events=chosen, secret=secret,
                                       description=description.strip()[:200],
                                       created_by_id=actor_id)  # fmt: skip
    session.add(subscription)
    session.flush()
    _audit(session, "webhook.created", subscription, actor_id)
    session.commit()
    return subscription, secret


def _audit(session: Session, action: str, subscription: WebhookSubscription, actor_id) -> None:
    entry = AuditLog(actor_id=actor_id, action=action, object_type="webhook",
                     object_id=str(subscription.id), detail=subscription.describe())  # fmt: skip
    session.add(entry)


def subscriptions(*, session: Session) -> list[WebhookSubscription]:
    return list(session.exec(select(WebhookSubscription).order_by(WebhookSubscription.id)))


def get_subscription(*, session: Session, subscription_id: int) -> WebhookSubscription:
    subscription = session.get(WebhookSubscription, subscription_id)
    if subscription is None:
        raise NotFound(N_("No webhook %(id)s."), id=subscription_id)
    return subscription


def remove_subscription(*, session: Session, subscription_id: int, actor_id=None) -> None:
    """Delete a subscription; its undelivered events are cancelled, its log kept."""
    subscription = get_subscription(session=session, subscription_id=subscription_id)
    session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.subscription_id == subscription.id,
               OutboxEvent.status.in_([OutboxStatus.PENDING, OutboxStatus.DEAD]))
        .values(status=OutboxStatus.CANCELLED, last_error="not sent: webhook removed")
    )  # fmt: skip
    session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.subscription_id == subscription.id)
        .values(subscription_id=None)
    )
    _audit(session, "webhook.removed", subscription, actor_id)
    session.delete(subscription)
    session.commit()


def enable_subscription(*, session: Session, subscription_id: int, actor_id=None):
    """Turn a disabled subscription back on, from a fresh failure count."""
    subscription = get_subscription(session=session, subscription_id=subscription_id)
    subscription.active, subscription.failures = True, 0
    subscription.disabled_at = subscription.disabled_reason = None
    session.add(subscription)
    _audit(session, "webhook.enabled", subscription, actor_id)
    session.commit()
    return subscription


# --- events ----------------------------------------------------------------------------


def body_for(event_id: str, event: str, data: Mapping[str, Any], created_at: datetime) -> str:
    """The JSON body receivers get (compact, keys sorted, so a replay is byte-identical)."""
    envelope = {"id": event_id, "type": event, "version": PAYLOAD_VERSION,
                "created_at": created_at.isoformat(), "data": dict(data)}  # fmt: skip
    return json.dumps(envelope, sort_keys=True, separators=(",", ":"), default=str)


def emit(
    *,
    session: Session,
    event: str,
    data: Mapping[str, Any],
    key: str | None = None,
    now: datetime | None = None,
) -> int:
    """Queue ``event`` for every active subscription that wants it (caller commits).

    ``key`` makes the event once-only (e.g. one ``theme.emerging`` per theme and week).
    Returns the number of deliveries queued.
    """
    if event not in WEBHOOK_EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    now = now or utcnow()
    wanted = [s for s in subscriptions(session=session) if s.wants(event)]
    if not wanted:
        return 0
    event_id = str(uuid.uuid4())
    body = body_for(event_id, event, data, now)
    queued = 0
    for subscription in wanted:
        dedupe = f"webhook:{subscription.id}:{event}:{key}"[:120] if key else None
        if (
            dedupe
            and session.exec(select(OutboxEvent.id).where(OutboxEvent.dedupe_key == dedupe)).first()
        ):
            continue
        session.add(OutboxEvent(kind="webhook", topic=event, subscription_id=subscription.id,
                                payload={"event_id": event_id, "body": body},
                                dedupe_key=dedupe, next_attempt_at=now,
                                created_at=now))  # fmt: skip
        queued += 1
    return queued


def replay(
    *,
    session: Session,
    event_id: int,
    subscription_id: int | None = None,
    now: datetime | None = None,
) -> OutboxEvent:
    """Send a past delivery again: the same event id and body, as a new delivery.

    With ``subscription_id``, the delivery must be that subscription's.
    """
    original = session.get(OutboxEvent, event_id)
    if (
        original is None
        or original.kind != "webhook"
        or (subscription_id is not None and original.subscription_id != subscription_id)
    ):
        raise NotFound(N_("No webhook delivery %(id)s."), id=event_id)
    if original.subscription_id is None:
        raise WebhookError(N_("The webhook of this delivery was removed."))
    now = now or utcnow()
    copy = OutboxEvent(kind="webhook", topic=original.topic,
                       subscription_id=original.subscription_id,
                       payload={**original.payload, "replay_of": original.id},
                       next_attempt_at=now, created_at=now)  # fmt: skip
    session.add(copy)
    session.commit()
    return copy


@dataclass(frozen=True)
class Delivery:
    event: OutboxEvent
    attempts: list[OutboxAttempt]


def deliveries(*, session: Session, subscription_id: int, limit: int = 50) -> list[Delivery]:
    """A subscription's delivery log, newest first, with every attempt."""
    events = list(session.exec(
        select(OutboxEvent).where(OutboxEvent.subscription_id == subscription_id)
        .order_by(OutboxEvent.id.desc()).limit(limit)
    ))  # fmt: skip
    by_event: dict[int, list[OutboxAttempt]] = {e.id: [] for e in events}
    if events:
        for attempt in session.exec(
            select(OutboxAttempt).where(OutboxAttempt.event_id.in_(list(by_event)))
            .order_by(OutboxAttempt.id)
        ):  # fmt: skip
            by_event[attempt.event_id].append(attempt)
    return [Delivery(e, by_event[e.id]) for e in events]


# --- delivery --------------------------------------------------------------------------


def sign(secret: str, timestamp: int, body: str) -> str:
    """The ``Voxloop-Signature`` header value for one attempt."""
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256)
    return "v1=" + digest.hexdigest()


def retry_delay(base: timedelta, jitter: random.Random | None = None) -> timedelta:
    """Equal jitter: half the exponential delay, plus up to as much again at random, so
    receivers that failed together are not retried together."""
    rng = jitter or random
    return base / 2 + base * (rng.random() / 2)


def send(event: OutboxEvent, subscription: WebhookSubscription, config: Mapping[str, Any]):
    """POST one delivery; returns (status code, answer excerpt).

    Raises:
        DeliveryFailed: refused target, network error, timeout or a non-2xx answer.
    """
    try:
        target = webhook_targets.parse(subscription.url)
        address = webhook_targets.resolve(target, config)
    except webhook_targets.TargetRefused as exc:
        raise DeliveryFailed(f"refused: {exc}") from None
    body = event.payload["body"].encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Voxloop-Event-Id": event.payload["event_id"],
        "Voxloop-Event": event.topic,
        "Voxloop-Timestamp": str(timestamp),
        "Voxloop-Signature": sign(subscription.secret, timestamp, event.payload["body"]),
    }
    timeout = float(config.get("WEBHOOK_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS))
    connection = webhook_targets.connection(target, address, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        answer = connection.getresponse()
        excerpt = answer.read(EXCERPT_BYTES).decode("utf-8", "replace")
    except (OSError, ValueError) as exc:  # refused, reset, timeout, TLS, bad HTTP
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}"[:300]) from None
    finally:
        connection.close()
    if not 200 <= answer.status < 300:  # a redirect is a failure: it is never followed
        raise DeliveryFailed(f"HTTP {answer.status}", answer.status, excerpt)
    return answer.status, excerpt


def after_attempt(
    *,
    session: Session,
    config: Mapping[str, Any],
    event: OutboxEvent,
    error: str | None,
    dead: bool,
) -> None:
    """Count a subscription's deliveries given up in a row; disable it when too many."""
    subscription = session.get(WebhookSubscription, event.subscription_id)
    if subscription is None:
        return
    if error is None:
        subscription.failures = 0
    elif dead:
        subscription.failures += 1
        limit = int(config.get("WEBHOOK_DISABLE_AFTER", DEFAULT_DISABLE_AFTER))
        if subscription.active and subscription.failures >= limit:
            subscription.active = False
            subscription.disabled_at = utcnow()
            subscription.disabled_reason = (
                f"{subscription.failures} deliveries in a row failed; last: {error}"
            )[:300]
            _notify_admins(session, subscription)
    session.add(subscription)


def _notify_admins(session: Session, subscription: WebhookSubscription) -> None:
    from app.services import outbox  # the outbox delivers webhooks and imports this module

    admins = session.exec(select(User).where(User.role == Role.ADMIN, User.active.is_(True)))
    for admin in admins:
        outbox.enqueue_email(
            session=session, topic="webhook.disabled", to=admin.email,
            language="en", template="webhook_disabled", customer=False,
            context={"url": subscription.url, "reason": subscription.disabled_reason,
                     "page_url": mail.public_url(f"/staff/admin/webhooks/{subscription.id}")},
            dedupe_key=f"webhook-disabled:{subscription.id}:{subscription.disabled_at.timestamp():.0f}",
        )  # fmt: skip
