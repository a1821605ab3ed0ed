"""Stored XSS: a corpus of payloads goes in through every way text enters Voxloop, then
every staff page that shows it is opened in Chromium; no payload may run.

Payloads call ``window.__xss()``; an init script defines it and records each call, and
also records Content-Security-Policy violations (a payload the escaping let through but
the CSP stopped still counts). Dialogs are recorded too. The ``new_page`` fixture fails
the test on any script error as well. The payload text must show up *as text* on the
pages, so the test proves the data really got there.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page
from sqlmodel import select

from app.demo import corpus as demo_corpus
from app.models import FollowUpCase, Theme
from app.models.complaints import ComplaintCreate
from app.services import actions, cases, complaints, responses, theme_runs, themes
from app.services.feedback import build_item
from app.services.users import create_api_token, create_user
from tests.services.test_responses import make_invitation

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "data" / "xss_payloads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
]
PASSWORD = "correct horse admin battery"
HOOK = """
window.__xssCalls = [];
window.__xss = (...args) => window.__xssCalls.push(String(args[0]));
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) =>
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI));
"""
TOPICS = ("delivery_options_missing", "staff_rude", "refund_slow", "checkout_error")


def _cycle(start: int):
    """Payloads from ``start`` on, round and round, so every way in gets all of them."""
    index = start
    while True:
        yield PAYLOADS[index % len(PAYLOADS)]
        index += 1


def _seed(app, session) -> dict:
    """Every payload through every way text gets in; return what the pages need."""
    rng = random.Random(5)
    admin = create_user(session=session, email="root@example.com", password=PASSWORD,
                        role="admin", name="Ada Admin")  # fmt: skip
    # User names, created by the admin (audited) and shown on the users and audit pages.
    for number, payload in enumerate(PAYLOADS):
        create_user(session=session, email=f"user{number}@example.com", password=PASSWORD,
                    role="agent", name=payload[:100], actor_id=admin.id)  # fmt: skip
    # Feedback for the theme engine: a small history of four topics, payloads mixed in.
    start = datetime.now(UTC) - timedelta(weeks=4)
    for week in range(4):
        for topic in TOPICS:
            for n in range(8):
                moment = start + timedelta(weeks=week, hours=3 + n * 12)
                text = demo_corpus.compose_comment(rng, topic, "en")
                session.add(build_item(text, source="import", occurred_at=moment, language="en"))
    session.commit()
    with app.app_context():
        # API: feedback and contacts with payloads in every free-text field.
        _, secret = create_api_token(session=session, name="xss", scopes=["ingest"])
        client = app.test_client()
        headers = {"Authorization": f"Bearer {secret}"}
        for number, payload in enumerate(PAYLOADS):
            body = {"text": f"Parcel late again {payload}", "external_id": f"xss-{number}"}
            answer = client.post("/api/v1/feedback", headers=headers, json=body)
            assert answer.status_code == 201, answer.get_json()
            answer = client.post("/api/v1/contacts", headers=headers, json={
                "external_id": f"contact-{number}", "touchpoint": "phone_support",
                "channel": "phone", "customer_ref": payload[:60]})  # fmt: skip
            assert answer.status_code in (200, 201), answer.get_json()
        # Survey comments, submitted as the survey page does.
        for payload in PAYLOADS:
            token = make_invitation(session, survey="nps")
            responses.submit(session=session, config=app.config, token=token, language="en",
                             answers={"nps": "2", "comment": f"Slow refund {payload}"})  # fmt: skip
        # Complaints: description and accessibility needs; each opens a follow-up case.
        filed = []
        for payload, needs in zip(PAYLOADS, _cycle(1), strict=False):
            filed.append(complaints.file_complaint(session=session, config=app.config,
                data=ComplaintCreate(description=f"Nobody answers {payload}",
                                     touchpoint="pickup", contact_preference="email",
                                     contact_email="anna@example.org", consent_contact=True,
                                     accessibility_needs=needs, language="en")))  # fmt: skip
        theme_runs.run(session=session, config=app.config, full=True)
    # Case notes and public replies on every case.
    case_ids = [c.id for c in session.exec(select(FollowUpCase).order_by(FollowUpCase.id))]
    for case_id, payload in zip(case_ids, _cycle(2), strict=False):
        cases.log(session=session, case_id=case_id, actor_id=admin.id, kind="note", text=payload)
    # Detractors' survey answers open cases too: reply on the first complaint's own case.
    first_case = session.exec(
        select(FollowUpCase.id).where(FollowUpCase.complaint_id == filed[0].complaint.id)
    ).one()
    with app.app_context():
        for payload in PAYLOADS[:10]:
            cases.reply(session=session, case_id=first_case, actor_id=admin.id, text=payload)
    # Theme names (rename) and action cards (title, problem, hypothesis) on each theme.
    theme_ids = [t.id for t in session.exec(select(Theme).order_by(Theme.id))]
    assert theme_ids, "the theme run must find themes to rename"
    names = _cycle(3)
    for theme_id in theme_ids:
        themes.rename(session=session, theme_id=theme_id, name=next(names)[:120],
                      actor_id=admin.id)  # fmt: skip
    action_ids, texts = [], _cycle(4)
    for number in range(len(PAYLOADS) // 3 + 1):
        action = actions.create_action(
            session=session, title=next(texts)[:200], actor_id=admin.id,
            theme_ids=(theme_ids[number % len(theme_ids)],),
            problem=next(texts), hypothesis=next(texts),
        )  # fmt: skip
        action_ids.append(action.id)
    case = session.get(FollowUpCase, first_case)
    return {"themes": theme_ids, "actions": action_ids, "cases": case_ids[:5],
            "complaint": filed[0], "case": case}  # fmt: skip


def _staff_pages(seeded: dict) -> list[str]:
    week = (datetime.now(UTC).date() - timedelta(days=datetime.now(UTC).weekday())).isoformat()
    return [
        "/staff/", f"/staff/themes/?week={week}", "/staff/themes/",
        *[f"/staff/themes/{theme_id}" for theme_id in seeded["themes"]],
        "/staff/board", *[f"/staff/board/{action_id}" for action_id in seeded["actions"][:6]],
        "/staff/cases", *[f"/staff/cases/{case_id}" for case_id in seeded["cases"]],
        "/staff/trends", "/staff/journey", "/staff/admin/users", "/staff/admin/audit",
    ]  # fmt: skip


def _executions(page: Page) -> tuple[list[str], list[str]]:
    return page.evaluate("() => [window.__xssCalls || [], window.__cspViolations || []]")


def test_no_stored_payload_runs_on_any_page(new_page: Callable[..., Page], app, session):
    assert len(PAYLOADS) >= 50
    seeded = _seed(app, session)
    page = new_page()
    page.context.add_init_script(HOOK)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/staff/login")
    page.fill("#email", "root@example.com")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/staff/$"))

    found: dict[str, tuple[list[str], list[str]]] = {}
    shown: set[str] = set()
    for url in _staff_pages(seeded):
        answer = page.goto(url)
        assert answer is not None and answer.ok and "/login" not in page.url, url
        page.wait_for_load_state("load")
        page.wait_for_timeout(50)  # let onload/ontoggle/autofocus handlers fire
        calls, violations = _executions(page)
        if calls or violations:
            found[url] = (calls, violations)
        text = page.locator("body").inner_text()
        shown.update(payload for payload in PAYLOADS if payload in text)

    # The customer's status page shows the agent's public replies.
    complaint = seeded["complaint"]
    page.context.clear_cookies()
    page.goto(f"/complaint/status?ref={complaint.complaint.reference}")
    page.fill("#secret", complaint.secret)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    page.wait_for_timeout(50)
    calls, violations = _executions(page)
    if calls or violations:
        found["/complaint/status"] = (calls, violations)
    status_text = page.locator("body").inner_text()
    assert PAYLOADS[0] in status_text, "the reply must reach the status page as text"

    assert found == {} and dialogs == [], f"script ran: {found}, dialogs: {dialogs}"
    # Not a vacuous pass: the payloads really are on the pages, shown as text.
    assert "<script>__xss(1)</script>" in shown and "<img src=x onerror=__xss(9)>" in shown
    assert len(shown) >= len(PAYLOADS) // 2, sorted(set(PAYLOADS) - shown)
