"""Retention: data kept no longer than it is useful.

``RETENTION_DAYS`` sets a period per kind; 0 keeps that kind for ever. A daily job
(``purge_retention``, or ``voxloop retention purge``) applies them and counts what it did
in the audit log:

- ``comments``: verbatim customer text older than this — kept originals of feedback
  items, survey answers kept unredacted, complaint descriptions — is replaced by its
  redacted form, and complaint contact details and accessibility needs are dropped once
  the complaint's case is closed (or it has none);
- ``contacts``: contacts older than this lose their e-mail address, external id and
  customer reference (the rows stay, anonymous, for the statistics);
- ``cases``: closed cases older than this lose their notes, call logs and outcome text;
- ``audit``: audit entries older than this are deleted;
- sent and cancelled outbox messages older than the ``comments`` period are emptied.

Drafts go sooner, whatever the settings: as soon as nobody can submit them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlmodel import Session

from app.models import (
    Answer,
    AppSetting,
    AuditLog,
    CaseEvent,
    CaseStatus,
    Complaint,
    Contact,
    ContactEmail,
    FeedbackItem,
    FollowUpCase,
    Invitation,
    OutboxEvent,
    OutboxStatus,
    Response,
    SurveyDraft,
)
from app.models.base import utcnow
from app.services import N_, DomainError, audit
from ml.redact import redact

KINDS = ("comments", "contacts", "cases", "audit")
DEFAULT_DAYS = {"comments": 730, "contacts": 1095, "cases": 1095, "audit": 1095}
BATCH = 500


def purge_expired_drafts(*, session: Session) -> int:
    """Delete drafts whose invitation has expired or been used; return how many."""
    now = utcnow()
    stale = select(Invitation.id).where(
        (Invitation.expires_at < now) | (Invitation.used_at.is_not(None))
    )
    result = session.exec(delete(SurveyDraft).where(SurveyDraft.invitation_id.in_(stale)))
    session.commit()
    return result.rowcount or 0


SETTING = "retention_days"
MAX_DAYS = 36500


def periods(config: Mapping[str, Any], session: Session | None = None) -> dict[str, int]:
    """Days per kind: set by an admin in the browser, else ``RETENTION_DAYS``, else the
    defaults."""
    chosen = {**DEFAULT_DAYS, **dict(config.get("RETENTION_DAYS") or {})}
    if session is not None:
        saved = session.get(AppSetting, SETTING)
        if saved is not None:
            chosen.update(saved.value)
    return {kind: int(chosen[kind]) for kind in KINDS}


def save_periods(
    *, session: Session, days: Mapping[str, int], actor_id: int | None = None
) -> dict[str, int]:
    """Store the periods an admin chose (they win over the configuration).

    Raises:
        DomainError: a period is not a whole number of days from 0 to 36,500.
    """
    clean = {}
    for kind in KINDS:
        value = days.get(kind)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_DAYS:
            raise DomainError(N_("Each period is a whole number of days from 0 (keep for ever) "
                                 "to %(max)s."), max=MAX_DAYS)  # fmt: skip
        clean[kind] = value
    setting = session.get(AppSetting, SETTING) or AppSetting(key=SETTING)
    before = dict(setting.value or {})
    setting.value, setting.updated_by_id, setting.updated_at = clean, actor_id, utcnow()
    session.add(setting)
    audit.record(session, "retention.changed", actor_id=actor_id, object_type="setting",
                 object_id=SETTING, before=before, after=clean)  # fmt: skip
    session.commit()
    return clean


def last_purge(*, session: Session) -> AuditLog | None:
    return (
        session.exec(
            select(AuditLog)
            .where(AuditLog.action == "retention.purged")
            .order_by(AuditLog.id.desc())
        )
        .scalars()
        .first()
    )


@dataclass
class PurgeReport:
    counts: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        done = ", ".join(f"{n} {what}" for what, n in self.counts.items() if n)
        return f"Retention: {done or 'nothing was due'}."


def _redact_rows(session: Session, rows, attribute: str) -> int:
    changed = 0
    for row in rows:
        text = getattr(row, attribute)
        if text:
            cleaned = redact(text).text
            if cleaned != text:
                setattr(row, attribute, cleaned)
                session.add(row)
                changed += 1
    return changed


def _comments(session: Session, cutoff: datetime, report: PurgeReport) -> None:
    result = session.exec(
        update(FeedbackItem)
        .where(FeedbackItem.occurred_at < cutoff, FeedbackItem.text_original.is_not(None))
        .values(text_original=None)
    )
    report.counts["originals dropped"] = result.rowcount or 0
    answers = session.scalars(
        select(Answer).join(Response, Response.id == Answer.response_id)
        .where(Response.submitted_at < cutoff, Answer.value_text.is_not(None))
    )  # fmt: skip
    report.counts["answers redacted"] = _redact_rows(session, answers, "value_text")
    old = session.scalars(select(Complaint).where(Complaint.created_at < cutoff))
    report.counts["complaints redacted"] = _redact_rows(session, old, "description")
    open_case = exists().where(FollowUpCase.complaint_id == Complaint.id,
                               FollowUpCase.status != CaseStatus.CLOSED)  # fmt: skip
    result = session.exec(
        update(Complaint)
        .where(Complaint.created_at < cutoff, ~open_case,
               (Complaint.contact_email.is_not(None)) | (Complaint.contact_phone.is_not(None))
               | (Complaint.accessibility_needs.is_not(None)))
        .values(contact_email=None, contact_phone=None, accessibility_needs=None)
    )  # fmt: skip
    report.counts["complaint contact details dropped"] = result.rowcount or 0
    result = session.exec(
        update(OutboxEvent)
        .where(OutboxEvent.created_at < cutoff,
               OutboxEvent.status.in_([OutboxStatus.SENT, OutboxStatus.CANCELLED]),
               OutboxEvent.recipient_hash.is_not(None))
        .values(payload={"purged": True}, recipient_hash=None)
    )  # fmt: skip
    report.counts["old messages emptied"] = result.rowcount or 0


def _contacts(session: Session, cutoff: datetime, report: PurgeReport) -> None:
    old = select(Contact.id).where(Contact.occurred_at < cutoff)
    result = session.exec(delete(ContactEmail).where(ContactEmail.contact_id.in_(old)))
    report.counts["contact addresses deleted"] = result.rowcount or 0
    result = session.exec(
        update(Contact)
        .where(Contact.occurred_at < cutoff,
               (Contact.external_id.is_not(None)) | (Contact.customer_ref.is_not(None)))
        .values(external_id=None, customer_ref=None)
    )  # fmt: skip
    report.counts["contacts anonymised"] = result.rowcount or 0


def _cases(session: Session, cutoff: datetime, report: PurgeReport) -> None:
    closed = select(FollowUpCase.id).where(FollowUpCase.status == CaseStatus.CLOSED,
                                           FollowUpCase.closed_at < cutoff)  # fmt: skip
    result = session.exec(
        update(CaseEvent).where(CaseEvent.case_id.in_(closed), CaseEvent.text != "")
        .values(text="")
    )  # fmt: skip
    report.counts["case notes cleared"] = result.rowcount or 0
    result = session.exec(
        update(FollowUpCase)
        .where(FollowUpCase.id.in_(closed), FollowUpCase.outcome.is_not(None))
        .values(outcome=None)
    )
    report.counts["case outcomes cleared"] = result.rowcount or 0


def purge(
    *, session: Session, config: Mapping[str, Any], now: datetime | None = None
) -> PurgeReport:
    """Apply every retention period; the counts go to the audit log with the changes."""
    now = now or utcnow()
    days = periods(config, session)
    report = PurgeReport()
    steps = {"comments": _comments, "contacts": _contacts, "cases": _cases}
    for kind, step in steps.items():
        if days[kind] > 0:
            step(session, now - timedelta(days=days[kind]), report)
    if days["audit"] > 0:
        result = session.exec(
            delete(AuditLog).where(AuditLog.created_at < now - timedelta(days=days["audit"]))
        )
        report.counts["audit entries deleted"] = result.rowcount or 0
    audit.record(session, "retention.purged", object_type="retention", periods=days,
                 **{k.replace(" ", "_"): v for k, v in report.counts.items()})  # fmt: skip
    session.commit()
    return report
