"""E-mail through the outbox to a real local SMTP server: what arrives, when, and once."""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from app.db import get_engine
from app.models import (
    ActionTheme,
    Complaint,
    FeedbackItem,
    ImprovementAction,
    Invitation,
    OutboxAttempt,
    OutboxEvent,
    Segment,
    Theme,
)
from app.models.complaints import ComplaintCreate
from app.services import actions, complaints, invitations, iterations, messages, outbox, unsubscribe
from app.services.responses import open_survey, submit


@pytest.fixture
def app_config(app_config, mail_config):
    return {**app_config, **mail_config, "REMINDER_AFTER_DAYS": 3,
            "INVITATION_MIN_INTERVAL_DAYS": 30, "OUTBOX_MAX_ATTEMPTS": 3}  # fmt: skip


def _contact(session, app, external_id="c-1", email="eva@example.com", **extra):
    data = {"external_id": external_id, "touchpoint": "delivery", "channel": "email",
            "email": email, "send_invitation": True, "language": "de", **extra}  # fmt: skip
    return invitations.create_contact(session=session, config=app.config, data=data)


def _deliver(session, app, **kwargs):
    return outbox.deliver(session=session, config=app.config, **kwargs)


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://\S+/s/\S+", body).group(0)


def test_invitation_arrives_and_its_link_opens_the_survey(app, session, mail_server):
    server, _ = mail_server
    result = _contact(session, app)
    assert result.emailed and result.invited
    report = _deliver(session, app)
    assert report.sent == 1
    (message,) = server.by_recipient("eva@example.com")
    assert message["From"] == "voxloop@shop.example"
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # On the wire as a plain URL in angle brackets, not folded into encoded words.
    assert b"\nList-Unsubscribe: <http://127.0.0.1:5000/unsubscribe/" in message.raw
    assert message["Content-Language"] == "de"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Umfrage" in html and "<!doctype html>" in html  # German, and HTML too
    link = _link(message)
    assert link == result.survey_url
    page = app.test_client().get(link.replace("http://127.0.0.1:5000", ""))
    assert page.status_code == 200 and 'name="csat"' in page.text
    # Delivered once: a second run sends nothing more.
    assert _deliver(session, app).sent == 0 and len(server.messages) == 1


def test_no_invitation_mail_unless_asked_or_configured(app, session, mail_server):
    assert not _contact(session, app, "c-2", send_invitation=False).emailed
    assert not _contact(session, app, "c-3", email=None).emailed
    assert session.exec(select(OutboxEvent)).all() == []


def test_one_reminder_only_while_unanswered(app, session, mail_server):
    server, _ = mail_server
    first = _contact(session, app, "c-1", email="eva@example.com", customer_ref="eva")
    second = _contact(session, app, "c-2", email="max@example.com", customer_ref="max")
    _deliver(session, app)
    later = datetime.now(UTC) + timedelta(days=4)
    # Max answers; Eva does not.
    page = open_survey(session=session, token=second.survey_url.rsplit("/", 1)[1])
    submit(session=session, config=app.config, answers={"csat": "5"}, language="de", page=page)
    assert messages.queue_reminders(session=session, config=app.config, now=later) == 1
    assert messages.queue_reminders(session=session, config=app.config, now=later) == 0  # once
    _deliver(session, app, now=lambda: later)
    eva = server.by_recipient("eva@example.com")
    assert [m["Subject"] for m in eva][1].startswith("Erinnerung")
    assert _link(eva[1]) == first.survey_url
    assert len(server.by_recipient("max@example.com")) == 1  # the invitation, no reminder


