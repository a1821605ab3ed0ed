"""Feedback items: every comment, complaint or imported text, redacted before analysis."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.models import FeedbackItem
from app.models.base import utcnow
from ml.redact import redact
from ml.text import detect_language, normalize

MAX_FEEDBACK_CHARS = 20_000


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
    clean = normalize(text)[:MAX_FEEDBACK_CHARS]
    if not clean.strip():
        return None
    redacted = redact(clean)
    return {
        "source": source,
        "text": redacted.text,
        "text_original": clean if keep_original and redacted.spans else None,
        "redactions": len(redacted.spans),
        "language": language or detect_language(redacted.text),
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
