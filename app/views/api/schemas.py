"""The API's request and response models: they validate, and they are the documentation.

``spec.document()`` turns them into the OpenAPI schemas; a description here is what
clients read there.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.models.base import utcnow
from app.models.touchpoints import CHANNELS, CLOCK_SKEW

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
Channel = Literal["web", "phone", "email", "chat", "store"]
assert set(CHANNELS) == set(Channel.__args__)
Language = Literal["de", "en"]
ScoreKind = Literal["csat", "nps", "ces"]
SCORE_RANGES = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}


def _past_moment(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("Give a UTC offset, e.g. 2026-03-01T14:30:00+01:00 or …Z.")
    value = value.astimezone(UTC)
    if value > utcnow() + CLOCK_SKEW:
        raise ValueError("Lies in the future; give the time it happened.")
    return value


class Strict(BaseModel):
    """Unknown fields are refused; strings are trimmed and may not hold control characters."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_controls(cls, value: Any) -> Any:
        if isinstance(value, str) and _CONTROL.search(value):
            raise ValueError("Must not contain control characters such as NUL.")
        return value


# --- in --------------------------------------------------------------------------------


class FeedbackCreate(Strict):
    """Any customer text: a helpdesk ticket, an app review, a chat transcript."""

    text: str = Field(
        min_length=1,
        max_length=20_000,
        description="The text; personal data in it is redacted before anyone analyses it.",
    )
    source: str = Field(
        default="api",
        min_length=1,
        max_length=12,
        pattern=r"^[a-z0-9_.-]+$",
        description="Where it comes from, e.g. `helpdesk` or `app_review`.",
    )
    external_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="Your id; a repeat is not stored twice.",
    )
    touchpoint: str | None = Field(
        default=None,
        min_length=1,
        max_length=40,
        description="Key of the touchpoint, e.g. `phone_support`.",
    )
    channel: Channel | None = None
    occurred_at: datetime | None = Field(
        default=None, description="When the customer wrote it, with a UTC offset. Default: now."
    )
    language: Language | None = Field(default=None, description="Detected when absent.")
    score_kind: ScoreKind | None = None
    score: int | None = Field(default=None, description="A score given with the text.")

    @field_validator("occurred_at")
    @classmethod
    def _when(cls, value: datetime | None) -> datetime | None:
        return _past_moment(value)

    @model_validator(mode="after")
    def _score_pair(self) -> FeedbackCreate:
        if (self.score is None) != (self.score_kind is None):
            raise ValueError("Give score and score_kind together, or neither.")
        if self.score is not None:
            low, high = SCORE_RANGES[self.score_kind]
            if not low <= self.score <= high:
                raise ValueError(f"A {self.score_kind} score lies between {low} and {high}.")
        return self


class ComplaintCreateIn(Strict):
    """A complaint as the public form takes it; contact details only for the chosen way."""

    description: str = Field(min_length=1, max_length=5000, description="What happened.")
    touchpoint: str | None = Field(default=None, min_length=1, max_length=40)
    order_reference: str | None = Field(default=None, max_length=80)
    contact_preference: Literal["email", "phone", "none"] = "none"
    contact_email: str | None = Field(default=None, max_length=254)
    contact_phone: str | None = Field(default=None, max_length=40)
    consent_contact: bool = Field(default=False, description="May we contact the customer?")
    consent_updates: bool = Field(default=False, description="May we tell them what changed?")
    accessibility_needs: str | None = Field(default=None, max_length=2000)
    language: Language = "en"


class ListQuery(Strict):
    """Paging and filtering of every list."""

    limit: int = Field(default=50, ge=1, le=200, description="Items per page (1–200).")
    cursor: str | None = Field(default=None, max_length=200, description="From `next_cursor`.")
    updated_since: datetime | None = Field(
        default=None,
        description="Only items changed at or after this moment (ISO 8601 with offset).",
    )

    @field_validator("updated_since")
    @classmethod
    def _offset(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("Give a UTC offset, e.g. 2026-03-01T00:00:00Z.")
        return value


# --- out -------------------------------------------------------------------------------


class ContactCreated(BaseModel):
    contact_id: int
    external_id: str
    survey_url: str | None = Field(
        description="The customer's single-use survey link. Only a "
        "hash of it is kept: store it from the first response, it is "
        "never shown again (null on a repeat)."
    )
    invitation_expires_at: datetime | None
    invited: bool = Field(description="Whether this call made an invitation.")
    emailed: bool = Field(description="Whether the survey link was queued for e-mail.")
    reason: Literal["duplicate", "recently_invited"] | None = Field(
        description="Why no "
        "invitation was made: `duplicate` (the external_id is known; the stored contact is "
        "returned, the fields sent are ignored) or `recently_invited` (the customer was "
        "invited within INVITATION_MIN_INTERVAL_DAYS)."
    )


class ContactOut(BaseModel):
    contact_id: int
    external_id: str
    touchpoint: str
    channel: Channel
    team: str | None
    customer_ref: str | None
    occurred_at: datetime
    created_at: datetime
    invited: bool
    invitation_expires_at: datetime | None
    responded: bool = Field(description="Whether the customer answered.")
    responded_at: datetime | None


class FeedbackCreated(BaseModel):
    id: int
    external_id: str | None
    created: bool = Field(description="False: this external_id was stored before.")
    language: Language
    redactions: int = Field(description="How many pieces of personal data were redacted.")


class ComplaintCreated(BaseModel):
    reference: str
    secret: str = Field(description="Shown once: with the reference it opens the status page.")
    status: str
    status_url: str


class ResponseOut(BaseModel):
    id: int
    submitted_at: datetime
    survey: str
    touchpoint: str
    channel: Channel
    language: Language
    nps: int | None
    csat: int | None
    ces: int | None
    comments: list[str] = Field(description="The comments, redacted of personal data.")


class WeekCount(BaseModel):
    week_start: date
    count: int


class ThemeOut(BaseModel):
    id: int
    name: str = Field(description="The analyst's name, or the automatic label.")
    label: str
    status: Literal["new", "triaged", "in_action", "monitoring", "dismissed"]
    language: str
    size: int = Field(description="Segments in the theme.")
    emerging: bool = Field(description="Flagged emerging in the newest week.")
    weekly: list[WeekCount] = Field(description="Mentions in the last 8 weeks with data.")
    updated_at: datetime


class ActionOut(BaseModel):
    id: int
    title: str
    stage: Literal["idea", "plan", "do", "check", "act", "done"]
    target_metric: Literal["theme_share", "csat", "nps", "ces"]
    touchpoint: str | None
    themes: list[int]
    started_at: datetime | None = Field(description="When it first entered Do.")
    due_date: date | None
    completed_at: datetime | None
    outcome: Literal["adopted", "abandoned"] | None
    verdict: Literal["improved", "no_change", "worse", "too_little_data"]
    baseline: float | None
    current: float | None
    effect: float | None
    effect_low: float | None
    effect_high: float | None
    archived: bool
    updated_at: datetime


class ResponsePage(BaseModel):
    items: list[ResponseOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: done.")


class ThemePage(BaseModel):
    items: list[ThemeOut]
    next_cursor: str | None


class ActionPage(BaseModel):
    items: list[ActionOut]
    next_cursor: str | None
