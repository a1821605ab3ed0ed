"""Language choice and the German catalogue."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parents[1] / "app/translations/de/LC_MESSAGES/messages.po"


def test_accept_language_picks_german(client):
    page = client.get("/staff/login", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert '<html lang="de">' in page.text and "Anmeldung für Mitarbeitende" in page.text


def test_default_is_english(client):
    page = client.get("/staff/login")
    assert '<html lang="en">' in page.text and "Staff sign-in" in page.text


def test_explicit_choice_wins_and_is_remembered(client):
    headers = {"Accept-Language": "de"}
    chosen = client.get("/staff/login?lang=en", headers=headers)
    assert '<html lang="en">' in chosen.text
    assert "voxloop_lang=en" in chosen.headers["Set-Cookie"]
    again = client.get("/staff/login", headers=headers)
    assert '<html lang="en">' in again.text


def test_language_switch_keeps_the_page(client):
    page = client.get("/staff/login?next=/staff/")
    assert 'href="/staff/login?next=%2Fstaff%2F&amp;lang=de"' in page.text


@pytest.mark.parametrize("code", [404, 403])
def test_error_pages_in_both_languages(app, client, auth, code):
    from flask import abort

    app.add_url_rule("/_forbidden", "forbidden", lambda: abort(403))
    path = "/_forbidden" if code == 403 else "/no-such-page"
    english = client.get(path)
    german = client.get(path, headers={"Accept-Language": "de"})
    assert english.status_code == german.status_code == code
    assert {404: "Page not found", 403: "Access denied"}[code] in english.text
    assert {404: "Seite nicht gefunden", 403: "Zugriff verweigert"}[code] in german.text


def test_server_error_page(app, client):
    @app.get("/_boom")
    def _boom():
        raise RuntimeError("boom")

    response = client.get("/_boom", headers={"Accept-Language": "de"})
    assert response.status_code == 500 and "Bei uns ist etwas schiefgegangen" in response.text


def test_every_message_has_a_german_translation():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="de")
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []
