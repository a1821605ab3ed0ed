"""A customer exported and erased completely: afterwards a scan of every text column of
every table finds no trace of the e-mail address, phone number or name they gave."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

import pytest
from sqlmodel import select

from app import demo
from app.models import (
    Answer,
    AuditLog,
    Complaint,
    Contact,
    ContactEmail,
    FeedbackItem,
    FollowUpCase,
    Invitation,
    OutboxEvent,
    SurveyDraft,
)
from app.models.base import utcnow
from app.models.complaints import ComplaintCreate
from app.services import cases, complaints, erasure, invitations, outbox, traces, users
from app.services.references import hash_secret
from app.services.responses import open_survey, save_draft, submit

EMAIL = "Karin.Vogel@example.de"
PHONE = "+49 151 2345678"
NAME = "Karin Vogel"


@pytest.fixture
def app_config(app_config, mail_config):
    return {**app_config, **mail_config}


@pytest.fixture
def karin(app, session):
    """Karin among other customers: her address and number are in her own words too."""
    demo.seed(session=session, seed=4, contacts=200, weeks=12, create_logins=False)
    created = invitations.create_contact(session=session, config=app.config, data={
        "external_id": "helpdesk-4711", "touchpoint": "pickup", "channel": "store",
        "email": EMAIL, "send_invitation": True, "language": "de", "customer_ref": "kv-88",
    })  # fmt: skip
    token = created.survey_url.rsplit("/", 1)[1]
    comment = (f"Nur Abholung, mit verletzter Hand unmöglich. Rufen Sie mich an: {PHONE} "
               f"oder schreiben Sie an {EMAIL.lower()}. Beste Grüße, {NAME}")  # fmt: skip
    page = open_survey(session=session, token=token)
    # A second survey she began and has not sent: the draft holds what she typed.
    later = secrets.token_urlsafe(24)
    session.add(Invitation(token_hash=hash_secret(later), contact_id=page.invitation.contact_id,
                           survey_version_id=page.invitation.survey_version_id, language="de",
                           expires_at=utcnow() + timedelta(days=14)))  # fmt: skip
    session.commit()
    save_draft(session=session, token=later, answers={"comment": f"Bitte an {PHONE}"})
    submit(session=session, config=app.config, answers={"csat": "1", "comment": comment},
           language="de", page=page)  # fmt: skip
    filed = complaints.file_complaint(session=session, config=app.config, data=ComplaintCreate(
        description=f"Ich bin {NAME}, erreichbar unter {PHONE}. Der Mitarbeiter war unhöflich.",
        contact_preference="email", contact_email=EMAIL, contact_phone=PHONE,
        consent_contact=True, consent_updates=True, accessibility_needs="Verletzte Hand",
        language="de"))  # fmt: skip
    outbox.deliver(session=session, config=app.config)
    agent = users.create_user(session=session, email="tom@shop.example", password="x" * 16,
                              role="agent", name="Tom")  # fmt: skip
    mine = session.exec(
        select(FollowUpCase).where(FollowUpCase.complaint_id == filed.complaint.id)
    ).one()
    cases.log(session=session, case_id=mine.id, actor_id=agent.id, kind="call",
              text=f"Called {NAME} on {PHONE}, no answer.")  # fmt: skip
    # A stray mention: a note on someone else's case.
    other = session.exec(
        select(FollowUpCase).where(FollowUpCase.id != mine.id, FollowUpCase.status != "closed")
    ).first()
    cases.log(session=session, case_id=other.id, actor_id=agent.id, kind="note",
              text=f"Same problem as {EMAIL.lower()} last week.")  # fmt: skip
    session.commit()
    return filed.complaint.reference


def test_before_erasure_the_scan_finds_her(session, karin):
    """The scan is the proof, so it must find what is there."""
    found = traces.scan(session=session, needles=[EMAIL, PHONE, NAME])
    tables = {table for table, _, _ in found}
    # Her complaint is kept verbatim for the agent; the draft, the contact e-mail, the
    # outbox message and the case notes hold some of it too.
    assert {"complaint", "contact_email", "survey_draft", "case_event", "outbox_event"} <= tables
    # Her survey answer was stored redacted, as analysts see it (no KEEP_ORIGINAL_TEXT).
    assert "answer" not in tables


def test_export_holds_everything_about_her(session, karin):
    person = erasure.find(session=session, email=EMAIL)
    data = erasure.export(session=session, person=person)
    text = json.dumps(data, ensure_ascii=False)
    assert data["complaints"][0]["reference"] == karin
    assert "status_secret_hash" not in data["complaints"][0]
    assert data["contact_emails"][0]["email"] == EMAIL.lower()
    assert any("verletzter Hand" in (a["value_text"] or "") for a in data["answers"])
    assert any(m["topic"] == "survey.invitation" for m in data["messages"])
    assert "token_hash" not in text and PHONE in text


@pytest.mark.parametrize("by", ["email", "reference"])
def test_erasure_leaves_no_trace(session, karin, by):
    person = (erasure.find(session=session, email=EMAIL.upper(), name=NAME) if by == "email"
              else erasure.find(session=session, reference=karin.lower(), name=NAME))  # fmt: skip
    report = erasure.erase(session=session, person=person)
    assert report.remaining == []
    session.rollback()
    assert traces.scan(session=session, needles=[EMAIL, PHONE, NAME, "Vogel"]) == []
    assert report.swept["case_event"] >= 1  # the note on the other case
    # What the statistics need stays; what identifies her is gone.
    complaint = session.exec(select(Complaint).where(Complaint.reference == karin)).one()
    assert complaint.contact_email is None and complaint.accessibility_needs is None
    assert "unhöflich" in complaint.description and "[PHONE]" in complaint.description
    left = [e.email for e in session.exec(select(ContactEmail))]
    assert left == ["anna.customer@example.org"]  # the demo's founding customer stays
    contact = session.exec(select(Contact).where(Contact.customer_ref == "kv-88")).first()
    assert contact is None
    assert session.exec(select(SurveyDraft)).all() == []
    hand = "verletzter Hand"
    answer = session.exec(select(Answer).where(Answer.value_text.contains(hand))).one()
    assert "[EMAIL]" in answer.value_text and "[NAME]" in answer.value_text
    item = session.exec(select(FeedbackItem).where(FeedbackItem.text.contains(hand))).one()
    assert item.text_original is None and item.score == 1
    messages = session.exec(select(OutboxEvent).where(OutboxEvent.payload["erased"].is_not(None)))
    assert messages.all()
    (entry,) = session.exec(select(AuditLog).where(AuditLog.action == "person.erased")).all()
    assert entry.detail["rows"]["complaint"] == 1 and EMAIL not in json.dumps(entry.detail)


def test_unknown_customer_and_empty_request_are_refused(session, karin):
    with pytest.raises(erasure.NotFound):
        erasure.find(session=session, email="nobody@example.org")
    with pytest.raises(erasure.NotFound):
        erasure.find(session=session, reference="VX-1999-000001")
    with pytest.raises(erasure.ErasureError):
        erasure.find(session=session)


def test_commands_export_then_erase(runner, session, karin, tmp_path):
    out = tmp_path / "karin.json"
    exported = runner.invoke(args=["export-person", "--email", EMAIL, "--output", str(out)])
    assert exported.exit_code == 0, exported.output
    assert json.loads(out.read_text())["complaints"][0]["reference"] == karin
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    again = runner.invoke(args=["export-person", "--email", EMAIL, "--output", str(out)])
    assert again.exit_code == 1 and "exists already" in again.output
    erased = runner.invoke(args=["erase", "--reference", karin, "--name", NAME, "--yes"])
    assert erased.exit_code == 0, erased.output
    assert "full-database scan: 0 trace(s) left" in erased.output
    gone = runner.invoke(args=["erase", "--email", EMAIL, "--yes"])
    assert gone.exit_code == 1 and "Nothing is stored" in gone.output
