"""Retention periods: old personal data redacted or removed by the daily job, counted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from app import demo
from app.config import ConfigError
from app.models import (
    Answer,
    AuditLog,
    CaseEvent,
    Complaint,
    Contact,
    ContactEmail,
    FeedbackItem,
    FollowUpCase,
)
from app.models.base import utcnow
from app.services import retention

LATER = utcnow() + timedelta(days=4000)  # every demo row is old by then


@pytest.fixture
def story(session):
    demo.seed(session=session, seed=4, contacts=300, weeks=12, create_logins=False)


def test_nothing_is_due_while_the_data_is_young(session, story):
    report = retention.purge(session=session, config={})
    assert all(n == 0 for n in report.counts.values()), report.counts
    assert "nothing was due" in report.describe()


def test_old_data_is_redacted_anonymised_and_counted(session, story):
    founding = session.exec(select(Complaint).where(Complaint.contact_email.is_not(None))).first()
    assert founding is not None
    case = session.exec(select(FollowUpCase).where(FollowUpCase.complaint_id == founding.id))
    open_case = case.first()
    closed_case = session.exec(select(FollowUpCase).where(FollowUpCase.status == "closed")).first()
    session.add(CaseEvent(case_id=closed_case.id, kind="note", text="Called Anna on 0151 234567"))
    session.commit()
    report = retention.purge(session=session, config={}, now=LATER)
    session.rollback()
    assert report.counts["contacts anonymised"] > 0
    assert session.exec(select(Contact).where(Contact.external_id.is_not(None))).all() == []
    assert session.exec(select(ContactEmail)).all() == []
    closed = select(FollowUpCase.id).where(FollowUpCase.status == "closed")
    notes = session.exec(select(CaseEvent).where(CaseEvent.case_id.in_(closed),
                                                 CaseEvent.text != "")).all()  # fmt: skip
    assert notes == [] and report.counts["case notes cleared"] > 0
    # A complaint whose case is still open keeps what the agent needs to call back.
    complaint = session.get(Complaint, founding.id)
    if open_case is not None and open_case.status != "closed":
        assert complaint.contact_email == founding.contact_email
    (entry,) = session.exec(select(AuditLog).where(AuditLog.action == "retention.purged"))
    assert entry.detail["contacts_anonymised"] == report.counts["contacts anonymised"]
    assert entry.detail["periods"]["comments"] == 730


def test_verbatim_text_is_redacted_after_the_comments_period(session, story):
    item = session.exec(select(FeedbackItem)).first()
    item.text_original = "Bitte an anna@example.com schreiben"
    session.add(item)
    answer = session.exec(select(Answer).where(Answer.value_text.is_not(None))).first()
    answer.value_text = "Ruf mich an: 0151 2345678"
    session.add(answer)
    session.commit()
    retention.purge(session=session, config={"RETENTION_DAYS": {"comments": 30}}, now=LATER)
    session.rollback()
    assert session.get(FeedbackItem, item.id).text_original is None
    assert "0151" not in session.get(Answer, answer.id).value_text


def test_zero_keeps_a_kind_for_ever(session, story):
    forever = {"comments": 0, "contacts": 0, "cases": 0, "audit": 0}
    report = retention.purge(session=session, config={"RETENTION_DAYS": forever}, now=LATER)
    assert report.counts == {}
    assert session.exec(select(Contact).where(Contact.external_id.is_not(None))).first()


def test_bad_periods_are_refused_at_start(tmp_path, monkeypatch):
    from app import create_app

    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("VOXLOOP_RETENTION_DAYS", '{"comments": -1}')
    with pytest.raises(ConfigError, match="RETENTION_DAYS"):
        create_app({"TESTING": True})
