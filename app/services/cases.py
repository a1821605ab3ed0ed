"""Front-line case work: the queue, a case's full picture, calls, replies and closure.

A case moves open → in progress (claimed or first worked) → closed, and never
disappears. For a complaint, the case moves the customer's status along: in progress
when someone works on it, answered when the customer gets a reply, closed with the case.
A reply is visible on the complaint status page and e-mailed where the customer gave an
address for it, in one transaction with the reply itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, select

from app.models import (
    Answer,
    CaseEvent,
    CaseEventKind,
    CaseResolution,
    CaseStatus,
    Complaint,
    ComplaintStatus,
    Contact,
    FeedbackItem,
    FollowUpCase,
    Response,
    Touchpoint,
    User,
)
from app.models.base import utcnow
from app.services import N_, DomainError, NotFound, messages, webhooks

MAX_TEXT = 5000
QUEUE_LIMIT = 200


class CaseError(DomainError):
    """A case action that cannot be taken."""


@dataclass(frozen=True)
class QueueFilters:
    mine: bool = False
    unassigned: bool = False
    touchpoint_id: int | None = None
    reason: str | None = None  # low_score | complaint
    closed: bool = False  # show closed cases instead of open ones


@dataclass(frozen=True)
class QueueRow:
    case: FollowUpCase
    touchpoint: Touchpoint | None
    owner: User | None
    overdue: bool
    needs: str | None  # accessibility needs the customer gave
    language: str | None


def _touchpoint_id(session: Session, case: FollowUpCase) -> int | None:
    if case.complaint_id is not None:
        complaint = session.get(Complaint, case.complaint_id)
        if complaint is not None and complaint.touchpoint_id is not None:
            return complaint.touchpoint_id
    contact = session.get(Contact, case.contact_id) if case.contact_id else None
    return contact.touchpoint_id if contact else None


def queue(
    *,
    session: Session,
    filters: QueueFilters,
    user_id: int | None,
    now: datetime | None = None,
) -> list[QueueRow]:
    """Open cases, overdue first, then by due time (closed ones newest first)."""
    now = now or utcnow()
    statement = select(FollowUpCase)
    if filters.closed:
        statement = statement.where(FollowUpCase.status == CaseStatus.CLOSED).order_by(
            FollowUpCase.closed_at.desc()
        )
    else:
        statement = statement.where(FollowUpCase.status != CaseStatus.CLOSED).order_by(
            FollowUpCase.due_at, FollowUpCase.id
        )
    if filters.mine:
        statement = statement.where(FollowUpCase.owner_id == user_id)
    if filters.unassigned:
        statement = statement.where(FollowUpCase.owner_id.is_(None))
    if filters.reason:
        statement = statement.where(FollowUpCase.reason == filters.reason)
    if filters.touchpoint_id is not None:
        statement = (
            statement.join(Contact, Contact.id == FollowUpCase.contact_id, isouter=True)
            .join(Complaint, Complaint.id == FollowUpCase.complaint_id, isouter=True)
            .where(
                or_(
                    Complaint.touchpoint_id == filters.touchpoint_id,
                    (Complaint.id.is_(None)) & (Contact.touchpoint_id == filters.touchpoint_id),
                )
            )
        )
    cases = list(session.exec(statement.limit(QUEUE_LIMIT)))
    touchpoints = {t.id: t for t in session.exec(select(Touchpoint))}
    owners = {u.id: u for u in session.exec(select(User))}
    rows = []
    for case in cases:
        complaint = session.get(Complaint, case.complaint_id) if case.complaint_id else None
        rows.append(
            QueueRow(
                case=case,
                touchpoint=touchpoints.get(_touchpoint_id(session, case)),
                owner=owners.get(case.owner_id),
                overdue=case.status != CaseStatus.CLOSED and case.due_at < now,
                needs=complaint.accessibility_needs if complaint else None,
                language=complaint.language if complaint else None,
            )
        )
    if not filters.closed:
        rows.sort(key=lambda r: (not r.overdue, r.case.due_at, r.case.id))
    return rows


@dataclass(frozen=True)
class HistoryEntry:
    """An earlier contact of the same customer, with what they said then."""

    contact: Contact
    touchpoint: Touchpoint | None
    response: Response | None


@dataclass(frozen=True)
class CaseDetail:
    case: FollowUpCase
    touchpoint: Touchpoint | None
    owner: User | None
    complaint: Complaint | None
    response: Response | None
    answers: list[Answer]
    comments: list[FeedbackItem]  # redacted, as the theme engine sees them
    originals: bool  # whether ``comments`` carry the unredacted text (KEEP_ORIGINAL_TEXT)
    contact: Contact | None
    history: list[HistoryEntry]
    email: str | None
    phone: str | None
    preferred: str | None  # email | phone | none
    consent_contact: bool
    consent_updates: bool
    needs: str | None
    language: str
    events: list[tuple[CaseEvent, User | None]]
    overdue: bool
    can_email: bool


def get_case(*, session: Session, case_id: int) -> FollowUpCase:
    case = session.get(FollowUpCase, case_id)
    if case is None:
        raise NotFound(N_("No follow-up case %(id)s."), id=case_id)
    return case


def detail(
    *, session: Session, case_id: int, show_originals: bool = False, now: datetime | None = None
) -> CaseDetail:
    """Everything an agent needs before calling back: answers, history, consent, needs."""
    case = get_case(session=session, case_id=case_id)
    complaint = session.get(Complaint, case.complaint_id) if case.complaint_id else None
    response = session.get(Response, case.response_id) if case.response_id else None
    contact = session.get(Contact, case.contact_id) if case.contact_id else None
    if contact is None and response is not None:
        contact = session.get(Contact, response.contact_id)
    answers = (
        list(session.exec(select(Answer).where(Answer.response_id == response.id)))
        if response
        else []
    )
    link = (
        FeedbackItem.complaint_id == complaint.id
        if complaint
        else FeedbackItem.response_id == (response.id if response else -1)
    )
    comments = list(session.exec(select(FeedbackItem).where(link)))
    address, language, _ = messages.recipient(session, case)
    events = session.exec(
        select(CaseEvent, User)
        .join(User, User.id == CaseEvent.actor_id, isouter=True)
        .where(CaseEvent.case_id == case.id)
        .order_by(CaseEvent.id)
    ).all()
    return CaseDetail(
        case=case,
        touchpoint=session.get(Touchpoint, _touchpoint_id(session, case) or -1),
        owner=session.get(User, case.owner_id) if case.owner_id else None,
        complaint=complaint,
        response=response,
        # Only free text is redacted; scores and choices are shown as given.
        answers=[a for a in answers if a.value_text is None],
        comments=comments,
        originals=show_originals and any(c.text_original for c in comments),
        contact=contact,
        history=_history(session, contact, case),
        email=address or (complaint.contact_email if complaint else None),
        phone=complaint.contact_phone if complaint else None,
        preferred=complaint.contact_preference if complaint else ("email" if address else None),
        consent_contact=complaint.consent_contact if complaint else address is not None,
        consent_updates=complaint.consent_updates if complaint else False,
        needs=complaint.accessibility_needs if complaint else None,
        language=language,
        events=list(events),
        overdue=case.status != CaseStatus.CLOSED and case.due_at < (now or utcnow()),
        can_email=address is not None and not messages.outbox.is_unsubscribed(session, address),
    )


def _history(session: Session, contact: Contact | None, case: FollowUpCase) -> list[HistoryEntry]:
    """The customer's other contacts (same pseudonymous customer_ref), newest first."""
    if contact is None or not contact.customer_ref:
        return []
    contacts = session.exec(
        select(Contact)
        .where(Contact.customer_ref == contact.customer_ref, Contact.id != contact.id)
        .order_by(Contact.occurred_at.desc())
        .limit(20)
    ).all()
    entries = []
    for other in contacts:
        response = session.exec(select(Response).where(Response.contact_id == other.id)).first()
        entries.append(
            HistoryEntry(
                contact=other,
                touchpoint=session.get(Touchpoint, other.touchpoint_id),
                response=response,
            )
        )
    return entries


