"""A card's iterations: what was planned, done and learnt, and the Act decision.

Adapt sends the card back to Plan with the next iteration; adopt and abandon end it in
Done (the rules of the moves themselves are app.services.actions').
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from app.models import Decision, ImprovementAction, Iteration, Stage
from app.models.base import utcnow
from app.services import N_
from app.services.actions import (
    MAX_TEXT,
    BoardError,
    _bump,
    _clean_text,
    _current_iteration,
    _log,
    get_action,
    move,
)


def update_iteration(
    *,
    session: Session,
    action_id: int,
    actor_id: int | None,
    plan: str | None = None,
    done: str | None = None,
    result: str | None = None,
) -> Iteration:
    """Write the current iteration's plan, what was done and what was learnt."""
    action = get_action(session=session, action_id=action_id)
    iteration = _current_iteration(session, action)
    if iteration is None:
        raise BoardError(N_("An idea has no iteration yet; move it to Plan first."))
    changed = {}
    for name, value in (("plan", plan), ("done", done), ("result", result)):
        if value is not None:
            value = _clean_text(value, MAX_TEXT, name)
            if value != getattr(iteration, name):
                setattr(iteration, name, value)
                changed[name] = value
    if changed:
        _bump(session, action, None)
        session.add(iteration)
        _log(
            session, action, "iteration", actor_id, number=iteration.number, fields=sorted(changed)
        )
        session.commit()
    return iteration


def decide(
    *,
    session: Session,
    action_id: int,
    decision: str,
    actor_id: int | None,
    config: Mapping[str, Any],
    note: str = "",
) -> ImprovementAction:
    """The Act step: adopt (→ Done), abandon (→ Done) or adapt (→ Plan, next iteration)."""
    action = get_action(session=session, action_id=action_id)
    if decision not in set(Decision):
        raise BoardError(N_("Choose adopt, adapt or abandon."))
    if action.stage != Stage.ACT:
        raise BoardError(N_("Decisions are taken in the Act column."))
    iteration = _current_iteration(session, action)
    iteration.decision = decision
    iteration.decided_at = utcnow()
    note = _clean_text(note, MAX_TEXT, "note")
    if note:
        iteration.result = f"{iteration.result}\n\n{note}".strip()
    session.add(iteration)
    _log(session, action, "decided", actor_id, number=iteration.number, decision=decision)
    session.flush()
    target = Stage.PLAN if decision == Decision.ADAPT else Stage.DONE
    return move(session=session, action_id=action_id, to_stage=target, actor_id=actor_id,
                config=config)  # fmt: skip
