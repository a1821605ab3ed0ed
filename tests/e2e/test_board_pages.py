"""The improvement team's loop in a real browser: triage, split, act, PDCA by keyboard.

The data is a small feedback history run through the real theme engine (real model):
ten weeks of four complaint topics in German and English, with the "pick-up only"
complaint spiking in Black Friday week, so the triage for the week of 24 Nov 2025 has an
emerging theme, as in the demo story.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from app.demo import corpus as demo_corpus
from app.models import ImprovementAction, Iteration, Theme, ThemeSignal
from app.services import actions, theme_runs
from app.services.feedback import build_item
from tests.e2e.conftest import assert_accessible, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WEEK = "2025-11-24"
TOPICS = ("delivery_options_missing", "staff_rude", "refund_slow", "checkout_error")
PASSWORD = "correct horse analyst battery"
TEXTS = {
    "en": {"board": "Improvement board", "triage": "Weekly triage", "move": "Move to",
           "saved": "Saved.", "verdict": "Measured effect", "done": "Done"},
    "de": {"board": "Verbesserungs-Board", "triage": "Wochen-Triage", "move": "Verschieben nach",
           "saved": "Gespeichert.", "verdict": "Gemessene Wirkung", "done": "Erledigt"},
}  # fmt: skip


@pytest.fixture
def story(app, session):
    """Ten weeks of feedback with a Black Friday spike, themed by the real engine."""
    from app.services.users import create_user

    rng = random.Random(11)
    start = datetime(2025, 9, 22, tzinfo=UTC)  # ten Mondays up to 24 Nov 2025
    for week in range(10):
        monday = start + timedelta(weeks=week)
        for topic in TOPICS:
            count = 6
            if topic == "delivery_options_missing" and week == 9:
                count = 40  # Black Friday week
            for n in range(count):
                language = "de" if n % 2 else "en"
                text = demo_corpus.compose_comment(rng, topic, language)
                moment = monday + timedelta(hours=3 + n * 160 // count)  # within the week
                session.add(build_item(text, source="import", occurred_at=moment,
                                       language=language))  # fmt: skip
    session.commit()
    theme_runs.run(session=session, config=app.config, full=True)
    create_user(session=session, email="ann@example.com", password=PASSWORD, role="analyst",
                name="Ann Analyst")  # fmt: skip
    flagged = session.exec(select(ThemeSignal).where(ThemeSignal.flagged)).all()
    assert flagged, "the spike must be flagged for the triage to start with it"
    return flagged


def _sign_in(page: Page) -> None:
    page.goto("/staff/login")
    page.fill("#email", "ann@example.com")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/staff/$"))


def _move_by_keyboard(page: Page, action_id: int, steps_down: int = 0) -> None:
    """Tab to the card's "Move to" select, pick with arrow keys, Tab to Move, press Enter."""
    page.locator("body").focus()
    tab_to(page, f"#move-{action_id}", limit=80)
    for _ in range(steps_down):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["en", "de"])
