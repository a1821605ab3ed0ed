"""Improvement actions as cards: create, raise ideas, edit, move through PDCA.

The iterations inside a card (their text, the Act decision) are app.services.iterations.

Rules the board keeps:
- a card moves one step at a time (Ideas → Plan → Do → Check → Act → Done, or one step
  back); from Act it goes to Done only with a decision (adopt or abandon), and back to
  Plan only as *adapt*, which opens the next iteration;
- entering Do the first time starts the measurement; entering Check records the measured
  effect in the iteration;
- a column with a WIP limit takes no more cards than the limit;
- cards are archived, never deleted; every change lands in the card's activity log;
- an edit names the version it started from; if someone saved in between, the edit is
  refused with both versions so nothing is overwritten silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, select

from app.models import (
    ActionEvent,
    ActionTheme,
    Decision,
    ImprovementAction,
    Iteration,
    Stage,
    TargetMetric,
    Theme,
    ThemeEvent,
    ThemeStatus,
    Touchpoint,
    User,
)
from app.models.base import utcnow
from app.services import N_, DomainError, NotFound, effects, messages, webhooks

MAX_TITLE = 200
MAX_TEXT = 5000
EDITABLE = ("title", "problem", "hypothesis", "owner_id", "due_date", "target_metric",
            "target_value", "touchpoint_id")  # fmt: skip

# One step forward or back; Act → Plan is "adapt", Done → Act reopens a finished card.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.IDEA: frozenset({Stage.PLAN}),
    Stage.PLAN: frozenset({Stage.IDEA, Stage.DO}),
    Stage.DO: frozenset({Stage.PLAN, Stage.CHECK}),
    Stage.CHECK: frozenset({Stage.DO, Stage.ACT}),
    Stage.ACT: frozenset({Stage.CHECK, Stage.PLAN, Stage.DONE}),
    Stage.DONE: frozenset({Stage.ACT}),
}


class BoardError(DomainError):
    """A board rule was broken (the message says which and what to do)."""


class WipLimitReached(BoardError):
    """The target column already holds as many cards as its WIP limit allows."""


class EditConflict(BoardError):
    """Someone saved the card after this edit began; nothing was written."""

    def __init__(self, current: ImprovementAction, attempted: Mapping[str, Any]):
        super().__init__(N_("Someone else saved this card while you were editing it."))
        self.current = current
        self.differences = {
            name: (getattr(current, name), value)
            for name, value in attempted.items()
            if getattr(current, name) != value
        }


def wip_limits(config: Mapping[str, Any]) -> dict[str, int]:
    """Per-column WIP limits from ``BOARD_WIP_LIMITS`` (a column left out, or 0, has none)."""
    limits = config.get("BOARD_WIP_LIMITS") or {}
    return {str(stage): int(limit) for stage, limit in limits.items() if limit}


def get_action(*, session: Session, action_id: int) -> ImprovementAction:
    action = session.get(ImprovementAction, action_id)
    if action is None:
        raise NotFound(N_("No improvement action %(id)s."), id=action_id)
    return action


def _log(session: Session, action: ImprovementAction, kind: str, actor_id, **detail) -> None:
    session.add(ActionEvent(action_id=action.id, actor_id=actor_id, kind=kind, detail=detail))


def _clean_text(value: str | None, limit: int, label: str) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise BoardError(N_("%(field)s: at most %(limit)d characters."), field=label, limit=limit)
    return text


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise BoardError(N_("Give the card a title."))
    if len(title) > MAX_TITLE:
        raise BoardError(N_("A title has at most %(limit)d characters."), limit=MAX_TITLE)
    return title


def _check_fields(session: Session, fields: dict[str, Any]) -> dict[str, Any]:
    if "title" in fields:
        fields["title"] = _clean_title(fields["title"])
    for name in ("problem", "hypothesis"):
        if name in fields:
            fields[name] = _clean_text(fields[name], MAX_TEXT, name)
    if fields.get("target_metric") is not None and fields["target_metric"] not in set(TargetMetric):
        raise BoardError(N_("Unknown target metric %(metric)r."), metric=fields["target_metric"])
    owner_id = fields.get("owner_id")
    if owner_id is not None:
        owner = session.get(User, owner_id)
        if owner is None or not owner.active or not owner.has_role("agent"):
            raise BoardError(N_("The owner must be an active staff member (agent or above)."))
    if (
        fields.get("touchpoint_id") is not None
        and session.get(Touchpoint, fields["touchpoint_id"]) is None
    ):
        raise BoardError(N_("Unknown touchpoint."))
    return fields


def _end_of(session: Session, stage: str) -> int:
    last = session.exec(
        select(func.max(ImprovementAction.position)).where(ImprovementAction.stage == stage)
    ).one()
    return (last or 0) + 1


def _current_iteration(session: Session, action: ImprovementAction) -> Iteration | None:
    return session.exec(
        select(Iteration).where(Iteration.action_id == action.id).order_by(Iteration.number.desc())
    ).first()


def _open_iteration(session: Session, action: ImprovementAction, plan: str = "") -> Iteration:
    current = _current_iteration(session, action)
    iteration = Iteration(action_id=action.id, number=(current.number + 1) if current else 1,
                          plan=plan)  # fmt: skip
    session.add(iteration)
    return iteration


def _link(session: Session, action: ImprovementAction, theme: Theme, actor_id, triage=None):
    if session.get(ActionTheme, (action.id, theme.id)) is not None:
        return
    session.add(ActionTheme(action_id=action.id, theme_id=theme.id))
    if theme.status in (ThemeStatus.NEW, ThemeStatus.TRIAGED):
        detail = {"before": theme.status, "after": ThemeStatus.IN_ACTION}
        session.add(ThemeEvent(theme_id=theme.id, kind="status", actor_id=actor_id,
                               triage_session_id=triage, detail=detail))  # fmt: skip
        theme.status = ThemeStatus.IN_ACTION
        theme.updated_at = utcnow()
        session.add(theme)
    session.add(ThemeEvent(theme_id=theme.id, kind="action", actor_id=actor_id,
                           triage_session_id=triage, detail={"action": action.id}))  # fmt: skip
    _log(session, action, "theme_linked", actor_id, theme=theme.id, name=theme.display_name)


def _live_theme(session: Session, theme_id: int) -> Theme:
    theme = session.get(Theme, theme_id)
    if theme is None:
        raise NotFound(N_("No theme %(id)s."), id=theme_id)
    if theme.merged_into_id is not None:
        raise BoardError(
            N_("Theme %(id)s was merged into theme %(into)s."),
            id=theme_id,
            into=theme.merged_into_id,
        )
    return theme


def create_action(
    *,
    session: Session,
    title: str,
    actor_id: int | None,
    theme_ids: tuple[int, ...] = (),
    triage_session_id: int | None = None,
    **fields: Any,
) -> ImprovementAction:
    """Create a card in Plan with its first iteration; linked themes go "in action"."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    fields = _check_fields(session, {"title": title, **fields})
    themes = [_live_theme(session, theme_id) for theme_id in dict.fromkeys(theme_ids)]
    action = ImprovementAction(stage=Stage.PLAN, position=_end_of(session, Stage.PLAN), **fields)
    session.add(action)
    session.flush()
    _open_iteration(session, action, plan=action.hypothesis)
    _log(session, action, "created", actor_id, stage=Stage.PLAN)
    for theme in themes:
        _link(session, action, theme, actor_id, triage_session_id)
    session.commit()
    return action


