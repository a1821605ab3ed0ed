"""Case pages for front-line staff, the complaint status page with the reply, unsubscribe."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from app.models import EmailUnsubscribe, FollowUpCase, OutboxEvent
from app.models.complaints import ComplaintCreate
from app.services import complaints, touchpoints

CONFIG = {"FOLLOWUP_SLA_HOURS": 48, "KEEP_ORIGINAL_TEXT": False}


@pytest.fixture
def filed(app, session):
    with app.app_context():
        touchpoints.ensure_defaults(session=session)
        return complaints.file_complaint(
            session=session, config=CONFIG,
            data=ComplaintCreate(description="Only pick-up. The agent was rude.",
                                 touchpoint="pickup", contact_preference="email",
                                 contact_email="anna@example.org", consent_contact=True,
                                 accessibility_needs="Cannot carry heavy items", language="en"),
        )  # fmt: skip


def _case(session, filed) -> FollowUpCase:
    return session.exec(
        select(FollowUpCase).where(FollowUpCase.complaint_id == filed.complaint.id)
    ).one()


@pytest.mark.parametrize(("role", "code"), [("viewer", 403), ("agent", 200), ("analyst", 200)])
def test_case_pages_by_role(client, auth, session, filed, role, code):
    case = _case(session, filed)
    auth.login(role)
    assert client.get("/staff/cases").status_code == code
    assert client.get(f"/staff/cases/{case.id}").status_code == code
    for action in ("claim", "reply", "log", "close", "assign", "reopen"):
        response = client.post(f"/staff/cases/{case.id}/{action}", data={})
        assert response.status_code in ((403,) if code == 403 else (200, 302, 400)), action


def test_anonymous_is_sent_to_the_login(client, session, filed):
    case = _case(session, filed)
    for url in ("/staff/cases", f"/staff/cases/{case.id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert client.post(f"/staff/cases/{case.id}/claim").status_code == 302


def test_agent_works_a_case_and_the_customer_sees_the_answer(client, auth, session, filed):
    case = _case(session, filed)
    auth.login("agent")
    queue = client.get("/staff/cases").text
    assert "Cannot carry heavy items" in queue and "Take this case" in queue
    page = client.get(f"/staff/cases/{case.id}").text
    assert "Accessibility needs the customer gave" in page and "anna@example.org" in page
    client.post(f"/staff/cases/{case.id}/claim")
    sent = client.post(f"/staff/cases/{case.id}/reply",
                       data={"text": "We deliver now. Sorry!"}, follow_redirects=True)  # fmt: skip
    assert "Answer sent: on the status page and by e-mail." in sent.text
    closed = client.post(f"/staff/cases/{case.id}/close", data={"resolution": "resolved"},
                         follow_redirects=True)  # fmt: skip
    assert "Case closed." in closed.text
    auth.logout()
    status = client.post("/complaint/status", data={"reference": filed.complaint.reference,
                                                    "secret": filed.secret})  # fmt: skip
    assert status.status_code == 200
    assert "We deliver now. Sorry!" in status.text and 'aria-current="step"' in status.text
    assert "agent@example.com" not in status.text  # no staff names unless configured


def test_empty_reply_is_refused_and_explained(client, auth, session, filed):
    case = _case(session, filed)
    auth.login("agent")
    response = client.post(f"/staff/cases/{case.id}/reply", data={"text": "  "})
    assert response.status_code == 400 and "Write your answer first." in response.text


def test_bad_filters_are_named(client, auth, filed):
    auth.login("agent")
    page = client.get("/staff/cases?touchpoint=abc&reason=rude&lang=de")
    assert page.status_code == 200
    assert "Wählen Sie einen Kontaktpunkt" in page.text and "niedrige Bewertung" in page.text


def test_unsubscribe_page_and_one_click(app, client, session, filed):
    event = session.exec(select(OutboxEvent)).one()  # the acknowledgement
    token = re.search(r"/unsubscribe/([^?]+)", event.payload["unsubscribe_url"]).group(1)
    page = client.get(f"/unsubscribe/{token}?lang=de")
    assert page.status_code == 200 and "Möchten Sie alle Nachrichten" in page.text
    assert session.exec(select(EmailUnsubscribe)).all() == []  # a GET changes nothing
    done = client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    session.rollback()  # end the read that began before the request wrote
    (record,) = session.exec(select(EmailUnsubscribe)).all()
    assert record.source == "one_click" and "anna" not in record.email_hash
    session.refresh(event)
    assert event.status == "cancelled"
    assert client.get("/unsubscribe/forged-token").status_code == 404


def test_outbox_page_is_for_admins(client, auth, filed):
    auth.login("analyst")
    assert client.get("/staff/admin/outbox").status_code == 403
    auth.logout()
    auth.login("admin")
    page = client.get("/staff/admin/outbox")
    assert page.status_code == 200 and "complaint.acknowledgement" in page.text
