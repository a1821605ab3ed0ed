"""Readiness: can we reach the database?"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session


def database_problem(*, session: Session) -> str | None:
    """Return None when the database answers, else a short description of the failure."""
    try:
        session.exec(text("SELECT 1"))
    except SQLAlchemyError as exc:
        session.rollback()
        return type(exc.orig if getattr(exc, "orig", None) else exc).__name__
    return None
