"""The public complaint form, its confirmation and the status page."""

from __future__ import annotations

import html
import re

import pytest
from sqlmodel import select

from app import create_app
from app.db import get_engine
from app.models import Complaint, FeedbackItem, FollowUpCase
from app.services import touchpoints

NOT_FOUND_TEXT = "The reference and the secret do not match."
VALID = {"description": "The agent was rude to me.", "contact_preference": "none"}


def stored(session) -> list[Complaint]:
    session.rollback()  # end the test's read snapshot: see what the requests committed
    return list(session.exec(select(Complaint)))


def receipt(client) -> tuple[str, str]:
    page = client.get("/complaint/sent").text
    reference = re.search(r'id="complaint-reference">([^<]+)<', page).group(1)
    secret = re.search(r'id="complaint-secret">([^<]+)<', page).group(1)
    return reference, html.unescape(secret)


def test_form_renders_accessible_fields(client, session):
    touchpoints.ensure_defaults(session=session)
    page = client.get("/complaint?lang=de")
    assert page.status_code == 200 and '<html lang="de">' in page.text
    names = re.findall(r'<option value="(\w+)">([^<]+)</option>', page.text)
    assert [key for key, _ in names] == [
        "website_order",
        "delivery",
        "pickup",
        "phone_support",
        "returns",
    ]
    assert names[0][1] == "Bestellung im Webshop"
    assert 'autocomplete="email"' in page.text and 'type="email"' in page.text
    assert 'autocomplete="tel"' in page.text and 'type="tel"' in page.text
    assert 'data-maxlength="5000"' in page.text
    assert len(re.findall(r'type="radio" name="contact_preference"', page.text)) == 3
    assert "checked" not in page.text
    honeypot = re.search(r'<div class="visually-hidden">(.*?)</div>', page.text, re.S).group(1)
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot
    assert '<label for="website">' in honeypot
    assert not re.search(r'tabindex="[1-9]', page.text)


def test_file_a_complaint_and_check_its_status(client, session):
    touchpoints.ensure_defaults(session=session)
    sent = client.post(
        "/complaint",
        data={
            "description": "Only pick-up offered; I have an injured hand.",
            "touchpoint": "website_order",
            "order_reference": "A-1234",
            "contact_preference": "phone",
            "contact_phone": "+49 30 1234567",
            "consent_contact": "y",
            "accessibility_needs": "Please call after 5 pm.",
        },
    )
    assert sent.status_code == 303 and sent.headers["Location"] == "/complaint/sent"
    reference, secret = receipt(client)
    assert re.fullmatch(r"VX-\d{4}-\d{6}", reference) and len(secret) >= 20
    [complaint] = stored(session)
    assert complaint.reference == reference and complaint.accessibility_needs
    assert session.exec(select(FollowUpCase)).one().complaint_id == complaint.id
    assert session.exec(select(FeedbackItem)).one().complaint_id == complaint.id
    # The secret is shown once.
    again = client.get("/complaint/sent")
    assert secret not in again.text and "shown only once" in again.text
    assert again.headers["Cache-Control"] == "no-store"

    form = client.get(f"/complaint/status?ref={reference}")
    assert f'value="{reference}"' in form.text
    status = client.post("/complaint/status", data={"reference": reference, "secret": secret})
    assert status.status_code == 200 and "Received" in status.text
    assert 'id="complaint-status"' in status.text
    wrong_secret = client.post("/complaint/status", data={"reference": reference, "secret": "x"})
    wrong_reference = client.post(
        "/complaint/status", data={"reference": "VX-2000-000001", "secret": secret}
    )
    assert wrong_secret.status_code == wrong_reference.status_code == 404
    for page in (wrong_secret, wrong_reference):
        assert NOT_FOUND_TEXT in page.text and "Received" not in page.text
        assert "<title>Error:" in page.text


