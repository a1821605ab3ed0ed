"""The daily rollups behind the trend pages: rebuilt in full, refreshed incrementally.

Pages read ``trend_daily`` and ``trend_theme_daily`` only. The scheduler's
``refresh_trends`` job folds in what arrived since its last run: the days of new
responses and of newly analysed feedback, recomputed whole inside one transaction (so a
reader sees a day before or after, never half of it). A finished theme run or a merge or
split by hand can move old segments between themes, so then the theme rollup is rebuilt.
Deletions (erasure, retention) are caught by the nightly full rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy import func, literal
from sqlmodel import Session, select

from app.models import (
    Contact,
    FeedbackItem,
    Response,
    Segment,
    ThemeEvent,
    ThemeEventKind,
    ThemeRun,
    TrendDaily,
    TrendState,
    TrendThemeDaily,
)
from app.models.base import utcnow
from app.models.trends import COUNT_FIELDS

SATISFIED_CSAT_MIN = 4
KEY_COLUMNS = ("day", "touchpoint_id", "channel", "language", "team")
COUNT_COLUMNS = COUNT_FIELDS


@dataclass(frozen=True)
class RefreshResult:
    days: int
    themes_rebuilt: bool
    rows: int

    def describe(self) -> str:
        themes = "; theme rollup rebuilt" if self.themes_rebuilt else ""
        return f"refreshed {self.days} days ({self.rows} rollup rows){themes}"


def day_of(column, dialect: str):
    """The UTC calendar day of a timestamp column, computed by the database."""
    if dialect == "postgresql":
        return sa.cast(func.timezone("UTC", column), sa.Date)
    return func.date(column)  # SQLite stores UTC text; date() reads its day


def _flag(condition) -> sa.ColumnElement:
    return func.coalesce(func.sum(sa.case((condition, 1), else_=0)), 0)


def _score_sums(response=Response) -> list:
    """Aggregates of the answers' scores, in the order of COUNT_COLUMNS."""
    return [
        func.count(response.nps),
        _flag(response.nps >= 9),
        _flag(response.nps <= 6),
        func.count(response.csat),
        _flag(response.csat >= SATISFIED_CSAT_MIN),
        func.count(response.ces),
        func.coalesce(func.sum(response.ces), 0),
        func.coalesce(func.sum(response.ces * response.ces), 0),
    ]


def _window(statement, column, start: datetime | None, until: datetime | None):
    if start is not None:
        statement = statement.where(column >= start)
    if until is not None:
        statement = statement.where(column < until)
    return statement


def _daily_select(dialect: str, start: datetime | None, until: datetime | None):
    """One row per day and key: response scores and analysed items, unioned then summed."""
    zero = literal(0)
    r_day = day_of(Response.submitted_at, dialect)
    r_keys = [r_day, Contact.touchpoint_id, Contact.channel, Response.language,
              func.coalesce(Contact.team, "")]  # fmt: skip
    scores = _window(
        select(*[k.label(n) for k, n in zip(r_keys, KEY_COLUMNS, strict=True)],
               func.count().label("responses"), zero.label("items"),
               *[a.label(n) for a, n in zip(_score_sums(), COUNT_COLUMNS, strict=True)])
        .join(Contact, Contact.id == Response.contact_id)
        .group_by(*r_keys),
        Response.submitted_at, start, until,
    )  # fmt: skip
    i_day = day_of(FeedbackItem.occurred_at, dialect)
    i_keys = [i_day, FeedbackItem.touchpoint_id, func.coalesce(FeedbackItem.channel, ""),
              func.coalesce(Response.language, FeedbackItem.language),
              func.coalesce(Contact.team, "")]  # fmt: skip
    items = _window(
        select(*[k.label(n) for k, n in zip(i_keys, KEY_COLUMNS, strict=True)],
               zero.label("responses"), func.count().label("items"),
               *[zero.label(n) for n in COUNT_COLUMNS])
        .outerjoin(Contact, Contact.id == FeedbackItem.contact_id)
        .outerjoin(Response, Response.id == FeedbackItem.response_id)
        .where(FeedbackItem.processed_at.is_not(None))
        .group_by(*i_keys),
        FeedbackItem.occurred_at, start, until,
    )  # fmt: skip
    both = sa.union_all(scores, items).subquery()
    keys = [both.c[n] for n in KEY_COLUMNS]
    sums = [func.sum(both.c[n]) for n in ("responses", "items", *COUNT_COLUMNS)]
    return select(*keys, *sums).group_by(*keys)


def _theme_select(dialect: str, start: datetime | None, until: datetime | None):
    """One row per day, theme and key: items mentioning the theme, their answers' scores."""
    mentions = _window(
        select(Segment.theme_id, Segment.feedback_item_id)
        .where(Segment.theme_id.is_not(None))
        .distinct(),
        Segment.occurred_at, start, until,
    ).subquery()  # fmt: skip
    i_day = day_of(FeedbackItem.occurred_at, dialect)
    keys = [i_day, FeedbackItem.touchpoint_id, func.coalesce(FeedbackItem.channel, ""),
            func.coalesce(Response.language, FeedbackItem.language),
            func.coalesce(Contact.team, ""), mentions.c.theme_id]  # fmt: skip
    return (
        select(*keys, func.count(), *_score_sums())
        .select_from(mentions)
        .join(FeedbackItem, FeedbackItem.id == mentions.c.feedback_item_id)
        .outerjoin(Contact, Contact.id == FeedbackItem.contact_id)
        .outerjoin(Response, Response.id == FeedbackItem.response_id)
        .where(FeedbackItem.processed_at.is_not(None))
        .group_by(*keys)
    )