def _log(session: Session, case: FollowUpCase, kind: str, actor_id, text="", public=False):
    event = CaseEvent(case_id=case.id, actor_id=actor_id, kind=kind, text=text, public=public)
    session.add(event)
    return event


def _open(case: FollowUpCase) -> None:
    if case.status == CaseStatus.CLOSED:
        raise CaseError(N_("This case is closed; reopen it first."))


def _advance_complaint(session: Session, case: FollowUpCase, status: str) -> None:
    """Move the complaint's public status forward (never back) to ``status``."""
    if case.complaint_id is None:
        return
    complaint = session.get(Complaint, case.complaint_id)
    order = list(ComplaintStatus)
    if order.index(ComplaintStatus(status)) > order.index(ComplaintStatus(complaint.status)):
        complaint.status = status
        complaint.updated_at = utcnow()
        session.add(complaint)


def _work(session: Session, case: FollowUpCase) -> None:
    if case.status == CaseStatus.OPEN:
        case.status = CaseStatus.IN_PROGRESS
    _advance_complaint(session, case, ComplaintStatus.IN_PROGRESS)
    session.add(case)


def claim(*, session: Session, case_id: int, actor_id: int) -> FollowUpCase:
    """Take the case: it is now the actor's, and in progress."""
    case = get_case(session=session, case_id=case_id)
    _open(case)
    if case.owner_id not in (None, actor_id):
        raise CaseError(N_("Someone else has taken this case; ask them or assign it."))
    case.owner_id = actor_id
    case.claimed_at = case.claimed_at or utcnow()
    _work(session, case)
    _log(session, case, CaseEventKind.CLAIMED, actor_id)
    session.commit()
    return case


