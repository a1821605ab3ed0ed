"""The demo story: 26 weeks of a PC shop's customer voice, with a Black Friday spike.

Deterministic for a given seed: the same command always produces the same data, so
tests, screenshots and benchmarks can rely on it.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert
from sqlmodel import Session, select

from app.models import (
    ActionEvent,
    ActionTheme,
    Answer,
    CaseEvent,
    CaseResolution,
    CaseStatus,
    Complaint,
    ComplaintStatus,
    Contact,
    ContactEmail,
    FeedbackItem,
    FeedbackSource,
    FollowUpCase,
    ImprovementAction,
    Invitation,
    Iteration,
    Response,
    Role,
    Segment,
    Stage,
    TargetMetric,
    Theme,
    ThemeSignal,
    User,
)
from app.services import demo_corpus, effects, followups, surveys, touchpoints, users
from app.services import themes as theme_edits
from app.services.feedback import item_values
from app.services.references import complaint_reference, hash_secret

BLACK_FRIDAY = date(2025, 11, 28)
WEEKS_AFTER_SPIKE = 8
ACTION_START_DAYS = 10  # the delivery action starts ten days after Black Friday
DEMO_PASSWORD_LENGTH = 16
DEMO_NAMES = {
    Role.ADMIN: "Alex Admin",
    Role.ANALYST: "Ines Analyst",
    Role.AGENT: "Tom Agent",
    Role.VIEWER: "Vera Viewer",
}
COACHING_WEEKS = 5  # the coaching action entered Do five weeks before the story ends
TOUCHPOINT_MIX = {
    "website_order": 0.30,
    "delivery": 0.20,
    "pickup": 0.12,
    "phone_support": 0.25,
    "returns": 0.13,
}
CHANNELS_BY_TOUCHPOINT = {
    "website_order": (("web", 0.85), ("chat", 0.15)),
    "delivery": (("email", 0.6), ("phone", 0.4)),
    "pickup": (("store", 1.0),),
    "phone_support": (("phone", 1.0),),
    "returns": (("web", 0.5), ("email", 0.3), ("phone", 0.2)),
}
SURVEY_BY_TOUCHPOINT = {"phone_support": (("ces", 0.4), ("post_contact", 0.4), ("nps", 0.2))}
DEFAULT_SURVEY_MIX = (("post_contact", 0.75), ("nps", 0.25))
CASE_OUTCOMES = (
    "Called back, apologised, voucher sent.",
    "Explained the options; customer satisfied.",
    "Could not reach the customer after three attempts.",
    "Refund processed.",
)
RESPONSE_RATE = 0.36
COMPLAINT_RATE = 0.03


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str


@dataclass(frozen=True)
class DemoResult:
    contacts: int
    responses: int
    complaints: int
    feedback_items: int
    cases: int
    seconds: float
    logins: tuple[DemoLogin, ...]
    founding_reference: str = ""
    founding_secret: str = ""


def database_is_empty(*, session: Session) -> bool:
    return session.exec(select(func.count()).select_from(Contact)).one() == 0


def story_start(weeks: int) -> date:
    """Monday of the first week; the spike sits WEEKS_AFTER_SPIKE weeks before the end."""
    spike_monday = BLACK_FRIDAY - timedelta(days=BLACK_FRIDAY.weekday())
    return spike_monday - timedelta(weeks=weeks - WEEKS_AFTER_SPIKE - 1)


def _pick(rng: random.Random, weighted) -> str:
    items = list(weighted.items()) if isinstance(weighted, dict) else list(weighted)
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _week_volumes(total: int, weeks: int, spike: int) -> list[int]:
    """Split ``total`` contacts over weeks: a gentle trend, Black Friday ×2.5."""
    weights = [1.0 + 0.01 * w for w in range(weeks)]
    weights[spike] *= 2.5
    if spike + 1 < weeks:
        weights[spike + 1] *= 1.4
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in raw]
    for index in sorted(range(weeks), key=lambda i: raw[i] - counts[i], reverse=True)[
        : total - sum(counts)
    ]:
        counts[index] += 1
    return counts


def _topic_weights(touchpoint: str, day: date) -> dict[str, float]:
    weights = dict(demo_corpus.topic_weights(touchpoint))
    action_start = BLACK_FRIDAY + timedelta(days=ACTION_START_DAYS)
    key = "delivery_options_missing"
    if key in weights or touchpoint in ("website_order", "pickup"):
        base = weights.get(key, 0.02)
        if day - timedelta(days=day.weekday()) == BLACK_FRIDAY - timedelta(
            days=BLACK_FRIDAY.weekday()
        ):
            # The Black Friday week (Monday to Sunday): pick-up only. Customers who
            # needed delivery complain instead of praising an easy order or a smooth
            # pick-up, so the website-order and pick-up CSAT visibly drop that week.
            weights[key] = base * (12 if touchpoint == "website_order" else 40)
            for praise, factor in (("praise_easy_order", 0.4), ("pickup_smooth", 0.25)):
                if praise in weights:
                    weights[praise] *= factor
        elif day >= action_start:
            weights[key] = base * 0.12  # delivery is offered again: the complaint falls
        else:
            weights[key] = base
    return weights


def _score(rng: random.Random, survey: str, sentiment: str) -> int:
    low, high = surveys.SCALES[{"post_contact": "csat"}.get(survey, survey)]
    span = high - low
    centre = {"negative": 0.15, "neutral": 0.55, "positive": 0.9}[sentiment]
    value = low + round(max(0.0, min(1.0, rng.gauss(centre, 0.15))) * span)
    return max(low, min(high, value))


def _demo_logins(session: Session) -> tuple[DemoLogin, ...]:
    logins = []
    for role in (Role.ADMIN, Role.ANALYST, Role.AGENT, Role.VIEWER):
        email = f"{role.value}@voxloop.example"
        password = secrets.token_urlsafe(DEMO_PASSWORD_LENGTH)[:DEMO_PASSWORD_LENGTH]
        users.create_user(
            session=session, email=email, password=password, role=role, name=DEMO_NAMES[role]
        )
        logins.append(DemoLogin(email=email, password=password, role=role.value))
    return tuple(logins)


def seed(
    *,
    session: Session,
    seed: int = 7,
    contacts: int = 10_000,
    weeks: int = 26,
    progress: Callable[[int], None] = lambda _n: None,
    create_logins: bool = True,
) -> DemoResult:
    """Seed the demo story into an empty database and return what was created."""
    started = time.perf_counter()
    rng = random.Random(seed)
    by_key = touchpoints.ensure_defaults(session=session)
    versions = surveys.sync_versions(session=session, definitions=surveys.load_definitions())
    logins = _demo_logins(session) if create_logins else ()
    start = story_start(weeks)
    # "Now" is the end of the story, not the wall clock, so the data never depends on the day.
    story_end = datetime.combine(start + timedelta(weeks=weeks), datetime.min.time(), UTC)
    config = {
        "LOW_SCORE_CSAT_MAX": 2,
        "LOW_SCORE_NPS_MAX": 6,
        "FOLLOWUP_SLA_HOURS": 48,
        "NOW": story_end,
    }
    spike = weeks - WEEKS_AFTER_SPIKE - 1
    counts = {"responses": 0, "complaints": 0, "feedback": 0, "cases": 0}
    sequence = 0

    for week, volume in enumerate(_week_volumes(contacts, weeks, spike)):
        monday = start + timedelta(weeks=week)
        rows, plans = [], []
        for _ in range(volume):
            sequence += 1
            touchpoint = _pick(rng, TOUCHPOINT_MIX)
            if week == spike and rng.random() < 0.35:
                touchpoint = _pick(rng, {"website_order": 0.6, "pickup": 0.4})
            moment = datetime.combine(monday, datetime.min.time(), UTC) + timedelta(
                seconds=rng.randrange(7 * 24 * 3600)
            )
            rows.append(
                {
                    "external_id": f"demo-{seed}-{sequence:07d}",
                    "channel": _pick(rng, CHANNELS_BY_TOUCHPOINT[touchpoint]),
                    "team": f"Team {'ABC'[rng.randrange(3)]}"
                    if touchpoint == "phone_support"
                    else None,
                    "customer_ref": f"cust-{rng.randrange(10**7):07d}",
                    "occurred_at": moment,
                    "touchpoint_id": by_key[touchpoint].id,
                    "created_at": moment,
                }
            )
            plans.append((touchpoint, "de" if rng.random() < 0.6 else "en"))
        # Bulk inserts with RETURNING keep 10,000 contacts well under the 30 s budget.
        ids = _insert(session, Contact, rows, key="external_id")
        week_batch = _WeekBatch()
        for contact_id, row, (touchpoint, language) in zip(ids, rows, plans, strict=True):
            contact = _ContactRef(contact_id, row)
            _plan(week_batch, rng, versions, by_key, config, contact, touchpoint, language, counts)
        week_batch.write(session, config, counts)
        progress(volume)

    founding = _founding_story(session, by_key, config, counts, seed)
    _improvement_actions(session, by_key, story_end)
    session.commit()
    return DemoResult(
        contacts=contacts,
        responses=counts["responses"],
        complaints=counts["complaints"],
        feedback_items=counts["feedback"],
        cases=counts["cases"],
        seconds=time.perf_counter() - started,
        logins=logins,
        founding_reference=founding,
        founding_secret=founding_secret(seed),
    )


def _token_hash(rng: random.Random) -> str:
    return hashlib.sha256(rng.getrandbits(128).to_bytes(16, "big")).hexdigest()


@dataclass(frozen=True)
class _ContactRef:
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
class _WeekBatch:
    """One week's rows, written with a handful of statements instead of one per row."""

    invitations: list[dict] = field(default_factory=list)
    responses: list[dict | None] = field(default_factory=list)
    follow: list[tuple | None] = field(default_factory=list)
    complaints: list[tuple] = field(default_factory=list)

    def write(self, session: Session, config: dict, counts: dict) -> None:
        invitation_ids = _insert(session, Invitation, self.invitations, key="token_hash")
        planned = [
            (invitation_id, response)
            for invitation_id, response in zip(invitation_ids, self.responses, strict=True)
            if response is not None
        ]
        rows = [{**r["row"], "invitation_id": i} for i, r in planned]
        response_ids = _insert(session, Response, rows, key="invitation_id")
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
                case = _case(plan["rng_value"], config, "low_score", plan["answered"], **links)
                cases.append(case)
        _insert(session, Answer, answers)
        items = [item for item in items if item is not None]
        _insert(session, FeedbackItem, items)
        _insert(session, FollowUpCase, cases)
        counts["feedback"] += len(items)
        counts["cases"] += len(cases)
        complaint_ids = _insert(
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
        _insert(session, FeedbackItem, items)
        _insert(session, FollowUpCase, cases)
        counts["feedback"] += len(items)
        counts["cases"] += len(cases)


def _row(instance) -> dict:
    """A model instance as a row for a bulk insert (its id is left to the database)."""
    return {
        column.name: getattr(instance, column.name)
        for column in instance.__table__.columns
        if column.name != "id"
    }


def _insert(session: Session, model, rows: list[dict], key: str | None = None) -> list[int]:
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


def _plan(batch, rng, versions, by_key, config, contact, touchpoint, language, counts):
    """Decide whether the contact is invited, answers and complains (no I/O here)."""
    moment = contact.occurred_at
    day = moment.date()
    if rng.random() < 0.6:
        survey = _pick(rng, SURVEY_BY_TOUCHPOINT.get(touchpoint, DEFAULT_SURVEY_MIX))
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
            topic = _pick(rng, _topic_weights(touchpoint, day))
            sentiment = demo_corpus.TOPICS[topic].sentiment
            score = _score(rng, survey, sentiment)
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
            for k, w in _topic_weights(touchpoint, day).items()
            if demo_corpus.TOPICS[k].sentiment == "negative"
        }
        topics = list(dict.fromkeys(_pick(rng, weights) for _ in range(rng.choice((1, 1, 2, 3)))))
        text = demo_corpus.compose_complaint(rng, topics, language)
        batch.complaints.append(
            _complaint(rng, config, counts, contact, touchpoint, by_key, language, text)
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


def _case(chance: float, config, reason, moment, **links) -> dict:
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


def _complaint(rng, config, counts, contact, touchpoint, by_key, language, text):
    moment = contact.occurred_at + timedelta(hours=rng.randrange(1, 72))
    counts["complaints"] += 1
    preference = _pick(rng, {"email": 0.5, "phone": 0.2, "none": 0.3})
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
        _case(rng.random(), config, "complaint", moment, contact_id=contact.id)
        if complaint.consent_contact
        else None
    )
    if case is not None and case["status"] == CaseStatus.CLOSED:
        complaint.status = ComplaintStatus.CLOSED  # its case was worked to the end
        complaint.updated_at = case["closed_at"]
    return complaint, contact, text, language, case


