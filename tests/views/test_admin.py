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
