"""Survey responses: opening invitations, drafts, cleaning answers and submitting once."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.models import (
    Answer,
    Contact,
    FeedbackItem,
    FollowUpCase,
    Invitation,
    Response,
    SurveyDraft,
)
from app.models.base import utcnow
from app.services import responses, surveys, touchpoints
from app.services.references import hash_secret

CONFIG = {
    "LOW_SCORE_CSAT_MAX": 2,
    "LOW_SCORE_NPS_MAX": 6,
    "FOLLOWUP_SLA_HOURS": 48,
    "KEEP_ORIGINAL_TEXT": False,
}


def make_invitation(
    session: Session,
    *,
    survey: str = "nps",
    language: str = "en",
    expires_in: timedelta = timedelta(days=14),
    used: bool = False,
) -> str:
    """Create a contact and an invitation the way the API does; return the clear token."""
    journey = touchpoints.ensure_defaults(session=session)
    version = surveys.active_version(session=session, key=survey)
    contact = Contact(
        channel="phone", touchpoint_id=journey["phone_support"].id, occurred_at=utcnow()
    )
    session.add(contact)
    session.flush()
    token = secrets.token_urlsafe(24)
    session.add(
        Invitation(
            token_hash=hash_secret(token),
            contact_id=contact.id,
            survey_version_id=version.id,
            language=language,
            expires_at=utcnow() + expires_in,
            used_at=utcnow() if used else None,
        )
    )
    session.commit()
    return token


def test_open_survey_returns_questions_and_draft(session):
    token = make_invitation(session)
    page = responses.open_survey(session=session, token=token)
    assert [q["key"] for q in page.questions] == ["nps", "comment"] and page.draft == {}
    responses.save_draft(session=session, token=token, answers={"nps": "7", "comment": "hi"})
    assert responses.open_survey(session=session, token=token).draft == {
        "nps": "7",
        "comment": "hi",
    }


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"used": True}, responses.InvitationUsed),
        ({"expires_in": timedelta(seconds=-1)}, responses.InvitationExpired),
    ],
)
def test_closed_invitations(session, kwargs, error):
    token = make_invitation(session, **kwargs)
    with pytest.raises(error) as raised:
        responses.open_survey(session=session, token=token)
    assert raised.value.page.definition["key"] == "nps"


@pytest.mark.parametrize("token", ["", "x", "A" * 32, "A" * 5000])
def test_unknown_tokens(session, token):
    make_invitation(session)
    with pytest.raises(responses.InvitationNotFound):
        responses.open_survey(session=session, token=token)


def test_draft_keeps_only_known_questions_and_plausible_values(session):
    token = make_invitation(session)
    kept = responses.save_draft(
        session=session,
        token=token,
        answers={"nps": "11", "comment": "x" * 50_000, "evil": "1", "csrf_token": "t"},
    )
    assert kept == {"comment": "x" * responses.DRAFT_TEXT_CAP}
    kept = responses.save_draft(session=session, token=token, answers={"comment": "a\x00b\x1b"})
    assert kept == {"comment": "ab"}
    kept = responses.save_draft(session=session, token=token, answers={"nps": "3"})
    drafts = session.exec(select(SurveyDraft)).all()
    assert len(drafts) == 1 and drafts[0].answers == kept == {"nps": "3"}


def test_clean_answers_rules():
    definition = {
        "questions": [
            {"key": "nps", "type": "nps", "required": True},
            {"key": "comment", "type": "text", "max_length": 10},
            {"key": "pick", "type": "choice", "options": [{"value": "a"}, {"value": "b"}]},
        ]
    }
    assert responses.clean_answers(definition, {"nps": "0", "comment": " a\x00b ", "x": 1}) == {
        "nps": 0,
        "comment": "ab",
    }
    with pytest.raises(responses.InvalidAnswers) as raised:
        responses.clean_answers(definition, {"nps": "abc", "comment": "y" * 11, "pick": "c"})
    assert raised.value.problems == {"nps": "invalid", "comment": "too_long", "pick": "invalid"}
    with pytest.raises(responses.InvalidAnswers) as raised:
        responses.clean_answers(definition, {"nps": "  "})
    assert raised.value.problems == {"nps": "required"}


def test_submit_stores_everything_in_one_go(session):
    token = make_invitation(session, language="de")
    responses.save_draft(session=session, token=token, answers={"nps": "2"})
    comment = "Nur Abholung möglich, bitte an anna@example.com schreiben <b>danke</b>"
    response = responses.submit(
        session=session,
        config=CONFIG,
        token=token,
        answers={"nps": "2", "comment": comment},
        language="de",
    )
    assert response.nps == 2 and response.csat is None and response.language == "de"
    answers = {a.question_key: a for a in session.exec(select(Answer))}
    assert answers["nps"].value_int == 2
    # The stored answer is the redacted comment, like the feedback item (no KEEP_ORIGINAL_TEXT).
    assert answers["comment"].value_text == comment.replace("anna@example.com", "[EMAIL]")
    item = session.exec(select(FeedbackItem)).one()
    assert "[EMAIL]" in item.text and "anna@example.com" not in item.text
    assert (item.source, item.score_kind, item.score, item.language) == ("response", "nps", 2, "de")
    assert item.response_id == response.id and item.text_original is None
    assert item.touchpoint_id is not None and item.channel == "phone"
    case = session.exec(select(FollowUpCase)).one()
    assert case.reason == "low_score" and case.response_id == response.id
    assert session.exec(select(SurveyDraft)).all() == []
    invitation = session.exec(select(Invitation)).one()
    assert invitation.used_at is not None


def test_the_original_answer_is_kept_only_when_configured(session):
    comment = "Bitte an anna@example.com schreiben"
    for keep in (False, True):
        token = make_invitation(session, language="de")
        responses.submit(session=session, config={**CONFIG, "KEEP_ORIGINAL_TEXT": keep},
                         token=token, answers={"nps": "8", "comment": comment},
                         language="de")  # fmt: skip
    stored = [a.value_text for a in session.exec(
        select(Answer).where(Answer.question_key == "comment").order_by(Answer.id))]  # fmt: skip
    assert stored == ["Bitte an [EMAIL] schreiben", comment]


def test_high_score_without_comment_opens_nothing(session):
    token = make_invitation(session, survey="post_contact")
    response = responses.submit(
        session=session, config=CONFIG, token=token, answers={"csat": "5"}, language="en"
    )
    assert response.csat == 5
    assert session.exec(select(FeedbackItem)).all() == []
    assert session.exec(select(FollowUpCase)).all() == []


def test_keep_original_text_when_configured(session):
    token = make_invitation(session)
    responses.submit(
        session=session,
        config={**CONFIG, "KEEP_ORIGINAL_TEXT": True},
        token=token,
        answers={"nps": "9", "comment": "Mail me at bob@example.org"},
        language="en",
    )
    item = session.exec(select(FeedbackItem)).one()
    assert item.text_original == "Mail me at bob@example.org" and "[EMAIL]" in item.text


def test_second_submit_is_refused_as_used(session):
    token = make_invitation(session)
    responses.submit(
        session=session, config=CONFIG, token=token, answers={"nps": "9"}, language="en"
    )
    with pytest.raises(responses.InvitationUsed):
        responses.submit(
            session=session, config=CONFIG, token=token, answers={"nps": "1"}, language="en"
        )
    assert len(session.exec(select(Response)).all()) == 1


def test_invalid_answers_store_nothing(session):
    token = make_invitation(session)
    with pytest.raises(responses.InvalidAnswers):
        responses.submit(
            session=session, config=CONFIG, token=token, answers={"nps": "11"}, language="en"
        )
    assert session.exec(select(Response)).all() == []
    assert responses.open_survey(session=session, token=token).invitation.used_at is None
