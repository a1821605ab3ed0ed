"""Changing one's password, the forced change after an admin set it, and re-authentication
before creating an admin or an API token."""

from __future__ import annotations

from sqlmodel import select

from app.models import AuditLog, User
from app.services import passwords
from app.services.users import create_user
from app.views import account

GOOD = "violet kettle harbour 42"
BETTER = "seven quiet lanterns drift"


def _user(session, email="kim@example.com", role="viewer", **kwargs):
    return create_user(session=session, email=email, password=GOOD, role=role, **kwargs)


def _sign_in(client, email="kim@example.com", password=GOOD):
    return client.post("/staff/login", data={"email": email, "password": password})


def test_policy_refuses_short_common_and_own_address():
    cases = {
        "short pass": "at least 12 characters",
        "Qwerty123456": "most common",  # on the list, in any case
        "iloveyou1234!": "most common",  # a listed one with digits added
        "kim.lee@example.com": "e-mail address",
    }
    for password, reason in cases.items():
        try:
            passwords.check(password, email="kim.lee@example.com")
        except passwords.PasswordPolicyError as exc:
            assert reason in str(exc), (password, str(exc))
        else:
            raise AssertionError(f"{password!r} was accepted")
    passwords.check(GOOD, email="kim.lee@example.com")
    assert len(passwords.common_passwords()) > 19_000


def test_change_password_ends_other_sessions_and_keeps_this_one(make_app, session):
    app = make_app()
    _user(session)
    here, elsewhere = app.test_client(), app.test_client()
    assert _sign_in(here).status_code == 302 and _sign_in(elsewhere).status_code == 302
    page = here.get("/staff/account/password")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    done = here.post(
        "/staff/account/password", data={"current": GOOD, "new": BETTER, "repeat": BETTER}
    )
    assert done.status_code == 302
    assert here.get("/staff/").status_code == 200  # still signed in
    assert elsewhere.get("/staff/").status_code == 302  # the other session ended
    session.rollback()
    session.expire_all()
    assert _sign_in(app.test_client(), password=BETTER).status_code == 302
    entry = session.exec(select(AuditLog).where(AuditLog.action == "user.password_changed")).one()
    assert BETTER not in str(entry.detail) and GOOD not in str(entry.detail)


def test_change_password_says_why_in_the_users_language(client, session):
    _user(session)
    _sign_in(client)
    wrong = client.post(
        "/staff/account/password",
        data={"current": "not it at all", "new": BETTER, "repeat": BETTER},
    )
    assert wrong.status_code == 400 and "current password is not right" in wrong.text
    mismatch = client.post(
        "/staff/account/password", data={"current": GOOD, "new": BETTER, "repeat": BETTER + "x"}
    )
    assert mismatch.status_code == 400 and "not the same" in mismatch.text
    common = client.post(
        "/staff/account/password?lang=de",
        data={"current": GOOD, "new": "password1234", "repeat": "password1234"},
    )
    assert common.status_code == 400
    assert 'lang="de"' in common.text and "häufigsten" in common.text
    session.rollback()
    session.expire_all()
    assert _sign_in(client).status_code == 302  # nothing changed


def test_an_admin_set_password_must_be_changed_first(client, session, auth):
    auth.login("admin")
    created = client.post(
        "/staff/admin/users",
        data={"email": "new@example.com", "name": "New", "role": "viewer", "password": GOOD},
    )
    assert created.status_code == 302
    session.expire_all()
    user = session.exec(select(User).where(User.email == "new@example.com")).one()
    assert user.must_change_password
    auth.logout()
    assert _sign_in(client, "new@example.com").status_code == 302
    for path in ("/staff/", "/staff/board", "/staff/trends"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].endswith("/staff/account/password")
    assert "choose your own" in client.get("/staff/account/password").text
    static = client.get("/static/css/voxloop.css")
    static.close()
    assert static.status_code == 200
    changed = client.post(
        "/staff/account/password", data={"current": GOOD, "new": BETTER, "repeat": BETTER}
    )
    assert changed.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert client.post("/staff/logout").status_code == 302


def test_admin_sets_a_password_policy_applied(client, session, auth):
    auth.login("admin")
    kim = _user(session)
    weak = client.post(f"/staff/admin/users/{kim.id}/password", data={"password": "qwerty123456"})
    assert weak.status_code == 302
    assert "most common" in client.get("/staff/admin/users").text
    done = client.post(
        f"/staff/admin/users/{kim.id}/password", data={"password": BETTER}, follow_redirects=True
    )
    assert "their next sign-in" in done.text
    session.expire_all()
    kim = session.get(User, kim.id)
    assert kim.must_change_password and kim.session_version == 2


def test_admin_creation_refuses_a_common_password_and_keeps_the_rest(client, auth):
    auth.login("admin")
    page = client.post(
        "/staff/admin/users",
        data={
            "email": "ana@example.com",
            "name": "Ana",
            "role": "analyst",
            "password": "justinbieber",
        },
    )
    assert page.status_code == 400 and "most common" in page.text
    assert 'value="ana@example.com"' in page.text and 'value="Ana"' in page.text


def _age_sign_in(client):
    with client.session_transaction() as cookie:
        cookie[account.SIGNED_IN_AT] = 0  # long ago (the session itself is fresh)


def test_creating_a_token_needs_a_recent_sign_in_or_the_password(client, session, auth):
    auth.login("admin")
    data = {"name": "shop system", "scopes": ["ingest"]}
    fresh = client.post("/staff/admin/tokens", data=data)
    assert fresh.status_code == 200 and "vxl_" in fresh.text
    _age_sign_in(client)
    refused = client.post("/staff/admin/tokens", data={**data, "name": "crm"})
    assert refused.status_code == 400 and "current password" in refused.text
    assert 'value="crm"' in refused.text  # nothing typed is lost
    wrong = client.post("/staff/admin/tokens", data={**data, "name": "crm", "reauth": "nope"})
    assert wrong.status_code == 400
    password = "correct horse admin battery"
    done = client.post("/staff/admin/tokens", data={**data, "name": "crm", "reauth": password})
    assert done.status_code == 200 and "vxl_" in done.text


def test_creating_an_admin_needs_a_recent_sign_in_or_the_password(client, session, auth):
    auth.login("admin")
    _age_sign_in(client)
    data = {"email": "boss@example.com", "name": "Boss", "role": "admin", "password": GOOD}
    refused = client.post("/staff/admin/users?lang=de", data=data)
    assert refused.status_code == 400 and "aktuelles Passwort" in refused.text
    assert 'value="boss@example.com"' in refused.text
    viewer = client.post(
        "/staff/admin/users", data={**data, "email": "v@example.com", "role": "viewer"}
    )
    assert viewer.status_code == 302  # only admins need it
    done = client.post("/staff/admin/users", data={**data, "reauth": "correct horse admin battery"})
    assert done.status_code == 302


def test_cli_creation_applies_the_policy(runner):
    result = runner.invoke(
        args=["users", "create", "--email", "ops@example.com", "--role", "admin"],
        input="password1234\npassword1234\n",
    )
    assert result.exit_code != 0 and "most common" in result.output
