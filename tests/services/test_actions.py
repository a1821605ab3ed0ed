"""Board use cases: every transition, the WIP rule, decisions, archive and version conflicts."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import (
    ActionEvent,
    ActionTheme,
    ImprovementAction,
    Iteration,
    Stage,
    Theme,
    ThemeEvent,
    ThemeStatus,
)
from app.services import actions
from app.services import iterations as iteration_service
from app.services.users import create_user

CONFIG = {"BOARD_WIP_LIMITS": {"plan": 50, "do": 50, "check": 50, "act": 50}}
ORDER = ["idea", "plan", "do", "check", "act", "done"]


@pytest.fixture
def analyst(session):
    return create_user(
        session=session, email="ann@example.com", password="x" * 12, role="analyst", name="Ann"
    )


def _card(session, analyst, **fields) -> ImprovementAction:
    return actions.create_action(
        session=session, title=fields.pop("title", "Offer delivery"), actor_id=analyst.id, **fields
    )


def _put(session, action: ImprovementAction, stage: str, decision: str = "") -> None:
    """Place a card in a column directly (the arrangement for a transition test)."""
    action.stage = stage
    session.add(action)
    iteration = session.exec(select(Iteration).where(Iteration.action_id == action.id)).first()
    iteration.decision = decision
    session.add(iteration)
    session.commit()


# One step forward or back; Act → Plan is "adapt"; Done → Act reopens. Everything else is
# refused. The table is the rule itself, written out cell by cell.
ALLOWED = {
    ("idea", "plan"),
    ("plan", "idea"), ("plan", "do"),
    ("do", "plan"), ("do", "check"),
    ("check", "do"), ("check", "act"),
    ("act", "check"), ("act", "plan"), ("act", "done"),
    ("done", "act"),
}  # fmt: skip


def test_every_transition(session, analyst):
    """All 36 (from, to) pairs: the allowed ones move and are logged, the rest are refused."""
    for origin in ORDER:
        for target in ORDER:
            action = _card(session, analyst, title=f"{origin} to {target}")
            _put(session, action, origin, decision="adopt" if origin == "act" else "")
            allowed = origin == target or (origin, target) in ALLOWED
            if allowed:
                moved = actions.move(session=session, action_id=action.id, to_stage=target,
                                     actor_id=analyst.id, config=CONFIG)  # fmt: skip
                assert moved.stage == target, (origin, target)
            else:
                with pytest.raises(actions.BoardError, match="one step at a time"):
                    actions.move(session=session, action_id=action.id, to_stage=target,
                                 actor_id=analyst.id, config=CONFIG)  # fmt: skip
                session.expire_all()
                assert session.get(ImprovementAction, action.id).stage == origin, (origin, target)
            log = session.exec(
                select(ActionEvent).where(
                    ActionEvent.action_id == action.id, ActionEvent.kind == "moved"
                )
            ).all()
            expected = [{"from": origin, "to": target}] if allowed and origin != target else []
            assert [e.detail for e in log] == expected, (origin, target)


def test_full_cycle_records_do_check_and_decisions(session, analyst):
    action = _card(session, analyst, hypothesis="If we deliver, complaints fall.")
    first = session.exec(select(Iteration).where(Iteration.action_id == action.id)).one()
    assert first.number == 1 and first.plan == "If we deliver, complaints fall."

    def go(stage):
        return actions.move(session=session, action_id=action.id, to_stage=stage,
                            actor_id=analyst.id, config=CONFIG)  # fmt: skip

    started = go("do").started_at
    assert started is not None
    go("check")
    session.refresh(first)
    assert first.checked_at is not None and first.snapshot["verdict"] == "too_little_data"
    go("act")
    with pytest.raises(actions.BoardError, match="decision first"):
        go("done")
    # Adapt: the card returns to Plan with a second iteration; the first keeps its decision.
    iteration_service.decide(session=session, action_id=action.id, decision="adapt",
                             actor_id=analyst.id, config=CONFIG,
                             note="Delivery alone is not enough.")  # fmt: skip
    session.refresh(first)
    assert first.decision == "adapt" and "not enough" in first.result
    iterations = session.exec(select(Iteration).order_by(Iteration.number)).all()
    assert [i.number for i in iterations] == [1, 2]
    assert session.get(ImprovementAction, action.id).stage == "plan"
    # Re-entering Do keeps the first start: the effect is measured from the first Do.
    assert go("do").started_at == started
    go("check")
    go("act")
    done = iteration_service.decide(session=session, action_id=action.id, decision="adopt",
                          actor_id=analyst.id, config=CONFIG)  # fmt: skip
    assert done.stage == "done" and done.outcome == "adopted" and done.completed_at is not None
    reopened = go("act")
    assert reopened.completed_at is None and reopened.outcome is None
    kinds = [e.kind for e in session.exec(select(ActionEvent).order_by(ActionEvent.id))]
    assert kinds[0] == "created" and kinds.count("decided") == 2 and kinds.count("moved") == 9


def test_abandon_ends_the_card(session, analyst):
    action = _card(session, analyst)
    _put(session, action, "act")
    done = iteration_service.decide(session=session, action_id=action.id, decision="abandon",
                          actor_id=analyst.id, config=CONFIG)  # fmt: skip
    assert done.stage == "done" and done.outcome == "abandoned"


def test_decisions_only_in_act(session, analyst):
    action = _card(session, analyst)
    with pytest.raises(actions.BoardError, match="Act column"):
        iteration_service.decide(session=session, action_id=action.id, decision="adopt",
                       actor_id=analyst.id, config=CONFIG)  # fmt: skip


def test_wip_limit_refuses_the_card_too_many(session, analyst):
    config = {"BOARD_WIP_LIMITS": {"do": 2}}
    cards = [_card(session, analyst, title=f"Card {n}") for n in range(4)]
    for card in cards[:2]:
        actions.move(session=session, action_id=card.id, to_stage="do", actor_id=analyst.id,
                     config=config)  # fmt: skip
    with pytest.raises(actions.WipLimitReached, match=r"2 of 2"):
        actions.move(session=session, action_id=cards[2].id, to_stage="do", actor_id=analyst.id,
                     config=config)  # fmt: skip
    # Columns without a limit take any number: Plan here holds the rest.
    assert session.get(ImprovementAction, cards[2].id).stage == "plan"
    # An archived card leaves the column's count.
    actions.set_archived(session=session, action_id=cards[0].id, archived=True,
                         actor_id=analyst.id)  # fmt: skip
    moved = actions.move(session=session, action_id=cards[2].id, to_stage="do",
                         actor_id=analyst.id, config=config)  # fmt: skip
    assert moved.stage == "do"


def test_archived_cards_stay_and_do_not_move(session, analyst):
    action = _card(session, analyst)
    actions.set_archived(session=session, action_id=action.id, archived=True, actor_id=analyst.id)
    with pytest.raises(actions.BoardError, match="restore it first"):
        actions.move(session=session, action_id=action.id, to_stage="do", actor_id=analyst.id,
                     config=CONFIG)  # fmt: skip
    restored = actions.set_archived(
        session=session, action_id=action.id, archived=False, actor_id=analyst.id
    )
    assert restored.archived_at is None
    assert session.exec(select(ImprovementAction)).one().id == action.id  # never deleted


def test_second_save_from_the_same_version_is_refused_with_the_difference(session, analyst):
    action = _card(session, analyst, problem="Pick-up only.")
    version = action.version
    actions.update_action(session=session, action_id=action.id, version=version,
                          actor_id=analyst.id, title="Offer home delivery",
                          problem="Pick-up only.")  # fmt: skip
    with pytest.raises(actions.EditConflict) as conflict:
        actions.update_action(session=session, action_id=action.id, version=version,
                              actor_id=analyst.id, title="Deliver every PC",
                              problem="Pick-up only; customers cannot carry PCs.")  # fmt: skip
    assert conflict.value.differences == {
        "title": ("Offer home delivery", "Deliver every PC"),
        "problem": ("Pick-up only.", "Pick-up only; customers cannot carry PCs."),
    }
    session.expire_all()
    saved = session.get(ImprovementAction, action.id)
    assert saved.title == "Offer home delivery" and saved.version == version + 1
    # Saving again from the version the conflict showed replaces it knowingly.
    again = actions.update_action(session=session, action_id=action.id, version=saved.version,
                                  actor_id=analyst.id, title="Deliver every PC")  # fmt: skip
    assert again.title == "Deliver every PC"
    edits = session.exec(select(ActionEvent).where(ActionEvent.kind == "edited")).all()
    assert [e.detail["after"]["title"] for e in edits] == [
        "Offer home delivery",
        "Deliver every PC",
    ]


def test_a_move_in_between_also_makes_a_stale_edit_conflict(session, analyst):
    action = _card(session, analyst)
    version = action.version
    actions.move(session=session, action_id=action.id, to_stage="do", actor_id=analyst.id,
                 config=CONFIG)  # fmt: skip
    with pytest.raises(actions.EditConflict):
        actions.update_action(session=session, action_id=action.id, version=version,
                              actor_id=analyst.id, title="Other")  # fmt: skip


def test_a_stale_board_cannot_move_a_card_that_moved(session, analyst):
    action = _card(session, analyst)
    actions.move(session=session, action_id=action.id, to_stage="do", actor_id=analyst.id,
                 config=CONFIG)  # fmt: skip
    with pytest.raises(actions.BoardError, match="moved this card meanwhile"):
        actions.move(session=session, action_id=action.id, to_stage="idea", actor_id=analyst.id,
                     config=CONFIG, expected_stage="plan")  # fmt: skip


def test_action_from_a_theme_puts_it_in_action(session, analyst):
    theme = Theme(label_auto="Pick-up only", size=3)
    session.add(theme)
    session.commit()
    action = _card(session, analyst, theme_ids=(theme.id,), target_metric="theme_share")
    session.refresh(theme)
    assert theme.status == ThemeStatus.IN_ACTION
    assert session.get(ActionTheme, (action.id, theme.id)) is not None
    kinds = {
        e.kind for e in session.exec(select(ThemeEvent).where(ThemeEvent.theme_id == theme.id))
    }
    assert kinds == {"status", "action"}


def test_anyone_raises_an_idea(session, analyst):
    agent = create_user(session=session, email="kim@example.com", password="x" * 12, role="agent")
    idea = actions.raise_idea(session=session, title="  Offer   carry-in service ",
                              problem="An injured hand.", actor_id=agent.id)  # fmt: skip
    assert idea.stage == Stage.IDEA and idea.raised_by_id == agent.id
    assert idea.title == "Offer carry-in service"
    assert session.exec(select(Iteration)).all() == []
    accepted = actions.move(session=session, action_id=idea.id, to_stage="plan",
                            actor_id=analyst.id, config=CONFIG)  # fmt: skip
    assert accepted.stage == "plan" and len(session.exec(select(Iteration)).all()) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "at most 200"),
        ({"target_metric": "revenue"}, "Unknown target metric"),
        ({"touchpoint_id": 999}, "Unknown touchpoint"),
    ],
)
def test_invalid_fields_are_refused(session, analyst, fields, message):
    with pytest.raises(actions.BoardError, match=message):
        _card(session, analyst, **fields)
    assert session.exec(select(ImprovementAction)).all() == []


def test_only_active_staff_own_cards(session, analyst):
    viewer = create_user(session=session, email="v@example.com", password="x" * 12, role="viewer")
    with pytest.raises(actions.BoardError, match="owner"):
        _card(session, analyst, owner_id=viewer.id)
    owned = _card(session, analyst, owner_id=analyst.id)
    assert owned.owner_id == analyst.id
