"""Complaints: references, secrets, feedback items, follow-up cases and the status check."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from app.db import get_engine
from app.models import Complaint, FeedbackItem, FollowUpCase
from app.models.complaints import ComplaintCreate
from app.services import NotFound, complaints, touchpoints
from app.services.references import hash_secret

CONFIG = {"FOLLOWUP_SLA_HOURS": 48, "KEEP_ORIGINAL_TEXT": False}


def new(**fields) -> ComplaintCreate:
    return ComplaintCreate(**{"description": "The agent was rude.", **fields})


def test_reference_secret_and_feedback(session):
    touchpoints.ensure_defaults(session=session)
    filed = complaints.file_complaint(
        session=session,
        config=CONFIG,
        data=new(
            description="Only pick-up offered. Mail me: eva@example.com",
            touchpoint="website_order",
            contact_preference="email",
            contact_email="eva@example.com",
            contact_phone="+49 30 1234567",
            consent_contact=True,
            language="de",
        ),
    )
    complaint = filed.complaint
    assert re.fullmatch(rf"VX-{datetime.now(UTC).year}-000001", complaint.reference)
    assert complaint.status_secret_hash == hash_secret(filed.secret) != filed.secret
    assert complaint.contact_email == "eva@example.com" and complaint.contact_phone is None
    item = session.exec(select(FeedbackItem)).one()
    assert item.source == "complaint" and item.complaint_id == complaint.id
    assert "[EMAIL]" in item.text and item.language == "de" and item.channel == "web"
    assert item.touchpoint_id == complaint.touchpoint_id is not None
    case = session.exec(select(FollowUpCase)).one()
    assert case.reason == "complaint" and case.complaint_id == complaint.id
    second = complaints.file_complaint(session=session, config=CONFIG, data=new())
    assert second.complaint.reference.endswith("-000002")


def test_no_contact_wanted_keeps_no_details_and_opens_no_case(session):
    filed = complaints.file_complaint(
        session=session,
        config=CONFIG,
        data=new(contact_preference="none", contact_email="x@example.com", consent_contact=True),
    )
    assert filed.complaint.contact_email is None and not filed.complaint.consent_contact
    assert session.exec(select(FollowUpCase)).all() == []


def test_updates_keep_the_email_even_when_called_by_phone(session):
    filed = complaints.file_complaint(
        session=session,
        config=CONFIG,
        data=new(
            contact_preference="phone",
            contact_phone="0171 2345678",
            contact_email="x@example.com",
            consent_contact=True,
            consent_updates=True,
        ),
    )
    assert (filed.complaint.contact_phone, filed.complaint.contact_email) == (
        "0171 2345678",
        "x@example.com",
    )


def test_references_count_per_year(session):
    old = datetime(2025, 12, 31, 23, 59, tzinfo=UTC)
    new_year = datetime(2026, 1, 1, 0, 1, tzinfo=UTC)
    first = complaints.file_complaint(session=session, config=CONFIG, data=new(), now=old)
    second = complaints.file_complaint(session=session, config=CONFIG, data=new(), now=new_year)
    assert (first.complaint.reference, second.complaint.reference) == (
        "VX-2025-000001",
        "VX-2026-000001",
    )


def test_unknown_touchpoint(session):
    with pytest.raises(NotFound):
        complaints.file_complaint(session=session, config=CONFIG, data=new(touchpoint="moon"))


def test_simultaneous_complaints_get_distinct_references(app, session):
    engine = get_engine(app)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def file():
        with Session(engine, expire_on_commit=False) as own:
            barrier.wait()
            try:
                complaints.file_complaint(session=own, config=CONFIG, data=new())
            except BaseException as exc:  # collected for the assertion below
                errors.append(exc)

    workers = [threading.Thread(target=file) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert errors == []
    references = sorted(c.reference for c in session.exec(select(Complaint)))
    year = datetime.now(UTC).year
    assert references == [f"VX-{year}-{n:06d}" for n in range(1, 9)]


def test_status_needs_both_reference_and_secret(session):
    filed = complaints.file_complaint(session=session, config=CONFIG, data=new())
    reference = filed.complaint.reference
    report = complaints.complaint_status(
        session=session, reference=f"  {reference.lower()} ", secret=filed.secret
    )
    assert report.reference == reference and report.status == "received"
    for ref, secret in [
        (reference, "wrong"),
        (reference, ""),
        ("VX-1999-000001", filed.secret),
        ("", filed.secret),
        ("x" * 1000, filed.secret),
    ]:
        with pytest.raises(complaints.ComplaintNotFound) as raised:
            complaints.complaint_status(session=session, reference=ref, secret=secret)
        assert str(raised.value) == "No complaint with this reference and secret."
