"""Staff users and API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from app.models.base import created_at_field, timestamp_field


class Role(StrEnum):
    """Staff roles, from most to least powerful."""

    ADMIN = "admin"
    ANALYST = "analyst"
    AGENT = "agent"  # front-line staff who talk to customers: cases and ideas
    VIEWER = "viewer"


ROLE_RANK = {Role.VIEWER: 1, Role.AGENT: 2, Role.ANALYST: 3, Role.ADMIN: 4}


class UserBase(SQLModel):
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(default="", max_length=120)
    role: str = Field(default=Role.VIEWER, max_length=20)
    active: bool = True


class User(UserBase, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=255)
    created_at: datetime = created_at_field()
    last_login_at: datetime | None = timestamp_field()
    # Part of the id in the session cookie: raising it ends every session of the user
    # (deactivation, a role change).
    session_version: int = 1
    # Set when an admin chose the password: every staff page leads to the change page.
    must_change_password: bool = False
    # TOTP second factor: the secret encrypted with a key derived from SECRET_KEY
    # (app.services.two_factor); set but not enabled while enrolment awaits its first code.
    totp_secret: str | None = Field(default=None, max_length=255)
    totp_enabled: bool = False
    totp_last_step: int | None = None  # the last time step used: a code works once

    # Flask-Login protocol, kept here so the model needs no mixin from the web layer.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    def has_role(self, role: str) -> bool:
        """Whether this user's role is at least ``role``."""
        return ROLE_RANK.get(Role(self.role), 0) >= ROLE_RANK[Role(role)]


class UserCreate(UserBase):
    password: str = Field(min_length=12, max_length=256)


class UserPublic(UserBase):
    id: int


class ApiToken(SQLModel, table=True):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    prefix: str = Field(max_length=16, index=True)
    token_hash: str = Field(max_length=64, unique=True)
    scopes: str = Field(default="", max_length=200)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = created_at_field()
    last_used_at: datetime | None = timestamp_field()
    revoked_at: datetime | None = timestamp_field()
    expires_at: datetime | None = timestamp_field()  # None: valid until revoked

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(s for s in self.scopes.split() if s)


class PasswordResetToken(SQLModel, table=True):
    """A single-use link to set a new password; only the token's SHA-256 is stored."""

    __tablename__ = "password_reset_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_at_field()
    expires_at: datetime = timestamp_field(nullable=False)
    used_at: datetime | None = timestamp_field()
