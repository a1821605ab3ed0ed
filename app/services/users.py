"""Staff accounts: creation, password checks, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func
from sqlmodel import Session, select, update

from app.models import ApiToken, Role, User
from app.models.base import utcnow
from app.models.users import ROLE_RANK
from app.services import N_, DomainError, audit, passwords

_hasher = PasswordHasher()
# Verifying against this keeps the timing of "no such user" equal to "wrong password".
_DUMMY_HASH = _hasher.hash("voxloop-timing-equaliser")
MIN_PASSWORD_LENGTH = passwords.DEFAULT_MIN_LENGTH
TOKEN_PREFIX = "vxl_"  # noqa: S105 - a public marker, not a secret


class UserError(DomainError):
    """A user could not be created or changed."""


def normalise_email(email: str) -> str:
    """Validate an address and return its normalised form; raise UserError if invalid."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise UserError(f"{email!r} is not a valid e-mail address: {exc}") from None


def create_user(
    *,
    session: Session,
    email: str,
    password: str,
    role: str = Role.VIEWER,
    name: str = "",
    actor_id: int | None = None,
    must_change_password: bool = False,
    min_length: int = MIN_PASSWORD_LENGTH,
) -> User:
    """Create a staff user with an Argon2id password hash; the password policy applies.

    ``must_change_password``: an admin chose the password, so the person sets their own
    at their first sign-in.
    """
    if role not in {r.value for r in Role}:
        raise UserError(f"Unknown role {role!r}; choose one of admin, analyst, agent, viewer.")
    address = normalise_email(email)
    if session.exec(select(User).where(User.email == address)).first():
        raise UserError(f"A user with the e-mail {address} exists already.")
    passwords.check(password, email=address, min_length=min_length)
    user = User(email=address, name=name, role=role, password_hash=_hasher.hash(password),
                must_change_password=must_change_password)  # fmt: skip
    session.add(user)
    session.flush()
    audit.record(session, "user.created", actor_id=actor_id, object_type="user",
                 object_id=user.id, role=role)  # fmt: skip
    session.commit()
    return user


def authenticate(
    *, session: Session, email: str, password: str, ip: str | None = None
) -> User | None:
    """Return the active user with these credentials, or None; both go to the audit log."""
    try:
        address = normalise_email(email)
    except UserError:
        address = ""
    user = session.exec(select(User).where(User.email == address)).first() if address else None
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        ok = user is not None and user.active
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        # The address typed is a staff sign-in name, not a customer's data.
        audit.record(session, "auth.login_failed", actor_id=user.id if user else None,
                     object_type="user", email=(address or email.strip())[:254], ip=ip)  # fmt: skip
        session.commit()
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    if user.totp_enabled:  # signed in only once the code is right (app.services.two_factor)
        audit.record(session, "auth.password_accepted", actor_id=user.id, object_type="user",
                     object_id=user.id, ip=ip)  # fmt: skip
    else:
        user.last_login_at = utcnow()
        audit.record(session, "auth.login", actor_id=user.id, object_type="user",
                     object_id=user.id, ip=ip)  # fmt: skip
    session.add(user)
    session.commit()
    return user


