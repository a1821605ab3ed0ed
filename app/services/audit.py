"""The audit log: who did what to accounts, tokens, webhooks and personal data, and when.

Entries are added to the caller's session and committed with the change they record.
They name staff (by id) and objects (by type and id), never a customer's identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, select

from app.models import AuditLog, User

PAGE = 100


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None = None,
    object_type: str = "",
    object_id: Any = "",
    ip: str | None = None,
    **detail: Any,
) -> AuditLog:
    entry = AuditLog(actor_id=actor_id, action=action, object_type=object_type,
                     object_id=str(object_id)[:40], detail=detail,
                     ip=ip[:45] if ip else None)  # fmt: skip
    session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditPage:
    entries: list[tuple[AuditLog, User | None]]
    actions: list[str]  # every action recorded, for the filter
    next_before: int | None  # the id to page on from, or None at the end


def entries(
    *,
    session: Session,
    action: str | None = None,
    actor_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    before: int | None = None,
    limit: int = PAGE,
) -> AuditPage:
    """The newest entries first, filtered; ``before`` pages back by id."""
    statement = select(AuditLog, User).join(User, User.id == AuditLog.actor_id, isouter=True)
    if action:
        statement = statement.where(AuditLog.action == action)
    if actor_id is not None:
        statement = statement.where(AuditLog.actor_id == actor_id)
    if since:
        statement = statement.where(AuditLog.created_at >= datetime.combine(since, time.min, UTC))
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min, UTC)
        statement = statement.where(AuditLog.created_at < end)
    if before:
        statement = statement.where(AuditLog.id < before)
    rows = list(session.exec(statement.order_by(AuditLog.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    actions = sorted(set(session.exec(select(AuditLog.action).distinct())))
    return AuditPage(rows, actions, rows[-1][0].id if more and rows else None)
