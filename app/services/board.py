"""The improvement board as people read it: columns, cards, metrics and card details."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import (
    STAGES,
    ActionEvent,
    ActionTheme,
    ImprovementAction,
    Iteration,
    Stage,
    Theme,
    ThemeSignal,
    ThemeStatus,
    Touchpoint,
    User,
)
from app.models.base import utcnow
from app.services import actions, effects

METRIC_MONTHS = 12
# Board cards whose effect is worth computing: measurement starts when a card enters Do.
MEASURED_STAGES = frozenset({Stage.DO, Stage.CHECK, Stage.ACT, Stage.DONE})


@dataclass(frozen=True)
class CardSummary:
    action: ImprovementAction
    owner: User | None
    raised_by: User | None
    themes: list[Theme]
    overdue: bool
    effect: effects.Effect | None
    moves: list[str]


@dataclass(frozen=True)
class Column:
    stage: str
    cards: list[CardSummary]
    limit: int | None

    @property
    def full(self) -> bool:
        return self.limit is not None and len(self.cards) >= self.limit


@dataclass(frozen=True)
class BoardMetrics:
    months: list[tuple[date, int, int]]  # (first of the month, opened, completed), newest first
    overdue: int
    without_owner: int
    themes_without_action: int
    emerging_without_action: int


@dataclass(frozen=True)
class BoardView:
    columns: list[Column]
    metrics: BoardMetrics
    my_ideas: list[CardSummary]
    archived: int


def _users(session: Session, ids) -> dict[int, User]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {u.id: u for u in session.exec(select(User).where(User.id.in_(ids)))}


def _themes_by_action(session: Session, action_ids) -> dict[int, list[Theme]]:
    linked: dict[int, list[Theme]] = defaultdict(list)
    if not action_ids:
        return linked
    rows = session.exec(
        select(ActionTheme.action_id, Theme)
        .join(Theme, Theme.id == ActionTheme.theme_id)
        .where(ActionTheme.action_id.in_(action_ids))
        .order_by(Theme.id)
    ).all()
    for action_id, theme in rows:
        linked[action_id].append(theme)
    return linked


def _summaries(session: Session, cards: list[ImprovementAction], today: date) -> list[CardSummary]:
    people = _users(session, [c.owner_id for c in cards] + [c.raised_by_id for c in cards])
    linked = _themes_by_action(session, [c.id for c in cards])
    return [
        CardSummary(
            action=card,
            owner=people.get(card.owner_id),
            raised_by=people.get(card.raised_by_id),
            themes=linked.get(card.id, []),
            overdue=is_overdue(card, today),
            effect=effects.measure(session=session, action=card)
            if card.stage in MEASURED_STAGES
            else None,
            moves=actions.allowed_moves(card),
        )
        for card in cards
    ]


def is_overdue(card: ImprovementAction, today: date) -> bool:
    return card.due_date is not None and card.due_date < today and card.stage != Stage.DONE


def board(
    *, session: Session, config: Mapping[str, Any], user_id: int | None, today: date | None = None
) -> BoardView:
    """The board's columns in PDCA order with their cards, limits and the board metrics."""
    today = today or utcnow().date()
    cards = list(
        session.exec(
            select(ImprovementAction)
            .where(ImprovementAction.archived_at.is_(None))
            .order_by(ImprovementAction.position, ImprovementAction.id)
        )
    )
    summaries = _summaries(session, cards, today)
    limits = actions.wip_limits(config)
    by_stage: dict[str, list[CardSummary]] = defaultdict(list)
    for summary in summaries:
        by_stage[summary.action.stage].append(summary)
    archived = session.exec(
        select(func.count())
        .select_from(ImprovementAction)
        .where(ImprovementAction.archived_at.is_not(None))
    ).one()
    return BoardView(
        columns=[Column(stage, by_stage.get(stage, []), limits.get(stage)) for stage in STAGES],
        metrics=metrics(session=session, today=today),
        my_ideas=[s for s in summaries if user_id is not None and s.action.raised_by_id == user_id],
        archived=archived,
    )


