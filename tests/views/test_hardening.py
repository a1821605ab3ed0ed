"""Rate limits that hold, response headers, cross-site writes and the small holes of the
security review (issue 12's first block)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from app import create_app
from app.config import ConfigError
from app.models import ApiToken
from app.models.base import utcnow
from app.services.users import create_api_token, create_user
from tests.conftest import TEST_SECRET

WRONG = {"email": "a@example.com", "password": "not the password"}


def _post_login(client, data, address="192.0.2.1", **headers):
    return client.post(
        "/staff/login", data=data, environ_base={"REMOTE_ADDR": address}, headers=headers
    ).status_code


# --- per-account throttling --------------------------------------------------------------


def test_failed_sign_ins_for_one_account_are_throttled_from_any_address(make_app):
    app = make_app(
        RATELIMIT_ENABLED=True,
        LOGIN_RATE_LIMIT="100 per minute",
        LOGIN_ACCOUNT_RATE_LIMIT="3 per minute",
    )
    client = app.test_client()
    codes = [_post_login(client, WRONG, f"192.0.2.{n}") for n in range(1, 6)]
    assert codes == [401, 401, 401, 429, 429]
    # Another account from the same addresses is not locked out by the attack.
    other = {"email": "b@example.com", "password": "not the password"}
    assert _post_login(client, other, "192.0.2.1") == 401


def test_successful_sign_ins_do_not_use_up_the_account_allowance(make_app, session):
    create_user(
        session=session, email="ok@example.com", password="a long good password", role="viewer"
    )
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_ACCOUNT_RATE_LIMIT="2 per minute")
    good = {"email": "ok@example.com", "password": "a long good password"}
    codes = [_post_login(app.test_client(), good) for _ in range(4)]
    assert codes == [302, 302, 302, 302]


def test_account_key_ignores_case(make_app):
    app = make_app(
        RATELIMIT_ENABLED=True,
        LOGIN_RATE_LIMIT="100 per minute",
        LOGIN_ACCOUNT_RATE_LIMIT="2 per minute",
    )
    client = app.test_client()
    spellings = ["a@example.com", "A@Example.com", "a@EXAMPLE.COM"]
    codes = [_post_login(client, {**WRONG, "email": e}) for e in spellings]
    assert codes == [401, 401, 429]


# --- trusted proxies ---------------------------------------------------------------------


def test_behind_a_trusted_proxy_each_client_has_its_own_bucket(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXY_COUNT=1)
    client = app.test_client()
    proxy = "10.0.0.5"  # every request reaches the app from the proxy's address
    first = [
        _post_login(client, WRONG, proxy, **{"X-Forwarded-For": "198.51.100.7"}) for _ in range(3)
    ]
    second = _post_login(
        client, {**WRONG, "email": "c@example.com"}, proxy, **{"X-Forwarded-For": "198.51.100.8"}
    )
    assert first == [401, 401, 429]
    assert second == 401  # a different customer behind the same proxy is not locked out


def test_without_a_trusted_proxy_forwarded_addresses_are_not_believed(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    codes = [
        _post_login(
            client,
            {**WRONG, "email": f"{n}@example.com"},
            "192.0.2.9",
            **{"X-Forwarded-For": f"203.0.113.{n}"},
        )
        for n in range(3)
    ]
    assert codes == [401, 401, 429]  # spoofing X-Forwarded-For does not buy new attempts


def test_only_the_proxies_own_entry_is_believed(make_app):
    """A client cannot prepend addresses: with one proxy only the rightmost entry counts."""
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXY_COUNT=1)
    client = app.test_client()
    codes = [
        _post_login(
            client,
            {**WRONG, "email": f"{n}@example.com"},
            "10.0.0.5",
            **{"X-Forwarded-For": f"203.0.113.{n}, 198.51.100.7"},
        )
        for n in range(3)
    ]
    assert codes == [401, 401, 429]


def test_proxy_count_must_be_a_whole_number(tmp_path, monkeypatch):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="TRUSTED_PROXY_COUNT"):
        create_app({"TESTING": True, "TRUSTED_PROXY_COUNT": -1})


# --- several workers share one count ------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _voxloop(*args: str, env: dict, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", *args], env=env, **kwargs
    )


def test_serve_refuses_several_workers_on_per_process_storage(tmp_path, sqlite_template):
    env = {
        **os.environ,
        "VOXLOOP_INSTANCE_PATH": str(tmp_path),
        "VOXLOOP_RATELIMIT_STORAGE_URI": "memory://",
    }
    env["VOXLOOP_DATABASE_URL"] = f"sqlite:///{sqlite_template}"
    done = _voxloop("serve", "--workers", "3", env=env, stderr=subprocess.PIPE, text=True)
    _, err = done.communicate(timeout=60)
    assert done.returncode != 0
    assert "VOXLOOP_RATELIMIT_STORAGE_URI=redis://" in err and "Traceback" not in err


def test_limits_hold_across_workers_sharing_redis(tmp_path, sqlite_template):
    """Two gunicorn workers count the same login attempts in Redis: the limit is the limit."""
    import shutil

    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis must run on 127.0.0.1:6379 for this test (see .ci/run)")
    database = tmp_path / "db.sqlite3"
    shutil.copy(sqlite_template, database)
    port = _free_port()
    env = {
        **os.environ,
        "VOXLOOP_INSTANCE_PATH": str(tmp_path),
        "VOXLOOP_DATABASE_URL": f"sqlite:///{database}",
        "VOXLOOP_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        "VOXLOOP_RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "VOXLOOP_LOGIN_RATE_LIMIT": "4 per minute",
        "VOXLOOP_WTF_CSRF_ENABLED": "false",
    }
    server = _voxloop(
        "serve", "--workers", "2", "--threads", "1", "--port", str(port),
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        body = urllib.parse.urlencode(WRONG).encode()
        codes = []
        for _ in range(10):  # a new connection each time: both workers answer some
            try:
                urllib.request.urlopen(f"{base}/staff/login", data=body, timeout=10)
                codes.append(200)
            except urllib.error.HTTPError as refused:
                codes.append(refused.code)
        assert codes.count(401) == 4 and codes.count(429) == 6, codes
    finally:
        server.terminate()
        server.communicate(timeout=30)


# --- headers -----------------------------------------------------------------------------


def test_pages_are_not_cached_and_send_no_referrer(client):
    for path in ("/staff/login", "/complaint", "/complaint/status", "/s/unknown-token"):
        headers = client.get(path).headers
        assert headers["Cache-Control"] == "no-store", path
        assert headers["Referrer-Policy"] == "no-referrer", path
        assert "camera=()" in headers["Permissions-Policy"], path


def test_static_files_may_be_cached(client):
    with client.get("/static/css/voxloop.css") as response:
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers
    secure = client.get("/healthz", base_url="https://voxloop.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_https_posts_need_no_referer(make_app):
    """Survey and status pages send no Referer; their forms must still work over HTTPS."""
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/complaint/status", base_url="https://voxloop.example").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answer = client.post(
        "/complaint/status",
        base_url="https://voxloop.example",
        data={"csrf_token": token, "reference": "VX-2025-000001", "secret": "wrong-secret"},
    )
    assert answer.status_code == 404  # past CSRF, to the lookup


# --- cross-site writes -------------------------------------------------------------------


def test_cross_site_form_posts_are_refused(client):
    for site in ("cross-site", "same-site"):
        response = client.post("/complaint", data={}, headers={"Sec-Fetch-Site": site})
        assert response.status_code == 403, site
    assert (
        client.post("/complaint", data={}, headers={"Sec-Fetch-Site": "same-origin"}).status_code
        == 400
    )
    assert client.post("/complaint", data={}, headers={"Sec-Fetch-Site": "none"}).status_code == 400


def test_api_calls_from_elsewhere_are_judged_by_their_token(client, session):
    _, secret = create_api_token(session=session, name="shop", scopes=["ingest"])
    response = client.post(
        "/api/v1/contacts",
        json={},
        headers={"Authorization": f"Bearer {secret}", "Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 422  # validated, not refused as cross-site


# --- tokens are looked up without the write lock ------------------------------------------


def test_a_token_is_checked_while_another_writer_holds_the_lock(make_app, session, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the writer lock is SQLite's")
    token, secret = create_api_token(session=session, name="bi", scopes=["read"])
    token.last_used_at = utcnow()
    session.add(token)
    session.commit()
    app = make_app(SQLITE_BUSY_TIMEOUT_MS=300)
    writer = create_engine(database_url).connect()
    writer.exec_driver_sql("BEGIN IMMEDIATE")  # another process is writing
    try:
        response = app.test_client().get(
            "/api/v1/contacts/nobody", headers={"Authorization": f"Bearer {secret}"}
        )
    finally:
        writer.rollback()
        writer.close()
    assert response.status_code == 404  # answered, not stuck behind the writer


def test_token_use_is_recorded_once_per_interval(client, session):
    token, secret = create_api_token(session=session, name="bi", scopes=["read"])
    headers = {"Authorization": f"Bearer {secret}"}
    client.get("/api/v1/contacts/nobody", headers=headers)
    session.expire_all()
    first = session.get(ApiToken, token.id).last_used_at
    assert first is not None
    client.get("/api/v1/contacts/nobody", headers=headers)
    session.expire_all()
    assert session.get(ApiToken, token.id).last_used_at == first  # no write for a fresh one
    stale = first - timedelta(minutes=10)
    session.exec(
        text("UPDATE api_token SET last_used_at = :t WHERE id = :i").bindparams(t=stale, i=token.id)
    )
    session.commit()
    client.get("/api/v1/contacts/nobody", headers=headers)
    session.expire_all()
    assert session.get(ApiToken, token.id).last_used_at > first


# --- small holes -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/%5Cevil.example", "/%2F%2Fevil.example", "/staff/%5C%5Cevil"])
def test_language_links_stay_on_the_site(client, path):
    page = client.get(path).data.decode()
    links = re.findall(r'href="([^"]*lang=[^"]*)"', page)
    assert links
    for link in links:
        assert link.startswith("/") and not link.startswith(("//", "/\\", "/%5C", "/%5c")), link


def test_language_link_keeps_the_page_and_its_arguments(client):
    page = client.get("/complaint/status?ref=VX-2025-000001").data.decode()
    assert 'href="/complaint/status?ref=VX-2025-000001&amp;lang=de"' in page


def test_testing_flags_in_the_environment_do_not_weaken_the_key_check(tmp_path, monkeypatch):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("VOXLOOP_SECRET_KEY", "dev")
    for flag in ("VOXLOOP_TESTING", "VOXLOOP_DEBUG"):
        monkeypatch.setenv(flag, "true")
        with pytest.raises(ConfigError, match="VOXLOOP_SECRET_KEY"):
            create_app()
        monkeypatch.delenv(flag)


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://feedback.shop.example", True),
        ("http://127.0.0.1:8000", True),
        ("http://localhost:5000", True),
        ("http://feedback.shop.example", False),
        ("http://127.0.0.1.evil.example", False),
    ],
)
def test_public_base_url_is_https_outside_this_machine(tmp_path, monkeypatch, url, accepted):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("VOXLOOP_PUBLIC_BASE_URL", url)
    if accepted:
        assert create_app({"SECRET_KEY": TEST_SECRET}).config["PUBLIC_BASE_URL"] == url
    else:
        with pytest.raises(ConfigError, match="https://"):
            create_app({"SECRET_KEY": TEST_SECRET})


def test_sign_in_starts_a_fresh_session(client, session):
    create_user(
        session=session, email="v@example.com", password="a long good password", role="viewer"
    )
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
    client.post("/staff/login", data={"email": "v@example.com", "password": "a long good password"})
    with client.session_transaction() as after:
        assert "planted" not in after and after.get("_user_id")
