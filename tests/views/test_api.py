"""The JSON API: contacts in, tokens, idempotency under concurrency, errors, OpenAPI."""

import base64
import re
import threading
from datetime import timedelta

import pytest
from sqlmodel import select

from app import create_app
from app.db import get_engine
from app.models import AuditLog, Contact, ContactEmail, Invitation, Response, SurveyVersion
from app.models.base import utcnow
from app.models.touchpoints import ContactCreate
from app.services.references import hash_secret
from app.services.touchpoints import ensure_defaults
from app.services.users import create_api_token

CONTACT = {"external_id": "ticket-1", "touchpoint": "phone_support", "channel": "phone"}


@pytest.fixture
def token(session):
    """A token's header with both scopes (a helpdesk that writes and reads back)."""
    ensure_defaults(session=session)
    _, secret = create_api_token(session=session, name="helpdesk", scopes=["ingest", "read"])
    return {"Authorization": f"Bearer {secret}"}


def _post(client, token, body=None, **kwargs):
    return client.post("/api/v1/contacts", json=body, headers=token, **kwargs)


def test_created_contact_gets_a_working_survey_link(client, token, session, app):
    body = {
        **CONTACT,
        "team": "Team A",
        "customer_ref": "cust-1",
        "occurred_at": "2026-03-01T14:30:00+01:00",
        "email": "Anna@Example.org",
        "language": "de",
    }
    response = _post(client, token, body)
    assert response.status_code == 201, response.json
    data = response.json
    assert data["invited"] is True and data["reason"] is None
    assert response.headers["Location"] == "/api/v1/contacts/ticket-1"
    prefix = app.config["PUBLIC_BASE_URL"] + "/s/"
    assert data["survey_url"].startswith(prefix)
    secret = data["survey_url"][len(prefix) :]
    assert re.fullmatch(r"[A-Za-z0-9_-]+", secret)
    assert len(base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))) * 8 >= 128

    invitation = session.exec(select(Invitation)).one()
    assert invitation.token_hash == hash_secret(secret) and secret not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    assert data["invitation_expires_at"] == invitation.expires_at.isoformat().replace("+00:00", "Z")
    assert invitation.language == "de"
    assert session.get(SurveyVersion, invitation.survey_version_id).key == "post_contact"
    contact = session.get(Contact, data["contact_id"])
    assert (contact.external_id, contact.channel, contact.team) == ("ticket-1", "phone", "Team A")
    assert contact.occurred_at.isoformat() == "2026-03-01T13:30:00+00:00"
    assert session.get(ContactEmail, contact.id).email == "anna@example.org"
    # The token's creation is audited too; the API call is one entry of its own.
    audit = session.exec(select(AuditLog).where(AuditLog.action == "contact.create")).one()
    assert audit.object_id == str(contact.id)
    assert audit.token_id is not None and "anna" not in str(audit.detail)


def test_defaults_language_time_and_survey(client, token, session, app):
    app.config["BABEL_DEFAULT_LOCALE"] = "de"
    before = utcnow()
    assert _post(client, token, {**CONTACT, "survey": "nps"}).status_code == 201
    invitation = session.exec(select(Invitation)).one()
    assert invitation.language == "de"
    assert session.get(SurveyVersion, invitation.survey_version_id).key == "nps"
    assert session.exec(select(Contact)).one().occurred_at >= before