def raise_idea(
    *,
    session: Session,
    title: str,
    problem: str,
    actor_id: int,
    theme_id: int | None = None,
    case_id: int | None = None,
) -> ImprovementAction:
    """Anyone on staff puts an idea in the Ideas column, with who raised it."""
    action = ImprovementAction(
        title=_clean_title(title),
        problem=_clean_text(problem, MAX_TEXT, "problem"),
        stage=Stage.IDEA,
        position=_end_of(session, Stage.IDEA),
        raised_by_id=actor_id,
    )
    session.add(action)
    session.flush()
    _log(session, action, "idea_raised", actor_id, case=case_id)
    if theme_id is not None:
        theme = _live_theme(session, theme_id)
        session.add(ActionTheme(action_id=action.id, theme_id=theme.id))
        _log(session, action, "theme_linked", actor_id, theme=theme.id, name=theme.display_name)
    session.commit()
    return action


def _bump(session: Session, action: ImprovementAction, expected_version: int | None) -> None:
    """Raise the card's version in the database; refuse if it moved on since ``expected``."""
    statement = update(ImprovementAction).where(ImprovementAction.id == action.id)
    if expected_version is not None:
        statement = statement.where(ImprovementAction.version == expected_version)
    result = session.execute(
        statement.values(version=ImprovementAction.version + 1, updated_at=utcnow())
    )
    if result.rowcount == 0:
        session.rollback()
        raise BoardError(N_("This card changed meanwhile; reload it and try again."))
    session.refresh(action, attribute_names=["version", "updated_at"])


