"""The weekly triage: which themes matter this week, and the sessions that decide them.

Ranking: emerging themes first (the significance test of ``ml.stats.detect_emerging``),
then by priority = items this week × negativity × growth, where

- *items* counts distinct feedback items that mention the theme in the week (one long
  complaint with four segments on the theme counts once);
- *negativity* is the share of those mentions the sentiment model calls negative, or,
  where no sentiment is known, the share of items whose score is in the lower half of its
  scale; it is floored at 0.1 so that a neutral theme growing fast still surfaces;
- *growth* is (items + 1) / (baseline + 1), the baseline being the mean weekly items over
  the 4–8 weeks before. A theme's first weeks have no baseline: growth is then 1 and no
  expectation is shown.

Dismissed themes go last. Decisions taken from the triage page belong to the analyst's
triage session for that week (who, when, which decisions).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import (
    FeedbackItem,
    Segment,
    SuggestionStatus,
    Theme,
    ThemeEvent,
    ThemeSignal,
    ThemeStatus,
    ThemeSuggestion,
    Touchpoint,
    TriageSession,
    User,
)
from app.models.base import utcnow
from app.services import N_, DomainError, NotFound
from app.services import themes as theme_edits

PAGE_SIZE = 20
SPARK_WEEKS = 12
BASELINE_WEEKS = (4, 8)
NEGATIVITY_FLOOR = 0.1
STALE_AFTER = timedelta(days=7)
# Lower half of each scale counts as a negative score where no sentiment is known.
SCALES = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}
STATUS_FILTERS = ("all", *(s.value for s in ThemeStatus))


class TriageError(DomainError):
    """A triage decision that cannot be applied."""


@dataclass(frozen=True)
class Filters:
    week: date | None = None
    touchpoint_id: int | None = None
    language: str | None = None
    status: str = "all"
    page: int = 1


@dataclass(frozen=True)
class ScoreSummary:
    kind: str
    mean: float
    n: int


@dataclass(frozen=True)
class TriageRow:
    theme: Theme
    items: int  # distinct feedback items mentioning the theme in the week
    baseline: float | None  # mean weekly items over the 4–8 weeks before; None: too early
    spark: list[int]  # weekly items, the last SPARK_WEEKS weeks up to the week
    score: ScoreSummary | None
    touchpoints: list[tuple[int, float]]  # (touchpoint id, share of this week's items)
    quote: Segment | None
    emerging: bool
    negativity: float | None
    priority: float
    untriaged_days: int | None
    suggestions: list[ThemeSuggestion] = field(default_factory=list)


@dataclass(frozen=True)
class SessionSummary:
    session: TriageSession
    user: User
    decisions: int


@dataclass(frozen=True)
class TriageView:
    filters: Filters
    week: date | None
    weeks: list[date]
    rows: list[TriageRow]
    total: int
    pages: int
    unassigned: int
    touchpoints: dict[int, Touchpoint]
    languages: list[str]
    sessions: list[SessionSummary]
    open_session: TriageSession | None
    suggestions: list[tuple[ThemeSuggestion, Theme, Theme | None]]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def signal_weeks(*, session: Session) -> list[date]:
    """Weeks that have weekly signals, newest first."""
    return list(
        session.exec(
            select(ThemeSignal.week_start).distinct().order_by(ThemeSignal.week_start.desc())
        )
    )


def _negativity(sentiments: list[str | None], scores: list[tuple[str, int]]) -> float | None:
    known = [s for s in sentiments if s]
    if known:
        return sum(s == "negative" for s in known) / len(known)
    if scores:
        low = 0
        for kind, score in scores:
            lo, hi = SCALES.get(kind, (0, 1))
            low += (score - lo) / (hi - lo) < 0.5
        return low / len(scores)
    return None


def _score(scores: list[tuple[str, int]]) -> ScoreSummary | None:
    if not scores:
        return None
    kind = Counter(k for k, _ in scores).most_common(1)[0][0]
    values = [v for k, v in scores if k == kind]
    return ScoreSummary(kind, sum(values) / len(values), len(values))


def triage(*, session: Session, filters: Filters, user_id: int | None = None) -> TriageView:
    """The triage list for one week, ranked, filtered and paged."""
    weeks = signal_weeks(session=session)
    week = filters.week if filters.week in weeks else (weeks[0] if weeks else None)
    touchpoints = {t.id: t for t in session.exec(select(Touchpoint).order_by(Touchpoint.position))}
    languages = sorted(set(session.exec(select(Theme.language).distinct())))
    unassigned = session.exec(
        select(func.count())
        .select_from(Segment)
        .where(Segment.theme_id.is_(None), Segment.embedding.is_not(None))
    ).one()
    common = {
        "filters": filters,
        "weeks": weeks,
        "unassigned": unassigned,
        "touchpoints": touchpoints,
        "languages": languages,
    }
    if week is None:
        return TriageView(week=None, rows=[], total=0, pages=0, sessions=[], open_session=None,
                          suggestions=[], **common)  # fmt: skip
    rows = _rank(session, week, filters)
    if filters.status != "all":
        rows = [r for r in rows if r.theme.status == filters.status]
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(filters.page, 1), pages)
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    _attach_quotes(session, shown, week)
    pending = pending_suggestions(session=session)
    by_theme: dict[int, list[ThemeSuggestion]] = defaultdict(list)
    for suggestion, _, _ in pending:
        by_theme[suggestion.theme_id].append(suggestion)
    shown = [
        TriageRow(**{**r.__dict__, "suggestions": by_theme.get(r.theme.id, [])}) for r in shown
    ]
    return TriageView(
        week=week,
        rows=shown,
        total=len(rows),
        pages=pages,
        sessions=sessions_for_week(session=session, week=week),
        open_session=open_session(session=session, user_id=user_id, week=week) if user_id else None,
        suggestions=pending,
        **{**common, "filters": Filters(**{**filters.__dict__, "week": week, "page": page})},
    )


def _rank(session: Session, week: date, filters: Filters) -> list[TriageRow]:
    first_data = session.exec(select(func.min(Segment.occurred_at))).one()
    first_week = week_start(_aware(first_data).date()) if first_data else week
    window_start = week - timedelta(weeks=max(SPARK_WEEKS - 1, BASELINE_WEEKS[1]))
    statement = (
        select(
            Segment.theme_id,
            Segment.feedback_item_id,
            Segment.occurred_at,
            Segment.sentiment,
            FeedbackItem.touchpoint_id,
            FeedbackItem.score_kind,
            FeedbackItem.score,
        )
        .join(FeedbackItem, FeedbackItem.id == Segment.feedback_item_id)
        .where(
            Segment.theme_id.is_not(None),
            Segment.occurred_at >= _midnight(window_start),
            Segment.occurred_at < _midnight(week + timedelta(weeks=1)),
        )
    )
    if filters.touchpoint_id is not None:
        statement = statement.where(FeedbackItem.touchpoint_id == filters.touchpoint_id)
    if filters.language:
        statement = statement.where(Segment.language == filters.language)
    items_by_week: dict[int, dict[date, set[int]]] = defaultdict(lambda: defaultdict(set))
    sentiments: dict[int, list[str | None]] = defaultdict(list)
    scores: dict[int, dict[int, tuple[str, int]]] = defaultdict(dict)
    places: dict[int, dict[int, int | None]] = defaultdict(dict)
    for theme_id, item_id, occurred, sentiment, touchpoint_id, kind, score in session.exec(
        statement
    ):
        bucket = week_start(_aware(occurred).date())
        items_by_week[theme_id][bucket].add(item_id)
        if bucket == week:
            sentiments[theme_id].append(sentiment)
            places[theme_id][item_id] = touchpoint_id
            if kind in SCALES and score is not None:
                scores[theme_id][item_id] = (kind, score)
    baseline_weeks = min(BASELINE_WEEKS[1], (week - first_week).days // 7)
    themes = session.exec(select(Theme).where(Theme.merged_into_id.is_(None), Theme.size > 0)).all()
    if filters.touchpoint_id is not None or filters.language:
        themes = [t for t in themes if t.id in items_by_week]
    flagged = set(
        session.exec(
            select(ThemeSignal.theme_id).where(ThemeSignal.week_start == week, ThemeSignal.flagged)
        )
    )
    now = utcnow()
    rows = []
    for theme in themes:
        weekly = items_by_week.get(theme.id, {})
        count = len(weekly.get(week, ()))
        baseline = None
        if baseline_weeks >= BASELINE_WEEKS[0]:
            previous = [week - timedelta(weeks=w) for w in range(1, baseline_weeks + 1)]
            baseline = sum(len(weekly.get(w, ())) for w in previous) / baseline_weeks
        spark = [
            len(weekly.get(week - timedelta(weeks=w), ())) for w in range(SPARK_WEEKS - 1, -1, -1)
        ]
        theme_scores = list(scores.get(theme.id, {}).values())
        negativity = _negativity(sentiments.get(theme.id, []), theme_scores)
        growth = (count + 1) / (baseline + 1) if baseline is not None else 1.0
        priority = (
            count * max(negativity if negativity is not None else 0.5, NEGATIVITY_FLOOR) * growth
        )
        mix = Counter(places.get(theme.id, {}).values())
        total = sum(mix.values())
        stale = theme.status == ThemeStatus.NEW and now - theme.created_at > STALE_AFTER
        rows.append(
            TriageRow(
                theme=theme,
                items=count,
                baseline=baseline,
                spark=spark,
                score=_score(theme_scores),
                touchpoints=[(tp, n / total) for tp, n in mix.most_common(3) if tp is not None],
                quote=None,
                emerging=theme.id in flagged,
                negativity=negativity,
                priority=priority,
                untriaged_days=(now - theme.created_at).days if stale else None,
            )
        )
    rows.sort(
        key=lambda r: (
            r.theme.status == ThemeStatus.DISMISSED,
            not r.emerging,
            -r.priority,
            -r.items,
            -r.theme.size,
            r.theme.id,
        )
    )
    return rows


def _attach_quotes(session: Session, rows: list[TriageRow], week: date) -> None:
    """One representative quote per row: this week's segment closest to the theme centre."""
    ids = [r.theme.id for r in rows]
    if not ids:
        return
    candidates = session.exec(
        select(Segment)
        .where(
            Segment.theme_id.in_(ids),
            Segment.occurred_at >= _midnight(week),
            Segment.occurred_at < _midnight(week + timedelta(weeks=1)),
        )
        .order_by(Segment.theme_similarity.desc(), Segment.id)
    ).all()
    best: dict[int, Segment] = {}
    for segment in candidates:
        best.setdefault(segment.theme_id, segment)
    fallback_ids = [r.theme.quote_segment_ids[0] for r in rows
                    if r.theme.id not in best and r.theme.quote_segment_ids]  # fmt: skip
    fallback = {
        s.theme_id: s
        for s in session.exec(select(Segment).where(Segment.id.in_(fallback_ids)))
    } if fallback_ids else {}  # fmt: skip
    for index, row in enumerate(rows):
        quote = best.get(row.theme.id) or fallback.get(row.theme.id)
        rows[index] = TriageRow(**{**row.__dict__, "quote": quote})


