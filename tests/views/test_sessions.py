"""Staff sessions end: at sign-out (even a copied cookie), when idle, after their lifetime."""

from __future__ import annotations

import time

import pytest

from app.config import ConfigError
from app.sessions import SEEN_AT, SIGNED_IN_AT

TEST_SECRET = "x" * 40


def _cookie(client):
    cookie = client.get_cookie("voxloop")
    assert cookie is not None, "signed in, the browser holds a session cookie"
    return cookie.value


def test_a_copied_cookie_stops_working_at_sign_out(app, client, auth):
    auth.login("viewer")
    copied = _cookie(client)
    assert client.get("/staff/").status_code == 200
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("voxloop", copied)
    response = thief.get("/staff/")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("field", "age", "reason"),
    [
        (SEEN_AT, 31 * 60, "30 minutes without activity"),
        (SIGNED_IN_AT, 13 * 3600, "after 12 hours"),
    ],
)
def test_an_idle_or_old_session_ends_with_the_reason(client, auth, field, age, reason):
    auth.login("viewer")
    with client.session_transaction() as cookie:
        cookie[field] = int(time.time()) - age
    response = client.get("/staff/trends")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login?next=/staff/trends")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert reason in page
    with client.session_transaction() as cookie:
        assert "_user_id" not in cookie
    assert client.get("/staff/").status_code == 302


def test_the_idle_limit_is_the_configured_one(make_app, session):
    from app.services.users import create_user

    app = make_app(SESSION_IDLE_MINUTES=5)
    client = app.test_client()
    create_user(session=session, email="v@example.com", password="a long good password",
                role="viewer")  # fmt: skip
    client.post("/staff/login", data={"email": "v@example.com", "password": "a long good password"})
    with client.session_transaction() as cookie:
        cookie[SEEN_AT] = int(time.time()) - 4 * 60
    assert client.get("/staff/").status_code == 200, "4 minutes idle is within 5"
    with client.session_transaction() as cookie:
        assert cookie[SEEN_AT] >= int(time.time()) - 5, "using the session renews it"
        cookie[SEEN_AT] = int(time.time()) - 6 * 60
    assert client.get("/staff/").status_code == 302


def test_signing_in_records_the_start_and_makes_the_session_expire(client, auth):
    before = int(time.time())
    auth.login("viewer")
    with client.session_transaction() as cookie:
        assert before <= cookie[SIGNED_IN_AT] <= int(time.time())
        assert cookie.permanent
    header = next(h for h in client.get("/staff/").headers.getlist("Set-Cookie"))
    assert "Expires=" in header, "a signed-in cookie ends with the session's lifetime"


def test_the_cookie_is_secure_and_host_only_behind_https(make_app):
    # With CSRF on, the login form stores its token in the session: a cookie is sent.
    app = make_app(PUBLIC_BASE_URL="https://voc.example.com", WTF_CSRF_ENABLED=True)
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-voxloop"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    client = app.test_client()
    response = client.get("/staff/login", base_url="https://voc.example.com")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    cookies = response.headers.getlist("Set-Cookie")
    header = next(h for h in cookies if h.startswith("__Host-"))
    for attribute in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert attribute in header
    assert "Domain" not in header
    assert "Expires" not in header, "an anonymous visitor gets a browser-session cookie"


def test_on_this_machine_over_http_the_cookie_is_not_secure(app):
    assert app.config["SESSION_COOKIE_NAME"] == "voxloop"
    assert app.config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize("value", [0, -1, "soon", True])
def test_session_limits_must_be_whole_positive_numbers(tmp_path, monkeypatch, value):
    from app import create_app

    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="SESSION_IDLE_MINUTES"):
        create_app({"SECRET_KEY": TEST_SECRET, "SESSION_IDLE_MINUTES": value})
