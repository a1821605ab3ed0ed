"""Feedback items: every comment, complaint or imported text, redacted before analysis."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from app.models import FeedbackItem
from ml.redact import redact
from ml.text import detect_language, normalize

MAX_FEEDBACK_CHARS = 20_000


def build_item(
    text: str,
    *,
    source: str,
    occurred_at: datetime,
    keep_original: bool = False,
    language: str | None = None,
    **links: object,
) -> FeedbackItem | None:
    """Return an unsaved feedback item for ``text`` (None when there is nothing to analyse).

    Personal data is replaced by typed placeholders here, so neither the theme engine nor
    staff ever see it; the original is kept only when the operator configured it.
    """
    clean = normalize(text)[:MAX_FEEDBACK_CHARS]
    if not clean.strip():
        return None
    redacted = redact(clean)
    return FeedbackItem(
        source=source,
        text=redacted.text,
        text_original=clean if keep_original and redacted.spans else None,
        redactions=len(redacted.spans),
        language=language or detect_language(redacted.text),
        occurred_at=occurred_at,
        **links,
    )


def record(
    *, session: Session, text: str, source: str, occurred_at: datetime, **kwargs
) -> FeedbackItem | None:
    """Create and flush a feedback item (the caller's use case commits)."""
    item = build_item(text, source=source, occurred_at=occurred_at, **kwargs)
    if item is not None:
        session.add(item)
        session.flush()
    return item
