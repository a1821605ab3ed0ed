"""A staff form left open past its time limit is not saved, and nothing typed is lost."""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner
from sqlmodel import select

from app.models import ImprovementAction
from app.services.users import create_user

PASSWORD = "correct horse analyst battery"
CARD = {"title": "Offer delivery", "problem": "Only pick-up in Black Friday week",
        "target_metric": "csat"}  # fmt: skip


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.fixture
def analyst_client(make_app, session):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    create_user(session=session, email="ana@example.com", password=PASSWORD, role="analyst")
    login = client.get("/staff/login")
    credentials = {"email": "ana@example.com", "password": PASSWORD}
    client.post("/staff/login", data={**credentials, "csrf_token": _token(login.text)})
    return client


def _later(monkeypatch, hours: float) -> None:
    """Let the clock the tokens are checked against run ``hours`` ahead."""
    now = time.time()
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _self: int(now + hours * 3600))


def _cards(session) -> list[str]:
    session.rollback()
    session.expire_all()
    return [a.title for a in session.exec(select(ImprovementAction)).all()]


def test_an_expired_staff_form_comes_back_ready_to_send_again(analyst_client, session, monkeypatch):
    form = analyst_client.get("/staff/board/new")
    sent = {**CARD, "csrf_token": _token(form.text)}
    _later(monkeypatch, 4.5)
    expired = analyst_client.post("/staff/board/new", data=sent)
    assert expired.status_code == 400
    assert "This form has expired" in expired.text
    assert _cards(session) == [], "an expired form saves nothing"
    for name, value in CARD.items():
        assert f'name="{name}" value="{value}"' in expired.text, "what was typed is kept"
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', expired.text).group(1)
    again = analyst_client.post("/staff/board/new", data={**CARD, "csrf_token": fresh})
    assert again.status_code == 302
    assert _cards(session) == ["Offer delivery"]


def test_within_the_limit_the_form_is_saved(analyst_client, session, monkeypatch):
    form = analyst_client.get("/staff/board/new")
    _later(monkeypatch, 3.5)
    sent = {**CARD, "csrf_token": _token(form.text)}
    response = analyst_client.post("/staff/board/new", data=sent)
    assert response.status_code == 302
    assert _cards(session) == ["Offer delivery"]


def test_a_token_from_another_session_is_refused_outright(make_app, analyst_client, session):
    other = make_app(WTF_CSRF_ENABLED=True).test_client()
    stolen = _token(other.get("/staff/login").text)
    response = analyst_client.post("/staff/board/new", data={**CARD, "csrf_token": stolen})
    assert response.status_code == 400
    assert "This form has expired" not in response.text, "no resend offer for a foreign token"
    assert _cards(session) == []


def test_passwords_are_never_written_back(analyst_client, monkeypatch):
    form = analyst_client.get("/staff/board/new")
    _later(monkeypatch, 5)
    expired = analyst_client.post(
        "/staff/board/new",
        data={**CARD, "current_password": PASSWORD, "csrf_token": _token(form.text)},
    )
    assert expired.status_code == 400
    assert PASSWORD not in expired.text
