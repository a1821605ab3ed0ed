"""The staff overview: scores against the last period, movers, actions, overdue cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from app import demo
from app.models import FollowUpCase
from app.models.base import utcnow
from app.services import overview, trend_rollup


@pytest.fixture
def story(session):
    demo.seed(session=session, seed=4, contacts=400, weeks=12)
    trend_rollup.rebuild(session=session)
    session.commit()


def test_overview_compares_the_latest_period_with_the_one_before(client, auth, session, story):
    auth.login("viewer")
    page = client.get("/staff/?period=4w")
    assert page.status_code == 200
    text = page.text
    assert "Scores: this period against the last" in text
    # The figures are the service's: each metric's value and its n are on the page.
    data = overview.overview(session=session, period="4w")
    assert data.periods is not None
    assert data.periods.current_first - data.periods.previous_first == timedelta(weeks=4)
    for change in data.scores:
        assert change.now.n + change.before.n > 0
        assert f"n = {change.now.n:,}" in text
    assert "two-proportion z-test for CSAT" in text


def test_period_must_be_one_offered(client, auth, story):
    auth.login("viewer")
    response = client.get("/staff/?period=forever")
    assert response.status_code == 400 and "not a valid choice" in response.text


def test_actions_with_verdicts_link_to_their_cards(client, auth, session, story):
    auth.login("viewer")
    text = client.get("/staff/").text
    data = overview.overview(session=session)
    assert data.actions, "the demo has cards in Do and Check"
    for row in data.actions:
        assert f'href="/staff/board/{row.action.id}"' in text
        assert row.effect.verdict in ("improved", "worse", "no_change", "too_little_data")


def test_overdue_cases_are_counted_and_listed_for_agents(client, auth, session, story):
    now = utcnow()
    before = overview.overdue_cases(session=session, now=now).total
    late = session.exec(select(FollowUpCase).where(FollowUpCase.due_at > now)).first()
    if late is None:  # every demo case is already late: take one and make it the latest
        late = session.exec(select(FollowUpCase).where(FollowUpCase.status != "closed")).first()
        before -= 1
    late.status, late.due_at = "open", datetime(2000, 1, 1, tzinfo=UTC)
    session.add(late)
    session.commit()
    after = overview.overdue_cases(session=session, now=now)
    assert after.total == before + 1 and after.oldest[0].id == late.id
    auth.login("agent")
    text = client.get("/staff/").text
    assert f'href="/staff/cases/{late.id}"' in text
    assert f"{after.total} open cases are past their due time" in text


def test_viewer_sees_the_overdue_count_without_case_links(client, auth, session, story):
    auth.login("viewer")
    text = client.get("/staff/").text
    assert "/staff/cases/" not in text


def test_movers_are_the_biggest_changes_either_way(session, story):
    data = overview.overview(session=session, period="13w")
    changes = [abs(m.change) for m in data.movers]
    assert changes == sorted(changes, reverse=True) and len(changes) <= overview.MOVERS


def test_overview_in_german(client, auth, story):
    auth.login("viewer")
    text = client.get("/staff/?lang=de").text
    assert '<html lang="de">' in text and "Scores: this period against the last" not in text
