"""TOTP second factor (RFC 6238, 30-second codes, as authenticator apps make them).

The secret is stored encrypted (Fernet, with a key derived from ``SECRET_KEY``): a copy
of the database alone does not give the codes. It is shown only while enrolment waits
for its first code, never after. A code is accepted once: the time step it belongs to
is remembered, and a code of that step or an earlier one is refused (no replay).
Changing ``SECRET_KEY`` makes stored secrets unreadable: those people enrol again.
"""

from __future__ import annotations

import base64
import hashlib
import time

import pyotp
from cryptography.fernet import Fernet, InvalidToken
from sqlmodel import Session

from app.models import User
from app.models.base import utcnow
from app.services import N_, DomainError, audit
from app.services.accounts import verify_password

ISSUER = "Voxloop"
STEP = 30


class TwoFactorError(DomainError):
    """Enrolment or the code was refused; the message says why."""


def _fernet(secret_key: str) -> Fernet:
    digest = hashlib.sha256(b"voxloop-totp-secret:" + secret_key.encode("utf-8")).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _secret(user: User, secret_key: str) -> str | None:
    if not user.totp_secret:
        return None
    try:
        return _fernet(secret_key).decrypt(user.totp_secret.encode()).decode()
    except InvalidToken:
        return None


def pending_secret(*, session: Session, user_id: int, secret_key: str) -> str:
    """The secret to enrol with, made on first ask and kept until confirmed.

    Raises:
        TwoFactorError: the user is enrolled already (the secret is never shown again).
    """
    user = session.get(User, user_id)
    if user.totp_enabled:
        raise TwoFactorError(N_("Two-factor sign-in is on already."))
    secret = _secret(user, secret_key)
    if secret is None:
        secret = pyotp.random_base32()
        user.totp_secret = _fernet(secret_key).encrypt(secret.encode()).decode()
        session.add(user)
        session.commit()
    return secret


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// address an authenticator app reads (or that is typed in)."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step (this one or its neighbours, for clock drift) the code belongs to."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    step = int(now // STEP)
    for candidate in (step, step - 1, step + 1):
        if totp.at(candidate * STEP) == code:
            return candidate
    return None


def _use_code(user: User, secret: str | None, code: str, now: float | None) -> bool:
    step = _matching_step(secret, code, time.time() if now is None else now) if secret else None
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def confirm(
    *, session: Session, user_id: int, code: str, secret_key: str, now: float | None = None
) -> User:
    """Switch the second factor on with the first code from the app."""
    user = session.get(User, user_id)
    if user.totp_enabled or not _use_code(user, _secret(user, secret_key), code, now):
        raise TwoFactorError(N_("That code is not right. Type the 6 digits the app shows now."))
    user.totp_enabled = True
    session.add(user)
    audit.record(session, "user.totp_enabled", actor_id=user.id, object_type="user",
                 object_id=user.id)  # fmt: skip
    session.commit()
    return user


def check_code(
    *,
    session: Session,
    user_id: int,
    code: str,
    secret_key: str,
    now: float | None = None,
    ip: str | None = None,
) -> bool:
    """Whether the code is right for the enrolled user (then it cannot be used again); a
    right one completes the sign-in ("auth.login"), a wrong one is audited as failed."""
    user = session.get(User, user_id)
    if user is None or not user.totp_enabled:
        return False
    ok = _use_code(user, _secret(user, secret_key), code, now)
    if ok:
        user.last_login_at = utcnow()
    session.add(user)
    audit.record(session, "auth.login" if ok else "auth.second_factor_failed", actor_id=user.id,
                 object_type="user", object_id=user.id, ip=ip, second_factor=True)  # fmt: skip
    session.commit()
    return ok


def disable(*, session: Session, user_id: int, password: str, code: str, secret_key: str) -> User:
    """Switch the second factor off; needs the password and a current code."""
    user = session.get(User, user_id)
    if not verify_password(user, password):
        raise TwoFactorError(N_("The current password is not right."))
    if not user.totp_enabled or not _use_code(user, _secret(user, secret_key), code, None):
        raise TwoFactorError(N_("That code is not right. Type the 6 digits the app shows now."))
    user.totp_enabled, user.totp_secret, user.totp_last_step = False, None, None
    session.add(user)
    audit.record(session, "user.totp_disabled", actor_id=user.id, object_type="user",
                 object_id=user.id)  # fmt: skip
    session.commit()
    return user