# --- sessions -----------------------------------------------------------------------------


def open_session(*, session: Session, user_id: int, week: date) -> TriageSession | None:
    return session.exec(
        select(TriageSession).where(
            TriageSession.user_id == user_id,
            TriageSession.week_start == week,
            TriageSession.finished_at.is_(None),
        )
    ).first()


def start_session(*, session: Session, user_id: int, week: date) -> TriageSession:
    """The analyst's open triage session for the week, opened now if there is none."""
    current = open_session(session=session, user_id=user_id, week=week)
    if current is not None:
        return current
    current = TriageSession(user_id=user_id, week_start=week)
    session.add(current)
    session.commit()
    return current


def finish_session(*, session: Session, user_id: int, week: date) -> SessionSummary:
    """Close the analyst's session for the week; returns it with its decision count."""
    current = open_session(session=session, user_id=user_id, week=week)
    if current is None:
        raise TriageError(N_("There is no open triage session for this week."))
    current.finished_at = utcnow()
    session.add(current)
    session.commit()
    return _summaries(session, [current])[0]


def _summaries(session: Session, rows: list[TriageSession]) -> list[SessionSummary]:
    if not rows:
        return []
    counts = dict(
        session.exec(
            select(ThemeEvent.triage_session_id, func.count())
            .where(ThemeEvent.triage_session_id.in_([r.id for r in rows]))
            .group_by(ThemeEvent.triage_session_id)
        ).all()
    )
    users = {
        u.id: u for u in session.exec(select(User).where(User.id.in_({r.user_id for r in rows})))
    }
    return [SessionSummary(r, users[r.user_id], counts.get(r.id, 0)) for r in rows]


