"""The API's other resources: feedback and complaints in, lists out, idempotency, limits."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from app.models import (
    ApiToken,
    Complaint,
    FeedbackItem,
    IdempotencyKey,
    ImprovementAction,
    Theme,
    ThemeSignal,
)
from app.models.base import utcnow
from app.services.touchpoints import ensure_defaults
from app.services.users import create_api_token


@pytest.fixture
def headers(session):
    ensure_defaults(session=session)
    _, secret = create_api_token(session=session, name="helpdesk", scopes=["ingest", "read"])
    return {"Authorization": f"Bearer {secret}"}


def test_feedback_is_redacted_and_idempotent_on_external_id(client, headers, session):
    body = {
        "text": "Courier left it in the rain. Call me on +49 30 1234567.",
        "source": "helpdesk",
        "external_id": "zd-1",
        "touchpoint": "delivery",
        "occurred_at": "2025-12-01T10:00:00+01:00",
        "score_kind": "csat",
        "score": 2,
    }
    first = client.post("/api/v1/feedback", json=body, headers=headers)
    assert first.status_code == 201, first.json
    assert first.json["created"] and first.json["redactions"] == 1
    again = client.post("/api/v1/feedback", json=body, headers=headers)
    assert again.status_code == 200 and again.json == {**first.json, "created": False}
    item = session.exec(select(FeedbackItem)).one()
    assert "[PHONE]" in item.text and "1234567" not in item.text
    assert (item.source, item.score_kind, item.score) == ("helpdesk", "csat", 2)
    assert item.occurred_at == datetime(2025, 12, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": ""}, "text"),
        ({"score": 4}, "body"),
        ({"score_kind": "nps", "score": 11}, "body"),
        ({"touchpoint": "moon"}, "touchpoint"),
        ({"source": "Help Desk"}, "source"),
        ({"occurred_at": "2025-12-01T10:00:00"}, "occurred_at"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_feedback_is_named(client, headers, change, field):
    response = client.post("/api/v1/feedback", json={"text": "ok", **change}, headers=headers)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert field in response.json["errors"]


def test_complaint_through_the_api(client, headers, session):
    body = {
        "description": "Only pick-up offered.",
        "touchpoint": "website_order",
        "contact_preference": "email",
        "contact_email": "anna@example.org",
        "consent_contact": True,
    }
    response = client.post("/api/v1/complaints", json=body, headers=headers)
    assert response.status_code == 201
    data = response.json
    assert data["reference"].startswith("VX-") and data["status"] == "received"
    assert data["status_url"].endswith(f"/complaint/status?ref={data['reference']}")
    complaint = session.exec(select(Complaint)).one()
    assert complaint.source == "api" and complaint.contact_email == "anna@example.org"
    status = client.post(
        "/complaint/status", data={"reference": data["reference"], "secret": data["secret"]}
    )
    assert status.status_code == 200


def test_lists_page_by_cursor_and_filter_by_update(client, headers, session):
    base = datetime(2025, 11, 1, tzinfo=UTC)
    for n in range(5):
        session.add(Theme(label_auto=f"Theme {n}", size=3, updated_at=base + timedelta(days=n)))
    session.commit()
    session.add(
        ThemeSignal(
            theme_id=1,
            week_start=base.date(),
            count=7,
            expected=1.0,
            lift=7.0,
            p_value=0.0,
            q_value=0.0,
            flagged=True,
        )
    )
    session.commit()
    seen, cursor = [], None
    while True:
        url = "/api/v1/themes?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url, headers=headers).json
        seen += [item["label"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"Theme {n}" for n in range(5)]  # every one once, in order
    first = client.get("/api/v1/themes", headers=headers).json["items"][0]
    assert first["emerging"] and first["weekly"] == [{"week_start": "2025-11-01", "count": 7}]
    since = client.get("/api/v1/themes?updated_since=2025-11-04T00:00:00Z", headers=headers).json
    assert [item["label"] for item in since["items"]] == ["Theme 3", "Theme 4"]
    bad = client.get("/api/v1/themes?cursor=not-ours", headers=headers)
    assert bad.status_code == 422 and "cursor" in bad.json["errors"]
    naive = client.get("/api/v1/themes?updated_since=2025-11-04T00:00:00", headers=headers)
    assert naive.status_code == 422 and "updated_since" in naive.json["errors"]
    too_many = client.get("/api/v1/themes?limit=1000", headers=headers)
    assert too_many.status_code == 422 and "limit" in too_many.json["errors"]


def test_actions_and_responses_lists(client, headers, session):
    session.add(ImprovementAction(title="Offer delivery", stage="plan"))
    session.commit()
    actions = client.get("/api/v1/actions", headers=headers).json["items"]
    assert actions[0]["title"] == "Offer delivery" and actions[0]["verdict"] == "too_little_data"
    assert client.get("/api/v1/responses", headers=headers).json == {
        "items": [],
        "next_cursor": None,
    }


def test_idempotency_key_replays_the_first_answer(client, headers, session):
    body = {"text": "Replay me.", "source": "app_review"}
    key = {**headers, "Idempotency-Key": "7f1c"}
    first = client.post("/api/v1/feedback", json=body, headers=key)
    second = client.post("/api/v1/feedback", json=body, headers=key)
    assert first.status_code == second.status_code == 201
    assert second.json == first.json and second.headers["Idempotent-Replayed"] == "true"
    assert len(session.exec(select(FeedbackItem)).all()) == 1
    other = client.post("/api/v1/feedback", json={**body, "text": "Else."}, headers=key)
    assert other.status_code == 422 and "Idempotency-Key" in other.json["errors"]


def test_a_refused_request_frees_its_key(client, headers, session):
    key = {**headers, "Idempotency-Key": "k-1"}
    assert client.post("/api/v1/feedback", json={"text": ""}, headers=key).status_code == 422
    assert session.exec(select(IdempotencyKey)).all() == []


def test_concurrent_requests_with_one_key_act_once(app, headers, session):
    barrier, statuses = threading.Barrier(6), []
    body = {"description": "Twice?", "contact_preference": "none"}

    def send():
        client = app.test_client()
        barrier.wait()
        response = client.post(
            "/api/v1/complaints", json=body, headers={**headers, "Idempotency-Key": "same"}
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(session.exec(select(Complaint)).all()) == 1
    assert statuses.count(201) >= 1 and set(statuses) <= {201, 409}


def test_expired_tokens_are_refused(client, session):
    ensure_defaults(session=session)
    token, secret = create_api_token(
        session=session, name="old", scopes=["read"], expires_at=utcnow() + timedelta(days=1)
    )
    header = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/themes", headers=header).status_code == 200
    token.expires_at = utcnow() - timedelta(seconds=1)
    session.add(token)
    session.commit()
    response = client.get("/api/v1/themes", headers=header)
    assert response.status_code == 401 and "expired" in response.json["detail"]


def test_rate_limit_per_token(make_app, session):
    ensure_defaults(session=session)
    app = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
    client = app.test_client()
    _, first = create_api_token(session=session, name="a", scopes=["read"])
    _, second = create_api_token(session=session, name="b", scopes=["read"])
    answers = [
        client.get("/api/v1/themes", headers={"Authorization": f"Bearer {first}"}) for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert (
        answers[-1].mimetype == "application/problem+json" and "Retry-After" in answers[-1].headers
    )
    # Another token has its own budget.
    assert (
        client.get("/api/v1/themes", headers={"Authorization": f"Bearer {second}"}).status_code
        == 200
    )


def test_wrong_method_says_what_is_allowed(client, headers):
    response = client.delete("/api/v1/contacts", headers=headers)
    assert response.status_code == 405 and "POST" in response.headers["Allow"]
    assert response.mimetype == "application/problem+json"
    missing = client.get("/api/v1/nothing-here", headers=headers)
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


def test_tokens_cli_lists_and_revokes(runner, session):
    token, _ = create_api_token(session=session, name="crm", scopes=["read"])
    listed = runner.invoke(args=["tokens", "list"])
    assert listed.exit_code == 0 and token.prefix in listed.output and "crm" in listed.output
    revoked = runner.invoke(args=["tokens", "revoke", token.prefix])
    assert revoked.exit_code == 0
    session.expire_all()
    assert session.get(ApiToken, token.id).revoked_at is not None
    assert runner.invoke(args=["tokens", "revoke", "nope"]).exit_code != 0
    created = runner.invoke(
        args=["tokens", "create", "--name", "x", "--scope", "read", "--expires", "2099-01-01"]
    )
    assert created.exit_code == 0
    session.rollback()  # a fresh read: the command wrote after this session last read
    assert session.exec(select(ApiToken).where(ApiToken.name == "x")).one().expires_at.year == 2099