def test_status_form_needs_both_fields(client):
    page = client.post("/complaint/status", data={"reference": "", "secret": ""})
    assert page.status_code == 400
    assert 'href="#reference"' in page.text and 'href="#secret"' in page.text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"description": ""}, "description", "Please tell us what happened."),
        ({"description": "x" * 5001}, "description", "Your text is 1 character too long"),
        ({"contact_preference": ""}, "contact_preference", "Please choose how we may contact"),
        ({"contact_preference": "fax"}, "contact_preference", "Please choose how we may contact"),
        ({"touchpoint": "moon"}, "touchpoint", "Please choose one of the places"),
        (
            {"contact_preference": "email", "consent_contact": "y"},
            "contact_email",
            "Please enter your e-mail address",
        ),
        (
            {"contact_preference": "email", "contact_email": "no-address", "consent_contact": "y"},
            "contact_email",
            "Please enter an e-mail address like",
        ),
        (
            {"contact_preference": "phone", "consent_contact": "y"},
            "contact_phone",
            "Please enter your phone number",
        ),
        (
            {"contact_preference": "phone", "contact_phone": "call me", "consent_contact": "y"},
            "contact_phone",
            "Please enter a phone number using digits",
        ),
        (
            {"contact_preference": "email", "contact_email": "a@example.com"},
            "consent_contact",
            "Please agree that we may contact you",
        ),
        ({"consent_updates": "y"}, "contact_email", "To receive updates"),
    ],
)
def test_conditional_validation(client, session, data, field, message):
    page = client.post("/complaint", data={**VALID, **data})
    assert page.status_code == 400
    assert f'href="#{field}"' in page.text and message in html.unescape(page.text)
    assert f'id="{field}-error"' in page.text
    assert stored(session) == []


@pytest.mark.parametrize(
    "data",
    [
        {"contact_preference": "email", "contact_email": "a@example.com", "consent_contact": "y"},
        {"contact_preference": "phone", "contact_phone": "0171 2345678", "consent_contact": "y"},
        {"contact_preference": "none", "consent_updates": "y", "contact_email": "a@example.com"},
    ],
)
def test_valid_contact_choices(client, session, data):
    assert client.post("/complaint", data={**VALID, **data}).status_code == 303
    assert len(stored(session)) == 1


def test_script_in_every_text_field_is_escaped_and_stored_as_text(client, session):
    script = "<script>alert(1)</script>"
    fields = ("description", "order_reference", "accessibility_needs")
    page = client.post(
        "/complaint", data={**dict.fromkeys(fields, script), "contact_preference": ""}
    )
    assert page.status_code == 400 and script not in page.text
    assert page.text.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3
    client.post("/complaint", data={**VALID, **dict.fromkeys(fields, script)})
    [complaint] = stored(session)
    assert (complaint.description, complaint.order_reference, complaint.accessibility_needs) == (
        script,
        script,
        script,
    )
    status = client.post("/complaint/status", data={"reference": script, "secret": script})
    assert status.status_code == 404 and script not in status.text


def test_honeypot_pretends_success_and_stores_nothing(client, session):
    sent = client.post("/complaint", data={**VALID, "website": "http://spam.example"})
    assert sent.status_code == 303
    reference, _secret = receipt(client)
    assert re.fullmatch(r"VX-\d{4}-\d{6}", reference)
    assert stored(session) == []


@pytest.fixture
def limited_client(app_config, tmp_path, monkeypatch):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path / "limited-instance"))
    application = create_app(
        {**app_config, "RATELIMIT_ENABLED": True, "COMPLAINT_RATE_LIMIT": "2 per minute"}
    )
    yield application.test_client()
    get_engine(application).dispose()


def test_complaints_are_rate_limited(limited_client):
    codes = [limited_client.post("/complaint", data=VALID).status_code for _ in range(3)]
    assert codes == [303, 303, 429]
    limited = limited_client.post("/complaint", data=VALID)
    assert "Too many attempts" in limited.text
    assert limited_client.get("/complaint").status_code == 200  # reading is not limited


def test_status_checks_are_rate_limited(limited_client):
    data = {"reference": "VX-2026-000001", "secret": "guess"}
    codes = [limited_client.post("/complaint/status", data=data).status_code for _ in range(3)]
    assert codes == [404, 404, 429]


def test_the_status_secret_leaves_the_cookie_with_the_next_page(client, session):
    assert client.post("/complaint", data=VALID).status_code == 303
    with client.session_transaction() as cookie:
        assert "complaint_receipt" in cookie  # for the one redirect to the receipt page
    client.get("/complaint/status")  # the browser went elsewhere instead
    with client.session_transaction() as cookie:
        assert "complaint_receipt" not in cookie
    assert "complaint-secret" not in client.get("/complaint/sent").text


def test_the_receipt_page_shows_the_secret_once(client, session):
    client.post("/complaint", data=VALID)
    reference, secret = receipt(client)
    assert reference.startswith("VX-") and len(secret) >= 16
    with client.session_transaction() as cookie:
        assert "complaint_receipt" not in cookie
