"""One customer's data: everything stored about them (GDPR art. 15), and its erasure (17).

A customer is found by an e-mail address or a complaint reference (which brings the
address and phone number given with it); an optional name widens the search. Erasure
keeps what the statistics need and nothing that identifies the person:

- contact e-mail rows and survey drafts are deleted; contacts lose their external id and
  customer reference; complaints lose the e-mail, phone and accessibility needs given;
- free text they wrote (survey answers, complaint descriptions, feedback items and their
  segments, case notes and outcomes) is redacted again and every given identifier is
  replaced by its placeholder; a kept original is dropped; changed segments are
  embedded again by the next theme run;
- their outbox messages keep only topic, status and dates; unsubscribes were only ever
  a hash and stay, so they are not mailed again;
- finally every text and JSON column of every table is scanned for each identifier, and
  any hit (say, an agent's note on someone else's case) is replaced too; the scan is
  repeated and its result reported, so "nothing left" is measured, not assumed.

Scores, dates and theme assignments stay: they describe the service, not the person.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, SQLModel, select

from app import mail
from app.models import (
    Answer,
    AuditLog,
    CaseEvent,
    Complaint,
    Contact,
    ContactEmail,
    EmailUnsubscribe,
    FeedbackItem,
    FollowUpCase,
    Invitation,
    OutboxAttempt,
    OutboxEvent,
    OutboxStatus,
    Response,
    Segment,
    SurveyDraft,
)
from app.services import N_, DomainError, NotFound, traces
from ml.embed import text_key
from ml.redact import redact

PLACEHOLDERS = {"email": "[EMAIL]", "phone": "[PHONE]", "name": "[NAME]"}
MIN_NAME_PART = 3  # shorter name parts ("Li", "Bo") would match inside ordinary words


class ErasureError(DomainError):
    """The request does not name anyone."""


@dataclass
class Person:
    """What identifies the customer, and the rows that are theirs."""

    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    contacts: set[int] = field(default_factory=set)
    complaints: set[int] = field(default_factory=set)
    invitations: set[int] = field(default_factory=set)
    responses: set[int] = field(default_factory=set)
    items: set[int] = field(default_factory=set)
    cases: set[int] = field(default_factory=set)

    def needles(self) -> list[tuple[str, str]]:
        """(kind, text) of every identifier, longest first (a name before its parts)."""
        found = [("email", e) for e in self.emails] + [("phone", p) for p in self.phones]
        for name in self.names:
            found.append(("name", name))
            found += [("name", part) for part in name.split() if len(part) >= MIN_NAME_PART]
        return sorted(set(found), key=lambda pair: -len(pair[1]))

    def scan_needles(self) -> list[str]:
        """What the full-database scan looks for: whole identifiers only."""
        return sorted(self.emails | self.phones | self.names, key=len, reverse=True)


def _ids(session: Session, statement) -> set[int]:
    return {row for row in session.exec(statement) if row is not None}


def find(
    *, session: Session, email: str | None = None, reference: str | None = None,
    name: str | None = None,
) -> Person:  # fmt: skip
    """Collect the customer's identifiers and rows.

    Raises:
        ErasureError: neither an e-mail nor a reference was given.
        NotFound: nothing is stored under them.
    """
    person = Person()
    email = (email or "").strip().lower() or None
    reference = (reference or "").strip().upper() or None
    if not (email or reference):
        raise ErasureError(N_("Give the customer's e-mail address or a complaint reference."))
    if name and name.strip():
        person.names.add(" ".join(name.split()))
    if reference:
        complaint = session.exec(select(Complaint).where(Complaint.reference == reference)).first()
        if complaint is None:
            raise NotFound(N_("No complaint %(reference)s."), reference=reference[:24])
        person.complaints.add(complaint.id)
        if complaint.contact_email:
            person.emails.add(complaint.contact_email.strip().lower())
        if complaint.contact_phone:
            person.phones.add(complaint.contact_phone.strip())
    if email:
        person.emails.add(email)
    if person.emails:
        lowered = list(person.emails)
        person.contacts |= _ids(session, select(ContactEmail.contact_id).where(
            func.lower(ContactEmail.email).in_(lowered)))  # fmt: skip
        for complaint in session.exec(
            select(Complaint).where(func.lower(Complaint.contact_email).in_(lowered))
        ):
            person.complaints.add(complaint.id)
            if complaint.contact_phone:
                person.phones.add(complaint.contact_phone.strip())
    _rows(session, person)
    if not (person.contacts or person.complaints or _outbox_ids(session, person)):
        raise NotFound(N_("Nothing is stored about this customer."))
    return person


def _rows(session: Session, person: Person) -> None:
    if person.contacts:
        person.invitations = _ids(session, select(Invitation.id).where(
            Invitation.contact_id.in_(person.contacts)))  # fmt: skip
        person.responses = _ids(session, select(Response.id).where(
            Response.contact_id.in_(person.contacts)))  # fmt: skip
    mine = []
    if person.responses:
        mine.append(FeedbackItem.response_id.in_(person.responses))
    if person.complaints:
        mine.append(FeedbackItem.complaint_id.in_(person.complaints))
    if person.contacts:
        mine.append(FeedbackItem.contact_id.in_(person.contacts))
    if mine:
        person.items = _ids(session, select(FeedbackItem.id).where(or_(*mine)))
    cases = []
    if person.complaints:
        cases.append(FollowUpCase.complaint_id.in_(person.complaints))
    if person.responses:
        cases.append(FollowUpCase.response_id.in_(person.responses))
    if person.contacts:
        cases.append(FollowUpCase.contact_id.in_(person.contacts))
    if cases:
        person.cases = _ids(session, select(FollowUpCase.id).where(or_(*cases)))


def _outbox_ids(session: Session, person: Person) -> set[int]:
    hashes = [mail.email_hash(e) for e in person.emails]
    if not hashes:
        return set()
    return _ids(session, select(OutboxEvent.id).where(OutboxEvent.recipient_hash.in_(hashes)))


# --- access ----------------------------------------------------------------------------


def _plain(row: SQLModel, *, drop: Iterable[str] = ()) -> dict[str, Any]:
    data = row.model_dump(exclude=set(drop))
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}


def export(*, session: Session, person: Person) -> dict[str, Any]:
    """Everything stored about the person, as JSON-able data (secrets and hashes left out)."""

    def rows(model, ids, *, drop=()):
        if not ids:
            return []
        found = session.exec(select(model).where(model.id.in_(ids)).order_by(model.id))
        return [_plain(r, drop=drop) for r in found]

    emails = session.exec(
        select(ContactEmail).where(ContactEmail.contact_id.in_(person.contacts or {-1}))
    )
    answers = session.exec(
        select(Answer).where(Answer.response_id.in_(person.responses or {-1})).order_by(Answer.id)
    )
    events = session.exec(
        select(CaseEvent).where(CaseEvent.case_id.in_(person.cases or {-1})).order_by(CaseEvent.id)
    )
    messages = session.exec(
        select(OutboxEvent).where(OutboxEvent.id.in_(_outbox_ids(session, person) or {-1}))
    )
    unsubscribed = [e for e in person.emails
                    if session.get(EmailUnsubscribe, mail.email_hash(e)) is not None]  # fmt: skip
    return {
        "identifiers": {"emails": sorted(person.emails), "phones": sorted(person.phones),
                        "names": sorted(person.names)},
        "contacts": rows(Contact, person.contacts),
        "contact_emails": [_plain(e) for e in emails],
        "invitations": rows(Invitation, person.invitations, drop=("token_hash",)),
        "responses": rows(Response, person.responses),
        "answers": [_plain(a) for a in answers],
        "complaints": rows(Complaint, person.complaints, drop=("status_secret_hash",)),
        "feedback_items": rows(FeedbackItem, person.items),
        "cases": rows(FollowUpCase, person.cases),
        "case_events": [_plain(e) for e in events],
        "messages": [{"id": m.id, "topic": m.topic, "status": m.status,
                      "subject": (m.payload or {}).get("subject"),
                      "created_at": m.created_at.isoformat(),
                      "sent_at": m.sent_at.isoformat() if m.sent_at else None}
                     for m in messages],
        "unsubscribed": sorted(unsubscribed),
    }  # fmt: skip


# --- erasure ---------------------------------------------------------------------------


def _pattern(text: str) -> re.Pattern:
    escaped = re.escape(text)
    # Whole words only, so a name part does not eat into a longer word.
    return re.compile(rf"(?<!\w){escaped}(?!\w)", re.IGNORECASE)


class Scrubber:
    """Redacts a text again and replaces each of the person's identifiers in it."""

    def __init__(self, person: Person):
        self.patterns = [(_pattern(text), PLACEHOLDERS[kind]) for kind, text in person.needles()]

    def identifiers(self, text: str) -> str:
        for pattern, placeholder in self.patterns:
            text = pattern.sub(placeholder, text)
        return text

    def text(self, text: str | None) -> str | None:
        if not text:
            return text
        return self.identifiers(redact(self.identifiers(text)).text)

    def value(self, value: Any) -> Any:
        """Strings inside any JSON value, recursively."""
        if isinstance(value, str):
            return self.identifiers(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value


@dataclass
class ErasureReport:
    changed: Counter = field(default_factory=Counter)  # rows changed or deleted per table
    swept: Counter = field(default_factory=Counter)  # stray hits replaced by the scan
    remaining: list[tuple[str, str, int]] = field(default_factory=list)

    def describe(self) -> str:
        rows = ", ".join(f"{table} {n}" for table, n in sorted(self.changed.items()))
        stray = sum(self.swept.values())
        left = sum(n for *_, n in self.remaining)
        return (f"Erased: {rows or 'nothing'}; {stray} stray mention(s) replaced; "
                f"full-database scan: {left} trace(s) left.")  # fmt: skip


def _each(session: Session, model, ids: set[int]) -> Iterator[Any]:
    if ids:
        yield from session.exec(select(model).where(model.id.in_(ids)))


def erase(*, session: Session, person: Person, actor_id: int | None = None) -> ErasureReport:
    """Remove or anonymise everything that identifies the person (see the module docstring)."""
    report = ErasureReport()
    scrub = Scrubber(person)
    changed = report.changed
    if person.contacts:
        result = session.exec(delete(ContactEmail).where(
            ContactEmail.contact_id.in_(person.contacts)))  # fmt: skip
        changed["contact_email"] += result.rowcount or 0
        for contact in _each(session, Contact, person.contacts):
            contact.external_id = contact.customer_ref = None
            session.add(contact)
            changed["contact"] += 1
    if person.invitations:
        result = session.exec(delete(SurveyDraft).where(
            SurveyDraft.invitation_id.in_(person.invitations)))  # fmt: skip
        changed["survey_draft"] += result.rowcount or 0
    if person.responses:
        typed = select(Answer).where(
            Answer.response_id.in_(person.responses), Answer.value_text.is_not(None)
        )
        for answer in session.exec(typed):
            answer.value_text = scrub.text(answer.value_text)
            session.add(answer)
            changed["answer"] += 1
    for complaint in _each(session, Complaint, person.complaints):
        complaint.contact_email = complaint.contact_phone = complaint.accessibility_needs = None
        complaint.consent_contact = complaint.consent_updates = False
        complaint.contact_preference = "none"
        complaint.description = scrub.text(complaint.description)
        session.add(complaint)
        changed["complaint"] += 1
    for item in _each(session, FeedbackItem, person.items):
        item.text, item.text_original = scrub.text(item.text), None
        session.add(item)
        changed["feedback_item"] += 1
    if person.items:
        for segment in session.exec(
            select(Segment).where(Segment.feedback_item_id.in_(person.items))
        ):
            cleaned = scrub.text(segment.text)
            if cleaned != segment.text:
                segment.text, segment.text_hash = cleaned, text_key(cleaned)
                segment.embedding = segment.embedding_model = None  # embedded again
                session.add(segment)
                changed["segment"] += 1
    for case in _each(session, FollowUpCase, person.cases):
        case.outcome = scrub.text(case.outcome)
        session.add(case)
        changed["followup_case"] += 1
    if person.cases:
        for event in session.exec(select(CaseEvent).where(CaseEvent.case_id.in_(person.cases))):
            event.text = scrub.text(event.text) or ""
            session.add(event)
            changed["case_event"] += 1
    messages = _outbox_ids(session, person)
    if messages:
        session.exec(update(OutboxEvent).where(OutboxEvent.id.in_(messages)).values(
            payload={"erased": True}, recipient_hash=None))  # fmt: skip
        session.exec(update(OutboxEvent).where(
            OutboxEvent.id.in_(messages),
            OutboxEvent.status.in_([OutboxStatus.PENDING, OutboxStatus.DEAD]),
        ).values(status=OutboxStatus.CANCELLED,
                 last_error="not sent: customer erased"))  # fmt: skip
        for attempt in session.exec(select(OutboxAttempt).where(
                OutboxAttempt.event_id.in_(messages))):  # fmt: skip
            attempt.error = scrub.text(attempt.error)
            session.add(attempt)
        changed["outbox_event"] += len(messages)
    session.flush()
    report.swept = traces.sweep(
        session=session, needles=person.scan_needles(), text=scrub.identifiers, value=scrub.value
    )
    detail = {"rows": dict(changed), "stray": sum(report.swept.values())}
    session.add(AuditLog(actor_id=actor_id, action="person.erased", object_type="person",
                         detail=detail))  # fmt: skip
    session.commit()
    report.remaining = traces.scan(session=session, needles=person.scan_needles())
    return report
