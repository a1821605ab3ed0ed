"""Staff login, roles, safe redirects, CSRF and rate limiting."""

import re

import pytest

from tests.conftest import TEST_SECRET


def test_login_page_renders(client):
    page = client.get("/staff/login")
    assert page.status_code == 200
    assert b'name="email"' in page.data and b'autocomplete="current-password"' in page.data


def test_login_and_logout(client, auth):
    response = auth.login("viewer")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/")
    home = client.get("/staff/")
    assert home.status_code == 200 and b"viewer@example.com" in home.data
    auth.logout()
    assert client.get("/staff/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part(client, auth):
    email, _ = auth.create("analyst")
    response = client.post("/staff/login", data={"email": email, "password": "wrong password!"})
    assert response.status_code == 401
    assert b"E-mail or password is not right" in response.data
    unknown = client.post("/staff/login", data={"email": "no@example.com", "password": "x" * 12})
    assert unknown.status_code == 401


def test_inactive_user_cannot_log_in(client, auth, session):
    from sqlmodel import select

    from app.models import User

    email, password = auth.create("admin")
    user = session.exec(select(User).where(User.email == email)).one()
    user.active = False
    session.add(user)
    session.commit()
    response = client.post("/staff/login", data={"email": email, "password": password})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/staff/", "/staff/"),
        ("https://evil.example/phish", "/staff/"),
        ("//evil.example/x", "/staff/"),
        ("/\\evil.example", "/staff/"),
        ("javascript:alert(1)", "/staff/"),
    ],
)
def test_next_redirect_stays_on_site(client, auth, target, expected):
    email, password = auth.create("viewer")
    response = client.post(
        "/staff/login", data={"email": email, "password": password, "next": target}
    )
    assert response.headers["Location"] == expected


def test_login_required_redirects_with_next(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/staff/login?next=" in response.headers["Location"]


def test_roles_are_ranked(session, auth):
    from sqlmodel import select

    from app.models import User

    auth.create("viewer")
    auth.create("admin")
    viewer = session.exec(select(User).where(User.role == "viewer")).one()
    admin = session.exec(select(User).where(User.role == "admin")).one()
    assert viewer.has_role("viewer") and not viewer.has_role("analyst")
    assert admin.has_role("analyst") and admin.has_role("admin")


def test_role_decorator_forbids_lower_roles(app, client, auth):
    from app.views.access import role_required

    @app.get("/staff/_admin_only")
    @role_required("admin")
    def _admin_only():
        return "secret"

    auth.login("analyst")
    assert client.get("/staff/_admin_only").status_code == 403
    auth.logout()
    auth.login("admin")
    assert client.get("/staff/_admin_only").data == b"secret"


def test_csrf_is_enforced(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    refused = client.post("/staff/login", data={"email": "a@example.com", "password": "x" * 12})
    assert refused.status_code == 400
    assert b"expired" in refused.data
    page = client.get("/staff/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    accepted = client.post(
        "/staff/login", data={"email": "a@example.com", "password": "x" * 12, "csrf_token": token}
    )
    assert accepted.status_code == 401  # got past CSRF to the credential check


def test_login_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [
        client.post(
            "/staff/login", data={"email": "a@example.com", "password": "x" * 12}
        ).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [401, 401, 401]
    assert codes[3:] == [429, 429]
    assert TEST_SECRET  # the fixture's key is long enough for production validation
