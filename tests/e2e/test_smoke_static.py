"""Browser smoke tests of voxloop.css / voxloop.js on static fixture pages (no Flask).

The fixture pages link the real stylesheet and script from app/static, so these tests
check the files the app serves: axe-core finds no WCAG 2.2 A/AA violation, the pages
reflow at 320 px (= 400% zoom of a 1280 px window) with 44 px targets, the rating scales
work with the keyboard alone, and the progressive enhancements keep their contract.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.e2e.browser import ROOT, STATIC_DIR, format_violations, run_axe

CSS = STATIC_DIR / "css" / "voxloop.css"
JS = STATIC_DIR / "js" / "voxloop.js"
VENDOR_SCRIPT = ROOT / "scripts" / "vendor-frontend.sh"
ORIGIN = "http://voxloop.test"  # served by page.route, never by the network
# The policy the app is meant to send: no inline script or style anywhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

NPS_LABELS = "".join(
    f'<label><input type="radio" name="nps" value="{i}"><span>{i}</span></label>' for i in range(11)
)
CSAT_TEXTS = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
CSAT_LABELS = "".join(
    f'<label><input type="radio" name="csat" value="{i}"><span>{text}</span></label>'
    for i, text in enumerate(CSAT_TEXTS, start=1)
)

FORM_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your feedback – Voxloop</title>
<link rel="stylesheet" href="{css}">
<script src="{js}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="container">
    <a class="brand" href="#main">Voxloop Shop</a>
    <nav aria-label="Language">
      <ul class="lang-switch">
        <li><a href="#main" aria-current="true">English</a></li>
        <li><a href="#main" lang="de" hreflang="de">Deutsch</a></li>
      </ul>
    </nav>
    <a class="help-link" href="#main">Help</a>
  </div>
</header>
<main id="main" class="container container-narrow">
  <h1>How did we do?</h1>
  <div class="error-summary" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">There is a problem</h2>
    <ul>
      <li><a href="#nps">Choose a score from 0 to 10</a></li>
      <li><a href="#email">Enter an e-mail address like name@example.com</a></li>
    </ul>
  </div>
  <form method="post" action="{action}" data-once data-draft-url="{draft_url}" novalidate>
    <input type="hidden" name="csrf_token" value="csrf-123">
    <fieldset class="scale" id="nps" aria-describedby="nps-error nps-anchors">
      <legend>How likely are you to recommend us to a friend?</legend>
      <p class="field-error" id="nps-error">
        <span class="visually-hidden">Error:</span> Choose a score from 0 to 10
      </p>
      {nps}
      <p class="scale-anchors" id="nps-anchors">
        <span>0 = not at all likely</span><span>10 = extremely likely</span>
      </p>
    </fieldset>
    <fieldset class="scale scale-text" id="csat">
      <legend>How satisfied are you with the delivery options?</legend>
      {csat}
    </fieldset>
    <div class="form-field">
      <label for="comment">What is the main reason for your score?</label>
      <p class="hint" id="comment-hint">Please do not include personal details.</p>
      <textarea id="comment" name="comment" rows="5" data-maxlength="50"
        aria-describedby="comment-hint comment-count"></textarea>
      <p class="char-count" id="comment-count"
        data-remaining-text="{{n}} characters remaining"
        data-over-text="{{n}} characters too many">You can enter up to 50 characters</p>
    </div>
    <div class="form-field">
      <label for="email">E-mail address (optional)</label>
      <p class="field-error" id="email-error">
        <span class="visually-hidden">Error:</span>
        Enter an e-mail address like name@example.com
      </p>
      <input type="email" id="email" name="email" value="not-an-address"
        autocomplete="email" aria-invalid="true" aria-describedby="email-error">
    </div>
    <div class="actions">
      <button type="submit" class="button" name="action" value="send">Send feedback</button>
      <a class="button button-secondary" href="#main">Cancel</a>
    </div>
    <p data-draft-status data-saved-text="Gespeichert" data-error-text="Nicht gespeichert"></p>
  </form>
</main>
<footer class="site-footer">
  <div class="container">
    <ul><li><a href="#main">Privacy</a></li><li><a href="#main">Accessibility</a></li></ul>
  </div>
</footer>
</body>
</html>
"""