def update_action(
    *, session: Session, action_id: int, version: int, actor_id: int | None, **fields: Any
) -> ImprovementAction:
    """Save edited card fields, provided nobody saved since ``version`` was read.

    Raises:
        EditConflict: the card's version moved on; it carries both versions' values.
    """
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    action = get_action(session=session, action_id=action_id)
    fields = _check_fields(session, dict(fields))
    if action.version != version:
        raise EditConflict(action, fields)
    changed = {n: v for n, v in fields.items() if getattr(action, n) != v}
    if not changed:
        return action
    try:
        _bump(session, action, version)
    except BoardError:
        action = get_action(session=session, action_id=action_id)
        raise EditConflict(action, fields) from None
    before = {n: _jsonable(getattr(action, n)) for n in changed}
    for name, value in changed.items():
        setattr(action, name, value)
    session.add(action)
    _log(session, action, "edited", actor_id, before=before,
         after={n: _jsonable(v) for n, v in changed.items()})  # fmt: skip
    session.commit()
    return action


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def allowed_moves(action: ImprovementAction) -> list[str]:
    """Columns this card may move to now, in board order."""
    if action.archived_at is not None:
        return []
    targets = TRANSITIONS[Stage(action.stage)]
    return [stage for stage in Stage if stage in targets]


