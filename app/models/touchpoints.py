"""The customer journey: touchpoints and the contacts that happen at them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from pydantic import ConfigDict, field_validator
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, utcnow


class TouchpointBase(SQLModel):
    key: str = Field(max_length=40, unique=True)
    name_en: str = Field(max_length=120)
    name_de: str = Field(max_length=120)
    position: int = Field(default=0)
    active: bool = True
    # Hours a follow-up case here may wait; None: the configured FOLLOWUP_SLA_HOURS.
    sla_hours: int | None = None


class Touchpoint(TouchpointBase, table=True):
    id: int | None = Field(default=None, primary_key=True)

    def name(self, language: str) -> str:
        return self.name_de if language == "de" else self.name_en


class TouchpointPublic(TouchpointBase):
    id: int


CHANNELS = ("web", "phone", "email", "chat", "store")
# Clocks of calling systems drift; a contact a few minutes "in the future" is still real.
CLOCK_SKEW = timedelta(minutes=15)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ContactBase(SQLModel):
    external_id: str | None = Field(default=None, max_length=120, unique=True)
    channel: str = Field(max_length=20)
    team: str | None = Field(default=None, max_length=80)
    customer_ref: str | None = Field(default=None, max_length=120, index=True)
    occurred_at: datetime = Field(sa_type=UTCDateTime)


class Contact(ContactBase, table=True):
    """One interaction. ``customer_ref`` is pseudonymous; the e-mail lives apart."""

    __table_args__ = (sa.Index("ix_contact_touchpoint_occurred", "touchpoint_id", "occurred_at"),)

    id: int | None = Field(default=None, primary_key=True)
    touchpoint_id: int = Field(foreign_key="touchpoint.id")
    created_at: datetime = created_at_field()


class ContactCreate(ContactBase):
    """A contact as callers send it (API body or CSV row); unknown keys are refused.

    Shape and format are checked here; what needs the database (touchpoint, survey) or
    configuration (language) is checked by ``app.services.invitations``.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    external_id: str = Field(min_length=1, max_length=120)
    touchpoint: str = Field(min_length=1, max_length=40)
    occurred_at: datetime | None = None  # None: now
    email: str | None = Field(default=None, max_length=254)
    language: str | None = Field(default=None, max_length=5)
    survey: str = Field(default="post_contact", min_length=1, max_length=60)
    # E-mail the survey link (needs ``email``); None: the configured SEND_INVITATIONS.
    send_invitation: bool | None = None

    @field_validator("*", mode="after")
    @classmethod
    def _single_line(cls, value: Any) -> Any:
        # Identifiers end up in CSV reports, logs and e-mail headers; PostgreSQL refuses NUL.
        if isinstance(value, str) and _CONTROL.search(value):
            raise ValueError("Must not contain control characters such as line breaks or NUL.")
        return value

    @field_validator("team", "customer_ref", "email", "language", mode="after")
    @classmethod
    def _empty_is_absent(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("send_invitation", mode="before")
    @classmethod
    def _blank_is_default(cls, value: Any) -> Any:
        # A CSV cell left empty means "as configured", not an invalid boolean.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("channel", mode="after")
    @classmethod
    def _known_channel(cls, value: str) -> str:
        channel = value.lower()
        if channel not in CHANNELS:
            raise ValueError(f"Unknown channel {value!r}; use one of {', '.join(CHANNELS)}.")
        return channel

    @field_validator("occurred_at", mode="before")
    @classmethod
    def _iso_with_offset(cls, value: Any) -> datetime | None:
        if value is None or value == "":
            return None
        example = "e.g. 2026-03-01T14:30:00+01:00 or 2026-03-01T13:30:00Z"
        if not isinstance(value, str):
            raise ValueError(f"Must be an ISO 8601 date-time string with a UTC offset, {example}.")
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            problem = f"{value!r} is not an ISO 8601 date-time"
            raise ValueError(f"{problem}; write it as {example}.") from None
        if moment.tzinfo is None:
            raise ValueError(f"{value!r} has no UTC offset; add one, {example}.")
        moment = moment.astimezone(UTC)
        if moment > utcnow() + CLOCK_SKEW:
            raise ValueError(f"{value!r} lies in the future; give the time the contact happened.")
        return moment


class ContactPublic(ContactBase):
    id: int
    touchpoint_id: int


class ContactEmail(SQLModel, table=True):
    """The address used for invitations, kept apart so erasure is one delete."""

    __tablename__ = "contact_email"

    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    email: str = Field(max_length=254)
    created_at: datetime = created_at_field()
