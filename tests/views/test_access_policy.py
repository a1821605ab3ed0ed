"""Access control by enumeration: every route the app serves has a declared policy, and
anonymous callers, each staff role and each API scope get exactly what it says.

A new route without an entry in POLICY fails ``test_every_route_has_a_declared_policy``;
that is the point — whoever adds a route decides who may use it, here, in one table.
"""

from __future__ import annotations

import re

import pytest

from app.models.users import ROLE_RANK
from app.services.users import create_api_token, create_user

# endpoint → who may use it:
#   "public"        anyone, no login (customers' pages, probes, static files)
#   "staff"         any signed-in staff member
#   a role name     that role and the ones above it (viewer < agent < analyst < admin)
#   "scope:NAME"    an API token holding that scope
#   "scope:none"    the API without a token (its own document)
POLICY: dict[str, str] = {
    "static": "public",
    "main.index": "public",
    "main.favicon": "public",
    "main.healthz": "public",
    "main.readyz": "public",
    "auth.login": "public",
    "auth.logout": "public",
    "account.forgot": "public",
    "account.reset": "public",
    "account.password": "staff",
    "account.set_password": "admin",
    "two_factor.code": "public",
    "two_factor.enrol": "staff",
    "two_factor.disable": "staff",
    "surveys.survey": "public",
    "surveys.draft": "public",
    "surveys.thanks": "public",
    "complaints.form": "public",
    "complaints.sent": "public",
    "complaints.status": "public",
    "unsubscribe.confirm": "public",
    "unsubscribe.unsubscribe": "public",
    "main.staff_home": "staff",
    "auth.keepalive": "staff",
    "board.index": "viewer",
    "board.archived": "viewer",
    "board.card": "viewer",
    "board.new_idea": "agent",
    "board.new": "analyst",
    "board.edit": "analyst",
    "board.move": "analyst",
    "board.iteration": "analyst",
    "board.decide": "analyst",
    "board.link_theme": "analyst",
    "board.unlink_theme": "analyst",
    "board.archive": "analyst",
    "cases.queue": "agent",
    "cases.detail": "agent",
    "cases.claim": "agent",
    "cases.assign": "agent",
    "cases.log": "agent",
    "cases.reply": "agent",
    "cases.close": "agent",
    "cases.reopen": "agent",
    "themes.triage": "analyst",
    "themes.detail": "analyst",
    "themes.rename": "analyst",
    "themes.status": "analyst",
    "themes.dismiss": "analyst",
    "themes.pin": "analyst",
    "themes.merge": "analyst",
    "themes.merge_into": "analyst",
    "themes.split": "analyst",
    "themes.split_segments": "analyst",
    "themes.split_group": "analyst",
    "themes.finish_session": "analyst",
    "themes.decide_suggestion": "analyst",
    "trends.index": "viewer",
    "trends.trends_csv": "viewer",
    "trends.journey": "viewer",
    "trends.journey_csv": "viewer",
    "exports.download": "analyst",
    "admin.users": "admin",
    "admin.outbox": "admin",
    "admin.retry_message": "admin",
    "admin.tokens": "admin",
    "admin.revoke_token": "admin",
    "admin.webhooks": "admin",
    "admin.webhook": "admin",
    "admin.enable_webhook": "admin",
    "admin.remove_webhook": "admin",
    "admin.replay_webhook": "admin",
    "privacy.index": "admin",
    "setup.touchpoints": "admin",
    "setup.retention_settings": "admin",
    "setup.run_retention": "admin",
    "setup.change_touchpoint": "admin",
    "setup.surveys": "admin",
    "setup.survey_preview": "admin",
    "setup.activate_survey": "admin",
    "admin.change_user": "admin",
    "admin.audit_log": "admin",
    "privacy.export": "admin",
    "privacy.erase": "admin",
    "api.getOpenApi": "scope:none",
    "api.createContact": "scope:ingest",
    "api.createFeedback": "scope:ingest",
    "api.createComplaint": "scope:ingest",
    "api.getContact": "scope:read",
    "api.listResponses": "scope:read",
    "api.listThemes": "scope:read",
    "api.listActions": "scope:read",
}

# Form posts that do not take the app-wide CSRF check, and why.
OWN_CSRF = {
    # The survey form checks its own token after finding the link, so that a lost session
    # re-renders with the answers (tests/views/test_surveys.py covers the refusal).
    "surveys.survey": "form",
    "surveys.draft": "form",
    # RFC 8058 one-click unsubscribe: mail clients post without any token, by design.
    "unsubscribe.unsubscribe": "one-click",
}

