"""Counts for the staff landing page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import (
    CaseStatus,
    Complaint,
    Contact,
    FollowUpCase,
    ImprovementAction,
    Response,
    Stage,
    Theme,
    ThemeStatus,
)


@dataclass(frozen=True)
class StaffSummary:
    contacts: int
    responses: int
    complaints: int
    themes: int
    new_themes: int
    open_actions: int
    open_cases: int


def staff_summary(*, session: Session) -> StaffSummary:
    """Headline counts shown on the staff landing page."""

    def count(statement) -> int:
        return session.exec(statement).one()

    return StaffSummary(
        contacts=count(select(func.count()).select_from(Contact)),
        responses=count(select(func.count()).select_from(Response)),
        complaints=count(select(func.count()).select_from(Complaint)),
        themes=count(select(func.count()).select_from(Theme).where(Theme.merged_into_id.is_(None))),
        new_themes=count(
            select(func.count()).select_from(Theme).where(Theme.status == ThemeStatus.NEW)
        ),
        open_actions=count(
            select(func.count())
            .select_from(ImprovementAction)
            .where(ImprovementAction.stage != Stage.DONE)
        ),
        open_cases=count(
            select(func.count())
            .select_from(FollowUpCase)
            .where(FollowUpCase.status != CaseStatus.CLOSED)
        ),
    )
