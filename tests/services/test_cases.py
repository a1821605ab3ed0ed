"""Front-line case work: queue order and filters, claiming, replies, closing, escalation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import CaseEvent, Complaint, FollowUpCase, OutboxEvent, Touchpoint
from app.models.base import utcnow
from app.models.complaints import ComplaintCreate
from app.services import cases, complaints, touchpoints
from app.services.users import create_user

CONFIG = {"FOLLOWUP_SLA_HOURS": 48, "KEEP_ORIGINAL_TEXT": False}


@pytest.fixture
def staff(session):
    return (
        create_user(session=session, email="tom@example.com", password="x" * 12, role="agent",
                    name="Tom Agent"),
        create_user(session=session, email="kim@example.com", password="x" * 12, role="agent"),
        create_user(session=session, email="vera@example.com", password="x" * 12, role="viewer"),
    )  # fmt: skip


def _complaint(session, *, touchpoint="pickup", email="anna@example.org", **fields):
    filed = complaints.file_complaint(
        session=session, config=CONFIG,
        data=ComplaintCreate(**{
            "description": "Only pick-up offered; I cannot carry it. Call me: +49 30 1234567.",
            "touchpoint": touchpoint, "contact_preference": "email", "contact_email": email,
            "consent_contact": True, "language": "de",
            "accessibility_needs": "Cannot carry heavy items", **fields}),
    )  # fmt: skip
    case = session.exec(
        select(FollowUpCase).where(FollowUpCase.complaint_id == filed.complaint.id)
    ).one()
    return filed, case


def test_queue_puts_overdue_first_and_filters(session, staff):
    tom, _, _ = staff
    touchpoints.ensure_defaults(session=session)
    _, late = _complaint(session, touchpoint="pickup", email="a@example.org")
    _, soon = _complaint(session, touchpoint="delivery", email="b@example.org")
    _, later = _complaint(session, touchpoint="delivery", email="c@example.org")
    late.due_at = utcnow() - timedelta(hours=1)
    later.due_at = utcnow() + timedelta(days=5)
    session.add_all([late, later])
    session.commit()
    rows = cases.queue(session=session, filters=cases.QueueFilters(), user_id=tom.id)
    assert [r.case.id for r in rows] == [late.id, soon.id, later.id]
    assert rows[0].overdue and not rows[1].overdue
    assert rows[0].needs == "Cannot carry heavy items"
    cases.claim(session=session, case_id=soon.id, actor_id=tom.id)
    mine = cases.queue(session=session, filters=cases.QueueFilters(mine=True), user_id=tom.id)
    assert [r.case.id for r in mine] == [soon.id]
    free = cases.queue(session=session, filters=cases.QueueFilters(unassigned=True), user_id=tom.id)
    assert [r.case.id for r in free] == [late.id, later.id]
    pickup = session.exec(select(Touchpoint).where(Touchpoint.key == "pickup")).one()
    at_pickup = cases.queue(session=session, filters=cases.QueueFilters(touchpoint_id=pickup.id),
                            user_id=tom.id)  # fmt: skip
    assert [r.case.id for r in at_pickup] == [late.id]
    by_reason = cases.queue(session=session, filters=cases.QueueFilters(reason="low_score"),
                            user_id=tom.id)  # fmt: skip
    assert by_reason == []


def test_touchpoint_sla_sets_the_due_time(session):
    by_key = touchpoints.ensure_defaults(session=session)
    by_key["pickup"].sla_hours = 4
    session.add(by_key["pickup"])
    session.commit()
    filed, case = _complaint(session)
    assert case.due_at - filed.complaint.created_at == timedelta(hours=4)
    _, other = _complaint(session, touchpoint="delivery", email="x@example.org")
    assert other.due_at - other.created_at == timedelta(hours=48)


def test_claim_reply_and_close_move_the_complaint_along(session, staff):
    tom, kim, _ = staff
    touchpoints.ensure_defaults(session=session)
    filed, case = _complaint(session)
    assert filed.complaint.status == "received"
    cases.claim(session=session, case_id=case.id, actor_id=tom.id)
    session.refresh(filed.complaint)
    assert case.status == "in_progress" and filed.complaint.status == "in_progress"
    with pytest.raises(cases.CaseError, match="Someone else"):
        cases.claim(session=session, case_id=case.id, actor_id=kim.id)
    cases.log(session=session, case_id=case.id, actor_id=tom.id, kind="call",
              text="Reached her; apologised.")  # fmt: skip
    outcome = cases.reply(session=session, case_id=case.id, actor_id=tom.id,
                          text="Wir liefern jetzt jeden PC.")  # fmt: skip
    assert outcome.emailed
    session.refresh(filed.complaint)
    assert filed.complaint.status == "answered"
    mail = session.exec(select(OutboxEvent).where(OutboxEvent.topic == "case.reply")).one()
    assert mail.payload["to"] == "anna@example.org" and mail.payload["language"] == "de"
    assert "Wir liefern jetzt jeden PC." in mail.payload["text"]
    cases.close(session=session, case_id=case.id, actor_id=tom.id, resolution="resolved",
                note="Delivery arranged.")  # fmt: skip
    session.refresh(filed.complaint)
    assert case.status == "closed" and case.resolution == "resolved"
    assert filed.complaint.status == "closed" and case.outcome == "Delivery arranged."
    with pytest.raises(cases.CaseError, match="closed"):
        cases.reply(session=session, case_id=case.id, actor_id=tom.id, text="More")
    kinds = [e.kind for e in session.exec(select(CaseEvent).order_by(CaseEvent.id))]
    assert kinds == ["claimed", "call", "reply", "closed"]
    cases.reopen(session=session, case_id=case.id, actor_id=kim.id)
    assert case.status == "in_progress" and case.resolution is None
    assert session.exec(select(FollowUpCase)).all()  # never deleted


def test_public_replies_hide_staff_names_unless_configured(session, staff):
    tom, _, _ = staff
    touchpoints.ensure_defaults(session=session)
    filed, case = _complaint(session)
    cases.log(session=session, case_id=case.id, actor_id=tom.id, kind="note", text="internal")
    cases.reply(session=session, case_id=case.id, actor_id=tom.id, text="Sorry, fixed.")
    hidden = cases.public_replies(session=session, complaint_id=filed.complaint.id, config={})
    assert [(r.text, r.author) for r in hidden] == [("Sorry, fixed.", None)]  # no note
    named = cases.public_replies(session=session, complaint_id=filed.complaint.id,
                                 config={"SHOW_STAFF_NAMES": True})  # fmt: skip
    assert named[0].author == "Tom Agent"
    report = complaints.complaint_status(session=session, reference=filed.complaint.reference,
                                         secret=filed.secret)  # fmt: skip
    assert report.status == "answered" and report.replies[0].text == "Sorry, fixed."


def test_no_email_reply_without_an_address_for_it(session, staff):
    tom, _, _ = staff
    touchpoints.ensure_defaults(session=session)
    _, case = _complaint(session, contact_preference="phone", contact_phone="+49 30 1234567",
                         email=None)  # fmt: skip
    outcome = cases.reply(session=session, case_id=case.id, actor_id=tom.id, text="Called.")
    assert not outcome.emailed
    assert session.exec(select(OutboxEvent).where(OutboxEvent.topic == "case.reply")).all() == []


def test_detail_shows_needs_consent_and_redacted_comment(session, staff):
    touchpoints.ensure_defaults(session=session)
    _, case = _complaint(session)
    view = cases.detail(session=session, case_id=case.id)
    assert view.needs == "Cannot carry heavy items"
    assert view.consent_contact and view.preferred == "email" and view.can_email
    assert "[PHONE]" in view.comments[0].text and "1234567" not in view.comments[0].text
    assert not view.originals


def test_assign_only_to_case_workers(session, staff):
    tom, kim, vera = staff
    touchpoints.ensure_defaults(session=session)
    _, case = _complaint(session)
    with pytest.raises(cases.CaseError, match="agent or above"):
        cases.assign(session=session, case_id=case.id, owner_id=vera.id, actor_id=tom.id)
    cases.assign(session=session, case_id=case.id, owner_id=kim.id, actor_id=tom.id)
    assert case.owner_id == kim.id and case.status == "in_progress"
    cases.assign(session=session, case_id=case.id, owner_id=None, actor_id=tom.id)
    assert case.owner_id is None


def test_overdue_cases_escalate_once(session, staff):
    touchpoints.ensure_defaults(session=session)
    _, case = _complaint(session)
    later = utcnow() + timedelta(hours=49)
    assert cases.escalate_overdue(session=session, now=utcnow()) == 0
    assert cases.escalate_overdue(session=session, now=later) == 1
    assert cases.escalate_overdue(session=session, now=later) == 0
    assert case.escalated_at == later


def test_unknown_case(session):
    with pytest.raises(cases.NotFound):
        cases.get_case(session=session, case_id=404)
    assert session.exec(select(Complaint)).all() == []
