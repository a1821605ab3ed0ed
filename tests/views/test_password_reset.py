"""Forgotten passwords: the same answer for every address, a link through the outbox and a
real SMTP server, built from PUBLIC_BASE_URL, that works once and expires."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import AuditLog, OutboxEvent, PasswordResetToken
from app.services import outbox
from app.services.users import create_user

GOOD = "violet kettle harbour 42"
NEW = "seven quiet lanterns drift"
BASE = "https://vox.shop.example"


@pytest.fixture
def app_config(app_config, mail_config):
    return {**app_config, **mail_config, "PUBLIC_BASE_URL": BASE}


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https://\S+/staff/password/reset/\S+", body).group(0)


def test_reset_link_arrives_works_once_and_ends_sessions(app, session, mail_server):
    server, _ = mail_server
    user = create_user(session=session, email="kim@example.com", password=GOOD, role="viewer")
    signed_in = app.test_client()
    signed_in.post("/staff/login", data={"email": "kim@example.com", "password": GOOD})
    client = app.test_client()
    assert 'href="/staff/password/forgot"' in client.get("/staff/login").text
    known = client.post(
        "/staff/password/forgot?lang=de",
        data={"email": "kim@example.com"},
        headers={"Host": "evil.example"},
    )
    unknown = client.post("/staff/password/forgot?lang=de", data={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text  # nobody learns which addresses have accounts
    assert known.headers["Cache-Control"] == "no-store"
    assert outbox.deliver(session=session, config=app.config).sent == 1
    (message,) = server.by_recipient("kim@example.com")
    assert message["Content-Language"] == "de" and "Passwort" in message["Subject"]
    link = _link(message)
    assert link.startswith(BASE + "/staff/password/reset/")  # never the Host header
    secret = link.rsplit("/", 1)[1]
    session.expire_all()
    (stored,) = session.exec(select(PasswordResetToken)).all()
    assert stored.token_hash != secret and len(stored.token_hash) == 64
    path = link.removeprefix(BASE)
    form = client.get(path)
    assert form.status_code == 200 and form.headers["Referrer-Policy"] == "no-referrer"
    weak = client.post(path, data={"new": "password1234", "repeat": "password1234"})
    assert weak.status_code == 400 and "häufigsten" in weak.text  # the link still works
    done = client.post(path, data={"new": NEW, "repeat": NEW})
    assert done.status_code == 302 and done.headers["Location"].endswith("/staff/login")
    again = client.get(path)
    assert again.status_code == 404 and "nicht mehr gültig" in again.text
    assert client.post(path, data={"new": GOOD, "repeat": GOOD}).status_code == 404
    assert signed_in.get("/staff/").status_code == 302  # the old session ended
    fresh = app.test_client()
    assert (
        fresh.post("/staff/login", data={"email": "kim@example.com", "password": NEW}).status_code
        == 302
    )
    session.rollback()
    session.expire_all()
    actions = set(session.exec(select(AuditLog.action).where(AuditLog.object_id == str(user.id))))
    assert {"user.password_reset_requested", "user.password_reset"} <= actions
    assert not any(secret in str(e.detail) for e in session.exec(select(AuditLog)))


def test_expired_unknown_and_inactive_links_are_refused(app, session, mail_server):
    create_user(session=session, email="kim@example.com", password=GOOD, role="viewer")
    client = app.test_client()
    assert client.get("/staff/password/reset/made-up").status_code == 404
    client.post("/staff/password/forgot", data={"email": "kim@example.com"})
    payload = session.exec(select(OutboxEvent)).one().payload
    path = re.search(r"/staff/password/reset/\S+", payload["text"]).group(0)
    token = session.exec(select(PasswordResetToken)).one()
    token.expires_at = token.created_at - timedelta(seconds=1)
    session.add(token)
    session.commit()
    expired = client.get(path + "?lang=de")
    assert expired.status_code == 404 and "nicht mehr gültig" in expired.text


def test_no_mail_for_an_account_that_is_switched_off(app, session, mail_server):
    user = create_user(session=session, email="kim@example.com", password=GOOD, role="viewer")
    user.active = False
    session.add(user)
    session.commit()
    app.test_client().post("/staff/password/forgot", data={"email": "kim@example.com"})
    assert session.exec(select(OutboxEvent)).all() == []


def test_reset_requests_are_rate_limited(make_app):
    client = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute").test_client()
    codes = [
        client.post("/staff/password/forgot", data={"email": f"x{i}@example.com"}).status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]


def test_a_link_expired_before_delivery_is_not_sent(app, session, mail_server):
    server, _ = mail_server
    create_user(session=session, email="kim@example.com", password=GOOD, role="viewer")
    app.test_client().post("/staff/password/forgot", data={"email": "kim@example.com"})
    token = session.exec(select(PasswordResetToken)).one()
    token.expires_at = token.created_at
    session.add(token)
    session.commit()
    report = outbox.deliver(session=session, config=app.config)
    assert report.sent == 0 and report.cancelled == 1 and server.messages == []