def sessions_for_week(*, session: Session, week: date) -> list[SessionSummary]:
    rows = list(
        session.exec(
            select(TriageSession)
            .where(TriageSession.week_start == week)
            .order_by(TriageSession.started_at)
        )
    )
    return _summaries(session, rows)


def session_decisions(*, session: Session, triage_session_id: int) -> list[ThemeEvent]:
    return list(
        session.exec(
            select(ThemeEvent)
            .where(ThemeEvent.triage_session_id == triage_session_id)
            .order_by(ThemeEvent.id)
        )
    )


# --- the engine's suggestions ----------------------------------------------------------------


def pending_suggestions(*, session: Session) -> list[tuple[ThemeSuggestion, Theme, Theme | None]]:
    """Open suggestions whose themes are still live (a merged theme's suggestion lapses)."""
    rows = session.exec(
        select(ThemeSuggestion)
        .where(ThemeSuggestion.status == SuggestionStatus.PENDING)
        .order_by(ThemeSuggestion.id)
    ).all()
    live = []
    for suggestion in rows:
        theme = session.get(Theme, suggestion.theme_id)
        other = session.get(Theme, suggestion.other_theme_id) if suggestion.other_theme_id else None
        if theme is None or theme.merged_into_id is not None:
            continue
        if other is not None and other.merged_into_id is not None:
            continue
        live.append((suggestion, theme, other))
    return live


