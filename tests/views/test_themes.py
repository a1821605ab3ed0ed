"""The weekly triage and theme pages, with themes written straight to the database."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

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


def test_bad_filters_are_named_in_the_users_language(client, auth, two_themes):
    auth.login("analyst")
    page = client.get("/staff/themes/?week=yesterday&touchpoint=x&language=fr&status=odd&page=z")
    assert page.status_code == 200
    for message in ("The week must be a date", "Choose a touchpoint", "Choose German or English",
                    "Choose a status", "The page must be a number"):  # fmt: skip
        assert message in page.text
    german = client.get("/staff/themes/?week=gestern&lang=de")
    assert "Die Woche muss ein Datum" in german.text


def test_unknown_week_falls_back_to_the_newest_and_says_so(client, auth, two_themes):
    auth.login("analyst")
    page = client.get("/staff/themes/?week=2020-01-06")
    assert "showing the newest week" in page.text and "Pick-up only" in page.text


def test_decision_on_the_triage_page_returns_there_and_joins_the_session(
    client, auth, session, two_themes
):
    from app.models import ThemeEvent, TriageSession

    delivery, staff = two_themes
    auth.login("analyst")
    back = "/staff/themes/?week=2025-11-24"
    anchor = f"#theme-{staff.id}"
    response = client.post(f"/staff/themes/{staff.id}/dismiss",
                           data={"reason": "duplicate", "note": "same as pick-up",
                                 "week": "2025-11-24", "return_to": back + anchor})  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].endswith(anchor)
    client.post(f"/staff/themes/{delivery.id}/status",
                data={"status": "triaged", "week": "2025-11-24", "return_to": back})  # fmt: skip
    triage_session = session.exec(select(TriageSession)).one()
    events = session.exec(
        select(ThemeEvent).where(ThemeEvent.triage_session_id == triage_session.id)
    ).all()
    assert [e.detail["after"] for e in events] == ["dismissed", "triaged"]
    assert events[0].detail["reason"] == "Duplicate of another theme: same as pick-up"
    page = client.get(back).text
    assert "Your session started" in page and "2 decisions" in page
    finished = client.post("/staff/themes/sessions/finish",
                           data={"week": "2025-11-24", "return_to": back},
                           follow_redirects=True)  # fmt: skip
    assert "Triage finished: 2 decisions recorded." in finished.text


def test_open_redirects_are_refused(client, auth, two_themes):
    delivery, _ = two_themes
    auth.login("analyst")
    response = client.post(f"/staff/themes/{delivery.id}/rename",
                           data={"name": "x", "return_to": "//evil.example/"})  # fmt: skip
    assert response.headers["Location"].endswith(f"/staff/themes/{delivery.id}")


def test_triage_row_offers_every_decision(client, auth, two_themes):
    delivery, _ = two_themes
    auth.login("analyst")
    page = client.get("/staff/themes/").text
    base = f"/staff/themes/{delivery.id}"
    for fragment in (f"{base}/rename", f"{base}/status", f"{base}/dismiss", f"{base}/merge-into",
                     f"{base}/split", f"/staff/board/new?theme={delivery.id}"):  # fmt: skip
        assert fragment in page
    # One feedback item with two segments on the theme: one mention; no earlier weeks.
    assert "1 mention" in page and "no baseline yet" in page


def test_merge_into_from_a_row(client, auth, session, two_themes):
    delivery, staff = two_themes
    auth.login("analyst")
    client.post(f"/staff/themes/{staff.id}/merge-into", data={"target": delivery.id})
    session.expire_all()
    assert session.get(Theme, staff.id).merged_into_id == delivery.id


def test_split_page_and_split_by_hand(client, auth, session, two_themes):
    delivery, _ = two_themes
    auth.login("analyst")
    page = client.get(f"/staff/themes/{delivery.id}/split")
    assert page.status_code == 200 and "Pick comments by hand" in page.text
    segment = session.exec(select(Segment).where(Segment.theme_id == delivery.id)).first()
    done = client.post(f"/staff/themes/{delivery.id}/split",
                       data={"segment": [str(segment.id)], "name": "No delivery"},
                       follow_redirects=True)  # fmt: skip
    assert "Saved." in done.text
    session.rollback()  # end the read transaction that predates the split
    offspring = session.exec(select(Theme).where(Theme.name == "No delivery")).one()
    assert session.get(Segment, segment.id).theme_id == offspring.id
    refused = client.post(f"/staff/themes/{delivery.id}/split", data={"name": "empty"},
                          follow_redirects=True)  # fmt: skip
    assert "Choose the comments" in refused.text