def move(
    *,
    session: Session,
    action_id: int,
    to_stage: str,
    actor_id: int | None,
    config: Mapping[str, Any],
    expected_stage: str | None = None,
) -> ImprovementAction:
    """Move a card to another column, keeping the PDCA rules and WIP limits."""
    action = get_action(session=session, action_id=action_id)
    if to_stage not in set(Stage):
        raise BoardError(N_("Unknown column %(stage)r."), stage=to_stage)
    if expected_stage is not None and action.stage != expected_stage:
        raise BoardError(
            N_("Someone else moved this card meanwhile; the board shows where it is now.")
        )
    if action.archived_at is not None:
        raise BoardError(N_("An archived card does not move; restore it first."))
    if to_stage == action.stage:
        return action
    if to_stage not in TRANSITIONS[Stage(action.stage)]:
        raise BoardError(N_("Move one step at a time: Ideas → Plan → Do → Check → Act → Done."))
    iteration = _current_iteration(session, action)
    decided = iteration is not None and iteration.decision in (Decision.ADOPT, Decision.ABANDON)
    if action.stage == Stage.ACT and to_stage == Stage.DONE and not decided:
        raise BoardError(N_("Record the Act decision first: adopt or abandon."))
    _check_wip(session, to_stage, config)
    now = utcnow()
    origin = action.stage
    _bump(session, action, None)
    if to_stage == Stage.PLAN and origin == Stage.IDEA and iteration is None:
        _open_iteration(session, action, plan=action.hypothesis)
    if to_stage == Stage.PLAN and origin == Stage.ACT:
        if iteration is not None and iteration.decision != Decision.ADAPT:
            iteration.decision, iteration.decided_at = Decision.ADAPT, now
            session.add(iteration)
        _open_iteration(session, action)
    if to_stage == Stage.DO:
        action.started_at = action.started_at or now
        if iteration is not None and iteration.started_at is None:
            iteration.started_at = now
            session.add(iteration)
    if to_stage == Stage.CHECK and iteration is not None:
        measured = effects.measure(session=session, action=action)
        iteration.snapshot = measured.snapshot(now)
        iteration.measured_value = measured.current
        iteration.checked_at = now
        session.add(iteration)
    if to_stage == Stage.DONE:
        action.completed_at = now
        action.outcome = "adopted" if iteration.decision == Decision.ADOPT else "abandoned"
    if origin == Stage.DONE:
        action.completed_at, action.outcome = None, None
        if iteration is not None:
            iteration.decision, iteration.decided_at = "", None
            session.add(iteration)
    action.stage = to_stage
    action.position = _end_of(session, to_stage)
    session.add(action)
    _log(session, action, "moved", actor_id, **{"from": origin, "to": to_stage})
    if to_stage == Stage.DONE:
        # Customers who asked for updates hear what changed, in the same transaction.
        told = messages.you_said_we_did(session=session, action=action)
        if told:
            _log(session, action, "customers_told", actor_id, messages=told)
        webhooks.emit(session=session, event="action.done", now=now, data={
            "action_id": action.id, "title": action.title, "outcome": action.outcome,
            "target_metric": action.target_metric, "completed_at": now,
            "verdict": (iteration.snapshot or {}).get("verdict") if iteration else None,
        })  # fmt: skip
    session.commit()
    return action


def _check_wip(session: Session, stage: str, config: Mapping[str, Any]) -> None:
    limit = wip_limits(config).get(stage)
    if limit is None:
        return
    count = session.exec(
        select(func.count())
        .select_from(ImprovementAction)
        .where(ImprovementAction.stage == stage, ImprovementAction.archived_at.is_(None))
    ).one()
    if count >= limit:
        raise WipLimitReached(
            N_(
                "That column is at its WIP limit (%(count)d of %(limit)d cards). "
                "Finish a card there first."
            ),
            count=count,
            limit=limit,
        )


def link_theme(
    *, session: Session, action_id: int, theme_id: int, actor_id: int | None
) -> ImprovementAction:
    action = get_action(session=session, action_id=action_id)
    _link(session, action, _live_theme(session, theme_id), actor_id)
    _bump(session, action, None)
    session.commit()
    return action


def unlink_theme(
    *, session: Session, action_id: int, theme_id: int, actor_id: int | None
) -> ImprovementAction:
    action = get_action(session=session, action_id=action_id)
    link = session.get(ActionTheme, (action.id, theme_id))
    if link is None:
        raise BoardError(N_("That theme is not linked to this card."))
    session.delete(link)
    _log(session, action, "theme_unlinked", actor_id, theme=theme_id)
    _bump(session, action, None)
    session.commit()
    return action


def set_archived(
    *, session: Session, action_id: int, archived: bool, actor_id: int | None
) -> ImprovementAction:
    """Archive a card (it leaves the board and its WIP count) or bring it back."""
    action = get_action(session=session, action_id=action_id)
    if (action.archived_at is not None) == archived:
        return action
    _bump(session, action, None)
    action.archived_at = utcnow() if archived else None
    session.add(action)
    _log(session, action, "archived" if archived else "restored", actor_id)
    session.commit()
    return action