def decide_suggestion(
    *,
    session: Session,
    suggestion_id: int,
    accept: bool,
    actor_id: int,
    triage_session_id: int | None = None,
) -> ThemeSuggestion:
    """Accept or reject what the engine suggested.

    A *merge* suggestion, accepted, merges the other theme into this one. A *split* the
    engine already made (it gave part of this theme's segments a new theme), accepted,
    stays; rejected, the new theme is merged back.
    """
    suggestion = session.get(ThemeSuggestion, suggestion_id)
    if suggestion is None:
        raise NotFound(N_("No suggestion %(id)s."), id=suggestion_id)
    if suggestion.status != SuggestionStatus.PENDING:
        raise TriageError(N_("This suggestion was decided already."))
    merge_back = (suggestion.kind == "merge") == accept
    if merge_back and suggestion.other_theme_id is not None:
        theme_edits.merge(
            session=session,
            source_ids=[suggestion.other_theme_id],
            target_id=suggestion.theme_id,
            actor_id=actor_id,
            triage_session_id=triage_session_id,
        )
    suggestion.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.REJECTED
    suggestion.decided_by_id = actor_id
    suggestion.decided_at = utcnow()
    session.add(suggestion)
    session.add(ThemeEvent(theme_id=suggestion.theme_id, kind="suggestion", actor_id=actor_id,
                           triage_session_id=triage_session_id,
                           detail={"suggestion": suggestion.id, "kind": suggestion.kind,
                                   "accepted": accept}))  # fmt: skip
    session.commit()
    return suggestion
