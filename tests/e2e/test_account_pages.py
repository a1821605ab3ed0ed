"""Account pages in a real browser, in both languages: change password (also with its
errors), forgotten password, the reset link and its "not valid" page, two-factor
enrolment and the code step are axe-clean at 320 and 1280 px and work from the keyboard."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from app.models import OutboxEvent
from app.services import accounts
from app.services.users import create_user
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.browser
PASSWORD = "violet kettle harbour 42"
NEW = "seven quiet lanterns drift"


@pytest.fixture
def kim(session):
    return create_user(session=session, email="kim@example.com", password=PASSWORD, role="viewer")


def _reset_path(app, session) -> str:
    with app.test_request_context():
        accounts.request_reset(session=session, email="kim@example.com", language="en",
                               ttl_minutes=60)  # fmt: skip
    text = session.exec(select(OutboxEvent).order_by(OutboxEvent.id.desc())).first().payload["text"]
    return re.search(r"/staff/password/reset/\S+", text).group(0)


def _sign_in(page: Page, password: str = PASSWORD) -> None:
    page.goto("/staff/login")
    page.fill("#email", "kim@example.com")
    page.fill("#password", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["en", "de"])
def test_account_pages_are_accessible(new_page: Callable[..., Page], app, session, kim, language):
    page = new_page(locale="de-DE" if language == "de" else "en-GB")
    page.goto(f"/staff/login?lang={language}")
    assert_accessible(page, f"login with the forgotten-password link ({language})")
    page.locator("a[href='/staff/password/forgot']").click()
    expect(page.locator("#email")).to_be_visible()
    assert_accessible(page, f"forgot password ({language})")
    page.fill("#email", "kim@example.com")
    with page.expect_navigation():
        page.locator("#email").press("Enter")
    assert_accessible(page, f"reset link sent ({language})")

    path = _reset_path(app, session)
    page.goto(path)
    assert_accessible(page, f"reset form ({language})")
    page.fill("#new", "password1234")
    page.fill("#repeat", "password1234")
    with page.expect_navigation():
        page.locator("#repeat").press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, f"reset form with a refused password ({language})")
    page.fill("#new", NEW)
    page.fill("#repeat", NEW)
    with page.expect_navigation():
        page.locator("#repeat").press("Enter")
    page.goto(path)
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page, f"used reset link ({language})")

    _sign_in(page, NEW)
    page.goto("/staff/account/password")
    page.fill("#current", "not the password")
    page.fill("#new", PASSWORD)
    page.fill("#repeat", PASSWORD)
    with page.expect_navigation():
        page.locator("#repeat").press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, f"change password with errors ({language})")
    page.goto("/staff/account/two-factor")
    expect(page.locator("#totp-secret")).to_be_visible()
    assert_accessible(page, f"two-factor enrolment ({language})")
    secret = page.locator("#totp-secret").inner_text()
    page.fill("#code", pyotp.TOTP(secret).at(time.time() - 30))
    with page.expect_navigation():
        page.locator("#code").press("Enter")
    page.goto("/staff/account/two-factor")
    assert_accessible(page, f"two-factor on ({language})")
    page.context.clear_cookies()
    _sign_in(page, NEW)
    expect(page.locator("#code")).to_be_focused()
    assert_accessible(page, f"sign-in code ({language})")
    page.keyboard.type(pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".staff-nav")).to_be_visible()


def test_change_password_by_keyboard(new_page: Callable[..., Page], kim):
    page = new_page()
    _sign_in(page)
    page.goto("/staff/account/password")
    page.locator("#current").focus()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW)
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the focused button
    expect(page.locator(".flash-success")).to_be_visible()