FOUNDING_NEEDS = "I cannot carry heavy items: my hand is injured. Please deliver."
FOUNDING_REPLY = (
    "Dear customer,\n\nthank you for telling us, and we are sorry: you should have been "
    "offered delivery, and our agent should have listened. From this week every PC can be "
    "delivered to your door, and our staff carry purchases to the car for anyone who asks. "
    "We have refunded the delivery charge of your next order.\n\nKind regards,\nCustomer care"
)


def founding_secret(seed: int) -> str:
    """The founding complaint's status secret: known, so the demo's status page can be shown."""
    return f"demo-{seed:04d}-status"


def _founding_story(session, by_key, config, counts, seed):
    """The customer who could not carry her PC, on Black Friday, in her own words."""
    rng = random.Random(seed * 7919)
    moment = datetime.combine(BLACK_FRIDAY, datetime.min.time(), UTC) + timedelta(hours=15)
    contact = Contact(
        external_id=f"demo-{seed}-founding",
        channel="phone",
        team="Team B",
        customer_ref="cust-founding",
        occurred_at=moment,
        touchpoint_id=by_key["phone_support"].id,
        created_at=moment,
    )
    session.add(contact)
    session.flush()
    address = "anna.customer@example.org"
    session.add(ContactEmail(contact_id=contact.id, email=address))
    batch = _WeekBatch()
    text = demo_corpus.founding_comment("en")
    complaint, *rest, case = _complaint(
        rng, config, counts, contact, "phone_support", by_key, "en", text
    )
    # She asked to be written to and told about changes, and said what she needs.
    complaint.contact_preference, complaint.contact_email = "email", address
    complaint.consent_contact = complaint.consent_updates = True
    complaint.accessibility_needs = FOUNDING_NEEDS
    complaint.status_secret_hash = hash_secret(founding_secret(seed))
    complaint.status = ComplaintStatus.ANSWERED
    case = _case(1.0, config, "complaint", complaint.created_at, contact_id=contact.id)
    case["status"] = CaseStatus.IN_PROGRESS  # answered, still followed up
    batch.complaints.append((complaint, *rest, case))
    batch.write(session, config, counts)
    _founding_case_work(session, complaint)
    return complaint.reference


