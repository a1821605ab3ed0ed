"""Which e-mails Voxloop sends, to whom, and when — each queued in the outbox.

Consent: a survey invitation and its one reminder go only to an address the calling
system gave with the contact, and only when sending was asked for (``send_invitation``
or ``SEND_INVITATIONS``). A complaint's acknowledgement and an agent's reply go to the
address the customer gave to be contacted by e-mail. "You said, we did" goes only to
customers who ticked the box for updates on their complaint. Every customer message
carries an unsubscribe link, and an unsubscribed address receives nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from app import mail
from app.models import (
    ActionTheme,
    Complaint,
    ContactEmail,
    FeedbackItem,
    FollowUpCase,
    ImprovementAction,
    Invitation,
    OutboxEvent,
    Segment,
    Stage,
    SurveyVersion,
    Theme,
    ThemeSignal,
    User,
)
from app.models.base import utcnow
from app.services import effects, outbox

INVITATION = "survey.invitation"
REMINDER = "survey.reminder"
SURVEY_TOPICS = (INVITATION, REMINDER)


def _survey_title(version: SurveyVersion | None, language: str) -> str:
    titles = (version.definition or {}).get("title", {}) if version else {}
    return titles.get(language) or titles.get("en") or ""


def invitation_email(
    *,
    session: Session,
    config: Mapping[str, Any],
    invitation: Invitation,
    address: str,
    survey_url: str,
) -> OutboxEvent | None:
    """Queue the survey link for a new contact (the caller commits with the invitation)."""
    version = session.get(SurveyVersion, invitation.survey_version_id)
    return outbox.enqueue_email(
        session=session,
        topic=INVITATION,
        to=address,
        language=invitation.language,
        template="invitation",
        context={
            "survey_url": survey_url,
            "survey_title": _survey_title(version, invitation.language),
            "expires_at": invitation.expires_at,
        },
        # The link is kept for the one reminder: only the e-mails ever hold the token.
        meta={"invitation_id": invitation.id, "survey_url": survey_url},
        dedupe_key=f"invitation:{invitation.id}",
    )


def last_survey_email(session: Session, address_hash: str) -> datetime | None:
    """When this address last got a survey e-mail (invitation or reminder) queued."""
    return session.exec(
        select(func.max(OutboxEvent.created_at)).where(
            OutboxEvent.recipient_hash == address_hash,
            OutboxEvent.topic.in_(SURVEY_TOPICS),
            OutboxEvent.status != "cancelled",
        )
    ).one()


def queue_reminders(
    *, session: Session, config: Mapping[str, Any], now: datetime | None = None
) -> int:
    """One reminder per unanswered invitation, ``REMINDER_AFTER_DAYS`` after it was sent.

    Never after an answer, an unsubscribe or the link's expiry, and not when the address
    had another survey e-mail in the last ``INVITATION_MIN_INTERVAL_DAYS`` (the fatigue
    rule counts reminders too). Returns how many were queued.
    """
    days = int(config.get("REMINDER_AFTER_DAYS", 0))
    if days <= 0:
        return 0
    now = now or utcnow()
    invited = session.exec(
        select(OutboxEvent).where(
            OutboxEvent.topic == INVITATION,
            OutboxEvent.status == "sent",
            OutboxEvent.sent_at <= now - timedelta(days=days),
        )
    ).all()
    queued = 0
    interval = timedelta(days=int(config.get("INVITATION_MIN_INTERVAL_DAYS", 0)))
    for sent in invited:
        invitation = session.get(Invitation, (sent.payload.get("meta") or {}).get("invitation_id"))
        if (
            invitation is None
            or invitation.used_at is not None
            or invitation.reminded_at is not None
            or invitation.expires_at <= now
        ):
            continue
        address = sent.payload["to"]
        latest = last_survey_email(session, sent.recipient_hash)
        if latest is not None and latest > sent.created_at and now - latest < interval:
            continue  # another survey e-mail went to this address lately
        version = session.get(SurveyVersion, invitation.survey_version_id)
        event = outbox.enqueue_email(
            session=session, topic=REMINDER, to=address, language=invitation.language,
            template="reminder",
            context={"survey_url": sent.payload["meta"]["survey_url"],
                     "survey_title": _survey_title(version, invitation.language),
                     "expires_at": invitation.expires_at},
            meta={"invitation_id": invitation.id}, dedupe_key=f"reminder:{invitation.id}",
            now=now,
        )  # fmt: skip
        invitation.reminded_at = now
        session.add(invitation)
        queued += event is not None
    session.commit()
    return queued


def complaint_acknowledgement(
    *, session: Session, complaint: Complaint, secret: str
) -> OutboxEvent | None:
    """Confirm a complaint with its reference to the address given for contact."""
    if not complaint.contact_email:
        return None
    return outbox.enqueue_email(
        session=session,
        topic="complaint.acknowledgement",
        to=complaint.contact_email,
        language=complaint.language,
        template="complaint_ack",
        context={
            "reference": complaint.reference,
            "secret": secret,
            "status_url": mail.public_url(f"/complaint/status?ref={complaint.reference}"),
        },
        dedupe_key=f"complaint-ack:{complaint.id}",
    )


def case_reply(
    *, session: Session, case: FollowUpCase, text: str, event_id: int
) -> OutboxEvent | None:
    """The agent's reply to the customer, by e-mail when the customer can receive one."""
    address, language, reference = recipient(session, case)
    if address is None:
        return None
    status_url = mail.public_url(f"/complaint/status?ref={reference}") if reference else None
    return outbox.enqueue_email(
        session=session, topic="case.reply", to=address, language=language,
        template="case_reply", context={"text": text, "reference": reference,
                                         "status_url": status_url},
        dedupe_key=f"case-reply:{event_id}", meta={"case_id": case.id},
    )  # fmt: skip