BADGES = ["new", "emerging", "triaged", "action", "monitoring", "dismissed"]
STAFF_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Improvement board – Voxloop</title>
<link rel="stylesheet" href="{css}">
<script src="{vendor}/chart.js/chart.umd.min.js" defer></script>
<script src="{vendor}/sortablejs/Sortable.min.js" defer></script>
<script src="{js}" defer></script>
<script src="chart-setup.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="container"><a class="brand" href="#main">Voxloop</a>
    <a class="help-link" href="#main">Help</a></div>
</header>
<nav class="staff-nav" aria-label="Staff">
  <ul class="container">
    <li><a href="#main">Triage</a></li>
    <li><a href="#main" aria-current="page">Board</a></li>
    <li><a href="#main">Follow-ups</a></li>
    <li><a href="#main">Trends</a></li>
    <li><a href="#main">Administration</a></li>
  </ul>
</nav>
<main id="main" class="container">
  <h1>Improvement board</h1>
  <div class="flash flash-success" role="status">Action created.</div>
  <div class="flash flash-error" role="alert">Could not merge the themes.</div>
  <div class="flash flash-info">Clustering ran 5 minutes ago.</div>
  <ul class="kpis">
    <li class="kpi"><span class="kpi-value">+12</span><span class="kpi-label">NPS</span>
      <span class="kpi-meta">n = 412, 95% CI 6 to 18</span></li>
    <li class="kpi"><span class="kpi-value">4.1</span><span class="kpi-label">CSAT</span>
      <span class="kpi-meta">n = 388</span></li>
  </ul>
  <figure class="chart-figure">
    <div class="chart"><canvas id="trend" role="img"
      aria-label="CSAT for Website order, weeks 44 to 48: 3.1, 3.0, 3.6, 4.0, 4.2"></canvas></div>
    <figcaption>CSAT for Website order by week</figcaption>
  </figure>
  <p>{badges}</p>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="themes-caption">
    <table class="table">
      <caption id="themes-caption">Themes this week</caption>
      <thead><tr><th scope="col">Theme</th><th scope="col">Status</th>
        <th scope="col" class="num">Volume</th><th scope="col" class="num">Change</th>
        <th scope="col">Touchpoints</th><th scope="col">Owner</th></tr></thead>
      <tbody>
        <tr><td><a href="#main">Delivery options missing</a></td>
          <td><span class="badge badge-emerging">Emerging</span></td>
          <td class="num">37</td><td class="num">+240%</td>
          <td>Website order, phone support, pick-up</td><td>Improvement team</td></tr>
        <tr><td><a href="#main">Staff attitude</a></td>
          <td><span class="badge badge-triaged">Triaged</span></td>
          <td class="num">21</td><td class="num">+5%</td>
          <td>Phone support</td><td>Team lead support</td></tr>
      </tbody>
    </table>
  </div>
  <div class="board">
    <section class="board-column" data-stage="plan" aria-labelledby="col-plan">
      <h2 id="col-plan">Plan</h2>
      <ul class="board-list">
        <li class="board-card"><h3><a href="#main">Offer delivery for all PCs</a></h3>
          <p class="meta">Owner: A. Analyst · due 2025-12-01</p></li>
      </ul>
    </section>
    <section class="board-column" data-stage="do" aria-labelledby="col-do">
      <h2 id="col-do">Do</h2><ul class="board-list"></ul>
    </section>
    <section class="board-column" data-stage="check" aria-labelledby="col-check">
      <h2 id="col-check">Check</h2><ul class="board-list"></ul>
    </section>
    <section class="board-column" data-stage="act" aria-labelledby="col-act">
      <h2 id="col-act">Act</h2><ul class="board-list"></ul>
    </section>
  </div>
  <form method="post" action="#main" class="card">
    <div class="form-field">
      <label for="name">Theme name</label>
      <input type="text" id="name" name="name" value="Delivery options missing">
    </div>
    <div class="actions">
      <button type="submit">Rename</button>
      <button type="button" class="button-secondary">Merge…</button>
      <button type="button" class="button-danger">Dismiss</button>
    </div>
  </form>
