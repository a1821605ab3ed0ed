"""The staff landing page: how the scores moved, which themes moved, what is being done.

The period comparison and the movers read the daily trend rollups (as the trend pages
do) and end on the newest day with data, so an imported history still reads; the
actions' verdicts are the board's (:mod:`app.services.effects`); overdue cases are
measured against the clock, since a callback is late in real time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import (
    CaseStatus,
    Complaint,
    Contact,
    FollowUpCase,
    ImprovementAction,
    Response,
    Stage,
    Theme,
    ThemeStatus,
)
from app.models.base import utcnow
from app.services import N_, DomainError, effects, trend_periods, trend_themes, trends
from app.services.board import is_overdue

PERIOD_WEEKS = {"1w": 1, "4w": 4, "13w": 13}
DEFAULT_PERIOD = "4w"
MOVERS = 3
ACTIONS_SHOWN = 8
OVERDUE_SHOWN = 5
MEASURED = (Stage.DO, Stage.CHECK, Stage.ACT)


@dataclass(frozen=True)
class Counts:
    contacts: int
    responses: int
    complaints: int
    themes: int
    new_themes: int


@dataclass(frozen=True)
class ActionVerdict:
    action: ImprovementAction
    effect: effects.Effect
    overdue: bool


@dataclass(frozen=True)
class OverdueCases:
    total: int
    oldest: list[FollowUpCase]


@dataclass
class Overview:
    period: str
    counts: Counts
    periods: trend_periods.Periods | None = None
    scores: list[trend_periods.PeriodChange] = field(default_factory=list)
    movers: list[trend_themes.Mover] = field(default_factory=list)
    actions: list[ActionVerdict] = field(default_factory=list)
    actions_open: int = 0  # every open card, Ideas and Plan included
    overdue: OverdueCases | None = None


def parse_period(value: str | None) -> str:
    """The period named in the URL, or the default.

    Raises:
        DomainError: it is not one the page offers.
    """
    value = (value or "").strip()
    if not value:
        return DEFAULT_PERIOD
    if value not in PERIOD_WEEKS:
        raise DomainError(N_("%(value)s is not a valid choice for %(name)s."),
                          value=value[:40], name="period")  # fmt: skip
    return value


def _count(session: Session, statement) -> int:
    return session.exec(statement).one()


def counts(*, session: Session) -> Counts:
    """How much the platform holds, in one line."""
    return Counts(
        contacts=_count(session, select(func.count()).select_from(Contact)),
        responses=_count(session, select(func.count()).select_from(Response)),
        complaints=_count(session, select(func.count()).select_from(Complaint)),
        themes=_count(
            session, select(func.count()).select_from(Theme).where(Theme.merged_into_id.is_(None))
        ),
        new_themes=_count(
            session, select(func.count()).select_from(Theme).where(Theme.status == ThemeStatus.NEW)
        ),
    )


def action_verdicts(*, session: Session, today: date) -> tuple[list[ActionVerdict], int]:
    """Open cards in Do, Check and Act with their measured verdicts; and all open cards."""
    open_cards = (
        select(ImprovementAction)
        .where(ImprovementAction.archived_at.is_(None), ImprovementAction.stage != Stage.DONE)
        .order_by(ImprovementAction.position, ImprovementAction.id)
    )
    cards = list(session.exec(open_cards))
    measured = [c for stage in MEASURED for c in cards if c.stage == stage][:ACTIONS_SHOWN]
    verdicts = [
        ActionVerdict(card, effects.measure(session=session, action=card), is_overdue(card, today))
        for card in measured
    ]
    return verdicts, len(cards)


def overdue_cases(*, session: Session, now: datetime) -> OverdueCases:
    """Open cases past their due time: how many, and the longest overdue."""
    late = FollowUpCase.status != CaseStatus.CLOSED, FollowUpCase.due_at < now
    total = _count(session, select(func.count()).select_from(FollowUpCase).where(*late))
    oldest = session.exec(
        select(FollowUpCase).where(*late).order_by(FollowUpCase.due_at, FollowUpCase.id)
        .limit(OVERDUE_SHOWN)
    )  # fmt: skip
    return OverdueCases(total, list(oldest))


def overview(*, session: Session, period: str = DEFAULT_PERIOD, now: datetime | None = None):
    """Everything the landing page shows, for the chosen period length."""
    now = now or utcnow()
    page = Overview(period=period, counts=counts(session=session))
    page.periods = trend_periods.latest_periods(session=session, weeks=PERIOD_WEEKS[period])
    if page.periods is not None:
        everyone = trends.Filters()
        page.scores = trend_periods.period_comparison(session=session, filters=everyone,
                                               periods=page.periods)  # fmt: skip
        page.movers = trend_themes.biggest_movers(
            session=session, filters=everyone, first=page.periods.previous_first,
            split=page.periods.current_first, last=page.periods.last, limit=MOVERS,
        )  # fmt: skip
    page.actions, page.actions_open = action_verdicts(session=session, today=now.date())
    page.overdue = overdue_cases(session=session, now=now)
    return page
