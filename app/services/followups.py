"""Follow-up cases: a low score or a complaint asking for contact reaches a person."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from app.models import FollowUpCase
from app.models.followups import CaseStatus


def is_low_score(config: Mapping[str, Any], *, csat: int | None, nps: int | None) -> bool:
    """Whether the scores are at or below the configured thresholds."""
    return (csat is not None and csat <= config["LOW_SCORE_CSAT_MAX"]) or (
        nps is not None and nps <= config["LOW_SCORE_NPS_MAX"]
    )


def case_values(
    config: Mapping[str, Any],
    *,
    reason: str,
    opened_at: datetime,
    sla_hours: int | None = None,
    **links: Any,
) -> dict[str, Any]:
    """A new open case's column values, due within the touchpoint's or the default SLA."""
    hours = sla_hours if sla_hours is not None else config["FOLLOWUP_SLA_HOURS"]
    return {
        "reason": reason,
        "status": CaseStatus.OPEN,
        "due_at": opened_at + timedelta(hours=hours),
        "created_at": opened_at,
        **links,
    }


def build_case(
    config: Mapping[str, Any],
    *,
    reason: str,
    opened_at: datetime,
    sla_hours: int | None = None,
    **links: Any,
) -> FollowUpCase:
    """An unsaved case due within the touchpoint's or the default SLA."""
    return FollowUpCase(
        **case_values(config, reason=reason, opened_at=opened_at, sla_hours=sla_hours, **links)
    )
