"""The story's people and decisions: the founding complaint and its case, the
improvement actions on the board, and the links from the theme run back to the story.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from app.demo import corpus as demo_corpus
from app.demo.rows import WeekBatch, case_row, complaint_rows
from app.demo.shape import ACTION_START_DAYS, BLACK_FRIDAY, COACHING_WEEKS
from app.models import (
    ActionEvent,
    ActionTheme,
    CaseEvent,
    CaseStatus,
    Complaint,
    ComplaintStatus,
    Contact,
    ContactEmail,
    FeedbackItem,
    FollowUpCase,
    ImprovementAction,
    Iteration,
    Role,
    Segment,
    Stage,
    TargetMetric,
    Theme,
    ThemeSignal,
    User,
)
from app.services import effects
from app.services import themes as theme_edits
from app.services.references import hash_secret

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


def founding_story(session, by_key, config, counts, seed):
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
    batch = WeekBatch()
    text = demo_corpus.founding_comment("en")
    complaint, *rest, case = complaint_rows(
        rng, config, counts, contact, "phone_support", by_key, "en", text
    )
    # She asked to be written to and told about changes, and said what she needs.
    complaint.contact_preference, complaint.contact_email = "email", address
    complaint.consent_contact = complaint.consent_updates = True
    complaint.accessibility_needs = FOUNDING_NEEDS
    complaint.status_secret_hash = hash_secret(founding_secret(seed))
    complaint.status = ComplaintStatus.ANSWERED
    case = case_row(1.0, config, "complaint", complaint.created_at, contact_id=contact.id)
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


def improvement_actions(session, by_key, story_end: datetime) -> None:
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
