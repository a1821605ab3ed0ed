"""The data-protection page: admins only; find, export as JSON, erase with confirmation."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import AuditLog
from app.services import traces
from tests.services.test_erasure import EMAIL, NAME, PHONE, karin  # noqa: F401 - fixture


@pytest.fixture
def app_config(app_config, mail_config):
    return {**app_config, **mail_config}


@pytest.fixture
def in_app(app):
    """The seeding fixture calls services, which run inside the app (as in tests/services)."""
    with app.app_context():
        yield


def test_only_admins(client, auth):
    auth.login("analyst")
    assert client.get("/staff/admin/privacy").status_code == 403


def test_find_export_and_erase(client, auth, session, in_app, karin):  # noqa: F811
    auth.login("admin")
    found = client.post("/staff/admin/privacy", data={"email": EMAIL, "name": NAME})
    assert found.status_code == 200 and "Stored about this customer" in found.text
    assert found.headers["Cache-Control"] == "no-store"
    exported = client.post("/staff/admin/privacy/export", data={"email": EMAIL})
    assert exported.headers["Content-Disposition"].startswith("attachment")
    assert json.loads(exported.data)["complaints"][0]["reference"] == karin
    refused = client.post("/staff/admin/privacy/erase",
                          data={"email": EMAIL, "name": NAME, "confirm": "yes"})  # fmt: skip
    assert refused.status_code == 400 and "Type ERASE" in refused.text
    assert traces.scan(session=session, needles=[EMAIL])  # nothing was erased
    erased = client.post("/staff/admin/privacy/erase",
                         data={"email": EMAIL, "name": NAME, "confirm": "ERASE"})  # fmt: skip
    assert erased.status_code == 200 and "finds no trace left" in erased.text
    session.rollback()
    assert traces.scan(session=session, needles=[EMAIL, PHONE, NAME]) == []
    actions = [a.action for a in session.exec(select(AuditLog).order_by(AuditLog.id))]
    assert actions[-2:] == ["person.exported", "person.erased"]


def test_unknown_customer_in_german(client, auth):
    auth.login("admin")
    page = client.post("/staff/admin/privacy?lang=de", data={"email": "x@example.org"})
    assert page.status_code == 400
    assert "Über diese Kundin oder diesen Kunden ist nichts gespeichert" in page.text
