"""The customer's survey page: rendering, submitting once, drafts and every bad input."""

from __future__ import annotations

import html
import http.client
import re
import threading
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlmodel import select
from werkzeug.serving import make_server

from app import create_app
from app.db import get_engine
from app.models import Answer, FeedbackItem, FollowUpCase, Response, SurveyDraft
from tests.services.test_responses import make_invitation

UNKNOWN_TEXT = "We could not find this survey"


def radios(page: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}"[^>]*>', page)


def responses_in(session) -> list[Response]:
    session.rollback()  # end the test's read snapshot: see what the requests committed
    return list(session.exec(select(Response)))


# --- rendering -----------------------------------------------------------------------------


def test_nps_page_in_english(client, session):
    token = make_invitation(session, language="en")
    page = client.get(f"/s/{token}")
    assert page.status_code == 200 and '<html lang="en">' in page.text
    assert "<legend>How likely is it that you would recommend us" in page.text
    options = radios(page.text, "nps")
    assert [re.search(r'value="(\d+)"', o).group(1) for o in options] == [str(n) for n in range(11)]
    assert not any("checked" in o for o in options)
    assert 'class="scale-anchors" id="nps-anchors"' in page.text
    assert "0 = Not at all likely" in page.text and "10 = Extremely likely" in page.text
    assert 'aria-describedby="nps-anchors"' in page.text
    assert "(required)" in page.text  # required is said in words, not only by colour
    assert 'data-maxlength="2000"' in page.text and 'class="char-count"' in page.text
    assert f'data-draft-url="/s/{token}/draft"' in page.text and "data-once" in page.text
    assert 'href="/complaint"' in page.text


def test_page_follows_the_invitation_language_unless_chosen(client, session):
    token = make_invitation(session, language="de")
    german = client.get(f"/s/{token}", headers={"Accept-Language": "en"})
    assert '<html lang="de">' in german.text
    assert "Wie wahrscheinlich ist es, dass Sie uns Freunden oder Kollegen empfehlen?" in (
        german.text
    )
    assert "0 = Sehr unwahrscheinlich" in german.text
    assert len(radios(german.text, "nps")) == 11
    english = client.get(f"/s/{token}?lang=en")
    assert '<html lang="en">' in english.text and "How likely is it" in english.text
    # The choice is remembered by the cookie, and the form posts back in that language.
    again = client.get(f"/s/{token}")
    assert '<html lang="en">' in again.text


def test_csat_and_ces_scales(client, session):
    csat = client.get(f"/s/{make_invitation(session, survey='post_contact', language='de')}")
    assert 'class="scale scale-text"' in csat.text
    for word in ("Sehr unzufrieden", "Weder noch", "Sehr zufrieden"):
        assert f"<span>{word}</span>" in csat.text
    assert len(radios(csat.text, "csat")) == 5
    assert "Bitte geben Sie keine Kartennummern oder Passwörter an." in csat.text
    ces = client.get(f"/s/{make_invitation(session, survey='ces')}")
    assert len(radios(ces.text, "ces")) == 7
    assert "1 = Strongly disagree" in ces.text and "7 = Strongly agree" in ces.text


# --- submitting ----------------------------------------------------------------------------


def test_submit_once_then_thank_you(client, session):
    token = make_invitation(session)
    comment = "Only pick-up offered, write to me at jane.doe@example.com"
    sent = client.post(f"/s/{token}", data={"nps": "3", "comment": comment})
    assert sent.status_code == 303 and sent.headers["Location"] == f"/s/{token}/thanks"
    thanks = client.get(f"/s/{token}/thanks")
    assert thanks.status_code == 200 and "Thank you" in thanks.text
    assert "Thank you for your answer." in thanks.text  # the survey's own thank-you text
    [response] = responses_in(session)
    assert response.nps == 3
    answers = {a.question_key: a for a in session.exec(select(Answer))}
    assert answers["comment"].value_text == comment.replace("jane.doe@example.com", "[EMAIL]")
    item = session.exec(select(FeedbackItem)).one()
    assert "[EMAIL]" in item.text and "jane.doe" not in item.text
    assert session.exec(select(FollowUpCase)).one().response_id == response.id
    # Double click, refresh, back button: still one response, and a thank-you page.
    again = client.post(f"/s/{token}", data={"nps": "10"})
    assert again.status_code == 303 and again.headers["Location"].endswith("/thanks")
    assert len(responses_in(session)) == 1 and responses_in(session)[0].nps == 3
    revisit = client.get(f"/s/{token}")
    assert revisit.status_code == 410 and "You have already answered this survey" in revisit.text


def test_thanks_before_answering_goes_to_the_survey(client, session):
    token = make_invitation(session)
    assert client.get(f"/s/{token}/thanks").headers["Location"] == f"/s/{token}"


