"""The idle warning in a real browser: shown before the session ends, announced, and one
button (or simply typing) keeps the session alive without losing what is on the page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from app.services.users import create_user
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.browser
PASSWORD = "correct horse viewer battery"
TEXT = {
    "en": ("signed out in two minutes", "Stay signed in"),
    "de": ("in zwei Minuten abgemeldet", "Angemeldet bleiben"),
}


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_idle_warning_keeps_the_session(
    new_page: Callable[..., Page], session, language
) -> None:
    create_user(session=session, email="vera@example.com", password=PASSWORD, role="viewer")
    warning, button = TEXT[language]
    page = new_page(locale="de-DE" if language == "de" else "en-GB")
    page.clock.install()
    page.goto(f"/staff/login?lang={language}")
    page.fill("#email", "vera@example.com")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    box = page.locator("[data-session-warning]")
    expect(box).to_be_hidden()
    page.clock.run_for("27:00")
    expect(box).to_be_hidden()
    page.clock.run_for("01:30")  # two minutes before the 30-minute idle limit
    expect(box).to_be_visible()
    expect(box).to_have_attribute("role", "alert")
    expect(box).to_contain_text(warning)
    assert_accessible(page, f"idle warning ({language})")
    with page.expect_response(lambda r: r.url.endswith("/staff/session") and r.status == 204):
        box.get_by_role("button", name=button).press("Enter")
    expect(box).to_be_hidden()
