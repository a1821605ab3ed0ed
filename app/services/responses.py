"""Survey responses: open an invitation, keep a draft, submit exactly once."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from app.db import begin_write, end_read
from app.models import (
    Answer,
    Contact,
    FeedbackItem,
    FeedbackSource,
    FollowUpCase,
    Invitation,
    Response,
    SurveyDraft,
    SurveyVersion,
    Touchpoint,
)
from app.models.base import utcnow
from app.services import DomainError, NotFound, followups, webhooks
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
# Survey versions are immutable: a changed survey file becomes a new version with a new
# checksum (``surveys.sync_versions``), so a definition read once stays right for the life
# of the process. Keyed by checksum, i.e. by content rather than row id, it stays right in
# a process that talks to several databases (tests, benchmarks). Bounded: a site has a
# handful of versions; a process that meets more than this starts over.
_DEFINITIONS: dict[str, dict[str, Any]] = {}
DEFINITION_CACHE_SIZE = 64


# The statements of the survey page and of a submission are built once: on this path,
# building a statement and its cache key costs more than running it.
# One round trip opens a survey: the invitation, its version's checksum (the definition
# itself comes from the cache), the draft's answers, the contact's touchpoint and channel.
_FIND = (
    select(
        Invitation, SurveyVersion.checksum, SurveyDraft.answers, Contact.touchpoint_id,
        Contact.channel, Touchpoint.sla_hours,
    )
    .join(SurveyVersion, SurveyVersion.id == Invitation.survey_version_id)
    .join(Contact, Contact.id == Invitation.contact_id)
    .join(Touchpoint, Touchpoint.id == Contact.touchpoint_id)
    .outerjoin(SurveyDraft, SurveyDraft.invitation_id == Invitation.id)
    .where(Invitation.token_hash == bindparam("token_hash"))
)  # fmt: skip
_RESPONSES, _INVITATIONS, _DRAFTS = Response.__table__, Invitation.__table__, SurveyDraft.__table__
_INSERT_RESPONSE = insert(_RESPONSES).returning(_RESPONSES.c.id)
_INSERT_ANSWERS = insert(Answer.__table__)
_INSERT_FEEDBACK = insert(FeedbackItem.__table__)
_INSERT_CASE = insert(FollowUpCase.__table__)
_MARK_USED = (
    update(_INVITATIONS)
    .where(_INVITATIONS.c.id == bindparam("b_invitation"))
    .values(used_at=bindparam("b_now"))
)
_DELETE_DRAFT = delete(_DRAFTS).where(_DRAFTS.c.invitation_id == bindparam("b_invitation"))


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
    """What the survey page needs: the invitation, its questions and the saved draft.

    ``definition`` is shared by every request for the same survey version: read it, never
    change it. ``checksum`` names the definition's content (what caches key on);
    ``touchpoint_id`` and ``channel`` are the contact's, for the feedback a comment becomes.
    """

    invitation: Invitation
    definition: dict[str, Any]
    draft: dict[str, str] = field(default_factory=dict)
    checksum: str = ""
    touchpoint_id: int | None = None
    channel: str | None = None
    sla_hours: int | None = None  # the touchpoint's follow-up SLA, if it has its own

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


def _find(session: Session, token: str) -> tuple[Any, ...] | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return session.exec(_FIND, params={"token_hash": hash_secret(token)}).first()


def _definition(session: Session, version_id: int, checksum: str) -> dict[str, Any]:
    definition = _DEFINITIONS.get(checksum)
    if definition is None:
        definition = session.exec(
            select(SurveyVersion.definition).where(SurveyVersion.id == version_id)
        ).one()
        if len(_DEFINITIONS) >= DEFINITION_CACHE_SIZE:
            _DEFINITIONS.clear()
        _DEFINITIONS[checksum] = definition
    return definition


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
    invitation, checksum, draft, touchpoint_id, channel, sla_hours = found
    definition = _definition(session, invitation.survey_version_id, checksum)
    page = SurveyPage(
        invitation,
        definition,
        checksum=checksum,
        touchpoint_id=touchpoint_id,
        channel=channel,
        sla_hours=sla_hours,
    )
    _check_open(invitation, page, now or utcnow())
    if draft is not None:
        page = replace(page, draft=_clean_draft(page, draft))
    end_read(session)  # so that a submission or draft can write next
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
    answers: Mapping[str, Any],
    language: str,
    token: str | None = None,
    page: SurveyPage | None = None,
    now: datetime | None = None,
) -> Response:
    """Record the answers to an invitation exactly once, in one transaction.

    Stores the answers and headline scores, marks the invitation used, deletes the draft,
    turns each comment into a redacted feedback item and opens a follow-up case for a low
    score. A second submission (double click, refresh, a racing request) raises
    :class:`InvitationUsed`, which callers treat as success.

    Args:
        page: What :func:`open_survey` returned for this request, so the invitation is not
            looked up twice; without it, ``token`` is looked up.

    Raises:
        InvitationNotFound, InvitationExpired, InvitationUsed: see :func:`open_survey`.
        InvalidAnswers: the answers break the survey's rules.
    """
    now = now or utcnow()
    try:
        page = page or open_survey(session=session, token=token or "", now=now)
        values = clean_answers(page.definition, answers)
    except DomainError:
        session.rollback()
        raise
    invitation = page.invitation
    response = {
        "invitation_id": invitation.id,
        "survey_version_id": invitation.survey_version_id,
        "contact_id": invitation.contact_id,
        "language": language,
        "submitted_at": now,
        **_scores(page.definition, values),
    }
    # Validation, redaction and the rows are ready before the write transaction starts: on
    # SQLite it holds the database's only write lock, which should cover the inserts only.
    items, redacted = _feedback_rows(config, page, response, values, now)
    if not config.get("KEEP_ORIGINAL_TEXT", False):
        # The answer row keeps what analysts may see: the redacted comment, not the original.
        values = {**values, **redacted}
    low_score = followups.is_low_score(config, csat=response["csat"], nps=response["nps"])
    end_read(session)
    connection = begin_write(session)
    try:
        response_id = connection.execute(_INSERT_RESPONSE, response).scalar_one()
    except IntegrityError:
        # Another request inserted this invitation's response first (UNIQUE invitation_id).
        session.rollback()
        raise InvitationUsed(page) from None
    if values:
        connection.execute(_INSERT_ANSWERS, [_answer(response_id, k, v) for k, v in values.items()])
    if items:
        connection.execute(_INSERT_FEEDBACK, [{**i, "response_id": response_id} for i in items])
    if low_score:
        case = followups.case_values(
            config,
            reason="low_score",
            opened_at=now,
            sla_hours=page.sla_hours,
            response_id=response_id,
            contact_id=invitation.contact_id,
        )
        connection.execute(_INSERT_CASE, case)
    connection.execute(_MARK_USED, {"b_invitation": invitation.id, "b_now": now})
    connection.execute(_DELETE_DRAFT, {"b_invitation": invitation.id})
    webhooks.emit(session=session, event="response.created", now=now, data={
        "response_id": response_id, "contact_id": invitation.contact_id,
        "survey_version_id": invitation.survey_version_id, "touchpoint_id": page.touchpoint_id,
        "language": language, "submitted_at": now, "csat": response["csat"],
        "nps": response["nps"], "ces": response["ces"], "comments": len(items),
        "low_score": bool(low_score),
    })  # fmt: skip
    session.commit()
    # The rows are written; keep the loaded invitation in step without another UPDATE.
    set_committed_value(invitation, "used_at", now)
    stored = Response(id=response_id, **response)
    make_transient_to_detached(stored)
    return stored


def _answer(response_id: int, key: str, value: Any) -> dict[str, Any]:
    is_int = isinstance(value, int)
    return {
        "response_id": response_id,
        "question_key": key,
        "value_int": value if is_int else None,
        "value_text": None if is_int else value,
    }


def _feedback_rows(
    config: Mapping[str, Any],
    page: SurveyPage,
    response: Mapping[str, Any],
    values: Mapping[str, Any],
    now: datetime,
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """A redacted feedback item per comment (``response_id`` is filled in on insert), and
    each comment's redacted text by question key, for the stored answer."""
    score_kind = next((k for k in SCORE_KINDS if response[k] is not None), None)
    rows, redacted = [], {}
    for question in page.questions:
        if question["type"] != "text" or not values.get(question["key"]):
            continue
        row = feedback_service.item_values(
            values[question["key"]],
            source=FeedbackSource.RESPONSE,
            occurred_at=now,
            keep_original=bool(config.get("KEEP_ORIGINAL_TEXT", False)),
            language=response["language"],
            contact_id=page.invitation.contact_id,
            touchpoint_id=page.touchpoint_id,
            channel=page.channel,
            score_kind=score_kind,
            score=response[score_kind] if score_kind else None,
        )
        if row is not None:
            rows.append(row)
            redacted[question["key"]] = row["text"]
    return rows, redacted
