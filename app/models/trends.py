"""Daily rollups behind the trend pages, so no page view scans the responses.

One row holds the sums of one UTC day for one combination of the filters the pages offer
(touchpoint, channel, language, team): counts for NPS and CSAT, first and second moments
for CES. Intervals and tests need nothing more. ``trend_theme_daily`` holds the same for
the feedback items that mention a theme, and the scores of the customers behind them.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import timestamp_field

COUNT_FIELDS = ("nps_n", "nps_promoters", "nps_detractors", "csat_n", "csat_satisfied",
                "ces_n", "ces_sum", "ces_sumsq")  # fmt: skip


class TrendCounts(SQLModel):
    """Sums over answers: enough for NPS, CSAT top-2-box and CES with their intervals."""

    nps_n: int = 0
    nps_promoters: int = 0
    nps_detractors: int = 0
    csat_n: int = 0
    csat_satisfied: int = 0
    ces_n: int = 0
    ces_sum: int = 0
    ces_sumsq: int = 0


class TrendKey(SQLModel):
    day: date
    # Rollups are rebuilt by day, never joined back: plain columns, no foreign keys.
    touchpoint_id: int | None = None
    channel: str = Field(default="", max_length=20)
    language: str = Field(default="", max_length=5)
    team: str = Field(default="", max_length=80)


class TrendDaily(TrendKey, TrendCounts, table=True):
    """Scores of all responses and the number of analysed feedback items, per day and key."""

    __tablename__ = "trend_daily"
    __table_args__ = (sa.Index("ix_trend_daily_day_touchpoint", "day", "touchpoint_id"),)

    id: int | None = Field(default=None, primary_key=True)
    responses: int = 0
    items: int = 0


class TrendThemeDaily(TrendKey, TrendCounts, table=True):
    """Feedback items mentioning a theme, and the scores of the responses behind them."""

    __tablename__ = "trend_theme_daily"
    # Covering indexes: the journey's mentions per touchpoint and the drivers' sums per
    # theme read a date range from the index alone (about twice as fast on SQLite at a
    # million responses, benchmarks/trends.py).
    __table_args__ = (
        sa.Index("ix_trend_theme_daily_day_theme", "day", "theme_id"),
        sa.Index("ix_trend_theme_daily_mentions", "day", "touchpoint_id", "theme_id", "items"),
        sa.Index("ix_trend_theme_daily_scores", "day", "theme_id", *COUNT_FIELDS),
    )

    id: int | None = Field(default=None, primary_key=True)
    theme_id: int
    items: int = 0


class TrendState(SQLModel, table=True):
    """How far the rollups have read: one row, id 1."""

    __tablename__ = "trend_state"

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = 0  # the highest response id folded in
    items_processed_at: datetime | None = timestamp_field()  # newest analysed item folded in
    theme_run_id: int = 0  # the last finished theme run whose assignments are folded in
    theme_event_id: int = 0  # the last merge or split by hand folded in
    rebuilt_at: datetime | None = timestamp_field()
    refreshed_at: datetime | None = timestamp_field()
    days_refreshed: int = 0