def archived_cards(*, session: Session, today: date | None = None) -> list[CardSummary]:
    cards = list(
        session.exec(
            select(ImprovementAction)
            .where(ImprovementAction.archived_at.is_not(None))
            .order_by(ImprovementAction.archived_at.desc())
        )
    )
    return _summaries(session, cards, today or utcnow().date())


def _month(moment: datetime) -> date:
    return moment.date().replace(day=1)


def metrics(*, session: Session, today: date) -> BoardMetrics:
    """Opened vs completed per month, overdue, without owner, themes with no action."""
    cards = list(session.exec(select(ImprovementAction)))
    opened = Counter(_month(c.created_at) for c in cards)
    completed = Counter(_month(c.completed_at) for c in cards if c.completed_at)
    # This month and the months with any activity, newest first: a quiet stretch shows
    # as the gap between the months listed.
    months = sorted({today.replace(day=1), *opened, *completed}, reverse=True)[:METRIC_MONTHS]
    live = [c for c in cards if c.archived_at is None and c.stage != Stage.DONE]
    linked = set(session.exec(select(ActionTheme.theme_id)))
    candidates = set(
        session.exec(
            select(Theme.id).where(
                Theme.merged_into_id.is_(None),
                Theme.size > 0,
                Theme.status != ThemeStatus.DISMISSED,
            )
        )
    )
    unlinked = candidates - linked
    latest = session.exec(select(func.max(ThemeSignal.week_start))).one()
    emerging = set()
    if latest is not None:
        emerging = set(
            session.exec(
                select(ThemeSignal.theme_id).where(
                    ThemeSignal.week_start == latest, ThemeSignal.flagged
                )
            )
        )
    return BoardMetrics(
        months=[(m, opened.get(m, 0), completed.get(m, 0)) for m in months],
        overdue=sum(is_overdue(c, today) for c in live),
        without_owner=sum(c.owner_id is None and c.stage != Stage.IDEA for c in live),
        themes_without_action=len(unlinked),
        emerging_without_action=len(unlinked & emerging),
    )


@dataclass(frozen=True)
class CardChoices:
    owners: list[User]
    touchpoints: list[Touchpoint]


def card_choices(*, session: Session) -> CardChoices:
    """Who can own a card (active staff, agent and up) and the touchpoints to target."""
    return CardChoices(
        owners=[
            u
            for u in session.exec(select(User).where(User.active).order_by(User.email))
            if u.has_role("agent")
        ],
        touchpoints=list(session.exec(select(Touchpoint).order_by(Touchpoint.position))),
    )


@dataclass(frozen=True)
class CardDetail:
    card: CardSummary
    touchpoint: Touchpoint | None
    iterations: list[Iteration]
    activity: list[Activity]
    effect: effects.Effect
    link_candidates: list[Theme]


def card(*, session: Session, action_id: int, today: date | None = None) -> CardDetail:
    """Everything the card page shows, including the measured effect and its weekly series."""
    action = actions.get_action(session=session, action_id=action_id)
    summary = _summaries(session, [action], today or utcnow().date())[0]
    linked = {t.id for t in summary.themes}
    return CardDetail(
        card=summary,
        touchpoint=session.get(Touchpoint, action.touchpoint_id) if action.touchpoint_id else None,
        iterations=list(
            session.exec(
                select(Iteration).where(Iteration.action_id == action.id).order_by(Iteration.number)
            )
        ),
        activity=activity(session=session, action_id=action.id),
        effect=summary.effect or effects.measure(session=session, action=action),
        link_candidates=[
            t
            for t in session.exec(
                select(Theme)
                .where(Theme.merged_into_id.is_(None), Theme.size > 0)
                .order_by(Theme.size.desc())
            )
            if t.id not in linked
        ],
    )


@dataclass(frozen=True)
class Activity:
    event: ActionEvent
    actor: str


def activity(*, session: Session, action_id: int) -> list[Activity]:
    """The card's log, newest first, with the actor's name or e-mail."""
    rows = session.exec(
        select(ActionEvent, User)
        .join(User, User.id == ActionEvent.actor_id, isouter=True)
        .where(ActionEvent.action_id == action_id)
        .order_by(ActionEvent.id.desc())
    ).all()
    return [Activity(event, (user.name or user.email) if user else "") for event, user in rows]
