"""Browser fixtures: the real app on a real port, one chromium per session, fresh contexts.

The app runs exactly as in production apart from rate limits: a migrated database on
each engine under test (SQLite, and PostgreSQL when configured), CSRF protection on,
the strict Content-Security-Policy, and a threaded werkzeug server in the background.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from tests.e2e.browser import AXE_JS, STATIC_DIR, format_violations, launch, run_axe
from tests.services.test_responses import make_invitation

DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}  # 1280 px at 400 % zoom (WCAG 1.4.10 reflow)
AXE_URL = "/static/" + AXE_JS.relative_to(STATIC_DIR).as_posix()


@pytest.fixture
def app_config(app_config: dict) -> dict:
    """The shared test configuration, but with CSRF protection on, as in production."""
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve the app on a free local port; yield its base URL, e.g. ``http://127.0.0.1:41234``."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll interval: shutdown() waits for the loop to notice, after every test.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian chromium for the whole run (launching costs about a second)."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser, live_server: str) -> Iterator[Callable[..., Page]]:
    """Open pages in fresh browser contexts (no cookies, no storage) on the live server.

    Relative URLs resolve against the live server. The contexts are closed before the
    server stops, so no keep-alive connection outlives it. A script error or a
    Content-Security-Policy violation on any page fails the test.
    """
    contexts = []
    problems: list[str] = []

    def open_page(
        viewport: dict[str, int] = DESKTOP, *, locale: str = "en-GB", javascript: bool = True
    ) -> Page:
        context = browser.new_context(
            base_url=live_server,
            viewport=viewport,
            locale=locale,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A page at desktop width in a fresh context."""
    return new_page()


@pytest.fixture
def survey_url(session, live_server: str) -> Callable[..., str]:
    """Create a contact and an invitation in the database; return the survey's address.

    Example: ``survey_url(language="de", survey="post_contact", used=True)``.
    """

    def create(
        *,
        language: str = "en",
        survey: str = "nps",
        expires_in: timedelta = timedelta(days=14),
        used: bool = False,
    ) -> str:
        token = make_invitation(
            session, survey=survey, language=language, expires_in=expires_in, used=used
        )
        return f"{live_server}/s/{token}"

    return create


def assert_accessible(page: Page, state: str) -> None:
    """axe-core finds no WCAG 2.x A/AA violation at 320 px and 1280 px, and 320 px reflows.

    The viewport is left at desktop width.
    """
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # The app's strict CSP blocks run_axe's inline injection; the app serves axe itself.
        page.add_script_tag(url=AXE_URL)
    for viewport in (NARROW, DESKTOP):
        page.set_viewport_size(viewport)
        violations = run_axe(page)
        assert violations == [], f"{state} at {viewport['width']} px: " + format_violations(
            violations
        )
        if viewport is NARROW:
            assert_reflows(page, state)


def assert_reflows(page: Page, state: str = "page", width: int = NARROW["width"]) -> None:
    """No horizontal scrolling at ``width`` (the page must already be that wide)."""
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= width, f"{state}: horizontal scrolling at {width} px ({scroll_width})"


def tab_to(page: Page, selector: str, limit: int = 20) -> int:
    """Press Tab until the focused element matches ``selector``; return how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")
