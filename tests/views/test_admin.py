"""Administration pages are for admins only."""

import re

from sqlmodel import select

from app.models import User


def test_viewer_and_analyst_are_forbidden(client, auth):
    auth.login("analyst")
    assert client.get("/staff/admin/users").status_code == 403


def test_admin_sees_users_and_adds_one(client, auth, session):
    auth.login("admin")
    page = client.get("/staff/admin/users")
    assert page.status_code == 200 and "admin@example.com" in page.text
    created = client.post(
        "/staff/admin/users",
        data={"email": "new@example.com", "role": "viewer", "password": "long enough secret"},
    )
    assert created.status_code == 302
    assert session.exec(select(User).where(User.email == "new@example.com")).one().role == "viewer"


def test_bad_input_keeps_what_was_typed(client, auth):
    auth.login("admin")
    page = client.post(
        "/staff/admin/users",
        data={"email": "admin@example.com", "name": "Kim", "role": "viewer", "password": "x" * 14},
    )
    assert page.status_code == 400
    assert "exists already" in page.text and 'value="Kim"' in page.text


def test_navigation_depends_on_role(client, auth):
    auth.login("viewer")
    assert "/staff/admin/users" not in client.get("/staff/").text


def test_admin_creates_sees_once_and_revokes_a_token(client, auth, session):
    from sqlmodel import select

    from app.models import ApiToken

    auth.login("admin")
    page = client.post("/staff/admin/tokens", data={"name": "CRM", "scopes": ["read"],
                                                    "expires": "2099-12-31"})  # fmt: skip
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    secret = re.search(r'id="new-token">([^<]+)<', page.text).group(1)
    token = session.exec(select(ApiToken)).one()
    assert token.scopes == "read" and token.expires_at.year == 2100  # through 31 Dec
    assert secret not in client.get("/staff/admin/tokens").text  # shown once
    client.post(f"/staff/admin/tokens/{token.id}/revoke")
    session.rollback()  # a fresh read after the request's write
    session.expire_all()
    assert session.get(ApiToken, token.id).revoked_at is not None
    assert client.post("/staff/admin/tokens", data={"name": "x"}).status_code == 400


def test_tokens_page_is_for_admins(client, auth):
    auth.login("analyst")
    assert client.get("/staff/admin/tokens").status_code == 403


def test_switching_an_account_off_ends_its_open_session(client, app, auth, session):
    from tests.conftest import AuthActions

    other = app.test_client()
    AuthActions(other, session).login("viewer")
    assert other.get("/staff/").status_code == 200
    auth.login("admin")
    viewer = session.exec(select(User).where(User.role == "viewer")).one()
    changed = client.post(f"/staff/admin/users/{viewer.id}", data={"role": "viewer"})
    assert changed.status_code == 302
    assert other.get("/staff/").status_code == 302  # signed out: back to the login page
    session.rollback()
    assert not session.get(User, viewer.id).active


def test_a_role_change_ends_the_session_too(client, app, auth, session):
    from tests.conftest import AuthActions

    other = app.test_client()
    AuthActions(other, session).login("analyst")
    assert other.get("/staff/themes/").status_code == 200
    auth.login("admin")
    analyst = session.exec(select(User).where(User.role == "analyst")).one()
    client.post(f"/staff/admin/users/{analyst.id}", data={"role": "viewer", "active": "y"})
    assert other.get("/staff/themes/").status_code == 302


def test_the_last_admin_cannot_lock_everyone_out(client, auth, session):
    auth.login("admin")
    admin = session.exec(select(User).where(User.role == "admin")).one()
    page = client.post(f"/staff/admin/users/{admin.id}", data={"role": "viewer", "active": "y"},
                       follow_redirects=True)  # fmt: skip
    assert "last active admin" in page.text
    session.rollback()
    assert session.get(User, admin.id).role == "admin"


def test_audit_log_records_sign_ins_and_changes(client, auth, session):
    client.post("/staff/login", data={"email": "admin@example.com", "password": "wrong!"})
    auth.login("admin")
    viewer, _ = auth.create("viewer")
    viewer = session.exec(select(User).where(User.email == viewer)).one()
    client.post(f"/staff/admin/users/{viewer.id}", data={"role": "agent", "active": "y"})
    page = client.get("/staff/admin/audit").text
    for action in ("auth.login_failed", "auth.login", "user.changed"):
        assert action in page
    only = client.get("/staff/admin/audit?action=user.changed").text
    assert "auth.login_failed" not in only.split("<tbody>")[1]
    assert client.get("/staff/admin/audit?since=not-a-date").status_code == 200
