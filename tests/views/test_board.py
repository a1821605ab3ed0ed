"""Board pages: every route for every role, and what the pages say."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from app.models import ActionEvent, ImprovementAction, Iteration, Theme
from app.services import actions

CONFIG = {"BOARD_WIP_LIMITS": {"do": 5}}


@pytest.fixture
def card(session):
    theme = Theme(label_auto="Pick-up only", size=3)
    session.add(theme)
    session.commit()
    action = actions.create_action(
        session=session, title="Offer <b>delivery</b>", actor_id=None, theme_ids=(theme.id,),
        problem="Only pick-up offered.",
    )  # fmt: skip
    return action, theme


def _routes(action_id: int, theme_id: int) -> list[tuple[str, str, dict, str]]:
    """(method, url, form data, minimum role) for every board route."""
    return [
        ("GET", "/staff/board", {}, "viewer"),
        ("GET", "/staff/board/archived", {}, "viewer"),
        ("GET", f"/staff/board/{action_id}", {}, "viewer"),
        ("GET", "/staff/board/ideas/new", {}, "agent"),
        ("POST", "/staff/board/ideas/new", {"title": "Idea", "problem": ""}, "agent"),
        ("GET", "/staff/board/new", {}, "analyst"),
        ("POST", "/staff/board/new", {"title": "New", "target_metric": "csat"}, "analyst"),
        ("GET", f"/staff/board/{action_id}/edit", {}, "analyst"),
        ("POST", f"/staff/board/{action_id}/edit",
         {"title": "Edited", "target_metric": "csat", "version": "1"}, "analyst"),
        ("POST", f"/staff/board/{action_id}/iteration", {"plan": "p"}, "analyst"),
        ("POST", f"/staff/board/{action_id}/themes", {"theme_id": str(theme_id)}, "analyst"),
        ("POST", f"/staff/board/{action_id}/themes/{theme_id}/remove", {}, "analyst"),
        ("POST", f"/staff/board/{action_id}/move", {"stage": "do"}, "analyst"),
        ("POST", f"/staff/board/{action_id}/decide", {"decision": "adopt"}, "analyst"),
        ("POST", f"/staff/board/{action_id}/archive", {"archived": "1"}, "analyst"),
    ]  # fmt: skip


RANK = {"anonymous": 0, "viewer": 1, "agent": 2, "analyst": 3, "admin": 4}


@pytest.mark.parametrize("role", ["anonymous", "viewer", "agent", "analyst", "admin"])
def test_every_route_for_every_role(client, auth, card, role):
    action, theme = card
    if role != "anonymous":
        auth.login(role)
    for method, url, data, minimum in _routes(action.id, theme.id):
        response = client.open(url, method=method, data=data)
        if role == "anonymous":
            assert response.status_code == 302, (method, url)
            assert "/staff/login" in response.headers["Location"], (method, url)
        elif RANK[role] < RANK[minimum]:
            assert response.status_code == 403, (role, method, url)
        else:
            assert response.status_code in (200, 302, 303, 409), (role, method, url)


def test_board_shows_columns_cards_and_escapes(client, auth, card):
    auth.login("viewer")
    page = client.get("/staff/board").text
    for column in ("Ideas", "Plan", "Do", "Check", "Act", "Done"):
        assert f"<span>{column}</span>" in page
    assert "Offer &lt;b&gt;delivery&lt;/b&gt;" in page
    assert "Move to" not in page  # viewers read only
    assert 'name="stage"' not in page


def test_analyst_moves_by_form_and_gets_a_message(client, auth, card, session):
    action, _ = card
    auth.login("analyst")
    page = client.get("/staff/board").text
    assert f'id="move-{action.id}"' in page and "Move to" in page
    response = client.post(f"/staff/board/{action.id}/move",
                           data={"stage": "do", "from_stage": "plan", "back": "board"},
                           follow_redirects=True)  # fmt: skip
    assert "is now in Do" in response.text
    session.expire_all()
    assert session.get(ImprovementAction, action.id).stage == "do"


def test_refused_move_answers_json_for_the_script(client, auth, card):
    action, _ = card
    auth.login("analyst")
    response = client.post(f"/staff/board/{action.id}/move",
                           data={"stage": "check", "from_stage": "plan"},
                           headers={"X-Requested-With": "fetch"})  # fmt: skip
    assert response.status_code == 409
    message = "Move one step at a time: Ideas → Plan → Do → Check → Act → Done."
    assert response.json == {"ok": False, "message": message}


def test_messages_in_german(client, auth, card):
    action, _ = card
    auth.login("analyst")
    client.get("/staff/board?lang=de")
    response = client.post(f"/staff/board/{action.id}/move",
                           data={"stage": "check", "from_stage": "plan"},
                           headers={"X-Requested-With": "fetch"})  # fmt: skip
    assert "Schritt" in response.json["message"]
    page = client.get("/staff/board").text
    assert "Verbesserungs" in page and "Ideen" in page


def test_edit_conflict_shows_both_versions_and_keeps_the_text(client, auth, card, session):
    action, _ = card
    auth.login("analyst")
    base = {"target_metric": "csat", "version": str(action.version)}
    first = client.post(f"/staff/board/{action.id}/edit", data={**base, "title": "Theirs"})
    assert first.status_code == 302
    second = client.post(f"/staff/board/{action.id}/edit",
                         data={**base, "title": "Mine", "problem": "My long text"})  # fmt: skip
    assert second.status_code == 409
    assert "Someone else saved this card" in second.text
    assert "Theirs" in second.text and "Mine" in second.text
    assert "My long text" in second.text  # nothing typed is lost
    session.expire_all()
    assert session.get(ImprovementAction, action.id).title == "Theirs"


def test_bad_input_is_named_and_kept(client, auth):
    auth.login("analyst")
    response = client.post("/staff/board/new",
                           data={"title": "", "problem": "Keep me", "target_metric": "csat",
                                 "due_date": "soon", "target_value": "lots"})  # fmt: skip
    assert response.status_code == 400
    assert "Give the card a title." in response.text
    assert "Keep me" in response.text


def test_agent_raises_an_idea_and_sees_it(client, auth, session):
    auth.login("agent")
    response = client.post("/staff/board/ideas/new",
                           data={"title": "Carry-in service", "problem": "Heavy PCs."},
                           follow_redirects=True)  # fmt: skip
    assert "Your idea is on the board" in response.text
    assert "Carry-in service" in response.text and "now in Ideas" in response.text
    idea = session.exec(select(ImprovementAction)).one()
    assert idea.stage == "idea" and idea.raised_by_id is not None


def test_card_page_shows_effect_method_and_activity(client, auth, card, session):
    action, _ = card
    action.started_at = datetime(2025, 12, 8, tzinfo=UTC)
    session.add(action)
    session.commit()
    auth.login("viewer")
    page = client.get(f"/staff/board/{action.id}").text
    assert "Measured effect" in page and "Too little data yet" in page
    assert "two-proportion z-test" in page
    assert "created the card" in page
    assert 'data-effect-chart="' in page


def test_create_action_from_theme_links_it(client, auth, session):
    theme = Theme(label_auto="Rude agent", size=2)
    session.add(theme)
    session.commit()
    auth.login("analyst")
    form = client.get(f"/staff/board/new?theme={theme.id}").text
    assert 'value="Rude agent"' in form
    response = client.post("/staff/board/new",
                           data={"title": "Coach agents", "target_metric": "theme_share",
                                 "theme": str(theme.id), "week": "2025-11-24"})  # fmt: skip
    assert response.status_code == 302
    action = session.exec(select(ImprovementAction)).one()
    session.refresh(theme)
    assert theme.status == "in_action"
    assert session.exec(select(Iteration).where(Iteration.action_id == action.id)).one()
    assert session.exec(select(ActionEvent).where(ActionEvent.kind == "theme_linked")).one()


def test_unknown_card_is_404(client, auth):
    auth.login("viewer")
    assert client.get("/staff/board/999").status_code == 404
    auth.logout()
    auth.login("analyst")
    assert client.post("/staff/board/999/move", data={"stage": "do"}).status_code == 404
