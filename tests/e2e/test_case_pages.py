"""Closing the loop in a real browser: an agent works an overdue case by keyboard alone,
and the customer sees the answer on the complaint status page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from app.models import FollowUpCase
from app.models.base import utcnow
from app.models.complaints import ComplaintCreate
from app.services import complaints, touchpoints
from app.services.users import create_user
from tests.e2e.conftest import DESKTOP, NARROW, assert_accessible, tab_to

pytestmark = pytest.mark.browser
PASSWORD = "correct horse agent battery"
TEXTS = {
    "en": {"answer": "Answer sent", "closed": "Case closed.", "status": "Status of your complaint"},
    "de": {"answer": "Antwort gesendet", "closed": "Fall geschlossen.",
           "status": "Stand Ihrer Beschwerde"},
}  # fmt: skip


@pytest.fixture
def overdue(app, session):
    """An overdue complaint case from a customer who cannot carry heavy items."""
    with app.app_context():
        touchpoints.ensure_defaults(session=session)
        filed = complaints.file_complaint(
            session=session, config=app.config,
            data=ComplaintCreate(description="Only pick-up offered; the agent was rude.",
                                 touchpoint="pickup", contact_preference="email",
                                 contact_email="anna@example.org", consent_contact=True,
                                 accessibility_needs="I cannot carry heavy items.", language="en"),
        )  # fmt: skip
    case = session.exec(select(FollowUpCase)).one()
    case.due_at = utcnow() - timedelta(hours=3)
    session.add(case)
    session.commit()
    create_user(session=session, email="tom@example.com", password=PASSWORD, role="agent",
                name="Tom Agent")  # fmt: skip
    return filed, case


def _sign_in_by_keyboard(page: Page) -> None:
    page.goto("/staff/login")
    tab_to(page, "#email", limit=30)
    page.keyboard.type("tom@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _press(page: Page, selector: str, key: str = "Enter", limit: int = 80) -> None:
    page.locator("body").focus()
    tab_to(page, selector, limit=limit)
    with page.expect_navigation():
        page.keyboard.press(key)


@pytest.mark.parametrize("language", ["en", "de"])
def test_agent_claims_answers_and_closes_by_keyboard(
    new_page: Callable[..., Page], session, overdue, language
):
    filed, case = overdue
    text = TEXTS[language]
    # German at 320 px, English at desktop width: the keyboard path works at both.
    viewport = NARROW if language == "de" else DESKTOP
    page = new_page(viewport, locale="de-DE" if language == "de" else "en-GB")
    _sign_in_by_keyboard(page)
    page.goto("/staff/cases")
    row = page.locator(f"#case-{case.id}")
    expect(row.locator(".badge-stale")).to_be_visible()  # overdue, said in words
    expect(row.locator(".needs")).to_contain_text("I cannot carry heavy items.")
    assert_accessible(page, f"case queue ({language})")
    page.set_viewport_size(viewport)  # axe leaves the page at desktop width

    # Claim from the queue by keyboard, then open the case.
    _press(page, f"form[action$='/{case.id}/claim'] button")
    page.goto(f"/staff/cases/{case.id}")
    expect(page.locator(".needs-card")).to_contain_text("I cannot carry heavy items.")
    assert_accessible(page, f"case page ({language})")
    page.set_viewport_size(viewport)

    # Write the answer by keyboard and send it.
    page.locator("body").focus()
    tab_to(page, "#text", limit=80)  # the reply form's textarea comes first
    page.keyboard.type("We now deliver every PC, and we are sorry about the call.")
    _press(page, "form[action$='/reply'] button[type=submit]", limit=10)
    expect(page.locator(".flash-success")).to_contain_text(text["answer"])

    # Close it as resolved: Tab to the first resolution, Space, then the close button.
    page.locator("body").focus()
    tab_to(page, "#resolution-0", limit=120)
    page.keyboard.press("Space")
    tab_to(page, "form[action$='/close'] button[type=submit]", limit=10)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text(text["closed"])
    session.rollback()
    session.expire_all()
    stored = session.get(FollowUpCase, case.id)
    assert stored.status == "closed" and stored.resolution == "resolved"

    # The customer looks up the complaint and sees the answer, in their language.
    customer = new_page(locale="de-DE" if language == "de" else "en-GB")
    customer.goto(f"/complaint/status?ref={filed.complaint.reference}")
    customer.fill("#secret", filed.secret)
    customer.locator("#status-form button[type=submit]").click()
    expect(customer.locator("h1")).to_have_text(text["status"])
    expect(customer.locator(".reply")).to_contain_text("We now deliver every PC")
    expect(customer.locator(".step.is-current")).to_be_visible()
    assert re.search("Tom", customer.content()) is None  # no staff names by default
    assert_accessible(customer, f"complaint status with the answer ({language})")
