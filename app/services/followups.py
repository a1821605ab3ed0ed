"""Follow-up cases: a low score or a complaint asking for contact reaches a person."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from app.models import FollowUpCase


def is_low_score(config: Mapping[str, Any], *, csat: int | None, nps: int | None) -> bool:
    """Whether the scores are at or below the configured thresholds."""
    return (csat is not None and csat <= config["LOW_SCORE_CSAT_MAX"]) or (
        nps is not None and nps <= config["LOW_SCORE_NPS_MAX"]
    )


def build_case(
    config: Mapping[str, Any], *, reason: str, opened_at: datetime, **links: Any
) -> FollowUpCase:
    """An unsaved case due within the configured SLA."""
    return FollowUpCase(
        reason=reason,
        due_at=opened_at + timedelta(hours=config["FOLLOWUP_SLA_HOURS"]),
        created_at=opened_at,
        **links,
    )
