"""The demo story through the real theme engine: the Black Friday spike is flagged."""

from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import ActionTheme, Theme, ThemeSignal
from app.services import demo, theme_runs

pytestmark = pytest.mark.slow


def test_black_friday_spike_is_flagged_and_nothing_else(app, session):
    if app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("the statistics do not depend on the engine; the full story runs once")
    # The whole default story, as `make run` seeds it: smaller samples split the spike over
    # too few mentions per theme to be significant, which is the test working as intended.
    demo.seed(session=session, seed=7, create_logins=False)
    theme_runs.run(session=session, config=app.config, full=True)
    spike_week = demo.BLACK_FRIDAY - timedelta(days=demo.BLACK_FRIDAY.weekday())
    flagged = session.exec(select(ThemeSignal).where(ThemeSignal.flagged)).all()
    assert flagged, "the Black Friday spike must be flagged"
    assert {signal.week_start for signal in flagged} == {spike_week}  # quiet weeks: nothing
    labels = " ".join(
        (session.get(Theme, signal.theme_id).label_auto or "").lower() for signal in flagged
    )
    assert any(word in labels for word in ("pick", "abhol", "deliver", "liefer"))

    done = demo.link_story(session=session)
    assert len(done) == 2
    named = {t.name: t for t in session.exec(select(Theme).where(Theme.name.is_not(None)))}
    assert set(named) == {"Delivery options missing", "Staff attitude"}
    assert all(t.status == "in_action" for t in named.values())
    assert len(session.exec(select(ActionTheme)).all()) == 2
