"""Playwright helpers: drive Debian's chromium (never `playwright install`) and run axe-core.

Usage in a test::

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(url)
        violations = run_axe(page)
        assert not violations, format_violations(violations)
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = ROOT / "app" / "static"
AXE_JS = STATIC_DIR / "vendor" / "axe-core" / "axe.min.js"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# The WCAG 2.0/2.1/2.2 A and AA rules; best-practice rules are left out on purpose.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_path() -> str:
    """Path of Debian's chromium; a missing browser is an error, never a silent skip."""
    path = shutil.which("chromium")
    if path is None:
        raise RuntimeError(
            "chromium is not installed: browser tests need Debian's chromium. "
            "Run `make test` (it installs it) or `apt-get install -y chromium`; "
            "do not use `playwright install`."
        )
    return path


def launch(playwright: Any, **kwargs: Any) -> Any:
    """Launch headless chromium with a fresh, temporary user-data-dir.

    Playwright's `launch()` always creates a new temporary profile directory and removes
    it on `browser.close()`, so no state leaks between test runs.
    """
    return playwright.chromium.launch(
        executable_path=chromium_path(),
        args=CHROMIUM_ARGS,
        headless=True,
        **kwargs,
    )


def run_axe(page: Any, context: str = "document") -> list[dict]:
    """Inject the vendored axe-core and return its WCAG 2.x A/AA violations."""
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} is missing: run scripts/vendor-frontend.sh")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async ([context, tags]) => {
            // Judge colours at rest: a button fading between states (0.12 s) is not
            // what anyone reads, and axe would measure the blend half-way.
            await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
            const root = context === "document" ? document : document.querySelector(context);
            const result = await axe.run(root, {runOnly: {type: "tag", values: tags}});
            return result.violations;
        }""",
        [context, AXE_TAGS],
    )


def format_violations(violations: list[dict]) -> str:
    """One readable block per violated rule, for assertion messages."""
    if not violations:
        return "no axe violations"
    lines = [f"{len(violations)} axe violation(s):"]
    for v in violations:
        nodes = v.get("nodes", [])
        lines.append(f"- {v['id']} [{v.get('impact')}] {v.get('help')} ({len(nodes)} node(s))")
        lines.append(f"  {v.get('helpUrl', '')}")
        for node in nodes[:3]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)