</main>
<footer class="site-footer"><div class="container">Voxloop</div></footer>
</body>
</html>
"""

CHART_SETUP = """
window.addEventListener("DOMContentLoaded", function () {
  new Chart(document.getElementById("trend"), {
    type: "line",
    data: {labels: ["W44", "W45", "W46", "W47", "W48"],
           datasets: [{label: "CSAT", data: [3.1, 3.0, 3.6, 4.0, 4.2]}]},
    options: {animation: false, maintainAspectRatio: false}
  });
  new Sortable(document.querySelector(".board-list"), {group: "board"});
});
"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def write_form_page(tmp_path: Path) -> str:
    html = FORM_PAGE.format(
        css=CSS.as_uri(),
        js=JS.as_uri(),
        action="#main",
        draft_url="",
        nps=NPS_LABELS,
        csat=CSAT_LABELS,
    )
    path = tmp_path / "form.html"
    path.write_text(html, encoding="utf-8")
    return path.as_uri()


def write_staff_page(tmp_path: Path) -> str:
    html = STAFF_PAGE.format(
        css=CSS.as_uri(),
        js=JS.as_uri(),
        vendor=(STATIC_DIR / "vendor").as_uri(),
        badges=" ".join(
            f'<span class="badge badge-{name}">{name.title()}</span>' for name in BADGES
        ),
    )
    (tmp_path / "chart-setup.js").write_text(CHART_SETUP, encoding="utf-8")
    path = tmp_path / "staff.html"
    path.write_text(html, encoding="utf-8")
    return path.as_uri()


def assert_reflows(page: Page, width: int = 320) -> None:
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= width, f"horizontal scrolling at {width} px: {scroll_width}"


