"""The public complaint form and status page in a real browser, served by the real app.

A customer can file a complaint with the keyboard alone at 320 px, gets a reference and
a secret, and sees the status with them; a wrong secret is indistinguishable from a
wrong reference; axe-core finds no WCAG 2.x A/AA violation on any state of the pages.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.models import Complaint, ContactPreference
from app.services import touchpoints
from app.services.touchpoints import DEFAULT_TOUCHPOINTS
from tests.e2e.conftest import NARROW, assert_accessible, tab_to

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"^VX-\d{4}-\d{6}$")
TEXTS = {
    "en": {
        "locale": "en-GB",
        "form_title": "Tell us what went wrong",
        "send": "Send",
        "by_email": "By e-mail",
        "consent": "I agree that you contact me",
        "sent_title": "Thank you, we have received your message",
        "status_link": "Check the status of your complaint",
        "show_status": "Show status",
        "received": "Received",
        "not_found": "We could not find your complaint",
        "error": "Error:",
    },
    "de": {
        "locale": "de-DE",
        "form_title": None,  # checked via the lang attribute only
        "send": "Absenden",
        "by_email": "Per E-Mail",
        "consent": None,
        "sent_title": None,
        "status_link": "Stand Ihrer Beschwerde abfragen",
        "show_status": "Stand anzeigen",
        "received": "Eingegangen",
        "not_found": "Wir konnten Ihre Beschwerde nicht finden",
        "error": "Fehler:",
    },
}


def stored_complaints(session: Session) -> list[Complaint]:
    session.rollback()  # end any earlier read: see what the server's requests committed
    return list(session.exec(select(Complaint)))


def read_receipt(page: Page) -> tuple[str, str]:
    reference = page.locator("#complaint-reference").inner_text().strip()
    secret = page.locator("#complaint-secret").inner_text().strip()
    assert REFERENCE.match(reference), reference
    assert len(secret) >= 16, "the secret should be long enough not to be guessed"
    return reference, secret


def look_up(page: Page, reference: str, secret: str) -> int:
    """Fill the status form and send it; return the HTTP status of the answer."""
    page.locator("#reference").fill(reference)
    page.locator("#secret").fill(secret)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("#status-form button[type=submit]").click()
    page.wait_for_load_state()
    return answer.value.status


def test_file_a_complaint_by_keyboard_at_320px_and_see_its_status(new_page, session) -> None:
    texts = TEXTS["en"]
    touchpoints.ensure_defaults(session=session)  # the journey an installation sets up
    page = new_page(NARROW)
    page.goto("/complaint")
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["form_title"])

    tab_to(page, "#description", limit=6)
    page.keyboard.type("The parcel arrived opened and the charger was missing.")
    page.keyboard.press("Tab")
    expect(page.locator("#touchpoint")).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first place in the customer journey
    expect(page.locator("#touchpoint")).to_have_value(DEFAULT_TOUCHPOINTS[0][0])
    tab_to(page, "#contact_preference-0", limit=3)
    expect(page.get_by_role("radio", name=texts["by_email"])).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name=texts["by_email"])).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("#contact_email")).to_be_focused()
    page.keyboard.type("jane.doe@example.com")
    tab_to(page, "#consent_contact", limit=3)
    page.keyboard.press("Space")
    expect(page.locator("#consent_contact")).to_be_checked()
    tab_to(page, "#complaint-form button[type=submit]", limit=5)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(texts["sent_title"])
    reference, secret = read_receipt(page)
    [complaint] = stored_complaints(session)
    assert complaint.reference == reference
    assert complaint.contact_preference == ContactPreference.EMAIL
    assert complaint.contact_email == "jane.doe@example.com"
    assert complaint.consent_contact is True
    assert (
        complaint.touchpoint_id
        == touchpoints.by_key(session=session, key=DEFAULT_TOUCHPOINTS[0][0]).id
    )
    assert complaint.language == "en"
    assert secret not in (complaint.status_secret_hash or "")

    page.get_by_role("link", name=texts["status_link"]).click()
    expect(page.locator("#reference")).to_have_value(reference)
    page.locator("#secret").focus()
    page.keyboard.type(secret)
    page.keyboard.press("Enter")
    expect(page.locator("#complaint-status")).to_have_text(texts["received"])
    expect(page.locator(".card")).to_contain_text(reference)

    # A wrong secret and a wrong reference get the very same answer.
    page.goto("/complaint/status")
    assert look_up(page, reference, secret[:-1] + ("x" if secret[-1] != "x" else "y")) == 404
    expect(page).to_have_title(re.compile("^" + texts["error"]))
    expect(page.locator(".error-summary")).to_be_focused()
    wrong_secret = page.locator("main").inner_text()
    assert texts["not_found"] in wrong_secret
    assert look_up(page, reference.replace("-0", "-9", 1), secret) == 404
    assert page.locator("main").inner_text() == wrong_secret
    assert look_up(page, "VX-1999-000001", "nonsense") == 404
    assert page.locator("main").inner_text() == wrong_secret


def test_the_receipt_is_shown_only_once(page: Page) -> None:
    page.goto("/complaint")
    page.locator("#description").fill("Rude staff at the counter")
    page.get_by_label("Please do not contact me").check()
    page.get_by_role("button", name="Send").click()
    reference, _secret = read_receipt(page)
    page.reload()
    expect(page.locator("#complaint-secret")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(reference)


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_complaint_page_state_has_no_axe_violations(new_page, language: str) -> None:
    texts = TEXTS[language]
    page = new_page(locale=texts["locale"])
    page.goto("/complaint")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page, "complaint form")

    page.get_by_role("radio", name=texts["by_email"]).check()
    page.get_by_role("button", name=texts["send"], exact=True).click()
    expect(page).to_have_title(re.compile("^" + texts["error"]))
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.locator(".error-summary a").count() >= 3  # description, e-mail, consent
    assert_accessible(page, "complaint form with errors")
    page.locator('.error-summary a[href="#consent_contact"]').click()
    expect(page.locator("#consent_contact")).to_be_focused()

    page.locator("#description").fill("Wrong invoice amount, charged twice")
    page.locator("#contact_email").fill("kunde@example.com")
    page.locator("#consent_contact").check()
    page.get_by_role("button", name=texts["send"], exact=True).click()
    reference, secret = read_receipt(page)
    assert_accessible(page, "complaint confirmation")

    page.get_by_role("link", name=texts["status_link"]).click()
    expect(page.locator("#reference")).to_have_value(reference)
    assert_accessible(page, "status form")

    assert look_up(page, "", "") == 400
    expect(page).to_have_title(re.compile("^" + texts["error"]))
    assert_accessible(page, "status form with errors")

    assert look_up(page, reference, "not-the-secret") == 404
    expect(page.locator(".error-summary")).to_contain_text(texts["not_found"])
    assert_accessible(page, "status not found")

    assert look_up(page, reference, secret) == 200
    expect(page.locator("#complaint-status")).to_have_text(texts["received"])
    assert_accessible(page, "status result")

    page.goto("/complaint/sent")  # the receipt was shown once already
    assert_accessible(page, "confirmation without receipt")