def _serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def test_twenty_simultaneous_submissions_store_one_response(app, session):
    token = make_invitation(session)
    server, thread = _serve(app)
    body = urlencode({"nps": "4", "comment": "same answer, sent twenty times"})
    barrier = threading.Barrier(20)
    statuses: list[int] = []

    def post():
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=60)
        barrier.wait()
        connection.request(
            "POST",
            f"/s/{token}",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        statuses.append(connection.getresponse().status)
        connection.close()

    workers = [threading.Thread(target=post) for _ in range(20)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(90)
    finally:
        server.shutdown()
        thread.join(10)
    assert statuses == [303] * 20
    assert len(responses_in(session)) == 1
    assert len(session.exec(select(FeedbackItem)).all()) == 1
    assert len(session.exec(select(FollowUpCase)).all()) == 1


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nps", "message"),
    [
        (None, "Please answer the question"),
        ("", "Please answer the question"),
        ("11", "Please choose one of the given answers"),
        ("-1", "Please choose one of the given answers"),
        ("abc", "Please choose one of the given answers"),
        ("5.0", "Please choose one of the given answers"),
        ("1e1", "Please choose one of the given answers"),
    ],
)
def test_bad_scores_are_explained_and_answers_kept(client, session, nps, message):
    token = make_invitation(session)
    data = {"comment": "My reason, kept"} if nps is None else {"nps": nps, "comment": "kept"}
    page = client.post(f"/s/{token}", data=data)
    assert page.status_code == 400
    assert "<title>Error:" in page.text
    assert '<div class="error-summary"' in page.text and 'href="#nps"' in page.text
    assert message in page.text
    assert 'id="nps-error"' in page.text and "nps-error" in page.text.split('id="nps"')[1][:200]
    assert 'aria-invalid="true"' in page.text
    assert data["comment"] in page.text
    assert not any("checked" in o for o in radios(page.text, "nps"))
    assert responses_in(session) == []


def test_a_valid_answer_is_kept_when_another_is_wrong(client, session):
    token = make_invitation(session)
    page = client.post(f"/s/{token}", data={"nps": "8", "comment": "x" * 2001})
    assert page.status_code == 400
    [checked] = [o for o in radios(page.text, "nps") if "checked" in o]
    assert 'value="8"' in checked
    assert "1 character too long" in page.text and "remove 1 character" in page.text


def test_huge_comment_is_kept_whole_with_a_clear_message(client, session):
    token = make_invitation(session)
    comment = "Lorem ipsum " * 8534  # 102 408 characters
    page = client.post(f"/s/{token}", data={"nps": "6", "comment": comment})
    assert page.status_code == 400
    over = len(comment) - 2000
    assert f"Your text is {over} characters too long" in page.text
    assert f"remove {over} characters" in page.text
    assert comment.strip() in html.unescape(page.text)
    assert f"{over} characters too many" in page.text  # the count, also without JavaScript
    assert responses_in(session) == []
    draft = session.exec(select(SurveyDraft)).one()
    assert draft.answers["nps"] == "6" and len(draft.answers["comment"]) == 20_000


def test_forged_question_keys_are_ignored(client, session):
    token = make_invitation(session)
    sent = client.post(
        f"/s/{token}", data={"nps": "9", "evil": "1", "invitation_id": "7", "csat": "1"}
    )
    assert sent.status_code == 303
    assert [a.question_key for a in session.exec(select(Answer))] == ["nps"]
    assert responses_in(session)[0].csat is None


def test_html_is_stored_as_text_and_shown_escaped(client, session):
    token = make_invitation(session)
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    page = client.post(f"/s/{token}", data={"nps": "99", "comment": script})
    assert page.status_code == 400 and "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    client.post(f"/s/{token}", data={"nps": "9", "comment": script})
    answer = session.exec(select(Answer).where(Answer.question_key == "comment")).one()
    assert answer.value_text == script


@pytest.mark.parametrize(
    "body",
    [
        b"nps=7&comment=caf%C3%A9+%FF%FE+broken",
        b"nps=7&comment=raw \xff\xfe bytes",
        b"nps=%FF&comment=x",
    ],
)
def test_invalid_utf8_never_breaks_the_page(client, session, body):
    token = make_invitation(session)
    sent = client.post(f"/s/{token}", data=body, content_type="application/x-www-form-urlencoded")
    assert sent.status_code in (303, 400)
    if sent.status_code == 303:
        text = session.exec(select(Answer).where(Answer.question_key == "comment")).one()
        assert text.value_text.encode("utf-8")


def test_control_characters_are_removed(client, session):
    token = make_invitation(session)
    client.post(f"/s/{token}", data={"nps": "9", "comment": "a\x00b\x1b[31mc\u200bd\r\ne"})
    answer = session.exec(select(Answer).where(Answer.question_key == "comment")).one()
    assert answer.value_text == "ab[31mcd\ne"


def test_too_large_request_gets_the_413_page(client, session):
    token = make_invitation(session)
    page = client.post(f"/s/{token}", data={"nps": "1", "comment": "x" * (1024 * 1024 + 1)})
    assert page.status_code == 413 and "Too much data" in page.text


# --- closed, unknown and tampered links ----------------------------------------------------


def test_unknown_and_tampered_links_look_the_same(client, session):
    token = make_invitation(session)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    pages = [client.get(f"/s/{t}") for t in (tampered, "unknown-token", "x" * 500)]
    assert {p.status_code for p in pages} == {404}
    assert all(UNKNOWN_TEXT in p.text and 'href="/complaint"' in p.text for p in pages)
    bodies = {re.sub(r"/s/[^\"?]+", "", p.text) for p in pages}
    assert len(bodies) == 1  # nothing tells a tampered token from a random one
    posted = client.post(f"/s/{tampered}", data={"nps": "1"})
    assert posted.status_code == 404 and responses_in(session) == []
    assert client.get(f"/s/{tampered}/thanks").status_code == 404


def test_expired_link(client, session):
    token = make_invitation(session, expires_in=timedelta(minutes=-1), language="de")
    for page in (client.get(f"/s/{token}"), client.post(f"/s/{token}", data={"nps": "5"})):
        assert page.status_code == 410 and '<html lang="de">' in page.text
        assert 'href="/complaint"' in page.text
    assert responses_in(session) == []


def test_used_link_says_thank_you(client, session):
    token = make_invitation(session, used=True)
    page = client.get(f"/s/{token}")
    assert page.status_code == 410 and "You have already answered this survey" in page.text
    assert "Thank you" in page.text


# --- drafts --------------------------------------------------------------------------------


def test_draft_is_saved_and_prefills_the_page(client, session):
    token = make_invitation(session)
    saved = client.post(
        f"/s/{token}/draft",
        data={"nps": "7", "comment": "Half-written <b>thought</b>", "evil": "x"},
        headers={"X-Requested-With": "fetch"},
    )
    assert saved.status_code == 204
    page = client.get(f"/s/{token}")
    [checked] = [o for o in radios(page.text, "nps") if "checked" in o]
    assert 'value="7"' in checked
    assert "Half-written &lt;b&gt;thought&lt;/b&gt;" in page.text
    assert session.exec(select(SurveyDraft)).one().answers == {
        "nps": "7",
        "comment": "Half-written <b>thought</b>",
    }
    # Autosave again: the draft is replaced, not duplicated.
    assert client.post(f"/s/{token}/draft", data={"nps": "8"}).status_code == 204
    session.rollback()
    assert session.exec(select(SurveyDraft)).one().answers == {"nps": "8"}


def test_failed_submit_saves_a_draft(client, session):
    token = make_invitation(session)
    client.post(f"/s/{token}", data={"comment": "not lost"})
    assert session.exec(select(SurveyDraft)).one().answers == {"comment": "not lost"}
    assert "not lost" in client.get(f"/s/{token}").text


def test_draft_errors_are_json(client, session):
    assert client.post("/s/nope/draft", data={"nps": "1"}).status_code == 404
    assert client.post("/s/nope/draft").json["error"]["code"] == 404
    used = make_invitation(session, used=True)
    assert client.post(f"/s/{used}/draft", data={"nps": "1"}).status_code == 410
    token = make_invitation(session)
    client.post(f"/s/{token}", data={"nps": "9"})
    assert client.post(f"/s/{token}/draft", data={"nps": "1"}).status_code == 410
    assert session.exec(select(SurveyDraft)).all() == []


# --- CSRF with a lost session --------------------------------------------------------------


@pytest.fixture
def csrf_client(app_config, tmp_path, monkeypatch):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path / "csrf-instance"))
    application = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    yield application.test_client()
    get_engine(application).dispose()