def test_answer_or_unsubscribe_after_queueing_stops_the_reminder(app, session, mail_server):
    server, _ = mail_server
    eva = _contact(session, app, "c-1", email="eva@example.com")
    max_ = _contact(session, app, "c-2", email="max@example.com")
    _deliver(session, app)
    later = datetime.now(UTC) + timedelta(days=4)
    assert messages.queue_reminders(session=session, config=app.config, now=later) == 2
    page = open_survey(session=session, token=eva.survey_url.rsplit("/", 1)[1])
    submit(session=session, config=app.config, answers={"csat": "4"}, language="de", page=page)
    from app.mail import email_hash

    unsubscribe.unsubscribe(session=session, email_hash=email_hash("max@example.com"))
    report = _deliver(session, app, now=lambda: later)
    assert report.sent == 0 and report.cancelled == 1  # Eva's: answered at delivery time
    statuses = Counter(e.status for e in session.exec(select(OutboxEvent)))
    assert statuses == {"sent": 2, "cancelled": 2}
    assert len(server.messages) == 2  # the two invitations only
    # Unsubscribed: no new message is even queued for Max.
    reply = {"text": "x", "reference": None, "status_url": None}
    queued = outbox.enqueue_email(session=session, topic="t", to="MAX@example.com ",
                                  language="en", template="case_reply", context=reply)  # fmt: skip
    assert queued is None
    assert max_.invited


def test_fatigue_rule_counts_reminders(app, session, mail_server):
    _contact(session, app, "c-1", email="eva@example.com", customer_ref=None)
    _deliver(session, app)
    # The same address arrives again under another (or no) customer_ref: the survey
    # e-mail it just had counts, so no second invitation goes out.
    again = _contact(session, app, "c-2", email="eva@example.com", customer_ref=None)
    assert not again.invited and again.reason == "recently_invited"


def test_complaint_acknowledgement_with_reference(app, session, mail_server):
    server, _ = mail_server
    filed = complaints.file_complaint(
        session=session, config=app.config,
        data=ComplaintCreate(description="Only pick-up.", contact_preference="email",
                             contact_email="anna@example.org", consent_contact=True,
                             language="en"),
    )  # fmt: skip
    _deliver(session, app)
    (message,) = server.by_recipient("anna@example.org")
    assert filed.complaint.reference in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert filed.secret in body and f"/complaint/status?ref={filed.complaint.reference}" in body


def test_failing_server_retries_then_dead_letters_and_loses_nothing(app, session, mail_server):
    server, _ = mail_server
    server.refuse_all()
    _contact(session, app)
    now = datetime.now(UTC)
    first = _deliver(session, app, now=lambda: now)
    event = session.exec(select(OutboxEvent)).one()
    assert first.retried == 1 and event.status == "pending" and event.attempts == 1
    assert event.next_attempt_at == now + timedelta(seconds=60)
    assert "451" in event.last_error
    # Not due yet: nothing is tried.
    assert _deliver(session, app, now=lambda: now + timedelta(seconds=30)).retried == 0
    second = now + timedelta(seconds=61)
    _deliver(session, app, now=lambda: second)
    session.refresh(event)
    assert event.attempts == 2 and event.next_attempt_at == second + timedelta(seconds=120)
    third = _deliver(session, app, now=lambda: second + timedelta(seconds=121))
    session.refresh(event)
    assert third.dead == 1 and event.status == "dead" and event.attempts == 3
    log = session.exec(select(OutboxAttempt).where(OutboxAttempt.event_id == event.id)).all()
    assert len(log) == 3 and not any(a.ok for a in log)
    # An admin retries once the relay is back: it goes out, once.
    server.refuse(0)
    outbox.retry(session=session, event_id=event.id)
    assert _deliver(session, app).sent == 1
    session.refresh(event)
    assert event.status == "sent" and len(server.messages) == 1


