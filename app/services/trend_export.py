"""The numbers each trend chart draws, as one payload for Chart.js, the table and the CSV.

A chart, its data table and its CSV download are built from the same payload, so what an
executive downloads is exactly what the chart shows (rounded as drawn, suppressed points
empty). Text cells that a spreadsheet would run as a formula (starting with = + - @, a
tab or a carriage return) are prefixed with an apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from flask_babel import format_date

from app.services.spreadsheet import safe_cell as neutralise
from app.services.trend_themes import Driver
from app.services.trends import Annotation, Series

LINE_COLUMNS = ("chart", "series", "period_start", "value", "low", "high", "n", "status")
DRIVER_COLUMNS = ("chart", "theme", "metric", "mentions", "volume_pct", "with_theme",
                  "without_theme", "difference", "low", "high", "p_value", "significant",
                  "impact")  # fmt: skip


def bucket_label(start: date, grain: str) -> str:
    """A bucket's label in the user's language: "24.11.2025" / "Nov 24, 2025", "Nov 2025"."""
    return format_date(start, "MMM yyyy" if grain == "month" else "medium")


def line_payload(
    key: str,
    metric: str,
    buckets: list[date],
    grain: str,
    series: list[Series],
    annotations: list[Annotation] = (),
    band: bool = False,
    card_url=None,
) -> dict:
    """A line chart: one dataset per series, null where nothing may be drawn."""
    index = {start: i for i, start in enumerate(buckets)}
    return {
        "key": key,
        "kind": "line",
        "metric": metric,
        "band": band,
        "buckets": [b.isoformat() for b in buckets],
        "labels": [bucket_label(b, grain) for b in buckets],
        "series": [
            {
                "key": s.key,
                "label": s.label,
                "values": [p.value for p in s.points],
                "low": [p.low for p in s.points],
                "high": [p.high for p in s.points],
                "n": [p.n for p in s.points],
                "status": [p.reliability for p in s.points],
            }
            for s in series
        ],
        "annotations": [
            {
                "index": index[a.bucket],
                "day": a.day.isoformat(),
                "label": a.title,
                "url": card_url(a.action_id) if card_url else "",
            }
            for a in annotations
            if a.bucket in index
        ],
    }


def driver_payload(metric: str, drivers: list[Driver]) -> dict:
    """Importance (share of answers mentioning) against performance (score difference)."""
    return {
        "key": "drivers",
        "kind": "drivers",
        "metric": metric,
        "points": [
            {
                "theme": d.name,
                "mentions": d.mentions,
                "x": d.volume,
                "y": d.difference,
                "with_theme": d.with_theme,
                "without_theme": d.without_theme,
                "low": d.low,
                "high": d.high,
                "p_value": None if d.p_value is None else round(d.p_value, 4),
                "significant": d.significant,
                "impact": d.impact,
            }
            for d in drivers
        ],
    }


def rows(payload: dict) -> list[list]:
    """The payload as table rows (header first), the CSV's content."""
    if payload["kind"] == "table":
        return payload["rows"]
    if payload["kind"] == "drivers":
        out = [list(DRIVER_COLUMNS)]
        for p in payload["points"]:
            out.append([payload["key"], p["theme"], payload["metric"], p["mentions"], p["x"],
                        p["with_theme"], p["without_theme"], p["y"], p["low"], p["high"],
                        p["p_value"], p["significant"], p["impact"]])  # fmt: skip
        return out
    out = [list(LINE_COLUMNS)]
    for s in payload["series"]:
        for i, start in enumerate(payload["buckets"]):
            out.append([payload["key"], s["label"], start, s["values"][i], s["low"][i],
                        s["high"][i], s["n"][i], s["status"][i]])  # fmt: skip
    return out


def to_csv(payloads: list[dict]) -> str:
    """Several charts in one CSV: each chart's header row, then its rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for payload in payloads:
        for row in rows(payload):
            writer.writerow(["" if c is None else neutralise(c) for c in row])
    return buffer.getvalue()
