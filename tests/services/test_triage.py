"""Weekly triage: ranking, baselines, filters, paging, sessions and engine suggestions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlmodel import select

from app.models import (
    FeedbackItem,
    Segment,
    Theme,
    ThemeEvent,
    ThemeSignal,
    ThemeSuggestion,
    TriageSession,
)
from app.services import theme_identity, themes, touchpoints, triage
from app.services.users import create_user

WEEK = date(2025, 11, 24)
FIRST = WEEK - timedelta(weeks=9)  # nine earlier weeks of data: a full 8-week baseline


def _monday(week: date, hours: int = 10) -> datetime:
    return datetime.combine(week, datetime.min.time(), UTC) + timedelta(hours=hours)


def _mention(session, theme, week, *, segments=1, sentiment="negative", score=None,
             touchpoint_id=None, language="en", text="x"):  # fmt: skip
    """One feedback item in ``week`` with ``segments`` segments on ``theme``."""
    moment = _monday(week)
    item = FeedbackItem(source="import", text=text, occurred_at=moment, processed_at=moment,
                        touchpoint_id=touchpoint_id, language=language,
                        score_kind="csat" if score else None, score=score)  # fmt: skip
    session.add(item)
    session.flush()
    for position in range(segments):
        session.add(Segment(feedback_item_id=item.id, position=position, text=f"{text} {position}",
                            text_hash=f"{item.id}-{position}", theme_id=theme.id, language=language,
                            occurred_at=moment, sentiment=sentiment, embedding=b"\0" * 8,
                            theme_similarity=0.5 + position / 10))  # fmt: skip


def _theme(session, label, **fields) -> Theme:
    theme = Theme(label_auto=label, size=fields.pop("size", 10), **fields)
    session.add(theme)
    session.flush()
    return theme


def _signals(session, theme_ids, flagged=()):
    for theme_id in theme_ids:
        session.add(ThemeSignal(theme_id=theme_id, week_start=WEEK, count=1, expected=1.0,
                                lift=1.0, p_value=1.0, q_value=1.0,
                                flagged=theme_id in flagged, baseline_weeks=8))  # fmt: skip
    session.commit()


@pytest.fixture
def weeks_of_data(session):
    """Three themes over ten weeks; 'spike' jumps in the last week, 'steady' does not."""
    spike = _theme(session, "Pick-up only")
    steady = _theme(session, "Slow refund")
    praise = _theme(session, "Friendly staff")
    for back in range(1, 10):
        week = WEEK - timedelta(weeks=back)
        _mention(session, spike, week)
        for _ in range(4):
            _mention(session, steady, week)
        for _ in range(6):
            _mention(session, praise, week, sentiment="positive")
    for _ in range(12):
        _mention(session, spike, WEEK, segments=2)  # 12 items, 24 segments
    for _ in range(5):
        _mention(session, steady, WEEK)
    for _ in range(8):
        _mention(session, praise, WEEK, sentiment="positive")
    session.commit()
    return spike, steady, praise


def test_ranking_counts_items_and_uses_the_baseline(session, weeks_of_data):
    spike, steady, praise = weeks_of_data
    _signals(session, [spike.id, steady.id, praise.id])
    view = triage.triage(session=session, filters=triage.Filters())
    assert view.week == WEEK
    rows = {r.theme.id: r for r in view.rows}
    assert rows[spike.id].items == 12  # distinct items, not its 24 segments
    assert rows[spike.id].baseline == pytest.approx(1.0)  # 8 earlier weeks of one mention
    assert rows[steady.id].baseline == pytest.approx(4.0)
    assert rows[spike.id].spark[-3:] == [1, 1, 12]
    # priority = items × negativity × growth, growth = (items + 1) / (baseline + 1)
    assert rows[spike.id].priority == pytest.approx(12 * 1.0 * 13 / 2)
    assert rows[steady.id].priority == pytest.approx(5 * 1.0 * 6 / 5)
    assert rows[praise.id].priority == pytest.approx(8 * 0.1 * 9 / 7)  # negativity floored
    assert [r.theme.id for r in view.rows] == [spike.id, steady.id, praise.id]


def test_emerging_first_and_dismissed_last(session, weeks_of_data):
    spike, steady, praise = weeks_of_data
    _signals(session, [spike.id, steady.id, praise.id], flagged={praise.id})
    themes.dismiss(session=session, theme_id=spike.id, reason="noise")
    order = [r.theme.id for r in triage.triage(session=session, filters=triage.Filters()).rows]
    assert order == [praise.id, steady.id, spike.id]


def test_first_weeks_have_no_expectation(session):
    early = _theme(session, "New thing")
    for back in (0, 1, 2):  # data starts two weeks before: fewer than the 4 needed
        _mention(session, early, WEEK - timedelta(weeks=back))
    session.commit()
    _signals(session, [early.id])
    row = triage.triage(session=session, filters=triage.Filters()).rows[0]
    assert row.baseline is None and row.items == 1
    assert row.priority == pytest.approx(1 * 1.0 * 1.0)  # growth 1 without a baseline


def test_filters_by_touchpoint_language_and_status(session, weeks_of_data):
    spike, steady, praise = weeks_of_data
    pickup = touchpoints.ensure_defaults(session=session)["pickup"]
    german = _theme(session, "Nur Abholung", language="de")
    _mention(session, german, WEEK, touchpoint_id=pickup.id, language="de")
    session.commit()
    _signals(session, [spike.id, steady.id, praise.id, german.id])
    at_pickup = triage.triage(session=session, filters=triage.Filters(touchpoint_id=pickup.id))
    assert [r.theme.id for r in at_pickup.rows] == [german.id]
    assert at_pickup.rows[0].touchpoints == [(pickup.id, 1.0)]
    in_german = triage.triage(session=session, filters=triage.Filters(language="de"))
    assert [r.theme.id for r in in_german.rows] == [german.id]
    themes.set_status(session=session, theme_id=steady.id, status="triaged")
    triaged = triage.triage(session=session, filters=triage.Filters(status="triaged"))
    assert [r.theme.id for r in triaged.rows] == [steady.id]


def test_paging(session):
    many = [_theme(session, f"Theme {n}") for n in range(45)]
    for n, theme in enumerate(many):
        for _ in range(n + 1):
            _mention(session, theme, WEEK)
    session.commit()
    _signals(session, [t.id for t in many])
    first = triage.triage(session=session, filters=triage.Filters())
    third = triage.triage(session=session, filters=triage.Filters(page=3))
    beyond = triage.triage(session=session, filters=triage.Filters(page=99))
    assert (first.total, first.pages, len(first.rows)) == (45, 3, 20)
    assert first.rows[0].theme.id == many[-1].id  # most mentions first
    assert len(third.rows) == 5 and beyond.filters.page == 3


def test_quote_is_from_the_week(session, weeks_of_data):
    spike, *_ = weeks_of_data
    _signals(session, [spike.id])
    row = next(r for r in triage.triage(session=session, filters=triage.Filters()).rows
               if r.theme.id == spike.id)  # fmt: skip
    assert row.quote is not None and row.quote.occurred_at.date() == WEEK


def test_scores_and_stale_themes(session):
    theme = _theme(session, "Rude agent", created_at=datetime.now(UTC) - timedelta(days=9))
    for score in (1, 2, 3):
        _mention(session, theme, WEEK, sentiment=None, score=score)
    session.commit()
    _signals(session, [theme.id])
    row = triage.triage(session=session, filters=triage.Filters()).rows[0]
    assert (row.score.kind, row.score.n) == ("csat", 3) and row.score.mean == pytest.approx(2.0)
    assert row.negativity == pytest.approx(2 / 3)  # scores 1 and 2 lie in the lower half
    assert row.untriaged_days == 9


def test_sessions_record_who_when_and_decisions(session, weeks_of_data):
    spike, steady, _ = weeks_of_data
    ann = create_user(session=session, email="ann@example.com", password="x" * 12, role="analyst")
    started = triage.start_session(session=session, user_id=ann.id, week=WEEK)
    assert triage.start_session(session=session, user_id=ann.id, week=WEEK).id == started.id
    themes.rename(session=session, theme_id=spike.id, name="Delivery options missing",
                  actor_id=ann.id, triage_session_id=started.id)  # fmt: skip
    themes.dismiss(session=session, theme_id=steady.id, reason="Duplicate", actor_id=ann.id,
                   triage_session_id=started.id)  # fmt: skip
    summary = triage.finish_session(session=session, user_id=ann.id, week=WEEK)
    assert summary.decisions == 2 and summary.user.email == "ann@example.com"
    assert summary.session.finished_at is not None
    decisions = triage.session_decisions(session=session, triage_session_id=started.id)
    assert [d.kind for d in decisions] == ["renamed", "status"]
    assert decisions[1].detail["reason"] == "Duplicate"
    with pytest.raises(triage.TriageError):
        triage.finish_session(session=session, user_id=ann.id, week=WEEK)
    assert triage.start_session(session=session, user_id=ann.id, week=WEEK).id != started.id
    assert len(session.exec(select(TriageSession)).all()) == 2


def test_engine_suggestions_are_recorded_once(session):
    a, b = _theme(session, "A"), _theme(session, "B")
    assert theme_identity.suggest(session, "merge", a, b, None)
    assert not theme_identity.suggest(session, "merge", a, b, None)  # same pair: once
    assert theme_identity.suggest(session, "split", a, b, None)
    session.commit()
    assert len(session.exec(select(ThemeSuggestion)).all()) == 2


def _vectors_for(session, theme, n):
    item = FeedbackItem(
        source="import", text="x", occurred_at=_monday(WEEK), processed_at=_monday(WEEK)
    )
    session.add(item)
    session.flush()
    for i in range(n):
        session.add(Segment(feedback_item_id=item.id, position=i, text=f"t{i}", text_hash=f"h{i}",
                            theme_id=theme.id, occurred_at=item.occurred_at,
                            embedding=np.ones(4, dtype=np.float32).tobytes()))  # fmt: skip
    theme.size = n
    session.commit()


@pytest.mark.parametrize(("kind", "accept", "merged"), [
    ("merge", True, True), ("merge", False, False), ("split", True, False), ("split", False, True),
])  # fmt: skip
def test_deciding_a_suggestion(session, kind, accept, merged):
    ann = create_user(session=session, email="ann@example.com", password="x" * 12, role="analyst")
    theme, other = _theme(session, "Pick-up only"), _theme(session, "Nur Abholung")
    _vectors_for(session, other, 3)
    theme_identity.suggest(session, kind, theme, other, None)
    session.commit()
    suggestion = session.exec(select(ThemeSuggestion)).one()
    assert [s.id for s, _, _ in triage.pending_suggestions(session=session)] == [suggestion.id]
    triage.decide_suggestion(session=session, suggestion_id=suggestion.id, accept=accept,
                             actor_id=ann.id)  # fmt: skip
    session.refresh(other)
    assert (other.merged_into_id == theme.id) is merged
    assert suggestion.status == ("accepted" if accept else "rejected")
    assert triage.pending_suggestions(session=session) == []
    events = session.exec(select(ThemeEvent).where(ThemeEvent.kind == "suggestion")).all()
    assert events[0].detail == {"suggestion": suggestion.id, "kind": kind, "accepted": accept}
    with pytest.raises(triage.TriageError):
        triage.decide_suggestion(session=session, suggestion_id=suggestion.id, accept=True,
                                 actor_id=ann.id)  # fmt: skip


def test_a_lapsed_suggestion_is_not_shown(session):
    theme, other, third = _theme(session, "A"), _theme(session, "B"), _theme(session, "C")
    theme_identity.suggest(session, "merge", theme, other, None)
    other.merged_into_id = third.id
    session.commit()
    assert triage.pending_suggestions(session=session) == []
