"""A staff member's own account: changing the password, resetting it by e-mail, and an
admin setting one. Each ends the person's other sessions (``session_version``) and is
recorded in the audit log — without the password.

A reset link carries 256 random bits; only their SHA-256 is stored, the link expires
(``PASSWORD_RESET_TTL_MINUTES``) and works once. Asking for one answers the same whether
the address has an account or not; the message goes through the outbox.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import update
from sqlmodel import Session, select

from app import mail
from app.models import PasswordResetToken, User
from app.models.base import utcnow
from app.services import N_, DomainError, audit, outbox, passwords
from app.services.users import UserError, _hasher, hash_token, normalise_email

RESET_TOPIC = "staff.password_reset"


class AccountError(DomainError):
    """A change to one's own account was refused; the message says why."""


def verify_password(user: User, password: str) -> bool:
    """Whether ``password`` is the user's current one."""
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _set_password(user: User, password: str, *, must_change: bool) -> None:
    user.password_hash = _hasher.hash(password)
    user.must_change_password = must_change
    user.session_version += 1  # every open session of the person ends


def change_password(
    *,
    session: Session,
    user_id: int,
    current: str,
    new: str,
    min_length: int,
    ip: str | None = None,
) -> User:
    """Change one's own password, given the current one.

    Raises:
        AccountError: the current password is wrong, or the new one is the same.
        PasswordPolicyError: the new password breaks the policy.
    """
    user = session.get(User, user_id)
    if user is None or not verify_password(user, current):
        raise AccountError(N_("The current password is not right."))
    passwords.check(new, email=user.email, min_length=min_length)
    if verify_password(user, new):
        raise AccountError(N_("The new password must differ from the current one."))
    _set_password(user, new, must_change=False)
    session.add(user)
    audit.record(session, "user.password_changed", actor_id=user.id, object_type="user",
                 object_id=user.id, ip=ip)  # fmt: skip
    session.commit()
    return user


def set_password_by_admin(
    *, session: Session, user_id: int, password: str, actor_id: int | None, min_length: int
) -> User:
    """An admin sets someone's password; they must choose their own at the next sign-in."""
    user = session.get(User, user_id)
    if user is None:
        raise UserError(N_("No staff account %(id)s."), id=user_id)
    passwords.check(password, email=user.email, min_length=min_length)
    _set_password(user, password, must_change=True)
    session.add(user)
    audit.record(session, "user.password_set", actor_id=actor_id, object_type="user",
                 object_id=user.id)  # fmt: skip
    session.commit()
    return user


def request_reset(
    *, session: Session, email: str, language: str, ttl_minutes: int, ip: str | None = None
) -> bool:
    """Queue a reset link for an active account with this address; True if one was queued.

    The caller answers the same either way, so nobody learns which addresses have accounts.
    """
    try:
        address = normalise_email(email)
    except UserError:
        return False
    user = session.exec(select(User).where(User.email == address)).first()
    if user is None or not user.active:
        return False
    secret = secrets.token_urlsafe(32)
    token = PasswordResetToken(user_id=user.id, token_hash=hash_token(secret),
                               expires_at=utcnow() + timedelta(minutes=ttl_minutes))  # fmt: skip
    session.add(token)
    session.flush()
    outbox.enqueue_email(
        session=session, topic=RESET_TOPIC, to=user.email, language=language,
        template="password_reset", customer=False, meta={"reset_id": token.id},
        context={"reset_url": mail.public_url(f"/staff/password/reset/{secret}"),
                 "minutes": ttl_minutes},
    )  # fmt: skip
    audit.record(session, "user.password_reset_requested", actor_id=user.id, object_type="user",
                 object_id=user.id, ip=ip)  # fmt: skip
    session.commit()
    return True


def find_reset(
    *, session: Session, secret: str, now: datetime | None = None
) -> PasswordResetToken | None:
    """The unused, unexpired reset for a link's secret, or None."""
    token = session.exec(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(secret))
    ).first()
    if token is None or token.used_at is not None or token.expires_at <= (now or utcnow()):
        return None
    user = session.get(User, token.user_id)
    return token if user is not None and user.active else None


def reset_password(
    *, session: Session, secret: str, new: str, min_length: int, ip: str | None = None
) -> User:
    """Set a new password through a reset link, which then no longer works.

    Raises:
        AccountError: the link is unknown, used or expired.
        PasswordPolicyError: the new password breaks the policy (the link still works).
    """
    token = find_reset(session=session, secret=secret)
    if token is None:
        raise AccountError(N_("This link is not valid any more."))
    user = session.get(User, token.user_id)
    passwords.check(new, email=user.email, min_length=min_length)
    now = utcnow()
    # Taken with a conditional UPDATE: of two requests with the same link, one wins.
    taken = session.exec(
        update(PasswordResetToken)
        .where(PasswordResetToken.id == token.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )
    if taken.rowcount != 1:
        session.rollback()
        raise AccountError(N_("This link is not valid any more."))
    # Every other open link of the person stops working too.
    session.exec(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )
    _set_password(user, new, must_change=False)
    session.add(user)
    audit.record(session, "user.password_reset", actor_id=user.id, object_type="user",
                 object_id=user.id, ip=ip)  # fmt: skip
    session.commit()
    return user
