"""What each export holds: its columns and the one SQL select that yields its rows.

Personal data stays out. Comments are the feedback items' redacted ``text`` (what the
theme engine sees), never ``FeedbackItem.text_original``, ``Answer.value_text`` or
``Complaint.description``, which hold what the customer typed. No export has a
contact's e-mail (``ContactEmail``), a complaint's ``contact_email``, ``contact_phone``
or ``accessibility_needs``, or the pseudonymous ``customer_ref``. A case's outcome is
written by staff, unredacted; the writer redacts it the same way (``redact`` columns).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql import ColumnElement, Select

from app.models import (
    ActionTheme,
    Complaint,
    Contact,
    FeedbackItem,
    FollowUpCase,
    ImprovementAction,
    Response,
    Segment,
    SurveyVersion,
    Theme,
    Touchpoint,
    User,
)

# Several values in one cell (a feedback item's themes, a response's comments).
SEPARATOR = " | "


@dataclass(frozen=True)
class Kind:
    """One export: column names, a select yielding rows in that order, and the moment
    column ``since``/``until`` filter on."""

    name: str
    columns: tuple[str, ...]
    select: Callable[[], Select]
    moment: Callable[[], ColumnElement]
    redact: frozenset[str] = field(default_factory=frozenset)


def _joined(outer: Any, column: Any, *where: Any) -> Any:
    """The distinct values of ``column`` matching ``where``, joined into one string.

    ``outer`` is the table of the row the cell belongs to: a subquery in FROM does not
    correlate on its own.
    """
    values = sa.select(column.label("value")).where(*where).distinct().correlate(outer).subquery()
    return sa.select(sa.func.aggregate_strings(values.c.value, SEPARATOR)).scalar_subquery()


def _theme_name() -> Any:
    return sa.func.coalesce(Theme.name, Theme.label_auto)


def _comments(outer: Any, *where: Any) -> Any:
    """Redacted comments matching ``where``, oldest first, joined into one string."""
    items = (
        sa.select(FeedbackItem.text.label("value"))
        .where(*where)
        .order_by(FeedbackItem.id)
        .correlate(outer)
        .subquery()
    )
    return sa.select(sa.func.aggregate_strings(items.c.value, SEPARATOR)).scalar_subquery()


def _responses() -> Select:
    return (
        sa.select(
            Response.id,
            Response.submitted_at,
            SurveyVersion.key,
            SurveyVersion.version,
            Touchpoint.key,
            Contact.channel,
            Contact.team,
            Response.language,
            Response.nps,
            Response.csat,
            Response.ces,
            _comments(Response, FeedbackItem.response_id == Response.id),
        )
        .join(Contact, Contact.id == Response.contact_id)
        .join(Touchpoint, Touchpoint.id == Contact.touchpoint_id)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .order_by(Response.id)
    )


def _feedback() -> Select:
    themes = _joined(
        FeedbackItem,
        _theme_name(),
        Segment.feedback_item_id == FeedbackItem.id,
        Theme.id == Segment.theme_id,
    )
    return (
        sa.select(
            FeedbackItem.id,
            FeedbackItem.occurred_at,
            FeedbackItem.source,
            Touchpoint.key,
            FeedbackItem.channel,
            FeedbackItem.language,
            FeedbackItem.score_kind,
            FeedbackItem.score,
            FeedbackItem.response_id,
            Complaint.reference,
            FeedbackItem.redactions,
            FeedbackItem.text,
            themes,
        )
        .outerjoin(Touchpoint, Touchpoint.id == FeedbackItem.touchpoint_id)
        .outerjoin(Complaint, Complaint.id == FeedbackItem.complaint_id)
        .order_by(FeedbackItem.id)
    )


def _themes() -> Select:
    return sa.select(
        Theme.id,
        _theme_name(),
        Theme.label_auto,
        Theme.status,
        Theme.language,
        Theme.size,
        Theme.pinned,
        Theme.merged_into_id,
        Theme.created_at,
        Theme.updated_at,
    ).order_by(Theme.id)


def _actions() -> Select:
    themes = _joined(
        ImprovementAction,
        _theme_name(),
        ActionTheme.action_id == ImprovementAction.id,
        Theme.id == ActionTheme.theme_id,
    )
    return (
        sa.select(
            ImprovementAction.id,
            ImprovementAction.title,
            ImprovementAction.stage,
            Touchpoint.key,
            themes,
            User.name,
            ImprovementAction.problem,
            ImprovementAction.hypothesis,
            ImprovementAction.target_metric,
            ImprovementAction.target_value,
            ImprovementAction.due_date,
            ImprovementAction.created_at,
            ImprovementAction.started_at,
            ImprovementAction.completed_at,
            ImprovementAction.outcome,
            ImprovementAction.archived_at,
        )
        .outerjoin(Touchpoint, Touchpoint.id == ImprovementAction.touchpoint_id)
        .outerjoin(User, User.id == ImprovementAction.owner_id)
        .order_by(ImprovementAction.id)
    )


def _cases() -> Select:
    comments = sa.case(
        (
            FollowUpCase.response_id.is_not(None),
            _comments(FollowUpCase, FeedbackItem.response_id == FollowUpCase.response_id),
        ),
        else_=_comments(
            FollowUpCase,
            FeedbackItem.complaint_id == FollowUpCase.complaint_id,
            FollowUpCase.complaint_id.is_not(None),
        ),
    )
    return (
        sa.select(
            FollowUpCase.id,
            FollowUpCase.reason,
            FollowUpCase.status,
            FollowUpCase.resolution,
            Touchpoint.key,
            Contact.channel,
            Complaint.reference,
            Response.csat,
            Response.nps,
            User.name,
            FollowUpCase.created_at,
            FollowUpCase.due_at,
            FollowUpCase.claimed_at,
            FollowUpCase.closed_at,
            comments,
            FollowUpCase.outcome,
        )
        .outerjoin(Contact, Contact.id == FollowUpCase.contact_id)
        .outerjoin(Complaint, Complaint.id == FollowUpCase.complaint_id)
        .outerjoin(Response, Response.id == FollowUpCase.response_id)
        .outerjoin(
            Touchpoint,
            Touchpoint.id == sa.func.coalesce(Contact.touchpoint_id, Complaint.touchpoint_id),
        )
        .outerjoin(User, User.id == FollowUpCase.owner_id)
        .order_by(FollowUpCase.id)
    )


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "responses",
            ("id", "submitted_at", "survey", "survey_version", "touchpoint", "channel",
             "team", "language", "nps", "csat", "ces", "comments"),
            _responses,
            lambda: Response.submitted_at,
        ),
        Kind(
            "feedback",
            ("id", "occurred_at", "source", "touchpoint", "channel", "language",
             "score_kind", "score", "response_id", "complaint_reference", "redactions",
             "text", "themes"),
            _feedback,
            lambda: FeedbackItem.occurred_at,
        ),
        Kind(
            "themes",
            ("id", "name", "label_auto", "status", "language", "size", "pinned",
             "merged_into_id", "created_at", "updated_at"),
            _themes,
            lambda: Theme.created_at,
        ),
        Kind(
            "actions",
            ("id", "title", "stage", "touchpoint", "themes", "owner", "problem",
             "hypothesis", "target_metric", "target_value", "due_date", "created_at",
             "started_at", "completed_at", "outcome", "archived_at"),
            _actions,
            lambda: ImprovementAction.created_at,
        ),
        Kind(
            "cases",
            ("id", "reason", "status", "resolution", "touchpoint", "channel",
             "complaint_reference", "csat", "nps", "owner", "created_at", "due_at",
             "claimed_at", "closed_at", "comments", "outcome"),
            _cases,
            lambda: FollowUpCase.created_at,
            redact=frozenset({"outcome"}),
        ),
    )
}  # fmt: skip