def _founding_case_work(session: Session, complaint: Complaint) -> None:
    """The front-line agent took her case, called and answered her in writing."""
    stored = session.exec(select(Complaint).where(Complaint.reference == complaint.reference)).one()
    case = session.exec(select(FollowUpCase).where(FollowUpCase.complaint_id == stored.id)).one()
    agent = _staff(session, Role.AGENT)
    start = stored.created_at
    case.owner_id, case.claimed_at = agent, start + timedelta(hours=20)
    session.add(case)
    session.add_all([
        CaseEvent(case_id=case.id, actor_id=agent, kind="claimed", created_at=case.claimed_at),
        CaseEvent(case_id=case.id, actor_id=agent, kind="call",
                  text="Called back; apologised for the rude call and offered home delivery.",
                  created_at=start + timedelta(hours=21)),
        CaseEvent(case_id=case.id, actor_id=agent, kind="reply", public=True, text=FOUNDING_REPLY,
                  created_at=start + timedelta(hours=22)),
    ])  # fmt: skip
    stored.updated_at = start + timedelta(hours=22)
    session.add(stored)


def _staff(session: Session, role: Role) -> int | None:
    user = session.exec(select(User).where(User.email == f"{role.value}@voxloop.example")).first()
    return user.id if user else None


def _log(session: Session, action: ImprovementAction, actor_id, moment, kind, **detail) -> None:
    session.add(ActionEvent(action_id=action.id, actor_id=actor_id, kind=kind, detail=detail,
                            created_at=moment))  # fmt: skip


