"""Survey responses: open an invitation, keep a draft, submit exactly once."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import begin_write
from app.models import (
    Answer,
    Contact,
    FeedbackSource,
    Invitation,
    Response,
    SurveyDraft,
    SurveyVersion,
)
from app.models.base import utcnow
from app.services import DomainError, NotFound, followups
from app.services import feedback as feedback_service
from app.services.references import hash_secret
from app.services.surveys import SCALES
from ml.text import normalize

DEFAULT_TEXT_LIMIT = 2000
# Longer than any allowed max_length, so a draft keeps what was typed even when too long.
DRAFT_TEXT_CAP = 20_000
MAX_TOKEN_LENGTH = 200
# Control characters (not tab or line breaks) are never typed on purpose; PostgreSQL
# also refuses NUL in text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SCORE_KINDS = ("csat", "nps", "ces")  # order: the headline score of a feedback item


class InvitationNotFound(NotFound):
    """No invitation has this token (unknown, mistyped or tampered: never say which)."""


class InvitationClosed(DomainError):
    """The invitation exists but cannot be answered any more; ``page`` tells about it."""

    def __init__(self, page: SurveyPage) -> None:
        super().__init__(type(self).__name__)
        self.page = page


class InvitationExpired(InvitationClosed):
    """The link is past its expiry date."""


class InvitationUsed(InvitationClosed):
    """The survey has been answered already (also after a double submit)."""


class InvalidAnswers(DomainError):
    """Answers that break the survey's rules; ``problems`` maps question key to a code."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(f"{key}: {code}" for key, code in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class SurveyPage:
    """What the survey page needs: the invitation, its questions and the saved draft."""

    invitation: Invitation
    definition: dict[str, Any]
    draft: dict[str, str] = field(default_factory=dict)

    @property
    def questions(self) -> list[dict[str, Any]]:
        return self.definition["questions"]


def question_values(question: Mapping[str, Any]) -> list[str]:
    """The allowed values of a scale or choice question, as submitted strings."""
    kind = question["type"]
    if kind in SCALES:
        low, high = SCALES[kind]
        return [str(number) for number in range(low, high + 1)]
    if kind == "choice":
        return [option["value"] for option in question["options"]]
    return []


def text_limit(question: Mapping[str, Any]) -> int:
    """The maximum length of a text answer."""
    return int(question.get("max_length", DEFAULT_TEXT_LIMIT))


def typed_length(text: str) -> int:
    """Length as the browser counts it (a line break is one character)."""
    return len(text.replace("\r\n", "\n"))


def _find(
    session: Session, token: str
) -> tuple[Invitation, SurveyVersion, SurveyDraft | None] | None:
    # One round trip for all three: the survey page and every submission start here.
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return session.exec(
        select(Invitation, SurveyVersion, SurveyDraft)
        .join(SurveyVersion, SurveyVersion.id == Invitation.survey_version_id)
        .outerjoin(SurveyDraft, SurveyDraft.invitation_id == Invitation.id)
        .where(Invitation.token_hash == hash_secret(token))
    ).first()


def _check_open(invitation: Invitation, page: SurveyPage, now: datetime) -> None:
    if invitation.used_at is not None:
        raise InvitationUsed(page)
    if invitation.expires_at <= now:
        raise InvitationExpired(page)


def open_survey(*, session: Session, token: str, now: datetime | None = None) -> SurveyPage:
    """Return the survey page of an open invitation, with its draft.

    Raises:
        InvitationNotFound: the token matches no invitation.
        InvitationUsed: the survey was answered (the page still carries the thank-you text).
        InvitationExpired: the link has expired.
    """
    found = _find(session, token)
    if found is None:
        raise InvitationNotFound("No invitation for this link.")
    invitation, version, draft = found
    page = SurveyPage(invitation=invitation, definition=version.definition)
    _check_open(invitation, page, now or utcnow())
    if draft is not None:
        page = SurveyPage(invitation, page.definition, _clean_draft(page, draft.answers))
    # End the read so the next use case starts its own (on SQLite: writer) transaction.
    session.commit()
    return page


def _clean_draft(page: SurveyPage, answers: Mapping[str, Any]) -> dict[str, str]:
    """Keep only known questions and plausible values, length-limited."""
    clean: dict[str, str] = {}
    for question in page.questions:
        value = answers.get(question["key"])
        if value is None or isinstance(value, list | dict):
            continue
        value = str(value)
        if question["type"] == "text":
            clean[question["key"]] = _CONTROLS.sub("", value)[:DRAFT_TEXT_CAP]
        elif value in question_values(question):
            clean[question["key"]] = value
    return clean


def save_draft(
    *, session: Session, token: str, answers: Mapping[str, Any], now: datetime | None = None
) -> dict[str, str]:
    """Store what the respondent has typed so far; return what was kept.

    Raises:
        InvitationNotFound, InvitationUsed, InvitationExpired: as for :func:`open_survey`.
    """
    page = open_survey(session=session, token=token, now=now)
    kept = _clean_draft(page, answers)
    values = {"invitation_id": page.invitation.id, "answers": kept, "updated_at": now or utcnow()}
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(SurveyDraft).values(**values)
    # An upsert: two autosaves racing for the first draft must not collide.
    statement = statement.on_conflict_do_update(
        index_elements=["invitation_id"],
        set_={"answers": statement.excluded.answers, "updated_at": statement.excluded.updated_at},
    )
    session.exec(statement)
    session.commit()
    return kept