def _bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    if first is None or last is None:
        return None, None
    return (datetime.combine(first, time.min, UTC),
            datetime.combine(last + timedelta(days=1), time.min, UTC))  # fmt: skip


def _delete(session: Session, model, first: date | None, last: date | None) -> None:
    statement = sa.delete(model)
    if first is not None:
        statement = statement.where(model.day >= first, model.day <= last)
    session.execute(statement)


def _write_daily(session: Session, first: date | None = None, last: date | None = None) -> int:
    dialect = session.get_bind().dialect.name
    _delete(session, TrendDaily, first, last)
    columns = [*KEY_COLUMNS, "responses", "items", *COUNT_COLUMNS]
    result = session.execute(
        sa.insert(TrendDaily).from_select(columns, _daily_select(dialect, *_bounds(first, last)))
    )
    return max(result.rowcount or 0, 0)


def _write_themes(session: Session, first: date | None = None, last: date | None = None) -> int:
    dialect = session.get_bind().dialect.name
    _delete(session, TrendThemeDaily, first, last)
    columns = [*KEY_COLUMNS, "theme_id", "items", *COUNT_COLUMNS]
    result = session.execute(
        sa.insert(TrendThemeDaily).from_select(
            columns, _theme_select(dialect, *_bounds(first, last))
        )
    )
    return max(result.rowcount or 0, 0)


def _state(session: Session) -> TrendState:
    state = session.get(TrendState, 1)
    if state is None:
        state = TrendState(id=1)
        session.add(state)
    return state


def _marks(session: Session) -> dict:
    """Where the sources stand now: newest response, analysed item, theme run, edit."""
    return {
        "response_id": session.exec(select(func.max(Response.id))).one() or 0,
        "items_processed_at": session.exec(select(func.max(FeedbackItem.processed_at))).one(),
        "theme_run_id": session.exec(
            select(func.max(ThemeRun.id)).where(ThemeRun.status == "done")
        ).one()
        or 0,
        "theme_event_id": session.exec(
            select(func.max(ThemeEvent.id)).where(
                ThemeEvent.kind.in_((ThemeEventKind.MERGED, ThemeEventKind.SPLIT))
            )
        ).one()
        or 0,
    }


def _aware(moment: datetime | None) -> datetime | None:
    # Aggregates bypass the column type on SQLite and come back naive (stored as UTC).
    if moment is not None and isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _save(session: Session, state: TrendState, marks: dict, days: int, rebuilt: bool) -> None:
    state.response_id = marks["response_id"]
    state.items_processed_at = _aware(marks["items_processed_at"])
    state.theme_run_id = marks["theme_run_id"]
    state.theme_event_id = marks["theme_event_id"]
    state.refreshed_at = utcnow()
    state.days_refreshed = days
    if rebuilt:
        state.rebuilt_at = state.refreshed_at
    session.add(state)


def rebuild(*, session: Session) -> RefreshResult:
    """Recompute both rollups from every response and feedback item (one transaction)."""
    marks = _marks(session)
    rows = _write_daily(session) + _write_themes(session)
    days = session.exec(select(func.count(sa.distinct(TrendDaily.day)))).one()
    _save(session, _state(session), marks, days, rebuilt=True)
    session.commit()
    return RefreshResult(days=days, themes_rebuilt=True, rows=rows)


def _day_range(session: Session, column, condition) -> tuple[date | None, date | None]:
    low, high = session.exec(select(func.min(column), func.max(column)).where(condition)).one()
    low, high = _aware(low), _aware(high)
    return (low.date() if low else None), (high.date() if high else None)


def refresh(*, session: Session) -> RefreshResult:
    """Fold in what arrived since the last refresh: recompute only the days it touched."""
    state = _state(session)
    marks = _marks(session)
    first, last = _day_range(session, Response.submitted_at, Response.id > state.response_id)
    if state.items_processed_at is None:
        item_new = FeedbackItem.processed_at.is_not(None)
    else:
        item_new = FeedbackItem.processed_at > state.items_processed_at
    i_first, i_last = _day_range(session, FeedbackItem.occurred_at, item_new)
    days = [d for d in (first, last, i_first, i_last) if d is not None]
    rows, day_count = 0, 0
    if days:
        low, high = min(days), max(days)
        rows += _write_daily(session, low, high)
        day_count = (high - low).days + 1
    rebuild_themes = (marks["theme_run_id"] > state.theme_run_id
                      or marks["theme_event_id"] > state.theme_event_id)  # fmt: skip
    if rebuild_themes:
        rows += _write_themes(session)
    elif i_first is not None:
        rows += _write_themes(session, i_first, i_last)
    _save(session, state, marks, day_count, rebuilt=False)
    session.commit()
    return RefreshResult(days=day_count, themes_rebuilt=rebuild_themes, rows=rows)


@dataclass(frozen=True)
class RollupStatus:
    rows: int
    theme_rows: int
    first_day: date | None
    last_day: date | None
    rebuilt_at: datetime | None
    refreshed_at: datetime | None
    pending_responses: int


def status(*, session: Session) -> RollupStatus:
    """How big the rollups are, how far they reach and how many responses wait."""
    state = session.get(TrendState, 1) or TrendState()
    first, last = session.exec(select(func.min(TrendDaily.day), func.max(TrendDaily.day))).one()
    return RollupStatus(
        rows=session.exec(select(func.count()).select_from(TrendDaily)).one(),
        theme_rows=session.exec(select(func.count()).select_from(TrendThemeDaily)).one(),
        first_day=_as_date(first),
        last_day=_as_date(last),
        rebuilt_at=state.rebuilt_at,
        refreshed_at=state.refreshed_at,
        pending_responses=session.exec(
            select(func.count()).select_from(Response).where(Response.id > state.response_id)
        ).one(),
    )


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