def _moves(session, action, actor_id, stages_at) -> None:
    """The card's journey through the columns, as its activity log tells it."""
    previous = None
    for stage, moment in stages_at:
        if previous is None:
            _log(session, action, actor_id, moment, "created", stage=stage)
        else:
            _log(session, action, actor_id, moment, "moved", **{"from": previous, "to": stage})
        previous = stage


def _improvement_actions(session, by_key, story_end: datetime) -> None:
    """The improvement team's cards: delivery (in Check), coaching (in Do), an agent's idea."""
    analyst, agent = _staff(session, Role.ANALYST), _staff(session, Role.AGENT)
    black_friday = datetime.combine(BLACK_FRIDAY, datetime.min.time(), UTC)
    start = black_friday + timedelta(days=ACTION_START_DAYS)
    planned = black_friday + timedelta(days=4)
    delivery = ImprovementAction(
        title="Offer delivery for all PCs in Black Friday week",
        problem="During Black Friday week the website offered only pick-up for PCs; customers "
        "who could not carry them (injuries, no car) bought elsewhere.",
        hypothesis="If every PC can be delivered, the share of feedback about missing delivery "
        "options falls from about 9 % to under 3 % by the end of January, and website-order "
        "CSAT recovers.",
        target_metric=TargetMetric.THEME_SHARE,
        target_value=3.0,
        touchpoint_id=by_key["website_order"].id,
        owner_id=analyst,
        stage=Stage.CHECK,
        position=1,
        started_at=start,
        due_date=(story_end + timedelta(days=14)).date(),
        created_at=planned,
        updated_at=story_end,
    )
    coaching_start = story_end - timedelta(weeks=COACHING_WEEKS)
    coaching = ImprovementAction(
        title="Coach phone agents on listening and tone",
        problem="Customers repeatedly describe phone agents as rude or not listening; the "
        "founding complaint ended with a rude agent.",
        hypothesis="If every phone agent has two coached call reviews, phone-support CSAT "
        "rises from about 45 % to 60 % satisfied within two months.",
        target_metric=TargetMetric.CSAT,
        target_value=60.0,
        touchpoint_id=by_key["phone_support"].id,
        owner_id=analyst,
        stage=Stage.DO,
        position=1,
        started_at=coaching_start,
        due_date=(story_end + timedelta(weeks=4)).date(),
        created_at=coaching_start - timedelta(days=7),
        updated_at=coaching_start,
    )
    idea = ImprovementAction(
        title="Carry-in service for customers who cannot carry heavy items",
        problem="A customer with an injured hand could not carry her PC from the pick-up "
        "point. Offer to carry it to the car or home, and ask for this need at checkout.",
        stage=Stage.IDEA,
        position=1,
        raised_by_id=agent,
        created_at=black_friday + timedelta(days=1),
        updated_at=black_friday + timedelta(days=1),
    )
    session.add_all([delivery, coaching, idea])
    session.flush()
    _moves(session, delivery, analyst, [("plan", planned), ("do", start),
                                         ("check", story_end)])  # fmt: skip
    _moves(session, coaching, analyst, [("plan", coaching.created_at), ("do", coaching_start)])
    _log(session, idea, agent, idea.created_at, "idea_raised")
    session.add_all([
        Iteration(action_id=delivery.id, number=1, plan=delivery.hypothesis,
                  done="Carrier contract extended; home delivery offered for every PC on the "
                  "website from 8 December.",
                  result="Complaints about missing delivery fell within two weeks.",
                  started_at=start, checked_at=story_end, created_at=planned),
        Iteration(action_id=coaching.id, number=1, plan=coaching.hypothesis,
                  done="Team leads coach each agent on two recorded calls.",
                  started_at=coaching_start, created_at=coaching.created_at),
    ])  # fmt: skip


