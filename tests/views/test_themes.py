"""The weekly triage and theme pages, with themes written straight to the database."""

from datetime import UTC, date, datetime

import pytest

from app.models import FeedbackItem, Segment, Theme, ThemeSignal

WEEK = date(2025, 11, 24)


@pytest.fixture
def two_themes(session):
    delivery = Theme(label_auto="Pick-up only", keywords=["pick-up", "delivery"], size=2)
    staff = Theme(label_auto="Rude agent", keywords=["rude"], size=1, status="triaged")
    session.add_all([delivery, staff])
    session.flush()
    item = FeedbackItem(source="import", text="x", occurred_at=datetime(2025, 11, 28, tzinfo=UTC))
    session.add(item)
    session.flush()
    for position, (theme, text) in enumerate(
        [(delivery, "Only pick-up <b>offered</b>"), (delivery, "No delivery"), (staff, "Rude")]
    ):
        session.add(Segment(feedback_item_id=item.id, position=position, text=text,
                            text_hash=str(position), theme_id=theme.id,
                            occurred_at=item.occurred_at, embedding=b"\0" * 16))  # fmt: skip
    delivery.quote_segment_ids = [1]
    session.add_all([
        ThemeSignal(theme_id=delivery.id, week_start=WEEK, count=40, expected=4.0, lift=10.0,
                    p_value=1e-9, q_value=1e-8, flagged=True),
        ThemeSignal(theme_id=staff.id, week_start=WEEK, count=60, expected=55.0, lift=1.1,
                    p_value=0.4, q_value=0.6, flagged=False),
    ])  # fmt: skip
    session.commit()
    return delivery, staff


def test_triage_lists_emerging_first(client, auth, two_themes):
    auth.login("analyst")
    page = client.get("/staff/themes/")
    assert page.status_code == 200
    assert page.text.index("Pick-up only") < page.text.index("Rude agent")
    assert "Emerging" in page.text


def test_triage_is_for_analysts(client, auth, two_themes):
    auth.login("viewer")
    assert client.get("/staff/themes/").status_code == 403


def test_detail_escapes_verbatims(client, auth, two_themes):
    auth.login("analyst")
    page = client.get(f"/staff/themes/{two_themes[0].id}")
    assert page.status_code == 200 and "&lt;b&gt;offered&lt;/b&gt;" in page.text


def test_rename_status_and_merge(client, auth, session, two_themes):
    delivery, staff = two_themes
    auth.login("analyst")
    client.post(f"/staff/themes/{delivery.id}/rename", data={"name": "Delivery options missing"})
    client.post(f"/staff/themes/{delivery.id}/status", data={"status": "in_action"})
    client.post(f"/staff/themes/{delivery.id}/merge", data={"source": staff.id})
    session.expire_all()
    assert session.get(Theme, delivery.id).name == "Delivery options missing"
    assert session.get(Theme, delivery.id).status == "in_action"
    assert session.get(Theme, staff.id).merged_into_id == delivery.id
    again = client.post(
        f"/staff/themes/{staff.id}/rename", data={"name": "x"}, follow_redirects=True
    )
    assert "was merged into" in again.text


def test_unknown_theme_is_404(client, auth):
    auth.login("analyst")
    assert client.get("/staff/themes/999").status_code == 404