def test_triage_split_act_and_a_full_pdca_cycle_by_keyboard(
    new_page: Callable[..., Page], session, story, language
):
    text = TEXTS[language]
    page = new_page(locale="de-DE" if language == "de" else "en-GB")
    _sign_in(page)

    # Triage the Black Friday week: the spike comes first, flagged in words.
    page.goto(f"/staff/themes/?week={WEEK}")
    first = page.locator(".triage-row").first
    expect(first.locator(".badge-emerging")).to_be_visible()
    emerging_id = int(first.get_attribute("id").split("-")[1])
    assert emerging_id in {s.theme_id for s in story}
    assert_accessible(page, f"triage ({language})")
    first.locator("summary").click()
    assert_accessible(page, f"triage with decisions open ({language})")

    # Split another theme from its triage row, picking comments by hand.
    other = page.locator(".triage-row").nth(1)
    other_id = int(other.get_attribute("id").split("-")[1])
    other.locator("summary").click()
    other.locator(f"a[href*='/staff/themes/{other_id}/split']").click()
    page.wait_for_url(re.compile(rf"/staff/themes/{other_id}/split"))
    assert_accessible(page, f"split ({language})")
    boxes = page.locator("input[name=segment]")
    boxes.nth(0).check()
    page.fill("#split-name", "Split off by hand")
    page.locator("form[action$='/split'] button[type=submit]").click()
    expect(page.locator(".flash-success")).to_contain_text(text["saved"])
    session.rollback()
    session.expire_all()
    assert session.exec(select(Theme).where(Theme.name == "Split off by hand")).one()

    # Create an action from the emerging theme.
    page.goto(f"/staff/themes/?week={WEEK}#theme-{emerging_id}")
    row = page.locator(f"#theme-{emerging_id}")
    row.locator("summary").click()
    row.locator("a[href*='/staff/board/new']").click()
    page.wait_for_url(re.compile(r"/staff/board/new"))
    assert_accessible(page, f"new action ({language})")
    page.fill("#title", "Offer delivery for every PC")
    page.fill("#hypothesis", "If we deliver every PC, pick-up complaints fall below 3 %.")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/board/\d+$"))
    action_id = int(page.url.rsplit("/", 1)[1])
    assert_accessible(page, f"card ({language})")

    # Plan → Do → Check → Act by keyboard only; each move offers back first, then forward.
    for steps_down in (1, 1, 1):  # Plan: [Ideas, Do]; Do: [Plan, Check]; Check: [Do, Act]
        _move_by_keyboard(page, action_id, steps_down)
    session.rollback()
    session.expire_all()
    assert session.get(ImprovementAction, action_id).stage == "act"

    # Record the iteration: what was done, then decide to adopt.
    page.locator("body").focus()
    tab_to(page, "#done", limit=80)
    page.keyboard.type("Home delivery offered for every PC.")
    page.keyboard.press("Tab")  # the character count is not focusable; next is Check
    tab_to(page, "form[action$='/iteration'] button[type=submit]", limit=5)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "#decision-0", limit=80)  # Adopt
    page.keyboard.press("Space")
    tab_to(page, "form[action$='/decide'] button[type=submit]", limit=10)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    session.rollback()
    session.expire_all()
    action = session.get(ImprovementAction, action_id)
    assert action.stage == "done" and action.outcome == "adopted"
    iteration = session.exec(select(Iteration).where(Iteration.action_id == action_id)).one()
    assert iteration.done == "Home delivery offered for every PC."
    assert iteration.snapshot["verdict"] in {"improved", "no_change", "worse", "too_little_data"}

    # The verdict and its method are on the card, the card in Done on the board.
    expect(page.locator(".effect .verdict")).to_be_visible()
    expect(page.locator("#effect-title")).to_have_text(text["verdict"])
    page.goto("/staff/board")
    expect(page.locator(f".board-column[data-stage=done] #card-{action_id}")).to_be_visible()
    assert_accessible(page, f"board ({language})")
    page.goto(f"/staff/themes/{emerging_id}")
    assert_accessible(page, f"theme page ({language})")


def _drag(page: Page, source: str, target: str) -> None:
    """Drag with the mouse in small steps, as a person would (SortableJS follows moves)."""
    start = page.locator(source).bounding_box()
    end = page.locator(target).bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 8, y + 8, steps=4)  # past SortableJS's start threshold
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 20, steps=20)
    page.wait_for_timeout(100)
    page.mouse.up()


def test_drag_and_drop_moves_a_card_and_refusals_are_announced(
    new_page: Callable[..., Page], session, story
):
    card = actions.create_action(session=session, title="Drag me", actor_id=None)
    page = new_page()
    _sign_in(page)
    page.goto("/staff/board")
    # Plan → Check skips Do: the board refuses, says why, and the card goes back.
    _drag(page, f"#card-{card.id} .drag-handle", ".board-list[data-stage=check]")
    expect(page.locator("#board-status")).to_contain_text("one step at a time")
    expect(page.locator(f".board-list[data-stage=plan] #card-{card.id}")).to_be_visible()
    page.wait_for_timeout(300)  # let the put-back animation finish
    # Plan → Do is allowed: the page reloads with the card in Do.
    _drag(page, f"#card-{card.id} .drag-handle", ".board-list[data-stage=do]")
    expect(page.locator(".flash-success")).to_contain_text("is now in Do")  # after the reload
    expect(page.locator(f".board-list[data-stage=do] #card-{card.id}")).to_be_visible()
    session.rollback()
    session.expire_all()
    assert session.get(ImprovementAction, card.id).stage == "do"


def test_idea_form_and_archived_page_are_accessible(new_page: Callable[..., Page], story):
    for locale in ("en-GB", "de-DE"):
        page = new_page(locale=locale)
        _sign_in(page)
        page.goto("/staff/board/ideas/new")
        page.locator("form.card button[type=submit]").click()  # empty: the error summary
        expect(page.locator(".error-summary")).to_be_visible()
        assert_accessible(page, f"idea form with errors ({locale})")
        page.goto("/staff/board/archived")
        assert_accessible(page, f"archived cards ({locale})")
