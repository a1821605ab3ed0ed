"""Contacts in: record a contact from another system and invite the customer to a survey.

The API (``POST /api/v1/contacts``) and the CSV import (``voxloop import contacts``) both
call :func:`create_contact`, so both validate and invite the same way.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app import mail
from app.db import begin_write
from app.models import (
    AuditLog,
    Contact,
    ContactEmail,
    Invitation,
    Response,
    SurveyVersion,
    Touchpoint,
)
from app.models.base import utcnow
from app.models.touchpoints import ContactCreate
from app.services import DomainError, NotFound, messages
from app.services import surveys as survey_service
from app.services import touchpoints as touchpoint_service
from app.services.references import hash_secret
from app.services.surveys import LANGUAGES
from app.services.users import UserError, normalise_email
from app.services.validation import field_errors

DUPLICATE = "duplicate"
RECENTLY_INVITED = "recently_invited"
CONTACT_FIELDS = tuple(ContactCreate.model_fields)
REQUIRED_FIELDS = tuple(k for k, f in ContactCreate.model_fields.items() if f.is_required())


class ContactValidationError(DomainError):
    """The contact's data is invalid; ``fields`` maps each bad field to what to fix."""

    def __init__(self, fields: dict[str, str]) -> None:
        names = ", ".join(fields)
        super().__init__(f"The contact is not valid; fix {names}.")
        self.fields = fields


@dataclass(frozen=True)
class ValidContact:
    """A contact whose data passed every check, with its touchpoint and survey resolved."""

    data: ContactCreate
    touchpoint: Touchpoint
    survey_version: SurveyVersion
    email: str | None
    language: str


@dataclass(frozen=True)
class ContactResult:
    """What recording a contact did.

    ``survey_url`` holds the invitation's secret (only the e-mail, when ``emailed``, holds
    it too); it is None when no invitation was made (``reason`` says why) and for a
    repeat of a known ``external_id``.
    """

    contact: Contact
    created: bool
    invited: bool
    reason: str | None = None
    survey_url: str | None = None
    invitation: Invitation | None = None
    emailed: bool = False


@dataclass(frozen=True)
class ContactStatus:
    """A contact with its latest invitation and whether the customer answered."""

    contact: Contact
    touchpoint_key: str
    invitation: Invitation | None
    response: Response | None


def _survey_version(session: Session, key: str) -> SurveyVersion:
    try:
        return survey_service.active_version(session=session, key=key)
    except IntegrityError:
        # Two first requests loaded the survey files at once; the other one's rows won.
        session.rollback()
        return survey_service.active_version(session=session, key=key)


def _writer(session: Session) -> None:
    # On SQLite the write lock is taken up front, so concurrent callers queue instead of
    # failing when their read transaction turns into a write.
    if not session.in_transaction():
        begin_write(session)


def validate_contact(
    *, session: Session, config: Mapping[str, Any], data: Mapping[str, Any]
) -> ValidContact:
    """Check a contact's data (API body or CSV row) completely.

    Raises:
        ContactValidationError: with a message per bad field, all at once.
    """
    fields: dict[str, str] = {}
    contact: ContactCreate | None
    try:
        contact = ContactCreate.model_validate(dict(data))
    except ValidationError as exc:
        fields.update(field_errors(exc, CONTACT_FIELDS))
        contact = None

    def given(name: str) -> str | None:
        # The domain checks run even when the shape is wrong, so all problems show at once.
        value = getattr(contact, name) if contact else data.get(name)
        if name in fields or not isinstance(value, str):
            return None
        return value.strip() or None

    touchpoint = survey_version = email = None
    if key := given("touchpoint"):
        try:
            touchpoint = touchpoint_service.by_key(session=session, key=key)
        except NotFound as exc:
            fields["touchpoint"] = str(exc)
    if key := given("survey") or (None if "survey" in fields else "post_contact"):
        try:
            survey_version = _survey_version(session, key)
        except NotFound:
            known = ", ".join(_survey_keys(session))
            fields["survey"] = f"Unknown survey {key!r}; known: {known}."
    language = given("language") or config["BABEL_DEFAULT_LOCALE"]
    if language.lower() not in LANGUAGES:
        fields["language"] = f"Unknown language {language!r}; use one of {', '.join(LANGUAGES)}."
    if address := given("email"):
        try:
            email = normalise_email(address)
        except UserError:
            fields["email"] = f"{address!r} is not a valid e-mail address; fix or omit it."
    if fields or contact is None:
        raise ContactValidationError(fields)
    return ValidContact(contact, touchpoint, survey_version, email, language.lower())


def _survey_keys(session: Session) -> list[str]:
    return sorted(set(session.exec(select(SurveyVersion.key).where(SurveyVersion.active)).all()))


def _by_external_id(session: Session, external_id: str) -> Contact | None:
    return session.exec(select(Contact).where(Contact.external_id == external_id)).first()