ROLES = sorted(ROLE_RANK, key=ROLE_RANK.get)
SAMPLE_ARGS = {"token": "not-a-real-token", "external_id": "nobody", "filename": "favicon.svg"}


def _routes(app):
    """(url, method, endpoint) for every rule and method, with made-up arguments: the
    policy is checked before any object is looked up, so an unknown id is fine."""
    found = []
    for rule in app.url_map.iter_rules():
        args = {name: SAMPLE_ARGS.get(name, 999_999) for name in rule.arguments}
        url = rule.build(args)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((url, method, rule.endpoint))
    return found


def _refused_as_anonymous(response) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code == 401 or (
        response.status_code in (302, 303) and "/staff/login" in location
    )


def _call(client, method, url, **kwargs):
    response = client.open(url, method=method, **kwargs)
    response.close()  # static files are streamed
    return response


def test_every_route_has_a_declared_policy(app):
    endpoints = {endpoint for _, _, endpoint in _routes(app)}
    undeclared = sorted(endpoints - set(POLICY))
    assert not undeclared, f"declare who may use these routes in POLICY: {undeclared}"
    assert not sorted(set(POLICY) - endpoints), "POLICY names routes that no longer exist"


def test_anonymous_callers_reach_only_public_routes(app, subtests):
    client = app.test_client()
    for url, method, endpoint in _routes(app):
        policy = POLICY[endpoint]
        with subtests.test(endpoint=endpoint, method=method):
            response = _call(client, method, url)
            if endpoint in ("auth.logout", "two_factor.code"):
                # Signing out, or the code step without a password first: to the login page.
                assert response.status_code in (302, 303)
            elif policy in ("public", "scope:none"):
                assert not _refused_as_anonymous(response) and response.status_code != 403
            elif policy.startswith("scope:"):
                assert response.status_code == 401
                assert response.headers["WWW-Authenticate"].startswith("Bearer")
            else:
                assert _refused_as_anonymous(response), response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_policy_says(make_app, session, role, subtests):
    app = make_app()
    client = app.test_client()
    email = f"{role}@example.com"
    create_user(session=session, email=email, password="a long good password", role=role)
    signed_in = client.post(
        "/staff/login", data={"email": email, "password": "a long good password"}
    )
    assert signed_in.status_code == 302
    for url, method, endpoint in _routes(app):
        policy = POLICY[endpoint]
        if policy in ("public", "scope:none") or policy.startswith("scope:"):
            continue
        if endpoint == "auth.logout":
            continue
        with subtests.test(endpoint=endpoint, method=method):
            response = _call(client, method, url)
            allowed = policy == "staff" or ROLE_RANK[role] >= ROLE_RANK[policy]
            assert not _refused_as_anonymous(response), "the session was lost"
            if allowed:
                assert response.status_code != 403, response.status_code
            else:
                assert response.status_code == 403


@pytest.mark.parametrize("scopes", [["read"], ["ingest"], ["read", "ingest"]])
def test_each_api_scope_gets_what_the_policy_says(app, session, scopes, subtests):
    _, secret = create_api_token(session=session, name="-".join(scopes), scopes=scopes)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    for url, method, endpoint in _routes(app):
        policy = POLICY[endpoint]
        if not policy.startswith("scope:") or policy == "scope:none":
            continue
        with subtests.test(endpoint=endpoint, method=method):
            response = _call(client, method, url, headers=headers, json={})
            if policy.removeprefix("scope:") in scopes:
                assert response.status_code not in (401, 403), response.status_code
            else:
                assert response.status_code == 403
                assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]


def test_every_form_post_needs_a_csrf_token(make_app, session, subtests):
    """With CSRF on, each state-changing browser route refuses a post without the token,
    even from a signed-in admin who may use every route."""
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    create_user(
        session=session, email="root@example.com", password="a long good password", role="admin"
    )
    page = client.get("/staff/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    signed_in = client.post(
        "/staff/login",
        data={"email": "root@example.com", "password": "a long good password", "csrf_token": token},
    )
    assert signed_in.status_code == 302
    posts = [
        (url, endpoint)
        for url, method, endpoint in _routes(app)
        if method == "POST"
        and not POLICY[endpoint].startswith("scope:")
        and endpoint not in OWN_CSRF
    ]
    assert len(posts) > 30
    for url, endpoint in posts:
        with subtests.test(endpoint=endpoint):
            response = client.post(url, data={"anything": "x"})
            assert response.status_code == 400, response.status_code