def clean_answers(definition: Mapping[str, Any], raw: Mapping[str, Any]) -> dict[str, Any]:
    """Convert submitted strings to stored values, enforcing the survey's rules.

    Unknown keys are ignored. Text is normalised (control characters removed).

    Raises:
        InvalidAnswers: with a code per question: ``required``, ``invalid`` or ``too_long``.
    """
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for question in definition["questions"]:
        key, kind = question["key"], question["type"]
        value = raw.get(key)
        value = "" if value is None else str(value).strip()
        if kind == "text":
            if typed_length(value) > text_limit(question):
                problems[key] = "too_long"
                continue
            value = normalize(value)
        elif value and value not in question_values(question):
            problems[key] = "invalid"
            continue
        if not value:
            if question.get("required", False):
                problems[key] = "required"
            continue
        values[key] = int(value) if kind in SCALES else value
    if problems:
        raise InvalidAnswers(problems)
    return values


def _scores(definition: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, int | None]:
    scores: dict[str, int | None] = dict.fromkeys(SCORE_KINDS)
    for question in definition["questions"]:
        kind = question["type"]
        if kind in SCORE_KINDS and scores[kind] is None:
            scores[kind] = values.get(question["key"])
    return scores


def submit(
    *,
    session: Session,
    config: Mapping[str, Any],
    token: str,
    answers: Mapping[str, Any],
    language: str,
    now: datetime | None = None,
) -> Response:
    """Record the answers to an invitation exactly once, in one transaction.

    Stores the answers and headline scores, marks the invitation used, deletes the draft,
    turns each comment into a redacted feedback item and opens a follow-up case for a low
    score. A second submission (double click, refresh, a racing request) raises
    :class:`InvitationUsed`, which callers treat as success.

    Raises:
        InvitationNotFound, InvitationExpired, InvitationUsed: see :func:`open_survey`.
        InvalidAnswers: the answers break the survey's rules.
    """
    now = now or utcnow()
    if session.in_transaction():
        session.commit()
    begin_write(session)
    try:
        found = _find(session, token)
        if found is None:
            raise InvitationNotFound("No invitation for this link.")
        invitation, version, _draft = found
        _check_open(invitation, SurveyPage(invitation, version.definition), now)
        values = clean_answers(version.definition, answers)
        response = _insert_response(session, invitation, version, values, language, now)
    except DomainError:
        session.rollback()
        raise
    except IntegrityError:
        # Another request inserted this invitation's response first (UNIQUE invitation_id).
        session.rollback()
        invitation, version, _draft = _find(session, token)
        session.rollback()
        raise InvitationUsed(SurveyPage(invitation, version.definition)) from None
    _record_follow_ups(session, config, invitation, version.definition, response, values, now)
    invitation.used_at = now
    session.add(invitation)
    session.exec(delete(SurveyDraft).where(SurveyDraft.invitation_id == invitation.id))
    session.commit()
    return response


def _insert_response(
    session: Session,
    invitation: Invitation,
    version: SurveyVersion,
    values: Mapping[str, Any],
    language: str,
    now: datetime,
) -> Response:
    response = Response(
        invitation_id=invitation.id,
        survey_version_id=version.id,
        contact_id=invitation.contact_id,
        language=language,
        submitted_at=now,
        **_scores(version.definition, values),
    )
    session.add(response)
    session.flush()  # the UNIQUE invitation_id decides a race here
    for key, value in values.items():
        is_int = isinstance(value, int)
        session.add(
            Answer(
                response_id=response.id,
                question_key=key,
                value_int=value if is_int else None,
                value_text=None if is_int else value,
            )
        )
    return response


def _record_follow_ups(
    session: Session,
    config: Mapping[str, Any],
    invitation: Invitation,
    definition: Mapping[str, Any],
    response: Response,
    values: Mapping[str, Any],
    now: datetime,
) -> None:
    contact: Contact | None = None
    score_kind = next((k for k in SCORE_KINDS if getattr(response, k) is not None), None)
    for question in definition["questions"]:
        if question["type"] != "text" or not values.get(question["key"]):
            continue
        # Only a comment needs the contact (many respondents leave none): saves a query.
        contact = contact or session.get(Contact, invitation.contact_id)
        feedback_service.record(
            session=session,
            text=values[question["key"]],
            source=FeedbackSource.RESPONSE,
            occurred_at=now,
            keep_original=bool(config.get("KEEP_ORIGINAL_TEXT", False)),
            language=response.language,
            response_id=response.id,
            contact_id=invitation.contact_id,
            touchpoint_id=contact.touchpoint_id if contact else None,
            channel=contact.channel if contact else None,
            score_kind=score_kind,
            score=getattr(response, score_kind) if score_kind else None,
        )
    if followups.is_low_score(config, csat=response.csat, nps=response.nps):
        session.add(
            followups.build_case(
                config,
                reason="low_score",
                opened_at=now,
                response_id=response.id,
                contact_id=invitation.contact_id,
            )
        )