def small_targets(page: Page, selector: str) -> list[str]:
    """Visible elements matching selector whose box is smaller than 44 × 44 CSS px."""
    return page.eval_on_selector_all(
        selector,
        """els => els.filter(e => e.offsetParent !== null).map(e => {
            const r = e.getBoundingClientRect();
            return (r.width < 44 || r.height < 44)
                ? `${e.tagName} "${e.textContent.trim()}" ${r.width}x${r.height}` : null;
        }).filter(Boolean)""",
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_form_page_has_no_axe_violations(page: Page, tmp_path: Path, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(write_form_page(tmp_path))
    violations = run_axe(page)
    assert not violations, format_violations(violations)


@pytest.mark.browser
def test_form_page_reflows_at_320px_with_44px_targets(page: Page, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(write_form_page(tmp_path))

    assert_reflows(page)
    labels = page.locator(".scale label")
    expect(labels).to_have_count(16)
    assert small_targets(page, ".scale label") == []
    assert small_targets(page, "button, .button, .lang-switch a, .help-link") == []

    boxes = [labels.nth(i).bounding_box() for i in range(11)]
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= 320 for box in boxes)
    rows = {round(box["y"]) for box in boxes}
    assert len(rows) == 2, f"the NPS scale should wrap onto two rows at 320 px, got {rows}"

    # The whole box is the target: a click on its corner, away from the radio, selects it.
    page.locator(".scale label").nth(7).click(position={"x": 3, "y": 3})
    expect(page.locator('input[name="nps"][value="7"]')).to_be_checked()


@pytest.mark.browser
def test_rating_scales_and_char_count_work_with_the_keyboard(page: Page, tmp_path: Path) -> None:
    page.goto(write_form_page(tmp_path))
    focused = page.evaluate("document.activeElement.className")
    assert focused == "error-summary", "the error summary should have focus after load"

    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "nps":
            break
    nps = page.locator('input[name="nps"]')
    expect(nps.nth(0)).to_be_focused()
    ring = page.evaluate("getComputedStyle(document.activeElement.closest('label')).outlineStyle")
    assert ring == "solid", "the focused option box should show a focus ring"

    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(nps.nth(2)).to_be_checked()
    page.keyboard.press("ArrowLeft")
    expect(nps.nth(1)).to_be_checked()
    expect(nps.nth(1)).to_be_focused()

    page.keyboard.press("Tab")  # into the CSAT group: first option, nothing chosen yet
    csat = page.locator('input[name="csat"]')
    expect(csat.nth(0)).to_be_focused()
    expect(csat.nth(0)).not_to_be_checked()
    page.keyboard.press("Space")
    expect(csat.nth(0)).to_be_checked()

    count = page.locator("#comment-count")
    expect(count).to_have_text("50 characters remaining")
    expect(count).to_have_attribute("aria-live", "polite")
    page.keyboard.press("Tab")
    expect(page.locator("#comment")).to_be_focused()
    page.keyboard.type("Only pick-up offered")
    expect(count).to_have_text("30 characters remaining")
    page.keyboard.type(" and I cannot carry it with my injured hand")
    expect(count).to_have_text("13 characters too many")
    expect(count).to_have_class("char-count is-over")


@pytest.mark.browser
def test_form_page_works_without_javascript(browser: Browser, tmp_path: Path) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(write_form_page(tmp_path))
    assert_reflows(page)
    expect(page.locator("#comment-count")).to_have_text("You can enter up to 50 characters")
    page.get_by_text("Very satisfied").click()
    expect(page.locator('input[name="csat"][value="5"]')).to_be_checked()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_staff_page_has_no_axe_violations_and_reflows(
    page: Page, tmp_path: Path, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(write_staff_page(tmp_path))
    page.wait_for_function("() => window.Chart && Chart.getChart('trend')")
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    assert_reflows(page, width)
    assert small_targets(page, ".staff-nav a, button, .help-link") == []
    columns = page.locator(".board-column")
    expect(columns).to_have_count(4)
    if width == 1280:
        tops = {round(columns.nth(i).bounding_box()["y"]) for i in range(4)}
        assert len(tops) == 1, "the four PDCA columns should sit side by side"


@pytest.mark.browser
def test_vendored_libraries_load(page: Page, tmp_path: Path) -> None:
    page.goto(write_staff_page(tmp_path))
    versions = page.evaluate("""() => ({
        chart: window.Chart && Chart.version,
        sortable: window.Sortable && Sortable.version,
    })""")
    assert versions["chart"].startswith("4.")
    assert versions["sortable"].startswith("1.")
    box = page.locator("#trend").bounding_box()
    assert box["width"] > 100
    assert box["height"] > 100


def serve_form(page: Page, draft_status: int) -> dict[str, list]:
    """Serve the form page and static files from a fake origin; record the POSTs.

    Submissions get "204 No Content", so the page stays and a second submit can be tried.
    The page is sent with a strict Content-Security-Policy; violations land in seen["csp"].
    """
    seen: dict[str, list] = {"draft": [], "submit": [], "csp": []}
    html = FORM_PAGE.format(
        css="/static/css/voxloop.css",
        js="/static/js/voxloop.js",
        action="/submit",
        draft_url="/draft",
        nps=NPS_LABELS,
        csat=CSAT_LABELS,
    )

    def handle(route: Route) -> None:
        request = route.request
        path = request.url.removeprefix(ORIGIN)
        if path == "/form":
            route.fulfill(
                body=html,
                content_type="text/html; charset=utf-8",
                headers={"Content-Security-Policy": CSP},
            )
        elif path.startswith("/static/"):
            route.fulfill(path=STATIC_DIR / path.removeprefix("/static/"))
        elif path == "/draft":
            seen["draft"].append((request.headers, request.post_data or ""))
            route.fulfill(status=draft_status, body="")
        elif path == "/submit":
            seen["submit"].append(request.post_data or "")
            route.fulfill(status=204, body="")
        else:
            route.fulfill(status=404, body="")

    page.on(
        "console",
        lambda msg: seen["csp"].append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.route(f"{ORIGIN}/**", handle)
    page.goto(f"{ORIGIN}/form")
    expect(page.locator("#comment-count")).to_have_text("50 characters remaining")  # JS ran
    return seen


@pytest.mark.browser
def test_draft_autosave_posts_debounced_form_data(page: Page) -> None:
    seen = serve_form(page, draft_status=204)
    page.locator("#comment").press_sequentially("Rude agent", delay=20)
    status = page.locator("[data-draft-status]")
    expect(status).to_have_text("Gespeichert")
    expect(status).to_have_attribute("role", "status")
    assert len(seen["draft"]) == 1, "typing quickly should be saved once (debounced)"
    headers, body = seen["draft"][0]
    assert headers["x-requested-with"] == "fetch"
    assert 'name="csrf_token"' in body
    assert "csrf-123" in body
    assert "Rude agent" in body
    assert seen["csp"] == []


@pytest.mark.browser
def test_draft_autosave_shows_the_error_text(page: Page) -> None:
    serve_form(page, draft_status=500)
    page.locator('input[name="nps"][value="3"]').check()
    expect(page.locator("[data-draft-status]")).to_have_text("Nicht gespeichert")


@pytest.mark.browser
def test_form_with_data_once_submits_once(page: Page) -> None:
    seen = serve_form(page, draft_status=204)
    button = page.get_by_role("button", name="Send feedback")
    button.click()
    expect(button).to_be_disabled()
    expect(button).to_have_attribute("aria-disabled", "true")
    # An impatient second submit (Enter in a field, or a script) is swallowed.
    page.locator("#email").press("Enter")
    page.evaluate("document.querySelector('form').requestSubmit()")
    page.wait_for_timeout(300)
    assert len(seen["submit"]) == 1
    assert seen["csp"] == []
    assert "action=send" in seen["submit"][0], "the clicked button's value must be sent"
    assert "csrf_token=csrf-123" in seen["submit"][0]


def test_vendored_files_match_vendor_md() -> None:
    result = subprocess.run(
        ["bash", str(VENDOR_SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_vendor_check_detects_a_modified_file(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(VENDOR_SCRIPT, tmp_path / "scripts")
    shutil.copytree(STATIC_DIR / "vendor", tmp_path / "app" / "static" / "vendor")
    with (tmp_path / "app" / "static" / "vendor" / "sortablejs" / "Sortable.min.js").open("a") as f:
        f.write("\n/* tampered */\n")
    result = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "vendor-frontend.sh"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "MISMATCH" in result.stderr


@pytest.mark.browser
def test_error_summary_links_move_focus_to_the_field(page: Page, tmp_path: Path) -> None:
    page.goto(write_form_page(tmp_path))
    page.get_by_role("link", name="Choose a score from 0 to 10").click()
    expect(page.locator('input[name="nps"]').first).to_be_focused()
    page.get_by_role("link", name="Enter an e-mail address like name@example.com").click()
    expect(page.locator("#email")).to_be_focused()


def test_every_vendored_script_is_used_by_a_page() -> None:
    """A library no page loads is attack surface and upkeep for nothing (axe-core is the
    test suite's own, loaded into pages by the accessibility checks)."""
    templates = "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "app" / "templates").rglob("*.html")
    )
    vendored = [
        path.relative_to(STATIC_DIR).as_posix()
        for path in (STATIC_DIR / "vendor").rglob("*.js")
        if "axe-core" not in path.parts
    ]
    assert vendored, "the vendored libraries are where the manifest says"
    unused = [name for name in vendored if name not in templates]
    assert unused == []