def link_story(*, session: Session) -> list[str]:
    """After the first theme run, do what the improvement team did in the story.

    The themes holding the founding complaint's two aspects are named, set "in action"
    and linked to the two improvement actions. Returns what was done, for the CLI.
    """
    founding = session.exec(
        select(FeedbackItem)
        .join(Contact, Contact.id == FeedbackItem.contact_id)
        .where(Contact.customer_ref == "cust-founding")
    ).first()
    if founding is None:
        return []
    done = []
    story = (
        ("pick", "Delivery options missing", "delivery"),
        ("rude", "Staff attitude", "agents"),
    )
    for marker, name, action_word in story:
        segment = session.exec(
            select(Segment).where(
                Segment.feedback_item_id == founding.id,
                Segment.text.contains(marker),
                Segment.theme_id.is_not(None),
            )
        ).first()
        action = session.exec(
            select(ImprovementAction).where(ImprovementAction.title.contains(action_word))
        ).first()
        if segment is None or action is None:
            continue
        theme_edits.rename(session=session, theme_id=segment.theme_id, name=name)
        theme_edits.set_status(session=session, theme_id=segment.theme_id, status="in_action")
        themes = [segment.theme_id]
        if action_word == "delivery":
            # The pick-up problem flagged in Black Friday week, in both languages.
            themes += _spike_themes(session)
        for theme_id in dict.fromkeys(themes):
            if session.get(ActionTheme, (action.id, theme_id)) is None:
                session.add(ActionTheme(action_id=action.id, theme_id=theme_id))
                theme = session.get(Theme, theme_id)
                theme.status = "in_action"
                session.add(theme)
        session.commit()
        done.append(f"Theme {segment.theme_id} named {name!r} and linked to {action.title!r}.")
    _record_checks(session)
    return done


def _spike_themes(session: Session) -> list[int]:
    spike_week = BLACK_FRIDAY - timedelta(days=BLACK_FRIDAY.weekday())
    return list(
        session.exec(
            select(ThemeSignal.theme_id).where(
                ThemeSignal.week_start == spike_week, ThemeSignal.flagged
            )
        )
    )


def _record_checks(session: Session) -> None:
    """Cards in Check carry the effect measured when they got there."""
    for action in session.exec(select(ImprovementAction).where(ImprovementAction.stage == "check")):
        iteration = session.exec(
            select(Iteration).where(Iteration.action_id == action.id).order_by(Iteration.number)
        ).first()
        if iteration is None or iteration.checked_at is None:
            continue
        measured = effects.measure(session=session, action=action)
        iteration.snapshot = measured.snapshot(iteration.checked_at)
        iteration.measured_value = measured.current
        session.add(iteration)
    session.commit()
