"""Trend and journey pages in a real browser: charts drawn without script errors, axe
clean at 320 and 1280 px in both languages, the data table beside every chart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app import demo
from app.services import trend_rollup
from app.services.users import create_user
from tests.e2e.conftest import DESKTOP, NARROW, assert_accessible

pytestmark = pytest.mark.browser
PASSWORD = "correct horse viewer battery"


@pytest.fixture
def story(app, session):
    with app.app_context():
        demo.seed(session=session, seed=4, contacts=400, weeks=12, create_logins=False)
        trend_rollup.rebuild(session=session)
        session.commit()
    create_user(session=session, email="eve@example.com", password=PASSWORD, role="viewer")


def _sign_in(page: Page) -> None:
    page.goto("/staff/login")
    page.fill("#email", "eve@example.com")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


@pytest.mark.parametrize("language", ["en", "de"])
def test_trend_and_journey_pages_draw_and_are_accessible(
    new_page: Callable[..., Page], story, language, tmp_path: Path
):
    page = new_page(DESKTOP, locale="de-DE" if language == "de" else "en-GB")
    _sign_in(page)
    page.goto(f"/staff/trends?lang={language}")
    charts = page.locator("canvas[data-trend-chart]")
    expect(charts.first).to_be_visible()
    # Chart.js drew on every canvas (a drawn canvas has its chart instance attached).
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-trend-chart]')]"
        ".every((c) => window.Chart && Chart.getChart(c))"
    )
    assert page.locator("table").count() >= charts.count()  # a table beside every chart
    page.screenshot(path=str(tmp_path / f"trends-{language}.png"), full_page=True)
    assert_accessible(page, f"trend page ({language})")
    page.goto(f"/staff/journey?lang={language}")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page, f"journey map ({language})")


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("size", [NARROW, DESKTOP], ids=["320px", "1280px"])
def test_overview_is_accessible_and_fits(new_page: Callable[..., Page], story, language, size):
    page = new_page(size, locale="de-DE" if language == "de" else "en-GB")
    _sign_in(page)
    page.goto(f"/staff/?lang={language}")
    expect(page.locator("#scores-title")).to_be_visible()
    assert page.locator(".kpi").count() == 3  # CSAT, NPS and CES against the last period
    # Nothing wider than the window: tables scroll inside their own region.
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert_accessible(page, f"overview ({language}, {size['width']} px)")
