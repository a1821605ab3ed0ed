"""Feedback items: every comment, complaint or imported text, redacted before analysis."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.models import FeedbackItem
from app.models.base import utcnow
from ml.pipeline import MAX_FEEDBACK_CHARS, prepare_text

__all__ = ["MAX_FEEDBACK_CHARS", "build_item", "item_values", "record"]


def item_values(
    text: str,
    *,
    source: str,
    occurred_at: datetime,
    keep_original: bool = False,
    language: str | None = None,
    **links: object,
) -> dict[str, Any] | None:
    """Return a feedback item's column values for ``text`` (None: nothing to analyse).

    Personal data is replaced by typed placeholders here, so neither the theme engine nor
    staff ever see it; the original is kept only when the operator configured it. Plain
    values let a hot path insert the row with one statement (see ``responses.submit``).
    """
    # The same preparation ``voxloop themes evaluate`` applies (ml.pipeline).
    prepared = prepare_text(text, language=language)
    if prepared is None:
        return None
    return {
        "source": source,
        "text": prepared.text,
        "text_original": prepared.original if keep_original and prepared.redactions else None,
        "redactions": prepared.redactions,
        "language": prepared.language,
        "occurred_at": occurred_at,
        "created_at": utcnow(),
        **links,
    }


def build_item(text: str, **kwargs: Any) -> FeedbackItem | None:
    """Return an unsaved feedback item for ``text``; arguments as for :func:`item_values`."""
    values = item_values(text, **kwargs)
    return None if values is None else FeedbackItem(**values)


def record(
    *, session: Session, text: str, source: str, occurred_at: datetime, **kwargs
) -> FeedbackItem | None:
    """Create and flush a feedback item (the caller's use case commits)."""
    item = build_item(text, source=source, occurred_at=occurred_at, **kwargs)
    if item is not None:
        session.add(item)
        session.flush()
    return item
