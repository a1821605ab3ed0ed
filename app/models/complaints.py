"""Complaints filed on the public form or through the API."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, created_at_field, utcnow


class ComplaintStatus(StrEnum):
    """The customer sees these steps on the status page, moved along by the case."""

    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    CLOSED = "closed"


COMPLAINT_STEPS: tuple[ComplaintStatus, ...] = tuple(ComplaintStatus)


class ContactPreference(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    NONE = "none"


class ComplaintBase(SQLModel):
    description: str = Field(sa_type=sa.Text)
    order_reference: str | None = Field(default=None, max_length=80)
    contact_preference: str = Field(default=ContactPreference.NONE, max_length=10)
    contact_email: str | None = Field(default=None, max_length=254)
    contact_phone: str | None = Field(default=None, max_length=40)
    consent_contact: bool = False
    consent_updates: bool = False
    accessibility_needs: str | None = Field(default=None, sa_type=sa.Text)
    language: str = Field(default="en", max_length=5)


class Complaint(ComplaintBase, table=True):
    """``reference`` is shown to the customer; the status page also needs the secret."""

    __table_args__ = (sa.Index("ix_complaint_status_created", "status", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=24, unique=True)
    status_secret_hash: str = Field(max_length=64)
    touchpoint_id: int | None = Field(default=None, foreign_key="touchpoint.id")
    status: str = Field(default=ComplaintStatus.RECEIVED, max_length=20)
    source: str = Field(default="form", max_length=10)
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ComplaintCreate(ComplaintBase):
    touchpoint: str | None = None


class ComplaintPublic(SQLModel):
    reference: str
    status: str
    created_at: datetime