def recipient(session: Session, case: FollowUpCase) -> tuple[str | None, str, str | None]:
    """(address, language, complaint reference) a reply to this case goes to.

    A complaint's address is the one its author gave to be contacted by e-mail; a low
    score's is the address the survey invitation went to.
    """
    if case.complaint_id is not None:
        complaint = session.get(Complaint, case.complaint_id)
        wants_email = complaint.consent_contact and complaint.contact_preference == "email"
        address = complaint.contact_email if wants_email else None
        return address, complaint.language, complaint.reference
    address = language = None
    if case.contact_id is not None:
        stored = session.get(ContactEmail, case.contact_id)
        address = stored.email if stored else None
        invitation = session.exec(
            select(Invitation).where(Invitation.contact_id == case.contact_id)
        ).first()
        language = invitation.language if invitation else None
    return address, language or "en", None


def you_said_we_did(*, session: Session, action: ImprovementAction) -> int:
    """Tell the customers behind an improved action's themes what changed, once each.

    Only for a card that reached Done as *improved*, and only to complaint authors who
    asked for updates and gave an address. Returns how many messages were queued.
    """
    if action.stage != Stage.DONE or action.outcome != "adopted":
        return 0
    if effects.measure(session=session, action=action).verdict != effects.IMPROVED:
        return 0
    theme_ids = effects.linked_theme_ids(session, action.id) | set(
        session.exec(select(ActionTheme.theme_id).where(ActionTheme.action_id == action.id))
    )
    if not theme_ids:
        return 0
    complaints = session.exec(
        select(Complaint)
        .join(FeedbackItem, FeedbackItem.complaint_id == Complaint.id)
        .join(Segment, Segment.feedback_item_id == FeedbackItem.id)
        .where(
            Segment.theme_id.in_(theme_ids),
            Complaint.consent_updates,
            Complaint.contact_email.is_not(None),
        )
        .distinct()
    ).all()
    queued = 0
    for complaint in complaints:
        event = outbox.enqueue_email(
            session=session, topic="action.you_said_we_did", to=complaint.contact_email,
            language=complaint.language, template="you_said_we_did",
            context={"title": action.title, "what": action.hypothesis or action.problem},
            dedupe_key=f"yswd:{action.id}:{mail.email_hash(complaint.contact_email)}",
        )  # fmt: skip
        queued += event is not None
    return queued


def weekly_digest(
    *, session: Session, config: Mapping[str, Any], now: datetime | None = None
) -> int:
    """The analysts' Monday digest: emerging themes, overdue cases, action verdicts."""
    now = now or utcnow()
    latest = session.exec(select(func.max(ThemeSignal.week_start))).one()
    emerging = []
    if latest is not None:
        emerging = [
            session.get(Theme, signal.theme_id)
            for signal in session.exec(
                select(ThemeSignal).where(ThemeSignal.week_start == latest, ThemeSignal.flagged)
            )
        ]
    overdue = session.exec(
        select(FollowUpCase)
        .where(FollowUpCase.status != "closed", FollowUpCase.due_at < now)
        .order_by(FollowUpCase.due_at)
    ).all()
    measured = [
        (action, effects.measure(session=session, action=action))
        for action in session.exec(
            select(ImprovementAction).where(
                ImprovementAction.archived_at.is_(None),
                ImprovementAction.stage.in_([Stage.DO, Stage.CHECK, Stage.ACT]),
            )
        )
    ]
    week = now.date().isocalendar()
    queued = 0
    for user in session.exec(select(User).where(User.active)):
        if not user.has_role("analyst"):
            continue
        language = config.get("BABEL_DEFAULT_LOCALE", "en")
        event = outbox.enqueue_email(
            session=session, topic="digest.weekly", to=user.email, language=language,
            template="digest", customer=False,
            context={"user": user, "week": latest, "emerging": emerging, "overdue": overdue,
                     "actions": measured},
            dedupe_key=f"digest:{week.year}-{week.week}:{user.id}", now=now,
        )  # fmt: skip
        queued += event is not None
    session.commit()
    return queued