def assign(*, session: Session, case_id: int, owner_id: int | None, actor_id: int) -> FollowUpCase:
    """Give the case to someone on staff (agent or above), or back to the queue."""
    case = get_case(session=session, case_id=case_id)
    _open(case)
    owner = session.get(User, owner_id) if owner_id is not None else None
    if owner_id is not None and (owner is None or not owner.active or not owner.has_role("agent")):
        raise CaseError(N_("Cases go to active staff who work cases (agent or above)."))
    case.owner_id = owner_id
    if owner_id is not None:
        case.claimed_at = case.claimed_at or utcnow()
        _work(session, case)
    session.add(case)
    _log(session, case, CaseEventKind.ASSIGNED, actor_id,
         text=(owner.name or owner.email) if owner else "")  # fmt: skip
    session.commit()
    return case


def _text(text: str, *, required: bool = True) -> str:
    text = (text or "").strip()
    if required and not text:
        raise CaseError(N_("Write what happened first."))
    if len(text) > MAX_TEXT:
        raise CaseError(N_("At most %(limit)d characters, please."), limit=MAX_TEXT)
    return text


def log(*, session: Session, case_id: int, actor_id: int, kind: str, text: str) -> CaseEvent:
    """Note a call (reached or not) or an internal note on the case."""
    if kind not in (CaseEventKind.CALL, CaseEventKind.NOTE):
        raise CaseError(N_("Log a call or a note."))
    case = get_case(session=session, case_id=case_id)
    _open(case)
    event = _log(session, case, kind, actor_id, text=_text(text))
    _work(session, case)
    session.commit()
    return event


@dataclass(frozen=True)
class ReplyOutcome:
    event: CaseEvent
    emailed: bool


def reply(*, session: Session, case_id: int, actor_id: int, text: str) -> ReplyOutcome:
    """Answer the customer: shown on the status page, e-mailed where that is allowed."""
    case = get_case(session=session, case_id=case_id)
    _open(case)
    event = _log(session, case, CaseEventKind.REPLY, actor_id, text=_text(text), public=True)
    _work(session, case)
    _advance_complaint(session, case, ComplaintStatus.ANSWERED)
    session.flush()
    queued = messages.case_reply(session=session, case=case, text=event.text, event_id=event.id)
    session.commit()
    return ReplyOutcome(event=event, emailed=queued is not None)


def close(
    *, session: Session, case_id: int, actor_id: int, resolution: str, note: str = ""
) -> FollowUpCase:
    """Close the case with how it ended: resolved, not reachable or declined."""
    if resolution not in set(CaseResolution):
        raise CaseError(N_("Choose how the case ended."))
    case = get_case(session=session, case_id=case_id)
    _open(case)
    case.status = CaseStatus.CLOSED
    case.resolution = resolution
    case.closed_at = utcnow()
    case.outcome = _text(note, required=False) or case.outcome
    case.owner_id = case.owner_id or actor_id
    session.add(case)
    _advance_complaint(session, case, ComplaintStatus.CLOSED)
    _log(session, case, CaseEventKind.CLOSED, actor_id, text=resolution)
    session.commit()
    return case


def reopen(*, session: Session, case_id: int, actor_id: int) -> FollowUpCase:
    case = get_case(session=session, case_id=case_id)
    if case.status != CaseStatus.CLOSED:
        raise CaseError(N_("This case is still open."))
    case.status = CaseStatus.IN_PROGRESS
    case.closed_at = None
    case.resolution = None
    session.add(case)
    _log(session, case, CaseEventKind.REOPENED, actor_id)
    session.commit()
    return case


def escalate_overdue(*, session: Session, now: datetime | None = None) -> int:
    """Mark open cases past their SLA as escalated (once); the analysts' digest lists them."""
    now = now or utcnow()
    overdue = session.exec(
        select(FollowUpCase).where(
            FollowUpCase.status != CaseStatus.CLOSED,
            FollowUpCase.due_at < now,
            FollowUpCase.escalated_at.is_(None),
        )
    ).all()
    for case in overdue:
        case.escalated_at = now
        session.add(case)
        _log(session, case, CaseEventKind.ESCALATED, None)
        webhooks.emit(session=session, event="case.overdue", now=now, key=str(case.id), data={
            "case_id": case.id, "reason": case.reason, "status": case.status,
            "owner_id": case.owner_id, "due_at": case.due_at, "opened_at": case.created_at,
            "complaint_id": case.complaint_id, "response_id": case.response_id,
        })  # fmt: skip
    session.commit()
    return len(overdue)


@dataclass(frozen=True)
class PublicReply:
    text: str
    created_at: datetime
    author: str | None


def public_replies(
    *, session: Session, complaint_id: int, config: Mapping[str, Any]
) -> list[PublicReply]:
    """The replies a complaint's author sees on the status page (staff names if allowed)."""
    show_names = bool(config.get("SHOW_STAFF_NAMES", False))
    rows = session.exec(
        select(CaseEvent, User)
        .join(FollowUpCase, FollowUpCase.id == CaseEvent.case_id)
        .join(User, User.id == CaseEvent.actor_id, isouter=True)
        .where(FollowUpCase.complaint_id == complaint_id, CaseEvent.public)
        .order_by(CaseEvent.id)
    ).all()
    return [
        PublicReply(
            event.text, event.created_at, (user.name or None) if show_names and user else None
        )
        for event, user in rows
    ]
