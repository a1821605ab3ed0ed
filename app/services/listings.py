"""Lists for other systems (the API): responses, themes and actions, paged by cursor.

A cursor names the last item of a page by its sort key (the moment it last changed and
its id), so a page never repeats or skips an item however the list grows meanwhile.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from app.models import (
    ActionTheme,
    Contact,
    FeedbackItem,
    ImprovementAction,
    Response,
    SurveyVersion,
    Theme,
    ThemeSignal,
    Touchpoint,
)
from app.services import N_, DomainError, effects

THEME_WEEKS = 8


class BadCursor(DomainError):
    """The cursor was not made by this API."""


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None


def encode_cursor(moment: datetime, row_id: int) -> str:
    raw = json.dumps([moment.isoformat(), row_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        moment, row_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return datetime.fromisoformat(moment), int(row_id)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise BadCursor(N_("The cursor is not valid; pass next_cursor as it was given.")) from None


def _page(session, statement, moment_column, id_column, limit, cursor, updated_since):
    if updated_since is not None:
        statement = statement.where(moment_column >= updated_since)
    if cursor:
        moment, row_id = decode_cursor(cursor)
        statement = statement.where(
            or_(moment_column > moment, and_(moment_column == moment, id_column > row_id))
        )
    rows = list(session.exec(statement.order_by(moment_column, id_column).limit(limit + 1)))
    return rows[:limit], len(rows) > limit


def responses(
    *, session: Session, limit: int, cursor: str | None = None, updated_since=None
) -> Page:
    """Survey responses with their scores and redacted comments, oldest change first."""
    statement = (
        select(Response, Contact, Touchpoint.key, SurveyVersion.key)
        .join(Contact, Contact.id == Response.contact_id)
        .join(Touchpoint, Touchpoint.id == Contact.touchpoint_id)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
    )
    rows, more = _page(
        session, statement, Response.submitted_at, Response.id, limit, cursor, updated_since
    )
    comments: dict[int, list[str]] = defaultdict(list)
    ids = [response.id for response, *_ in rows]
    if ids:
        for response_id, text in session.exec(
            select(FeedbackItem.response_id, FeedbackItem.text)
            .where(FeedbackItem.response_id.in_(ids))
            .order_by(FeedbackItem.id)
        ):
            comments[response_id].append(text)
    items = [
        {
            "id": r.id,
            "submitted_at": r.submitted_at,
            "survey": survey,
            "touchpoint": touchpoint,
            "channel": contact.channel,
            "language": r.language,
            "nps": r.nps,
            "csat": r.csat,
            "ces": r.ces,
            "comments": comments.get(r.id, []),
        }
        for r, contact, touchpoint, survey in rows
    ]
    last = rows[-1][0] if rows else None
    return Page(items, encode_cursor(last.submitted_at, last.id) if more else None)


def themes(*, session: Session, limit: int, cursor: str | None = None, updated_since=None) -> Page:
    """Live themes with their size, the last weeks' mentions and the emerging flag."""
    statement = select(Theme).where(Theme.merged_into_id.is_(None), Theme.size > 0)
    rows, more = _page(session, statement, Theme.updated_at, Theme.id, limit, cursor, updated_since)
    ids = [t.id for t in rows]
    latest = session.exec(select(func.max(ThemeSignal.week_start))).one()
    weekly: dict[int, list[dict]] = defaultdict(list)
    emerging: set[int] = set()
    if ids and latest is not None:
        first = latest - timedelta(weeks=THEME_WEEKS - 1)
        for signal in session.exec(
            select(ThemeSignal)
            .where(ThemeSignal.theme_id.in_(ids), ThemeSignal.week_start >= first)
            .order_by(ThemeSignal.week_start)
        ):
            weekly[signal.theme_id].append({"week_start": signal.week_start, "count": signal.count})
            if signal.week_start == latest and signal.flagged:
                emerging.add(signal.theme_id)
    items = [
        {
            "id": t.id,
            "name": t.display_name,
            "label": t.label_auto,
            "status": t.status,
            "language": t.language,
            "size": t.size,
            "emerging": t.id in emerging,
            "weekly": weekly.get(t.id, []),
            "updated_at": t.updated_at,
        }
        for t in rows
    ]
    last = rows[-1] if rows else None
    return Page(items, encode_cursor(last.updated_at, last.id) if more else None)


def actions(*, session: Session, limit: int, cursor: str | None = None, updated_since=None) -> Page:
    """Improvement actions with their stage and measured effect."""
    statement = select(ImprovementAction)
    rows, more = _page(
        session,
        statement,
        ImprovementAction.updated_at,
        ImprovementAction.id,
        limit,
        cursor,
        updated_since,
    )
    ids = [a.id for a in rows]
    linked: dict[int, list[int]] = defaultdict(list)
    if ids:
        for action_id, theme_id in session.exec(
            select(ActionTheme.action_id, ActionTheme.theme_id).where(
                ActionTheme.action_id.in_(ids)
            )
        ):
            linked[action_id].append(theme_id)
    touchpoints = dict(session.exec(select(Touchpoint.id, Touchpoint.key)).all())
    items = []
    for action in rows:
        effect = effects.measure(session=session, action=action)
        items.append(
            {
                "id": action.id,
                "title": action.title,
                "stage": action.stage,
                "target_metric": action.target_metric,
                "touchpoint": touchpoints.get(action.touchpoint_id),
                "themes": sorted(linked[action.id]),
                "started_at": action.started_at,
                "due_date": action.due_date,
                "completed_at": action.completed_at,
                "outcome": action.outcome,
                "verdict": effect.verdict,
                "baseline": effect.baseline,
                "current": effect.current,
                "effect": effect.effect,
                "effect_low": effect.low,
                "effect_high": effect.high,
                "archived": action.archived_at is not None,
                "updated_at": action.updated_at,
            }
        )
    last = rows[-1] if rows else None
    return Page(items, encode_cursor(last.updated_at, last.id) if more else None)
