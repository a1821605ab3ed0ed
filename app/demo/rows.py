"""Writing the demo's contacts, answers, feedback, cases and complaints, a week at a time."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session

from app.demo import corpus as demo_corpus
from app.demo.shape import (
    CASE_OUTCOMES,
    COMPLAINT_RATE,
    DEFAULT_SURVEY_MIX,
    RESPONSE_RATE,
    SURVEY_BY_TOUCHPOINT,
    draw_score,
    pick,
    topic_weights,
)
from app.models import (
    Answer,
    CaseResolution,
    CaseStatus,
    Complaint,
    ComplaintStatus,
    FeedbackItem,
    FeedbackSource,
    FollowUpCase,
    Invitation,
    Response,
)
from app.services import followups
from app.services.feedback import item_values
from app.services.references import complaint_reference, hash_secret


def _token_hash(rng: random.Random) -> str:
    return hashlib.sha256(rng.getrandbits(128).to_bytes(16, "big")).hexdigest()


@dataclass(frozen=True)
class ContactRef:
    """The few contact fields the planning step needs, without building ORM objects."""

    id: int
    row: dict

    @property
    def occurred_at(self) -> datetime:
        return self.row["occurred_at"]

    @property
    def touchpoint_id(self) -> int:
        return self.row["touchpoint_id"]

    @property
    def channel(self) -> str:
        return self.row["channel"]


@dataclass
class WeekBatch:
    """One week's rows, written with a handful of statements instead of one per row."""

    invitations: list[dict] = field(default_factory=list)
    responses: list[dict | None] = field(default_factory=list)
    follow: list[tuple | None] = field(default_factory=list)
    complaints: list[tuple] = field(default_factory=list)

    def write(self, session: Session, config: dict, counts: dict) -> None:
        invitation_ids = insert_rows(session, Invitation, self.invitations, key="token_hash")
        planned = [
            (invitation_id, response)
            for invitation_id, response in zip(invitation_ids, self.responses, strict=True)
            if response is not None
        ]
        rows = [{**r["row"], "invitation_id": i} for i, r in planned]
        response_ids = insert_rows(session, Response, rows, key="invitation_id")
        answers, items, cases = [], [], []
        for response_id, (_, plan) in zip(response_ids, planned, strict=True):
            answers.append({"response_id": response_id, "question_key": plan["kind"],
                            "value_int": plan["score"], "value_text": None})  # fmt: skip
            if plan["comment"]:
                answers.append({"response_id": response_id, "question_key": "comment",
                                "value_int": None, "value_text": plan["comment"]})  # fmt: skip
                items.append(_feedback_item(plan["comment"], FeedbackSource.RESPONSE,
                                            plan["answered"], plan["language"], plan["contact"],
                                            response_id=response_id, score_kind=plan["kind"],
                                            score=plan["score"]))  # fmt: skip
            if plan["low"]:
                links = {"response_id": response_id, "contact_id": plan["contact"].id}
                case = case_row(plan["rng_value"], config, "low_score", plan["answered"], **links)
                cases.append(case)
        insert_rows(session, Answer, answers)
        items = [item for item in items if item is not None]
        insert_rows(session, FeedbackItem, items)
        insert_rows(session, FollowUpCase, cases)
        counts["feedback"] += len(items)
        counts["cases"] += len(cases)
        complaint_ids = insert_rows(
            session, Complaint, [_row(c[0]) for c in self.complaints], key="reference"
        )
        items, cases = [], []
        for complaint_id, (complaint, contact, text, language, case) in zip(
            complaint_ids, self.complaints, strict=True
        ):
            item = _feedback_item(text, FeedbackSource.COMPLAINT, complaint.created_at, language,
                                  contact, complaint_id=complaint_id)  # fmt: skip
            if item is not None:
                items.append(item)
            if case is not None:
                cases.append({**case, "complaint_id": complaint_id})
        insert_rows(session, FeedbackItem, items)
        insert_rows(session, FollowUpCase, cases)
        counts["feedback"] += len(items)
        counts["cases"] += len(cases)


def _row(instance) -> dict:
    """A model instance as a row for a bulk insert (its id is left to the database)."""
    return {
        column.name: getattr(instance, column.name)
        for column in instance.__table__.columns
        if column.name != "id"
    }


def insert_rows(session: Session, model, rows: list[dict], key: str | None = None) -> list[int]:
    """Insert rows in multi-row batches and return their ids in the order given.

    RETURNING lets SQLAlchemy send multi-row VALUES on every engine. Asking it to keep
    parameter order would make it fall back to one statement per row on PostgreSQL, so
    rows are matched back to their ids through a unique column (``key``) instead.
    """
    if not rows:
        return []
    if key is None:
        session.execute(insert(model).returning(model.id), rows)
        return []
    column = getattr(model, key)
    returned = session.execute(insert(model).returning(model.id, column), rows)
    by_key = {value: row_id for row_id, value in returned}
    return [by_key[row[key]] for row in rows]