def latest_invitation(*, session: Session, contact_id: int) -> Invitation | None:
    """The contact's most recent invitation, if it has one."""
    return session.exec(
        select(Invitation)
        .where(Invitation.contact_id == contact_id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ).first()


def _recently_invited(session: Session, customer_ref: str | None, days: int, now: datetime) -> bool:
    if not customer_ref or days <= 0:
        return False
    since = now - timedelta(days=days)
    query = (
        select(Invitation.id)
        .join(Contact, Contact.id == Invitation.contact_id)
        .where(Contact.customer_ref == customer_ref, Invitation.created_at > since)
    )
    return session.exec(query.limit(1)).first() is not None


def _duplicate(session: Session, contact: Contact) -> ContactResult:
    invitation = latest_invitation(session=session, contact_id=contact.id)
    session.commit()
    return ContactResult(
        contact, created=False, invited=False, reason=DUPLICATE, invitation=invitation
    )


def survey_url(config: Mapping[str, Any], token: str) -> str:
    """The public link for an invitation token (the ``/s/<token>`` pages look it up)."""
    return f"{config['PUBLIC_BASE_URL'].rstrip('/')}/s/{token}"


def create_contact(
    *,
    session: Session,
    config: Mapping[str, Any],
    data: Mapping[str, Any],
    token_id: int | None = None,
    ip: str | None = None,
    via: str = "api",
) -> ContactResult:
    """Record a contact and, unless the customer was invited lately, invite them.

    Idempotent on ``external_id``: a repeat returns the stored contact unchanged (and no
    survey URL, since only the token's hash is kept). At most one invitation goes to a
    ``customer_ref`` per ``INVITATION_MIN_INTERVAL_DAYS``; the contact is recorded anyway.

    Args:
        session: the database session; committed once.
        config: the app configuration (invitation TTL and interval, public URL, language).
        data: the fields of :class:`ContactCreate`, as JSON values or CSV strings.
        token_id: the API token that sent it, for the audit log.
        ip: the caller's address, for the audit log.
        via: how it came in (``api`` or ``import``), for the audit log.

    Raises:
        ContactValidationError: the data is invalid; nothing was written.
    """
    _writer(session)
    valid = validate_contact(session=session, config=config, data=data)
    _writer(session)  # loading the survey files may have committed
    contact_in = valid.data
    existing = _by_external_id(session, contact_in.external_id)
    if existing is not None:
        return _duplicate(session, existing)
    now = utcnow()
    contact = Contact(
        external_id=contact_in.external_id,
        channel=contact_in.channel,
        team=contact_in.team,
        customer_ref=contact_in.customer_ref,
        occurred_at=contact_in.occurred_at or now,
        touchpoint_id=valid.touchpoint.id,
        created_at=now,
    )
    days = config["INVITATION_MIN_INTERVAL_DAYS"]
    recent = _recently_invited(session, contact_in.customer_ref, days, now)
    if not recent and valid.email and days > 0:
        # The fatigue rule counts every survey e-mail to the address, reminders included.
        last = messages.last_survey_email(session, mail.email_hash(valid.email))
        recent = last is not None and now - last < timedelta(days=days)
    session.add(contact)
    try:
        session.flush()
    except IntegrityError:
        # A concurrent request with the same external_id committed first: return its row.
        session.rollback()
        existing = _by_external_id(session, contact_in.external_id)
        if existing is None:
            raise
        return _duplicate(session, existing)
    if valid.email:
        session.add(ContactEmail(contact_id=contact.id, email=valid.email, created_at=now))
    invitation = token = None
    if not recent:
        token = secrets.token_urlsafe(24)  # 192 bits: unguessable, so SHA-256 suffices
        invitation = Invitation(
            token_hash=hash_secret(token),
            contact_id=contact.id,
            survey_version_id=valid.survey_version.id,
            language=valid.language,
            created_at=now,
            expires_at=now + timedelta(days=config["INVITATION_TTL_DAYS"]),
        )
        session.add(invitation)
    reason = None if invitation else RECENTLY_INVITED
    send = contact_in.send_invitation
    if send is None:
        send = bool(config.get("SEND_INVITATIONS", False))
    emailed = False
    if invitation is not None and valid.email and send:
        session.flush()
        emailed = (
            messages.invitation_email(
                session=session,
                config=config,
                invitation=invitation,
                address=valid.email,
                survey_url=survey_url(config, token),
            )
            is not None
        )
    session.add(
        AuditLog(
            token_id=token_id,
            action="contact.create",
            object_type="contact",
            object_id=str(contact.id),
            detail={
                "external_id": contact.external_id,
                "via": via,
                "invited": not reason,
                "emailed": emailed,
            },
            ip=ip,
            created_at=now,
        )
    )
    session.commit()
    return ContactResult(
        contact,
        created=True,
        invited=invitation is not None,
        reason=reason,
        survey_url=survey_url(config, token) if token else None,
        invitation=invitation,
        emailed=emailed,
    )


def contact_status(*, session: Session, external_id: str) -> ContactStatus:
    """Return the contact with this ``external_id`` and how its invitation went.

    Raises:
        NotFound: no contact has this ``external_id``.
    """
    contact = _by_external_id(session, external_id)
    if contact is None:
        raise NotFound(f"No contact with external_id {external_id!r}.")
    touchpoint = session.get(Touchpoint, contact.touchpoint_id)
    response = session.exec(
        select(Response)
        .where(Response.contact_id == contact.id)
        .order_by(Response.submitted_at.desc())
    ).first()
    return ContactStatus(
        contact=contact,
        touchpoint_key=touchpoint.key if touchpoint else "",
        invitation=latest_invitation(session=session, contact_id=contact.id),
        response=response,
    )
