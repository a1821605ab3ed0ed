"""Admin pages in a real browser, in both languages: staff accounts, webhooks and their
delivery log, data-protection requests, the audit log, touchpoints and surveys are
axe-clean at 320 and 1280 px, reflow, and work from the keyboard."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from app.models.complaints import ComplaintCreate
from app.services import complaints, outbox, surveys, webhooks
from app.services.users import create_user
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.browser
PASSWORD = "correct horse admin battery"


@pytest.fixture
def app_config(app_config, mail_config):
    return {**app_config, **mail_config, "WEBHOOK_ALLOWED_NETWORKS": ["127.0.0.1/32"]}


@pytest.fixture
def admin(app, session, live_server):
    create_user(session=session, email="ada@example.com", password=PASSWORD, role="admin")
    create_user(session=session, email="vera@example.com", password=PASSWORD, role="viewer")
    with app.app_context():
        subscription, _ = webhooks.create_subscription(
            session=session, config=app.config, url=f"{live_server}/healthz",
            events=["complaint.created"], description="Helpdesk",
        )  # fmt: skip
        complaints.file_complaint(session=session, config=app.config, data=ComplaintCreate(
            description="Only pick-up.", contact_preference="email",
            contact_email="karin@example.de", consent_contact=True, language="de"))  # fmt: skip
        outbox.deliver(session=session, config=app.config)
    return subscription


def _sign_in(page: Page) -> None:
    page.goto("/staff/login")
    page.fill("#email", "ada@example.com")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["en", "de"])
def test_admin_pages_are_accessible(new_page: Callable[..., Page], admin, session, language):
    survey_id = surveys.active_version(session=session, key="post_contact").id
    page = new_page(locale="de-DE" if language == "de" else "en-GB")
    _sign_in(page)
    for path in ("/staff/admin/users", "/staff/admin/webhooks",
                 f"/staff/admin/webhooks/{admin.id}", "/staff/admin/audit",
                 "/staff/admin/privacy", "/staff/admin/touchpoints", "/staff/admin/surveys",
                 "/staff/admin/retention",
                 f"/staff/admin/surveys/{survey_id}"):  # fmt: skip
        page.goto(f"{path}?lang={language}")
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page, f"{path} ({language})")
    # A found customer, with the export and erase forms shown.
    page.goto(f"/staff/admin/privacy?lang={language}")
    page.fill("#email", "karin@example.de")
    with page.expect_navigation():
        page.locator("#email").press("Enter")
    expect(page.locator("#found-title")).to_be_visible()
    assert_accessible(page, f"privacy, customer found ({language})")


def test_switching_an_account_off_by_keyboard(new_page: Callable[..., Page], admin):
    page = new_page()
    _sign_in(page)
    page.goto("/staff/admin/users")
    box = page.locator("input[name=active]").nth(1)  # vera, after ada
    box.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_contain_text("open sessions have ended")