def test_you_said_we_did_once_and_only_with_consent(app, session, mail_server):
    server, _ = mail_server
    theme = Theme(label_auto="Pick-up only", size=100)
    session.add(theme)
    session.flush()
    do = datetime(2025, 12, 8, tzinfo=UTC)
    # Before Do: half the feedback mentions the theme; since Do: a tenth.
    for index in range(80):
        moment = do - timedelta(days=50) + timedelta(hours=30 * index)  # 40 before, 40 since
        after = moment >= do
        mentions = index % (10 if after else 2) == 0
        complaint = None
        if mentions and index < 8:
            consent = index % 4 == 0  # indexes 0 and 4 asked for updates
            complaint = Complaint(reference=f"VX-2025-{index:06d}", status_secret_hash="x",
                                  description="d", contact_email=f"c{index}@example.org",
                                  contact_preference="email", consent_contact=True,
                                  consent_updates=consent, language="en")  # fmt: skip
            session.add(complaint)
            session.flush()
        item = FeedbackItem(source="complaint" if complaint else "import", text="t",
                            occurred_at=moment, processed_at=moment,
                            complaint_id=complaint.id if complaint else None)  # fmt: skip
        session.add(item)
        session.flush()
        theme_id = theme.id if mentions else None
        session.add(Segment(feedback_item_id=item.id, text="t", text_hash=str(index),
                            occurred_at=moment, theme_id=theme_id))  # fmt: skip
    action = ImprovementAction(title="Offer delivery", target_metric="theme_share", stage="act",
                               started_at=do)  # fmt: skip
    session.add(action)
    session.flush()
    session.add(ActionTheme(action_id=action.id, theme_id=theme.id))
    session.add_all([actions._open_iteration(session, action)])
    session.commit()
    config = {**app.config, "BOARD_WIP_LIMITS": {}}
    done = iterations.decide(session=session, action_id=action.id, decision="adopt",
                          actor_id=None, config=config)  # fmt: skip
    assert done.stage == "done"
    _deliver(session, app)
    assert sorted(m["To"] for m in server.messages) == ["c0@example.org", "c4@example.org"]
    # Reopened and done again: nobody hears it twice.
    actions.move(session=session, action_id=action.id, to_stage="act", actor_id=None,
                 config=config)  # fmt: skip
    iterations.decide(session=session, action_id=action.id, decision="adopt", actor_id=None,
                   config=config)  # fmt: skip
    _deliver(session, app)
    assert len(server.messages) == 2


def test_two_deliverers_send_500_messages_exactly_once(app, session, mail_server):
    server, _ = mail_server
    for n in range(500):
        reply = {"text": f"m{n}", "reference": None, "status_url": None}
        outbox.enqueue_email(session=session, topic="test", to=f"c{n}@example.org", language="en",
                             template="case_reply", customer=False, context=reply)  # fmt: skip
    session.commit()
    engine = get_engine(app)
    reports, failures = [], []

    def deliverer(name: str) -> None:
        try:
            with app.app_context(), Session(engine, expire_on_commit=False) as own:
                reports.append(outbox.deliver(session=own, config=app.config, worker=name,
                                              batch=20))  # fmt: skip
        except Exception as exc:  # reported below; a thread must not die silently
            failures.append(exc)

    threads = [threading.Thread(target=deliverer, args=(f"worker-{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    received = Counter(m["X-Voxloop-Event"] for m in server.messages)
    assert len(received) == 500 and set(received.values()) == {1}
    assert sum(r.sent for r in reports) == 500
    assert all(r.sent > 0 for r in reports), "both deliverers took part"
    session.expire_all()
    assert {e.status for e in session.exec(select(OutboxEvent))} == {"sent"}
    attempts = session.exec(select(OutboxAttempt)).all()
    assert len(attempts) == 500 and len({a.worker for a in attempts}) == 2


def test_a_crashed_deliverers_claim_runs_out(app, session, mail_server):
    server, _ = mail_server
    _contact(session, app)
    now = datetime.now(UTC)
    assert outbox.claim(session=session, worker="crashed", now=now)  # and then it died
    assert _deliver(session, app, now=lambda: now + timedelta(seconds=60)).sent == 0
    later = now + timedelta(seconds=outbox.CLAIM_SECONDS + 1)
    assert _deliver(session, app, now=lambda: later).sent == 1
    assert len(server.messages) == 1


def test_invitation_expiry_cancels_unsent_mail(app, session, mail_server):
    result = _contact(session, app)
    invitation = session.get(Invitation, result.invitation.id)
    invitation.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    session.add(invitation)
    session.commit()
    assert _deliver(session, app).cancelled == 1
