"""The webhook admin pages: add (secret shown once), refuse internal targets, log, replay."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from app.models import OutboxEvent, WebhookSubscription
from app.models.complaints import ComplaintCreate
from app.services import complaints, outbox
from tests.services.test_webhooks import Receiver


@pytest.fixture
def receiver():
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def app_config(app_config, mail_config):
    return {**app_config, **mail_config, "WEBHOOK_ALLOWED_NETWORKS": ["127.0.0.1/32"]}


def test_only_admins_manage_webhooks(client, auth):
    auth.login("analyst")
    assert client.get("/staff/admin/webhooks").status_code == 403


def test_add_shows_the_secret_once_and_the_log_replays(client, auth, app, session, receiver):
    auth.login("admin")
    page = client.post(
        "/staff/admin/webhooks",
        data={"url": receiver.url, "description": "Helpdesk", "events": ["complaint.created"]},
    )
    assert page.status_code == 200 and "not shown again" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    subscription = session.exec(select(WebhookSubscription)).one()
    assert subscription.secret in page.text
    listing = client.get("/staff/admin/webhooks").text
    assert subscription.secret not in listing and "Helpdesk" in listing
    receiver.secret = subscription.secret
    complaints.file_complaint(
        session=session,
        config=app.config,
        data=ComplaintCreate(description="Only pick-up.", contact_preference="none", language="en"),
    )
    outbox.deliver(session=session, config=app.config)
    log = client.get(f"/staff/admin/webhooks/{subscription.id}").text
    assert "complaint.created" in log and "HTTP 200" in log
    event = session.exec(select(OutboxEvent).where(OutboxEvent.kind == "webhook")).one()
    replayed = client.post(f"/staff/admin/webhooks/{subscription.id}/deliveries/{event.id}/replay")
    assert replayed.status_code == 302
    outbox.deliver(session=session, config=app.config)
    assert len(receiver.requests) == 2 and receiver.verified(receiver.requests[1])
    # Another subscription's delivery cannot be replayed from this page.
    assert (
        "No webhook delivery"
        in client.post(
            f"/staff/admin/webhooks/999/deliveries/{event.id}/replay", follow_redirects=True
        ).text
    )


def test_internal_target_refused_with_what_was_typed_kept(client, auth):
    auth.login("admin")
    page = client.post(
        "/staff/admin/webhooks",
        data={
            "url": "https://169.254.169.254/latest",
            "description": "Metadata?",
            "events": ["case.overdue"],
        },
    )
    assert page.status_code == 400
    assert "internal address" in page.text and 'value="Metadata?"' in page.text
    (box,) = re.findall(r'<input[^>]*value="case.overdue"[^>]*>', page.text)
    assert "checked" in box


def test_refusal_in_german(client, auth):
    auth.login("admin")
    page = client.post(
        "/staff/admin/webhooks?lang=de",
        data={"url": "https://10.1.2.3/x", "events": ["case.overdue"]},
    )
    assert page.status_code == 400 and "interne Adresse" in page.text


def test_remove(client, auth, session, receiver):
    auth.login("admin")
    client.post("/staff/admin/webhooks", data={"url": receiver.url, "events": ["action.done"]})
    subscription = session.exec(select(WebhookSubscription)).one()
    assert client.post(f"/staff/admin/webhooks/{subscription.id}/remove").status_code == 302
    session.rollback()
    assert session.exec(select(WebhookSubscription)).all() == []
