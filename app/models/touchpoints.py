"""The customer journey: touchpoints and the contacts that happen at them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field


class TouchpointBase(SQLModel):
    key: str = Field(max_length=40, unique=True)
    name_en: str = Field(max_length=120)
    name_de: str = Field(max_length=120)
    position: int = Field(default=0)
    active: bool = True


class Touchpoint(TouchpointBase, table=True):
    id: int | None = Field(default=None, primary_key=True)

    def name(self, language: str) -> str:
        return self.name_de if language == "de" else self.name_en


class TouchpointPublic(TouchpointBase):
    id: int


CHANNELS = ("web", "phone", "email", "chat", "store")


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
    touchpoint: str
    email: str | None = None
    language: str | None = None


class ContactPublic(ContactBase):
    id: int
    touchpoint_id: int


class ContactEmail(SQLModel, table=True):
    """The address used for invitations, kept apart so erasure is one delete."""

    __tablename__ = "contact_email"

    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    email: str = Field(max_length=254)
    created_at: datetime = created_at_field()
