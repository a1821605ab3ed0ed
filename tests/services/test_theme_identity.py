"""Re-clustering on the database with hand-made embeddings: which Theme rows and events.

The embeddings are synthetic unit vectors (tight topics and, where a test needs one, a
scatter of unrelated comments), so each test controls exactly what the clusterer sees;
the database, the clusterer and the matching are the real ones.
"""

import hashlib
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlmodel import select

from app.models import (
    FeedbackItem,
    Segment,
    Theme,
    ThemeEvent,
    ThemeEventKind,
    ThemeRun,
    ThemeSignal,
)
from app.services import theme_identity

DIM = 384
START = datetime(2025, 9, 1, 9, tzinfo=UTC)


def _topics(n: int, seed: int = 0) -> np.ndarray:
    centres = np.random.default_rng(seed).normal(size=(n, DIM))
    return centres / np.linalg.norm(centres, axis=1, keepdims=True)


def _add_item(
    session, vectors, *, topic: str, occurred_at: datetime, theme_id: int | None = None
) -> FeedbackItem:
    """One feedback item with one segment per row of ``vectors``."""
    text = f"{topic} comment"
    item = FeedbackItem(
        text=text,
        source="import",
        occurred_at=occurred_at,
        language="en",
    )
    session.add(item)
    session.flush()
    for position, vector in enumerate(np.atleast_2d(vectors)):
        unit = (vector / np.linalg.norm(vector)).astype(np.float32)
        session.add(
            Segment(
                feedback_item_id=item.id,
                position=position,
                text=f"{topic} words here {position}",
                text_hash=hashlib.sha256(unit.tobytes()).hexdigest(),
                embedding=unit.tobytes(),
                theme_id=theme_id,
                occurred_at=occurred_at,
            )
        )
    return item


def _add_topic(session, rng, centre, n: int, topic: str) -> None:
    for k in range(n):
        vector = centre + rng.normal(scale=0.2 / np.sqrt(DIM), size=DIM)
        _add_item(session, vector, topic=topic, occurred_at=START + timedelta(hours=k))


def _recluster(session, app) -> theme_identity.ClusterOutcome:
    run = ThemeRun()
    session.add(run)
    session.flush()
    return theme_identity.recluster(session=session, run=run, config=app.config)


def _events(session, theme_id: int, kind: str) -> list[ThemeEvent]:
    return list(
        session.exec(
            select(ThemeEvent).where(ThemeEvent.theme_id == theme_id, ThemeEvent.kind == kind)
        )
    )


def test_a_retired_theme_is_retired_once(app, session):
    rng = np.random.default_rng(1)
    centres = _topics(4)
    for t, centre in enumerate(centres):
        _add_topic(session, rng, centre, 25, f"topic{t}")
    session.commit()
    first = _recluster(session, app)
    assert (first.themes, first.created) == (4, 4)
    gone = session.exec(select(Segment).where(Segment.text.startswith("topic3 "))).all()
    gone_theme = gone[0].theme_id
    for segment in gone:
        session.delete(segment)
    session.commit()

    assert _recluster(session, app).retired == 1
    again = _recluster(session, app)
    again_more = _recluster(session, app)

    assert again.retired == again_more.retired == 0
    assert len(_events(session, gone_theme, ThemeEventKind.RETIRED)) == 1
    assert session.get(Theme, gone_theme).size == 0


def test_a_retired_theme_that_returns_is_matched_and_can_retire_again(app, session):
    rng = np.random.default_rng(2)
    centres = _topics(4, seed=3)
    for t, centre in enumerate(centres[:3]):
        _add_topic(session, rng, centre, 25, f"topic{t}")
    _add_topic(session, rng, centres[3], 25, "back")
    session.commit()
    _recluster(session, app)
    back = session.exec(select(Segment).where(Segment.text.startswith("back "))).all()
    theme_id = back[0].theme_id
    for segment in back:
        session.delete(segment)
    session.commit()
    _recluster(session, app)

    _add_topic(session, rng, centres[3], 25, "back")  # the topic comes back
    session.commit()
    _recluster(session, app)
    assert {s.theme_id for s in session.exec(select(Segment)) if s.text.startswith("back ")} == {
        theme_id
    }
    for segment in session.exec(select(Segment).where(Segment.text.startswith("back "))):
        session.delete(segment)
    session.commit()
    _recluster(session, app)
    assert len(_events(session, theme_id, ThemeEventKind.RETIRED)) == 2


def test_no_theme_for_an_empty_cluster(app, session):
    # Nine tight topics and 45 unrelated comments: the clusterer gathers the scatter into
    # one cluster whose members are all too far from its centroid, so it ends empty.
    rng = np.random.default_rng(0)
    for t, centre in enumerate(_topics(9)):
        _add_topic(session, rng, centre, 25, f"topic{t}")
    for k in range(45):
        _add_item(session, rng.normal(size=DIM), topic="stray", occurred_at=START)
    session.commit()

    outcome = _recluster(session, app)

    themes = session.exec(select(Theme)).all()
    assert len(themes) == outcome.created == outcome.themes == 9
    assert all(theme.size > 0 for theme in themes)
    assert all(s.theme_id is None for s in session.exec(select(Segment)) if "stray" in s.text)


def _weekly_history(session, rng) -> tuple[Theme, Theme]:
    """Eight quiet weeks: theme A has one comment a week, theme B ten."""
    a, b = Theme(), Theme()
    session.add_all([a, b])
    session.flush()
    for week in range(8):
        moment = START + timedelta(weeks=week)
        _add_item(session, rng.normal(size=DIM), topic="a", occurred_at=moment, theme_id=a.id)
        for k in range(10):
            _add_item(
                session,
                rng.normal(size=DIM),
                topic="b",
                occurred_at=moment + timedelta(hours=k + 1),
                theme_id=b.id,
            )
    return a, b


def _last_week_signal(session, theme: Theme) -> ThemeSignal:
    return session.exec(
        select(ThemeSignal)
        .where(ThemeSignal.theme_id == theme.id)
        .order_by(ThemeSignal.week_start.desc())
    ).first()


def _current_week(session, rng, b: Theme) -> datetime:
    moment = START + timedelta(weeks=8)
    for k in range(10):
        _add_item(
            session,
            rng.normal(size=DIM),
            topic="b",
            occurred_at=moment + timedelta(hours=k + 1),
            theme_id=b.id,
        )
    return moment


def test_one_long_complaint_does_not_make_a_theme_emerge(app, session):
    rng = np.random.default_rng(4)
    a, b = _weekly_history(session, rng)
    moment = _current_week(session, rng, b)
    # One customer, five sentences on theme A.
    _add_item(session, rng.normal(size=(5, DIM)), topic="a", occurred_at=moment, theme_id=a.id)
    session.commit()

    assert theme_identity.update_signals(session=session) == 0
    signal = _last_week_signal(session, a)
    assert (signal.count, signal.flagged) == (1, False)


def test_five_customers_on_a_quiet_theme_make_it_emerge(app, session):
    rng = np.random.default_rng(4)
    a, b = _weekly_history(session, rng)
    moment = _current_week(session, rng, b)
    for k in range(5):
        _add_item(
            session,
            rng.normal(size=DIM),
            topic="a",
            occurred_at=moment + timedelta(minutes=k),
            theme_id=a.id,
        )
    session.commit()

    assert theme_identity.update_signals(session=session) == 1
    signal = _last_week_signal(session, a)
    assert (signal.count, signal.flagged) == (5, True)
    assert _last_week_signal(session, b).count == 10
