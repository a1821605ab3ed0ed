"""The TOTP second factor: enrolment, the code step after the password, no replay,
switching it off, and REQUIRE_ADMIN_TOTP."""

from __future__ import annotations

import re
import time

import pyotp
from sqlmodel import select

from app.models import AuditLog, User
from app.services.users import create_user

GOOD = "violet kettle harbour 42"


def _enrol(client) -> str:
    page = client.get("/staff/account/two-factor")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.text).group(1)
    assert "otpauth://totp/Voxloop:kim%40example.com?secret=" + secret in page.text
    # The previous step's code: the login below then uses a newer one.
    code = pyotp.TOTP(secret).at(time.time() - 30)
    done = client.post("/staff/account/two-factor", data={"code": code})
    assert done.status_code == 302
    return secret


def _password_step(client):
    return client.post("/staff/login", data={"email": "kim@example.com", "password": GOOD})


def test_enrol_then_sign_in_needs_the_code_once(app, session):
    user = create_user(session=session, email="kim@example.com", password=GOOD, role="viewer")
    client = app.test_client()
    _password_step(client)
    secret = _enrol(client)
    session.rollback()
    session.expire_all()
    stored = session.get(User, user.id)
    assert stored.totp_enabled and secret not in stored.totp_secret  # encrypted at rest
    page = client.get("/staff/account/two-factor")
    assert secret not in page.text and "Switch it off" in page.text  # never shown again
    client.post("/staff/logout")

    fresh = app.test_client()
    step = _password_step(fresh)
    assert step.headers["Location"].endswith("/staff/login/code")
    assert fresh.get("/staff/").status_code == 302  # not signed in before the code
    wrong = fresh.post("/staff/login/code", data={"code": "000000"})
    assert wrong.status_code == 401 and "not right" in wrong.text
    code = pyotp.TOTP(secret).now()
    assert fresh.post("/staff/login/code", data={"code": code}).status_code == 302
    assert fresh.get("/staff/").status_code == 200

    replay = app.test_client()
    _password_step(replay)
    assert replay.post("/staff/login/code", data={"code": code}).status_code == 401  # used once
    session.rollback()
    entries = list(session.exec(select(AuditLog).order_by(AuditLog.id)))
    actions = [entry.action for entry in entries]
    assert {"user.totp_enabled", "auth.password_accepted", "auth.second_factor_failed"} <= set(
        actions
    )
    # The sign-in is recorded when the code was right, not after the password alone.
    after_enrolment = actions[actions.index("user.totp_enabled") :]
    assert after_enrolment.count("auth.login") == 1
    assert next(e for e in entries if e.action == "auth.login" and e.detail.get("second_factor"))


def test_switching_off_needs_password_and_code(client, session):
    create_user(session=session, email="kim@example.com", password=GOOD, role="viewer")
    _password_step(client)
    secret = _enrol(client)
    no_password = client.post(
        "/staff/account/two-factor/disable",
        data={"password": "wrong one", "code": pyotp.TOTP(secret).now()},
    )
    assert no_password.status_code == 400 and "current password" in no_password.text
    done = client.post(
        "/staff/account/two-factor/disable",
        data={"password": GOOD, "code": pyotp.TOTP(secret).now()},
    )
    assert done.status_code == 302
    session.rollback()
    session.expire_all()
    user = session.exec(select(User)).one()
    assert not user.totp_enabled and user.totp_secret is None


def test_a_stale_half_sign_in_starts_over(client, session):
    create_user(session=session, email="kim@example.com", password=GOOD, role="viewer")
    _password_step(client)
    _enrol(client)
    client.post("/staff/logout")
    _password_step(client)
    with client.session_transaction() as cookie:
        cookie["second_factor"] = {**cookie["second_factor"], "at": 0}
    assert client.get("/staff/login/code").headers["Location"].endswith("/staff/login")


def test_admins_must_enrol_when_required(make_app, session):
    app = make_app(REQUIRE_ADMIN_TOTP=True)
    create_user(session=session, email="kim@example.com", password=GOOD, role="admin")
    client = app.test_client()
    _password_step(client)
    sent = client.get("/staff/admin/users")
    assert sent.status_code == 302 and sent.headers["Location"].endswith(
        "/staff/account/two-factor"
    )
    _enrol(client)
    assert client.get("/staff/admin/users").status_code == 200
    create_user(session=session, email="vi@example.com", password=GOOD, role="viewer")
    viewer = app.test_client()
    viewer.post("/staff/login", data={"email": "vi@example.com", "password": GOOD})
    assert viewer.get("/staff/").status_code == 200  # only admins


def test_the_code_step_is_rate_limited(make_app, session):
    app = make_app(
        RATELIMIT_ENABLED=True,
        LOGIN_ACCOUNT_RATE_LIMIT="2 per minute",
        LOGIN_RATE_LIMIT="50 per minute",
    )
    create_user(session=session, email="kim@example.com", password=GOOD, role="viewer")
    client = app.test_client()
    _password_step(client)
    _enrol(client)
    client.post("/staff/logout")
    _password_step(client)
    codes = [
        client.post("/staff/login/code", data={"code": "000000"}).status_code for _ in range(3)
    ]
    assert codes == [401, 401, 429]


def test_an_admin_set_password_comes_before_enrolment(make_app, session):
    app = make_app(REQUIRE_ADMIN_TOTP=True)
    create_user(
        session=session,
        email="kim@example.com",
        password=GOOD,
        role="admin",
        must_change_password=True,
    )
    client = app.test_client()
    _password_step(client)
    assert client.get("/staff/").headers["Location"].endswith("/staff/account/password")
    assert client.get("/staff/account/password").status_code == 200
    new = "seven quiet lanterns drift"
    client.post("/staff/account/password", data={"current": GOOD, "new": new, "repeat": new})
    assert client.get("/staff/").headers["Location"].endswith("/staff/account/two-factor")
    assert client.get("/staff/account/two-factor").status_code == 200
