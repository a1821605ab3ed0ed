"""Audit log of staff and API actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import created_at_field


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    token_id: int | None = Field(default=None, foreign_key="api_token.id")
    action: str = Field(max_length=60)
    object_type: str = Field(default="", max_length=40)
    object_id: str = Field(default="", max_length=40)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    ip: str | None = Field(default=None, max_length=45)
    created_at: datetime = created_at_field()


class IdempotencyKey(SQLModel, table=True):
    """The first answer to a POST with an ``Idempotency-Key``, replayed to its retries."""

    __tablename__ = "idempotency_key"
    __table_args__ = (sa.UniqueConstraint("token_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    token_id: int = Field(foreign_key="api_token.id")
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)
    status_code: int = 0  # 0 while the first request is still running
    response: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    location: str | None = Field(default=None, max_length=500)
    created_at: datetime = created_at_field()


class AppSetting(SQLModel, table=True):
    """A setting an admin changed in the browser; it wins over the configuration file."""

    __tablename__ = "app_setting"

    key: str = Field(primary_key=True, max_length=60)
    value: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    updated_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = created_at_field()