def _csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_lost_session_keeps_the_answers(csrf_client, session):
    token = make_invitation(session)
    page = csrf_client.get(f"/s/{token}")
    csrf = _csrf_token(page.text)
    csrf_client.delete_cookie("voxloop")  # the browser lost its session cookie
    answers = {"csrf_token": csrf, "nps": "2", "comment": "Typed for ten minutes"}
    again = csrf_client.post(f"/s/{token}", data=answers)
    assert again.status_code == 400
    assert "Your answers are still here" in again.text
    assert "Typed for ten minutes" in again.text
    [checked] = [o for o in radios(again.text, "nps") if "checked" in o]
    assert 'value="2"' in checked
    assert responses_in(session) == []
    # The re-rendered page carries a fresh token for the new session: sending works.
    sent = csrf_client.post(f"/s/{token}", data={**answers, "csrf_token": _csrf_token(again.text)})
    assert sent.status_code == 303 and len(responses_in(session)) == 1


def test_draft_needs_the_csrf_token(csrf_client, session):
    token = make_invitation(session)
    refused = csrf_client.post(f"/s/{token}/draft", data={"nps": "3"})
    assert refused.status_code == 400 and refused.is_json
    csrf = _csrf_token(csrf_client.get(f"/s/{token}").text)
    saved = csrf_client.post(f"/s/{token}/draft", data={"nps": "3", "csrf_token": csrf})
    assert saved.status_code == 204
