"""Complaints: filed on the public form (or the API), followed by reference and secret."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import begin_write
from app.models import Complaint, ContactPreference, FeedbackSource, Touchpoint
from app.models.base import utcnow
from app.models.complaints import ComplaintCreate
from app.services import N_, NotFound, cases, followups, messages, webhooks
from app.services import feedback as feedback_service
from app.services import touchpoints as touchpoint_service
from app.services.references import complaint_reference, hash_secret, new_secret
from ml.text import normalize

REFERENCE_ATTEMPTS = 20
MAX_REFERENCE_LENGTH = 24
# Compared against when the reference is unknown, so both failures take the same time.
_NO_SECRET_HASH = hash_secret("no complaint has this secret")


class ComplaintNotFound(NotFound):
    """Reference and secret do not match a complaint (never says which one was wrong)."""


@dataclass(frozen=True)
class FiledComplaint:
    """The stored complaint and its status secret, which exists in clear text only here."""

    complaint: Complaint
    secret: str


@dataclass(frozen=True)
class StatusReport:
    """What the public status page may show: the steps so far and the replies."""

    reference: str
    status: str
    created_at: datetime
    updated_at: datetime
    replies: list = field(default_factory=list)  # cases.PublicReply, oldest first


def _contact_details(data: ComplaintCreate) -> dict[str, Any]:
    """Keep only the details needed for what the customer asked for."""
    preference = data.contact_preference or ContactPreference.NONE
    email = (data.contact_email or "").strip() or None
    phone = (data.contact_phone or "").strip() or None
    wants_email = preference == ContactPreference.EMAIL or data.consent_updates
    return {
        "contact_preference": preference,
        "contact_email": email if wants_email else None,
        "contact_phone": phone if preference == ContactPreference.PHONE else None,
        "consent_contact": bool(data.consent_contact) and preference != ContactPreference.NONE,
    }


def _next_number(session: Session, year: int) -> int:
    prefix = complaint_reference(year, 0)[: -len("000000")]
    last = session.exec(
        select(Complaint.reference)
        .where(Complaint.reference.startswith(prefix))
        .order_by(func.length(Complaint.reference).desc(), Complaint.reference.desc())
    ).first()
    return int(last.rsplit("-", 1)[1]) + 1 if last else 1


def file_complaint(
    *,
    session: Session,
    config: Mapping[str, Any],
    data: ComplaintCreate,
    source: str = "form",
    now: datetime | None = None,
) -> FiledComplaint:
    """Store a complaint with a reference such as ``VX-2026-000042`` and a status secret.

    References count up per year. Two complaints filed at the same moment cannot get the
    same one: the reference is unique, and a collision retries with the next number. The
    description becomes a redacted feedback item; asking to be contacted opens a
    follow-up case. One commit for all of it.

    Raises:
        NotFound: ``data.touchpoint`` names no touchpoint.
    """
    now = now or utcnow()
    touchpoint_id = None
    if data.touchpoint:
        touchpoint_id = touchpoint_service.by_key(session=session, key=data.touchpoint).id
    secret = new_secret()
    fields = {
        "description": normalize(data.description),
        "order_reference": normalize(data.order_reference or "")[:80] or None,
        "accessibility_needs": normalize(data.accessibility_needs or "") or None,
        "consent_updates": bool(data.consent_updates),
        "language": data.language,
        "touchpoint_id": touchpoint_id,
        "status_secret_hash": hash_secret(secret),
        "source": source,
        "created_at": now,
        "updated_at": now,
        **_contact_details(data),
    }
    if session.in_transaction():
        session.commit()
    begin_write(session)
    complaint = _insert_with_reference(session, fields, now.year)
    feedback_service.record(
        session=session,
        text=complaint.description,
        source=FeedbackSource.COMPLAINT,
        occurred_at=now,
        keep_original=bool(config.get("KEEP_ORIGINAL_TEXT", False)),
        language=complaint.language,
        complaint_id=complaint.id,
        touchpoint_id=touchpoint_id,
        channel="web" if source == "form" else None,
    )
    if complaint.consent_contact:
        sla = session.get(Touchpoint, touchpoint_id).sla_hours if touchpoint_id else None
        session.add(
            followups.build_case(
                config, reason="complaint", opened_at=now, sla_hours=sla, complaint_id=complaint.id
            )
        )
    messages.complaint_acknowledgement(session=session, complaint=complaint, secret=secret)
    webhooks.emit(session=session, event="complaint.created", now=now, data={
        "complaint_id": complaint.id, "reference": complaint.reference,
        "touchpoint_id": touchpoint_id, "language": complaint.language, "source": source,
        "created_at": now, "wants_contact": bool(complaint.consent_contact),
    })  # fmt: skip
    session.commit()
    return FiledComplaint(complaint=complaint, secret=secret)


def _insert_with_reference(session: Session, fields: dict[str, Any], year: int) -> Complaint:
    for _attempt in range(REFERENCE_ATTEMPTS):
        complaint = Complaint(
            reference=complaint_reference(year, _next_number(session, year)), **fields
        )
        try:
            with session.begin_nested():
                session.add(complaint)
        except IntegrityError:
            continue  # another request took this number; count again
        return complaint
    raise RuntimeError(f"No free complaint reference after {REFERENCE_ATTEMPTS} attempts.")


def complaint_status(
    *, session: Session, reference: str, secret: str, config: Mapping[str, Any] | None = None
) -> StatusReport:
    """Return a complaint's status when both its reference and its secret match.

    Raises:
        ComplaintNotFound: either is wrong; the same error, after the same work, for both.
    """
    reference = (reference or "").strip().upper()
    complaint = None
    if 0 < len(reference) <= MAX_REFERENCE_LENGTH:
        complaint = session.exec(select(Complaint).where(Complaint.reference == reference)).first()
    expected = complaint.status_secret_hash if complaint else _NO_SECRET_HASH
    matches = hmac.compare_digest(expected, hash_secret((secret or "").strip()))
    if complaint is None or not matches:
        raise ComplaintNotFound(N_("No complaint with this reference and secret."))
    return StatusReport(
        reference=complaint.reference,
        status=complaint.status,
        created_at=complaint.created_at,
        updated_at=complaint.updated_at,
        replies=cases.public_replies(
            session=session, complaint_id=complaint.id, config=config or {}
        ),
    )
