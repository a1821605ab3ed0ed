"""Retention: data kept no longer than it is useful."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlmodel import Session

from app.models import Invitation, SurveyDraft
from app.models.base import utcnow


def purge_expired_drafts(*, session: Session) -> int:
    """Delete drafts whose invitation has expired or been used; return how many."""
    now = utcnow()
    stale = select(Invitation.id).where(
        (Invitation.expires_at < now) | (Invitation.used_at.is_not(None))
    )
    result = session.exec(delete(SurveyDraft).where(SurveyDraft.invitation_id.in_(stale)))
    session.commit()
    return result.rowcount or 0
