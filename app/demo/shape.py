"""The shape of the demo story: its dates, mixes and rates, and the draws made from them.

Deterministic for a given ``random.Random``; no database.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.demo import corpus as demo_corpus
from app.models import (
    Role,
)
from app.services import surveys

BLACK_FRIDAY = date(2025, 11, 28)
WEEKS_AFTER_SPIKE = 8
ACTION_START_DAYS = 10  # the delivery action starts ten days after Black Friday
DEMO_PASSWORD_LENGTH = 16
DEMO_NAMES = {
    Role.ADMIN: "Alex Admin",
    Role.ANALYST: "Ines Analyst",
    Role.AGENT: "Tom Agent",
    Role.VIEWER: "Vera Viewer",
}
COACHING_WEEKS = 5  # the coaching action entered Do five weeks before the story ends
TOUCHPOINT_MIX = {
    "website_order": 0.30,
    "delivery": 0.20,
    "pickup": 0.12,
    "phone_support": 0.25,
    "returns": 0.13,
}
CHANNELS_BY_TOUCHPOINT = {
    "website_order": (("web", 0.85), ("chat", 0.15)),
    "delivery": (("email", 0.6), ("phone", 0.4)),
    "pickup": (("store", 1.0),),
    "phone_support": (("phone", 1.0),),
    "returns": (("web", 0.5), ("email", 0.3), ("phone", 0.2)),
}
SURVEY_BY_TOUCHPOINT = {"phone_support": (("ces", 0.4), ("post_contact", 0.4), ("nps", 0.2))}
DEFAULT_SURVEY_MIX = (("post_contact", 0.75), ("nps", 0.25))
CASE_OUTCOMES = (
    "Called back, apologised, voucher sent.",
    "Explained the options; customer satisfied.",
    "Could not reach the customer after three attempts.",
    "Refund processed.",
)
RESPONSE_RATE = 0.36
COMPLAINT_RATE = 0.03


def story_start(weeks: int) -> date:
    """Monday of the first week; the spike sits WEEKS_AFTER_SPIKE weeks before the end."""
    spike_monday = BLACK_FRIDAY - timedelta(days=BLACK_FRIDAY.weekday())
    return spike_monday - timedelta(weeks=weeks - WEEKS_AFTER_SPIKE - 1)


def pick(rng: random.Random, weighted) -> str:
    items = list(weighted.items()) if isinstance(weighted, dict) else list(weighted)
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def week_volumes(total: int, weeks: int, spike: int) -> list[int]:
    """Split ``total`` contacts over weeks: a gentle trend, Black Friday ×2.5."""
    weights = [1.0 + 0.01 * w for w in range(weeks)]
    weights[spike] *= 2.5
    if spike + 1 < weeks:
        weights[spike + 1] *= 1.4
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in raw]
    for index in sorted(range(weeks), key=lambda i: raw[i] - counts[i], reverse=True)[
        : total - sum(counts)
    ]:
        counts[index] += 1
    return counts


def topic_weights(touchpoint: str, day: date) -> dict[str, float]:
    weights = dict(demo_corpus.topic_weights(touchpoint))
    action_start = BLACK_FRIDAY + timedelta(days=ACTION_START_DAYS)
    key = "delivery_options_missing"
    if key in weights or touchpoint in ("website_order", "pickup"):
        base = weights.get(key, 0.02)
        if day - timedelta(days=day.weekday()) == BLACK_FRIDAY - timedelta(
            days=BLACK_FRIDAY.weekday()
        ):
            # The Black Friday week (Monday to Sunday): pick-up only. Customers who
            # needed delivery complain instead of praising an easy order or a smooth
            # pick-up, so the website-order and pick-up CSAT visibly drop that week.
            weights[key] = base * (12 if touchpoint == "website_order" else 40)
            for praise, factor in (("praise_easy_order", 0.4), ("pickup_smooth", 0.25)):
                if praise in weights:
                    weights[praise] *= factor
        elif day >= action_start:
            weights[key] = base * 0.12  # delivery is offered again: the complaint falls
        else:
            weights[key] = base
    return weights


def draw_score(rng: random.Random, survey: str, sentiment: str) -> int:
    low, high = surveys.SCALES[{"post_contact": "csat"}.get(survey, survey)]
    span = high - low
    centre = {"negative": 0.15, "neutral": 0.55, "positive": 0.9}[sentiment]
    value = low + round(max(0.0, min(1.0, rng.gauss(centre, 0.15))) * span)
    return max(low, min(high, value))
