"""The demo story: deterministic, and it tells the founding story."""

from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app import demo
from app.db import get_engine
from app.models import (
    Answer,
    Complaint,
    Contact,
    FeedbackItem,
    FollowUpCase,
    ImprovementAction,
    Invitation,
    Iteration,
    Response,
    Touchpoint,
)
from app.services import trend_rollup, trends
from ml import trend_stats

CONTACTS = 1500


def _fingerprint(session: Session) -> dict:
    """Everything seeded except secrets that must be random (logins), read through the
    models so both engines' values come back in the same Python types."""
    models = (Contact, Invitation, Response, Answer, Complaint, FeedbackItem, FollowUpCase,
              ImprovementAction, Iteration)  # fmt: skip
    return {
        model.__tablename__: [
            row.model_dump() for row in session.exec(select(model).order_by(model.id))
        ]
        for model in models
    }


def test_same_seed_same_data(app, session, tmp_path):
    from app import create_app
    from app.db import upgrade_database

    other_url = f"sqlite:///{tmp_path}/other.sqlite3"
    upgrade_database(other_url)
    other_app = create_app({**app.config, "DATABASE_URL": other_url})
    demo.seed(session=session, seed=3, contacts=CONTACTS, create_logins=False)
    with Session(get_engine(other_app)) as other:
        demo.seed(session=other, seed=3, contacts=CONTACTS, create_logins=False)
        assert _fingerprint(session) == _fingerprint(other)
    get_engine(other_app).dispose()


def test_contact_count_is_exact(session):
    demo.seed(session=session, seed=1, contacts=200, weeks=12, create_logins=False)
    first = session.exec(select(Contact.customer_ref).order_by(Contact.id)).all()
    assert len(first) == 201  # plus the founding customer


def test_story_shape(session):
    result = demo.seed(session=session, seed=7, contacts=CONTACTS)
    assert result.contacts == CONTACTS
    assert [login.role for login in result.logins] == ["admin", "analyst", "agent", "viewer"]
    assert result.responses > CONTACTS * 0.25 and result.complaints > 10
    spike_week = demo.BLACK_FRIDAY - timedelta(days=demo.BLACK_FRIDAY.weekday())
    weekly = Counter(
        (c.occurred_at.date() - timedelta(days=c.occurred_at.weekday()))
        for c in session.exec(select(Contact))
    )
    assert weekly[spike_week] == max(weekly.values())  # Black Friday is the busiest week
    founding = session.exec(
        select(Complaint).where(Complaint.reference == result.founding_reference)
    ).one()
    assert "injured hand" in founding.description
    assert (
        founding.touchpoint_id
        == session.exec(select(Touchpoint.id).where(Touchpoint.key == "phone_support")).one()
    )
    assert session.exec(select(FeedbackItem).where(FeedbackItem.complaint_id == founding.id)).one()
    action = session.exec(
        select(ImprovementAction).where(ImprovementAction.title.contains("delivery"))
    ).one()
    assert action.started_at.date() > demo.BLACK_FRIDAY and action.stage == "check"
    stages = {a.stage for a in session.exec(select(ImprovementAction))}
    assert stages == {"idea", "do", "check"}  # delivery checked, coaching under way, an idea
    idea = session.exec(select(ImprovementAction).where(ImprovementAction.stage == "idea")).one()
    assert idea.raised_by_id is not None  # raised by the demo agent
    # The founding customer was answered, and can read the answer on the status page.
    from app.services import complaints

    report = complaints.complaint_status(session=session, reference=result.founding_reference,
                                         secret=result.founding_secret)  # fmt: skip
    assert report.status == "answered" and "delivered to your door" in report.replies[0].text
    assert founding.accessibility_needs and founding.consent_updates
    languages = Counter(r.language for r in session.exec(select(Response)))
    assert languages["de"] > languages["en"] > 0


def test_database_is_empty(session):
    assert demo.database_is_empty(session=session)
    demo.seed(session=session, contacts=100, weeks=12, create_logins=False)
    assert not demo.database_is_empty(session=session)


@pytest.mark.slow
def test_black_friday_shows_on_the_trend_page(session):
    """Website-order and pick-up CSAT fall in Black Friday week and recover after delivery."""
    demo.seed(session=session, seed=7, create_logins=False)
    trend_rollup.rebuild(session=session)
    monday = demo.BLACK_FRIDAY - timedelta(days=demo.BLACK_FRIDAY.weekday())
    recovery = demo.BLACK_FRIDAY + timedelta(days=demo.ACTION_START_DAYS + 7)

    def csat(touchpoint, first, last) -> trends.Sums:
        daily = trends.daily_sums(session=session, filters=trends.Filters(touchpoint=touchpoint),
                                  first=first, last=last)  # fmt: skip
        total = trends.Sums()
        for sums in daily.values():
            total.add(sums)
        return total

    for touchpoint in ("website_order", "pickup"):
        before = csat(touchpoint, monday - timedelta(weeks=6), monday - timedelta(days=1))
        spike = csat(touchpoint, monday, monday + timedelta(days=6))
        after = csat(touchpoint, recovery, recovery + timedelta(weeks=6))
        # The trend page's own test (two-proportion z, p < 0.05, 30 answers a side).
        drop = trends.difference("csat", before, spike)
        rise = trends.difference("csat", spike, after)
        assert drop.effect < -15 and trend_stats.significant(drop), (touchpoint, drop)
        assert rise.effect > 15 and trend_stats.significant(rise), (touchpoint, rise)