def test_repeat_returns_the_same_contact_without_a_new_link(client, token, session):
    first = _post(client, token, CONTACT)
    second = _post(client, token, {**CONTACT, "channel": "web"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json["contact_id"] == first.json["contact_id"]
    assert second.json["survey_url"] is None
    assert (second.json["invited"], second.json["reason"]) == (False, "duplicate")
    assert second.json["invitation_expires_at"] == first.json["invitation_expires_at"]
    assert len(session.exec(select(Contact)).all()) == 1
    assert len(session.exec(select(Invitation)).all()) == 1
    assert session.exec(select(Contact)).one().channel == "phone"


def test_parallel_repeats_record_one_contact(app, token, session):
    """Ten clients send the same external_id at once; the database decides who wins."""
    barrier = threading.Barrier(10)
    statuses: list[int] = []

    def send() -> None:
        client = app.test_client()
        barrier.wait()
        statuses.append(_post(client, token, CONTACT).status_code)

    threads = [threading.Thread(target=send) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200] * 9 + [201]
    assert len(session.exec(select(Contact)).all()) == 1
    assert len(session.exec(select(Invitation)).all()) == 1


def test_customer_is_invited_at_most_once_per_interval(client, token, session):
    first = _post(client, token, {**CONTACT, "customer_ref": "cust-7"})
    again = _post(client, token, {**CONTACT, "external_id": "ticket-2", "customer_ref": "cust-7"})
    other = _post(client, token, {**CONTACT, "external_id": "ticket-3", "customer_ref": "cust-8"})
    assert first.json["invited"] and other.json["invited"]
    assert again.status_code == 201
    assert (again.json["invited"], again.json["reason"]) == (False, "recently_invited")
    assert again.json["survey_url"] is None and again.json["invitation_expires_at"] is None
    assert len(session.exec(select(Contact)).all()) == 3

    for invitation in session.exec(select(Invitation)):
        invitation.created_at = utcnow() - timedelta(days=31)
        session.add(invitation)
    session.commit()
    later = _post(client, token, {**CONTACT, "external_id": "ticket-4", "customer_ref": "cust-7"})
    assert later.json["invited"] is True


INVALID_FIELDS = [
    ({"touchpoint": "hotline"}, "touchpoint", "Unknown touchpoint 'hotline'; known: website_"),
    ({"channel": "fax"}, "channel", "Unknown channel 'fax'; use one of web, phone"),
    ({"occurred_at": "yesterday"}, "occurred_at", "is not an ISO 8601 date-time"),
    ({"occurred_at": "2026-03-01T14:30:00"}, "occurred_at", "has no UTC offset"),
    ({"occurred_at": 1772371800}, "occurred_at", "Must be an ISO 8601 date-time string"),
    ({"occurred_at": "2999-01-01T00:00:00Z"}, "occurred_at", "lies in the future"),
    ({"external_id": None}, "external_id", "Must be a string, got null"),
    ({"external_id": "  "}, "external_id", "Must not be empty"),
    ({"external_id": 42}, "external_id", "Must be a string, got a number"),
    ({"external_id": "x" * 121}, "external_id", "at most 120 characters, got 121"),
    ({"external_id": "a\nb"}, "external_id", "control characters"),
    ({"external_id": "a\ud800"}, "external_id", "lone surrogate"),
    ({"channel": ["phone"]}, "channel", "Must be a string, got an array"),
    ({"team": True}, "team", "Must be a string, got a boolean"),
    ({"language": "fr"}, "language", "Unknown language 'fr'; use one of de, en"),
    ({"survey": "nope"}, "survey", "Unknown survey 'nope'; known: ces, nps, post_contact"),
    ({"email": "not-an-address"}, "email", "is not a valid e-mail address"),
    ({"priority": "high"}, "priority", "Unknown field; the fields are external_id"),
]


def test_invalid_fields_are_named_with_the_fix(client, token, session, subtests):
    # One test with subtests, not parametrize: each case needs no fresh database.
    for change, field, expected in INVALID_FIELDS:
        with subtests.test(msg=str(change)):
            response = _post(client, token, {**CONTACT, **change})
            assert response.status_code == 422
            assert response.mimetype == "application/problem+json"
            problem = response.json
            assert problem["status"] == 422 and field in problem["detail"]
            assert expected in problem["errors"][field]
    assert session.exec(select(Contact)).first() is None


def test_missing_fields_are_all_reported_at_once(client, token):
    response = _post(client, token, {"channel": "fax"})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"external_id", "touchpoint", "channel"}
    assert response.json["errors"]["external_id"] == "Required; give a value."


def test_markup_is_stored_and_returned_verbatim(client, token, session):
    script = "<script>alert('x')</script> & <b>"
    body = {**CONTACT, "external_id": "<img src=x onerror=alert(1)>", "team": script}
    assert _post(client, token, body).status_code == 201
    assert session.exec(select(Contact)).one().team == script
    response = client.get("/api/v1/contacts/<img src=x onerror=alert(1)>", headers=token)
    assert response.mimetype == "application/json" and response.json["team"] == script
    assert response.headers["X-Content-Type-Options"] == "nosniff"


UNREADABLE_BODIES = [
    (b"{" + b" " * 70_000 + b"}", "application/json", 413, "larger than 64 KB"),
    (b'{"external_id": "caf\xe9"}', "application/json", 400, "not valid UTF-8"),
    (b"external_id=1", "application/x-www-form-urlencoded", 415, "Content-Type"),
    (b'{"external_id": ', "application/json", 400, "not valid JSON"),
    (b'{"team": NaN}', "application/json", 400, "NaN is not valid JSON"),
    (b'{"team": "a", "team": "b"}', "application/json", 400, "'team' appears twice"),
    (b'["ticket-1"]', "application/json", 400, "must be a JSON object"),
]


def test_unreadable_bodies_are_refused_clearly(client, token, subtests):
    for data, content_type, status, expected in UNREADABLE_BODIES:
        with subtests.test(msg=expected):
            response = client.post(
                "/api/v1/contacts", data=data, content_type=content_type, headers=token
            )
            assert response.status_code == status
            problem = response.json
            assert problem["status"] == status and expected in problem["detail"]


def test_tokens_are_required_and_scoped(client, token, session):
    missing = client.post("/api/v1/contacts", json=CONTACT)
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = _post(client, {"Authorization": "Bearer vxl_not-a-real-token"}, CONTACT)
    assert wrong.status_code == 401 and 'error="invalid_token"' in wrong.headers["WWW-Authenticate"]
    basic = _post(client, {"Authorization": "Basic dXNlcjpwYXNz"}, CONTACT)
    assert basic.status_code == 401

    reader, read_secret = create_api_token(session=session, name="bi", scopes=["read"])
    read_header = {"Authorization": f"Bearer {read_secret}"}
    refused = _post(client, read_header, CONTACT)
    assert refused.status_code == 403 and "scope ingest" in refused.json["detail"]
    assert _post(client, token, CONTACT).status_code == 201
    assert client.get("/api/v1/contacts/ticket-1", headers=read_header).status_code == 200
    # An ingest-only token writes but cannot read what others stored.
    _, write_secret = create_api_token(session=session, name="shop", scopes=["ingest"])
    writer = {"Authorization": f"Bearer {write_secret}"}
    assert client.get("/api/v1/contacts/ticket-1", headers=writer).status_code == 403
    assert client.get("/api/v1/themes", headers=writer).status_code == 403

    reader.revoked_at = utcnow()
    session.add(reader)
    session.commit()
    revoked = client.get("/api/v1/contacts/ticket-1", headers=read_header)
    assert revoked.status_code == 401 and "WWW-Authenticate" in revoked.headers
    assert session.exec(select(Contact)).one().external_id == "ticket-1"


def test_api_needs_no_csrf_token(app_config, token, tmp_path, monkeypatch):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path / "csrf"))
    protected = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    try:
        assert protected.test_client().post("/staff/login", data={}).status_code == 400
        assert _post(protected.test_client(), token, CONTACT).status_code == 201
    finally:
        get_engine(protected).dispose()