def plan_contact(batch, rng, versions, by_key, config, contact, touchpoint, language, counts):
    """Decide whether the contact is invited, answers and complains (no I/O here)."""
    moment = contact.occurred_at
    day = moment.date()
    if rng.random() < 0.6:
        survey = pick(rng, SURVEY_BY_TOUCHPOINT.get(touchpoint, DEFAULT_SURVEY_MIX))
        invitation = {
            "token_hash": _token_hash(rng),
            "contact_id": contact.id,
            "survey_version_id": versions[survey].id,
            "language": language,
            "created_at": moment,
            "expires_at": moment + timedelta(days=14),
            "used_at": None,
        }
        batch.invitations.append(invitation)
        response = None
        if rng.random() < RESPONSE_RATE / 0.6:
            topic = pick(rng, topic_weights(touchpoint, day))
            sentiment = demo_corpus.TOPICS[topic].sentiment
            score = draw_score(rng, survey, sentiment)
            answered = moment + timedelta(minutes=rng.randrange(5, 3 * 24 * 60))
            invitation["used_at"] = answered
            kind = {"post_contact": "csat"}.get(survey, survey)
            comment_rate = 0.8 if sentiment == "negative" else 0.45
            comment = (
                demo_corpus.compose_comment(rng, topic, language)
                if rng.random() < comment_rate
                else None
            )
            scores = {"nps": None, "csat": None, "ces": None, kind: score}
            response = {
                "row": {"survey_version_id": versions[survey].id, "contact_id": contact.id,
                        "language": language, "submitted_at": answered, **scores},
                "kind": kind, "score": score, "comment": comment, "answered": answered,
                "language": language, "contact": contact, "rng_value": rng.random(),
                "low": followups.is_low_score(config, csat=scores["csat"], nps=scores["nps"]),
            }  # fmt: skip
            counts["responses"] += 1
        batch.responses.append(response)
    if rng.random() < COMPLAINT_RATE:
        weights = {
            k: w
            for k, w in topic_weights(touchpoint, day).items()
            if demo_corpus.TOPICS[k].sentiment == "negative"
        }
        topics = list(dict.fromkeys(pick(rng, weights) for _ in range(rng.choice((1, 1, 2, 3)))))
        text = demo_corpus.compose_complaint(rng, topics, language)
        batch.complaints.append(
            complaint_rows(rng, config, counts, contact, touchpoint, by_key, language, text)
        )


def _feedback_item(text, source, moment, language, contact, **links) -> dict | None:
    """A redacted feedback item's row, through the same code as every other source."""
    item = item_values(
        text,
        source=source,
        occurred_at=moment,
        language=language,
        contact_id=contact.id,
        touchpoint_id=contact.touchpoint_id,
        channel=contact.channel,
        **links,
    )
    if item is not None:
        item["created_at"] = moment
    return item


def case_row(chance: float, config, reason, moment, **links) -> dict:
    """A follow-up case's row; most older ones are closed, as a working team would have it."""
    case = {
        **followups.case_values(config, reason=reason, opened_at=moment, **links),
        "closed_at": None,
        "outcome": None,
        "resolution": None,
    }
    if (config["NOW"] - moment).days > 14 and chance < 0.9:
        case["status"] = CaseStatus.CLOSED
        case["closed_at"] = moment + timedelta(hours=2 + int(chance * 58))
        case["outcome"] = CASE_OUTCOMES[int(chance * 1000) % len(CASE_OUTCOMES)]
        reached = "Could not reach" not in case["outcome"]
        case["resolution"] = CaseResolution.RESOLVED if reached else CaseResolution.NOT_REACHABLE
    return case


def complaint_rows(rng, config, counts, contact, touchpoint, by_key, language, text):
    moment = contact.occurred_at + timedelta(hours=rng.randrange(1, 72))
    counts["complaints"] += 1
    preference = pick(rng, {"email": 0.5, "phone": 0.2, "none": 0.3})
    complaint = Complaint(
        reference=complaint_reference(moment.year, counts["complaints"]),
        status_secret_hash=hash_secret(f"demo-{rng.getrandbits(64)}"),
        touchpoint_id=by_key[touchpoint].id,
        description=text,
        contact_preference=preference,
        contact_email=f"customer{counts['complaints']}@example.org"
        if preference == "email"
        else None,
        contact_phone="+49 30 1234567" if preference == "phone" else None,
        consent_contact=preference != "none",
        consent_updates=rng.random() < 0.4,
        language=language,
        status=ComplaintStatus.RECEIVED,
        created_at=moment,
        updated_at=moment,
    )
    case = (
        case_row(rng.random(), config, "complaint", moment, contact_id=contact.id)
        if complaint.consent_contact
        else None
    )
    if case is not None and case["status"] == CaseStatus.CLOSED:
        complaint.status = ComplaintStatus.CLOSED  # its case was worked to the end
        complaint.updated_at = case["closed_at"]
    return complaint, contact, text, language, case
