"""Touchpoints and survey versions, set up in the browser by admins."""

from __future__ import annotations

from sqlmodel import select

from app.models import SurveyVersion, Touchpoint
from app.services import surveys, touchpoints


def test_only_admins(client, auth):
    auth.login("analyst")
    for path in ("/staff/admin/touchpoints", "/staff/admin/surveys"):
        assert client.get(path).status_code == 403


def test_rename_reorder_and_set_the_follow_up_time(client, auth, session):
    touchpoints.ensure_defaults(session=session)
    pickup = session.exec(select(Touchpoint).where(Touchpoint.key == "pickup")).one()
    auth.login("admin")
    page = client.get("/staff/admin/touchpoints")
    assert page.status_code == 200 and "Abholung" in page.text
    prefix = f"tp{pickup.id}-"
    sent = client.post(f"/staff/admin/touchpoints/{pickup.id}", data={
        prefix + "name_en": "Click and collect", prefix + "name_de": "Abholung im Markt",
        prefix + "position": "9", prefix + "sla_hours": "24", prefix + "active": "y"})  # fmt: skip
    assert sent.status_code == 302, sent.text
    session.rollback()
    session.expire_all()
    saved = session.get(Touchpoint, pickup.id)
    assert (saved.name_en, saved.name_de, saved.position, saved.sla_hours) == (
        "Click and collect", "Abholung im Markt", 9, 24)  # fmt: skip
    assert touchpoints.journey(session=session)[-1].key == "pickup"
    refused = client.post(f"/staff/admin/touchpoints/{pickup.id}", data={
        prefix + "name_en": "x", prefix + "name_de": "", prefix + "position": "1"},
        follow_redirects=True)  # fmt: skip
    assert "This field is required" in refused.text
    session.rollback()
    session.expire_all()
    assert session.get(Touchpoint, pickup.id).name_de == "Abholung im Markt"


def test_add_a_touchpoint_and_refuse_a_bad_key(client, auth, session):
    touchpoints.ensure_defaults(session=session)
    auth.login("admin")
    bad = client.post(
        "/staff/admin/touchpoints",
        data={"key": "Click & Collect", "name_en": "Click and collect", "name_de": "Abholung"},
    )
    assert bad.status_code == 400 and "lower-case" in bad.text
    assert 'value="Click and collect"' in bad.text
    good = client.post(
        "/staff/admin/touchpoints",
        data={"key": "click_collect", "name_en": "Click and collect", "name_de": "Abholung"},
    )
    assert good.status_code == 302
    assert touchpoints.journey(session=session)[-1].key == "click_collect"


def test_activate_an_older_survey_version_and_preview_both_languages(client, auth, session):
    first = surveys.active_version(session=session, key="post_contact")
    second = SurveyVersion(key="post_contact", version=first.version + 1, checksum="x" * 64,
                           definition=first.definition)  # fmt: skip
    first.active = False
    session.add_all([first, second])
    session.commit()
    auth.login("admin")
    listing = client.get("/staff/admin/surveys").text
    assert "in use" in listing and "Use for new invitations" in listing
    preview = client.get(f"/staff/admin/surveys/{first.id}").text
    assert "How satisfied" in preview or "satisfied" in preview
    assert "Wie zufrieden" in preview and 'lang="de"' in preview
    assert client.post(f"/staff/admin/surveys/{first.id}/activate").status_code == 302
    session.rollback()
    session.expire_all()
    assert surveys.active_version(session=session, key="post_contact").id == first.id


def test_retention_periods_set_in_the_browser_win(client, auth, session, app):
    from app.services import retention

    auth.login("admin")
    page = client.get("/staff/admin/retention")
    assert page.status_code == 200 and 'value="730"' in page.text and "Not run yet" in page.text
    bad = client.post("/staff/admin/retention", data={"comments": "-3", "contacts": "10",
                                                      "cases": "10", "audit": "10"})  # fmt: skip
    assert bad.status_code == 400 and 'value="10"' in bad.text
    sent = client.post("/staff/admin/retention", data={"comments": "90", "contacts": "0",
                                                       "cases": "365", "audit": "400"})  # fmt: skip
    assert sent.status_code == 302
    session.rollback()
    assert retention.periods(app.config, session) == {"comments": 90, "contacts": 0,
                                                      "cases": 365, "audit": 400}  # fmt: skip
    assert client.post("/staff/admin/retention/run").status_code == 302
    assert "Not run yet" not in client.get("/staff/admin/retention").text
    session.rollback()
    assert retention.last_purge(session=session).detail["periods"]["comments"] == 90