def test_contact_status_tells_whether_the_customer_responded(client, token, session):
    body = {**CONTACT, "external_id": "shop/order/9", "customer_ref": "c9"}
    created = _post(client, token, body).json
    url = "/api/v1/contacts/shop/order/9"
    status = client.get(url, headers=token)
    assert status.status_code == 200
    assert status.json["contact_id"] == created["contact_id"]
    assert status.json["touchpoint"] == "phone_support" and status.json["customer_ref"] == "c9"
    assert status.json["invited"] is True and status.json["responded"] is False
    assert status.json["invitation_expires_at"] == created["invitation_expires_at"]

    invitation = session.exec(select(Invitation)).one()
    session.add(
        Response(
            invitation_id=invitation.id,
            survey_version_id=invitation.survey_version_id,
            contact_id=invitation.contact_id,
            csat=4,
        )
    )
    session.commit()
    answered = client.get(url, headers=token).json
    assert answered["responded"] is True and answered["responded_at"].endswith("Z")
    missing = client.get("/api/v1/contacts/nope", headers=token)
    assert missing.status_code == 404 and "No contact with external_id 'nope'" in str(missing.json)


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.removeprefix("/api/v1"))


def test_openapi_document_covers_every_api_route(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json
    assert document["openapi"].startswith("3.1")
    assert {"info", "paths", "components"} <= set(document)
    assert document["servers"] == [{"url": "/api/v1"}]
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        operations = document["paths"][_openapi_path(rule.rule)]
        assert rule.methods - {"HEAD", "OPTIONS"} <= {m.upper() for m in operations}
    post = document["paths"]["/contacts"]["post"]
    assert {"200", "201", "400", "401", "403", "413", "415", "422"} <= set(post["responses"])
    created = document["components"]["schemas"]["ContactCreated"]["properties"]
    reason = next(choice for choice in created["reason"]["anyOf"] if "enum" in choice)
    assert "duplicate" in reason["enum"] and "store it" in created["survey_url"]["description"]
    schema = document["components"]["schemas"]["ContactCreate"]
    assert set(schema["properties"]) == set(ContactCreate.model_fields)
    assert schema["additionalProperties"] is False


def test_openapi_document_is_valid(client):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(client.get("/api/v1/openapi.json").json)
