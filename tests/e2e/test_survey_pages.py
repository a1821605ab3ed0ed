"""The customer's survey pages in a real browser, served by the real app.

A respondent can answer by mouse or by keyboard alone, at desktop width and at 320 px
(400 % zoom), in English and German, with or without JavaScript; mistakes are explained
and lead back to the field; what was typed survives a reload and a change of language;
axe-core finds no WCAG 2.x A/AA violation on any state of the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from app.models import Answer, Response
from tests.e2e.conftest import NARROW, assert_accessible, assert_reflows, tab_to

pytestmark = pytest.mark.browser

TEXTS = {
    "en": {
        "title": "Would you recommend us?",
        "question": "How likely is it that you would recommend us",
        "comment": "What is the most important reason for your score?",
        "send": "Send answers",
        "thanks": "Thank you",
        "saved": "Your answers are saved.",
        "error": "Error:",
        "required": "Please answer the question",
        "used": "You have already answered this survey",
        "expired": "This survey link has expired",
        "unknown": "We could not find this survey",
    },
    "de": {
        "title": "Würden Sie uns weiterempfehlen?",
        "question": "Wie wahrscheinlich ist es, dass Sie uns Freunden",
        "comment": "Was ist der wichtigste Grund für Ihre Bewertung?",
        "send": "Antworten senden",
        "thanks": "Vielen Dank",
        "saved": "Ihre Antworten sind gespeichert.",
        "error": "Fehler:",
        "required": "Bitte beantworten Sie die Frage",
        "used": "Sie haben diese Umfrage bereits beantwortet",
        "expired": "Dieser Umfrage-Link ist abgelaufen",
        "unknown": "Wir konnten diese Umfrage nicht finden",
    },
}


def stored_responses(session: Session) -> list[tuple[Response, dict[str, Answer]]]:
    """Every response the server committed, with its answers by question key."""
    session.rollback()  # end any earlier read: see what the server's requests committed
    found = []
    for response in session.exec(select(Response)):
        answers = session.exec(select(Answer).where(Answer.response_id == response.id))
        found.append((response, {a.question_key: a for a in answers}))
    return found


def scale_option(page: Page, value: str):
    """The visible box (label) of one option of the NPS scale."""
    return page.locator("#nps label").filter(has=page.locator(f'input[value="{value}"]'))


def expect_thank_you(page: Page, url: str, language: str) -> None:
    expect(page).to_have_url(f"{url}/thanks")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXTS[language]["thanks"])


def test_answer_by_mouse_in_english_at_desktop_width(page: Page, survey_url, session) -> None:
    url = survey_url(language="en")
    page.goto(url)
    expect(page).to_have_title(re.compile("^" + re.escape(TEXTS["en"]["title"])))

    scale_option(page, "9").click()
    expect(page.locator('input[name="nps"][value="9"]')).to_be_checked()
    page.get_by_label(TEXTS["en"]["comment"]).click()
    page.keyboard.type("Quick delivery, friendly driver")
    page.get_by_role("button", name=TEXTS["en"]["send"]).click()

    expect_thank_you(page, url, "en")
    [(response, answers)] = stored_responses(session)
    assert (response.nps, response.language) == (9, "en")
    assert answers["nps"].value_int == 9
    assert answers["comment"].value_text == "Quick delivery, friendly driver"


def test_answer_by_keyboard_only_in_german_at_320px(new_page, survey_url, session) -> None:
    page = new_page(NARROW, locale="de-DE")
    url = survey_url(language="de")
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "de")

    # Skip link, brand and language switch come first; then the scale's first option.
    assert tab_to(page, 'input[name="nps"]', limit=6) <= 4
    options = page.locator('input[name="nps"]')
    expect(options.nth(0)).to_be_focused()
    expect(options.nth(0)).not_to_be_checked()  # focus alone chooses nothing
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    expect(options.nth(7)).to_be_checked()
    expect(options.nth(7)).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.locator("#comment")).to_be_focused()
    page.keyboard.type("Pünktlich geliefert, aber die Verpackung war beschädigt.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=TEXTS["de"]["send"])).to_be_focused()
    page.keyboard.press("Enter")

    expect_thank_you(page, url, "de")
    [(response, answers)] = stored_responses(session)
    assert (response.nps, response.language) == (7, "de")
    assert answers["comment"].value_text == (
        "Pünktlich geliefert, aber die Verpackung war beschädigt."
    )


def test_answer_without_javascript(new_page, survey_url, session) -> None:
    page = new_page(NARROW, javascript=False)
    url = survey_url(language="en", survey="post_contact")
    page.goto(url)
    assert_reflows(page)
    page.get_by_text("Very satisfied", exact=True).click()
    page.locator("textarea").first.fill("Solved on the first call")
    page.get_by_role("button", name=TEXTS["en"]["send"]).click()

    expect(page).to_have_url(f"{url}/thanks")
    [(response, answers)] = stored_responses(session)
    assert response.csat == 5
    assert "Solved on the first call" in [a.value_text for a in answers.values()]


@pytest.mark.parametrize("survey", ["nps", "post_contact", "ces"])
def test_scale_options_are_44px_targets_and_the_page_reflows_at_320px(
    new_page, survey_url, survey: str
) -> None:
    page = new_page(NARROW)
    for language in ("en", "de"):
        page.goto(survey_url(language=language, survey=survey))
        assert_reflows(page, f"{survey} ({language})")
        boxes = page.eval_on_selector_all(
            "fieldset label, button, .lang-switch a",
            """els => els.map(e => {
                const r = e.getBoundingClientRect();
                return {text: e.textContent.trim(), width: r.width, height: r.height,
                        left: r.left, right: r.right};
            })""",
        )
        assert len(boxes) > 5
        small = [b for b in boxes if b["width"] < 44 or b["height"] < 44]
        assert small == [], f"{survey} ({language}): targets under 44 × 44 px: {small}"
        outside = [b for b in boxes if b["left"] < 0 or b["right"] > NARROW["width"]]
        assert outside == [], f"{survey} ({language}): targets off screen: {outside}"


@pytest.mark.parametrize("language", ["en", "de"])
def test_missing_answer_is_explained_and_leads_back_to_the_field(
    new_page, survey_url, session, language: str
) -> None:
    texts = TEXTS[language]
    page = new_page(NARROW)
    url = survey_url(language=language)
    page.goto(url)
    comment = page.locator("#comment")
    comment.fill("Der Grund, der stehen bleiben muss" if language == "de" else "My reason, kept")
    with page.expect_response(lambda r: r.request.method == "POST" and r.url == url) as sent:
        page.get_by_role("button", name=texts["send"]).click()
    assert sent.value.status == 400

    expect(page).to_have_title(re.compile("^" + re.escape(texts["error"])))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    link = summary.get_by_role("link")
    expect(link).to_have_count(1)
    expect(link).to_contain_text(texts["required"])
    expect(comment).to_have_value(
        "Der Grund, der stehen bleiben muss" if language == "de" else "My reason, kept"
    )

    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    first_option = page.locator('input[name="nps"]').first
    expect(first_option).to_be_focused()
    expect(first_option).to_have_attribute("aria-invalid", "true")
    described_by = page.locator("#nps").get_attribute("aria-describedby") or ""
    assert "nps-error" in described_by.split()
    expect(page.locator("#nps-error")).to_contain_text(texts["required"])
    assert stored_responses(session) == []


def test_draft_survives_a_reload(page: Page, survey_url) -> None:
    page.goto(survey_url(language="en"))
    scale_option(page, "4").click()
    page.locator("#comment").press_sequentially("The app crashed twice", delay=10)
    status = page.locator("[data-draft-status]")
    expect(status).to_contain_text(TEXTS["en"]["saved"])
    expect(status).to_have_attribute("role", "status")

    page.reload()
    expect(page.locator("#comment")).to_have_value("The app crashed twice")
    expect(page.locator('input[name="nps"][value="4"]')).to_be_checked()
    expect(page.locator("#comment-count")).to_have_text("1979 characters remaining")


def test_switching_language_keeps_the_answers(page: Page, survey_url, session) -> None:
    url = survey_url(language="en")
    page.goto(url)
    scale_option(page, "2").click()
    page.locator("#comment").fill("Nobody called back")
    expect(page.locator("[data-draft-status]")).to_contain_text(TEXTS["en"]["saved"])

    page.get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#nps legend")).to_contain_text(TEXTS["de"]["question"])
    expect(page.locator("#comment")).to_have_value("Nobody called back")
    expect(page.locator('input[name="nps"][value="2"]')).to_be_checked()

    page.get_by_role("button", name=TEXTS["de"]["send"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXTS["de"]["thanks"])
    [(response, answers)] = stored_responses(session)
    assert (response.nps, response.language) == (2, "de")
    assert answers["comment"].value_text == "Nobody called back"


def test_switching_language_right_after_typing_keeps_the_answers(page: Page, survey_url) -> None:
    """No waiting for the autosave: leaving the page must not lose what was just typed."""
    page.goto(survey_url(language="en"))
    scale_option(page, "6").click()
    page.locator("#comment").fill("Typed, then switched at once")
    page.get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#comment")).to_have_value("Typed, then switched at once")
    expect(page.locator('input[name="nps"][value="6"]')).to_be_checked()


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_survey_page_state_has_no_axe_violations(
    page: Page, survey_url: Callable[..., str], language: str
) -> None:
    texts = TEXTS[language]
    for survey in ("post_contact", "ces"):
        page.goto(survey_url(language=language, survey=survey))
        assert_accessible(page, f"{survey} question page")

    url = survey_url(language=language)
    page.goto(url)
    assert_accessible(page, "question page")

    page.locator("#comment").fill("x" * 2001)
    page.get_by_role("button", name=texts["send"]).click()
    expect(page).to_have_title(re.compile("^" + re.escape(texts["error"])))
    assert_accessible(page, "error page")

    scale_option(page, "10").click()
    page.locator("#comment").fill("All good")
    page.get_by_role("button", name=texts["send"]).click()
    expect_thank_you(page, url, language)
    assert_accessible(page, "thank-you page")

    assert page.goto(url).status == 410
    expect(page.locator("h1")).to_have_text(texts["used"])
    assert_accessible(page, "used link page")

    assert page.goto(survey_url(language=language, expires_in=timedelta(days=-1))).status == 410
    expect(page.locator("h1")).to_have_text(texts["expired"])
    assert_accessible(page, "expired link page")

    assert page.goto(f"{url}-unknown?lang={language}").status == 404
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_have_text(texts["unknown"])
    assert_accessible(page, "unknown link page")