def get_user(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def end_sessions(*, session: Session, user_id: int) -> None:
    """End every session the user has open (their cookies name the old version)."""
    user = session.get(User, user_id)
    if user is not None:
        user.session_version += 1
        session.add(user)
        session.commit()


def hash_token(token: str) -> str:
    """Tokens have 256 bits of entropy, so a plain SHA-256 is a safe at-rest hash."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_api_token(
    *,
    session: Session,
    name: str,
    scopes: list[str],
    created_by_id: int | None = None,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is never shown again."""
    if expires_at is not None and expires_at <= utcnow():
        raise UserError("The expiry date must lie in the future.")
    allowed = {"ingest", "read", "admin"}
    unknown = set(scopes) - allowed
    if unknown or not scopes:
        raise UserError(
            f"Unknown scope(s) {sorted(unknown)}; choose from {sorted(allowed)}."
            if unknown
            else "Give at least one scope (ingest, read, admin)."
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        prefix=secret[:12],
        token_hash=hash_token(secret),
        scopes=" ".join(sorted(set(scopes))),
        created_by_id=created_by_id,
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    audit.record(session, "token.created", actor_id=created_by_id, object_type="api_token",
                 object_id=token.id, prefix=token.prefix, scopes=token.scopes)  # fmt: skip
    session.commit()
    return token, secret


# How stale a token's "last used" may get before a request records it again: one write
# per token per interval instead of one per request, so reads never queue for the lock.
TOKEN_USE_RESOLUTION = timedelta(minutes=5)


def find_api_token(*, session: Session, secret: str) -> ApiToken | None:
    """Return the live token for a presented secret (a read; nothing is locked)."""
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(secret))).first()
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= utcnow():
        return None
    return token


def token_use_is_stale(token: ApiToken) -> bool:
    """Whether the token's recorded last use is older than the resolution."""
    return token.last_used_at is None or utcnow() - token.last_used_at >= TOKEN_USE_RESOLUTION


def record_token_use(*, session: Session, token_id: int) -> None:
    """Set the token's last use to now (one UPDATE; the caller commits)."""
    session.exec(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))


def list_api_tokens(*, session: Session) -> list[ApiToken]:
    """Every token, live ones first, newest first."""
    tokens = list(session.exec(select(ApiToken).order_by(ApiToken.id.desc())))
    return sorted(tokens, key=lambda t: t.revoked_at is not None)


def revoke_api_token(
    *, session: Session, token: str | int, actor_id: int | None = None
) -> ApiToken:
    """Revoke a token by id or by its shown prefix; revoking twice is harmless."""
    found = None
    if isinstance(token, int) or str(token).isdigit():
        found = session.get(ApiToken, int(token))
    if found is None:
        found = session.exec(select(ApiToken).where(ApiToken.prefix == str(token))).first()
    if found is None:
        raise UserError(f"No API token {token!r}; `voxloop tokens list` shows them.")
    if found.revoked_at is None:
        found.revoked_at = utcnow()
        audit.record(session, "token.revoked", actor_id=actor_id, object_type="api_token",
                     object_id=found.id, prefix=found.prefix)  # fmt: skip
    session.add(found)
    session.commit()
    return found


def list_users(*, session: Session) -> list[User]:
    """All staff users, admins first."""
    users = list(session.exec(select(User).order_by(User.email)))
    return sorted(users, key=lambda u: (-ROLE_RANK.get(Role(u.role), 0), u.email))


def update_account(
    *, session: Session, user_id: int, role: str, active: bool, actor_id: int | None
) -> User:
    """Change a staff account's role or switch it off; either ends its open sessions.

    Raises:
        UserError: unknown role or user, or the change would leave no active admin
            (an admin cannot lock themselves or everyone out).
    """
    if role not in {r.value for r in Role}:
        raise UserError(N_("Unknown role %(role)s."), role=role[:20])
    user = session.get(User, user_id)
    if user is None:
        raise UserError(N_("No staff account %(id)s."), id=user_id)
    if (role, active) == (user.role, user.active):
        return user
    stays_admin = role == Role.ADMIN and active
    if user.role == Role.ADMIN and user.active and not stays_admin:
        admins = session.exec(
            select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active)
        ).one()
        if admins <= 1:
            raise UserError(N_("This is the last active admin; make another admin first."))
    before = {"role": user.role, "active": user.active}
    user.role, user.active = role, active
    user.session_version += 1
    session.add(user)
    after = {"role": role, "active": active}
    audit.record(session, "user.changed", actor_id=actor_id, object_type="user",
                 object_id=user.id, before=before, after=after)  # fmt: skip
    session.commit()
    return user
