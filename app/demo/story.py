"""The demo story: 26 weeks of a PC shop's customer voice, with a Black Friday spike.

Deterministic for a given seed: the same command always produces the same data, so
tests, screenshots and benchmarks can rely on it.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from app.demo.actions import founding_secret, founding_story, improvement_actions
from app.demo.rows import ContactRef, WeekBatch, insert_rows, plan_contact
from app.demo.shape import (
    CHANNELS_BY_TOUCHPOINT,
    DEMO_NAMES,
    DEMO_PASSWORD_LENGTH,
    TOUCHPOINT_MIX,
    WEEKS_AFTER_SPIKE,
    pick,
    story_start,
    week_volumes,
)
from app.models import (
    Contact,
    Role,
)
from app.services import surveys, touchpoints, users


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str


@dataclass(frozen=True)
class DemoResult:
    contacts: int
    responses: int
    complaints: int
    feedback_items: int
    cases: int
    seconds: float
    logins: tuple[DemoLogin, ...]
    founding_reference: str = ""
    founding_secret: str = ""


def database_is_empty(*, session: Session) -> bool:
    return session.exec(select(func.count()).select_from(Contact)).one() == 0


def _demo_logins(session: Session) -> tuple[DemoLogin, ...]:
    logins = []
    for role in (Role.ADMIN, Role.ANALYST, Role.AGENT, Role.VIEWER):
        email = f"{role.value}@voxloop.example"
        password = secrets.token_urlsafe(DEMO_PASSWORD_LENGTH)[:DEMO_PASSWORD_LENGTH]
        users.create_user(
            session=session, email=email, password=password, role=role, name=DEMO_NAMES[role]
        )
        logins.append(DemoLogin(email=email, password=password, role=role.value))
    return tuple(logins)


def seed(
    *,
    session: Session,
    seed: int = 7,
    contacts: int = 10_000,
    weeks: int = 26,
    progress: Callable[[int], None] = lambda _n: None,
    create_logins: bool = True,
) -> DemoResult:
    """Seed the demo story into an empty database and return what was created."""
    started = time.perf_counter()
    rng = random.Random(seed)
    by_key = touchpoints.ensure_defaults(session=session)
    versions = surveys.sync_versions(session=session, definitions=surveys.load_definitions())
    logins = _demo_logins(session) if create_logins else ()
    start = story_start(weeks)
    # "Now" is the end of the story, not the wall clock, so the data never depends on the day.
    story_end = datetime.combine(start + timedelta(weeks=weeks), datetime.min.time(), UTC)
    config = {
        "LOW_SCORE_CSAT_MAX": 2,
        "LOW_SCORE_NPS_MAX": 6,
        "FOLLOWUP_SLA_HOURS": 48,
        "NOW": story_end,
    }
    spike = weeks - WEEKS_AFTER_SPIKE - 1
    counts = {"responses": 0, "complaints": 0, "feedback": 0, "cases": 0}
    sequence = 0

    for week, volume in enumerate(week_volumes(contacts, weeks, spike)):
        monday = start + timedelta(weeks=week)
        rows, plans = [], []
        for _ in range(volume):
            sequence += 1
            touchpoint = pick(rng, TOUCHPOINT_MIX)
            if week == spike and rng.random() < 0.35:
                touchpoint = pick(rng, {"website_order": 0.6, "pickup": 0.4})
            moment = datetime.combine(monday, datetime.min.time(), UTC) + timedelta(
                seconds=rng.randrange(7 * 24 * 3600)
            )
            rows.append(
                {
                    "external_id": f"demo-{seed}-{sequence:07d}",
                    "channel": pick(rng, CHANNELS_BY_TOUCHPOINT[touchpoint]),
                    "team": f"Team {'ABC'[rng.randrange(3)]}"
                    if touchpoint == "phone_support"
                    else None,
                    "customer_ref": f"cust-{rng.randrange(10**7):07d}",
                    "occurred_at": moment,
                    "touchpoint_id": by_key[touchpoint].id,
                    "created_at": moment,
                }
            )
            plans.append((touchpoint, "de" if rng.random() < 0.6 else "en"))
        # Bulk inserts with RETURNING keep 10,000 contacts well under the 30 s budget.
        ids = insert_rows(session, Contact, rows, key="external_id")
        week_batch = WeekBatch()
        for contact_id, row, (touchpoint, language) in zip(ids, rows, plans, strict=True):
            contact = ContactRef(contact_id, row)
            plan_contact(
                week_batch, rng, versions, by_key, config, contact, touchpoint, language, counts
            )
        week_batch.write(session, config, counts)
        progress(volume)

    founding = founding_story(session, by_key, config, counts, seed)
    improvement_actions(session, by_key, story_end)
    session.commit()
    return DemoResult(
        contacts=contacts,
        responses=counts["responses"],
        complaints=counts["complaints"],
        feedback_items=counts["feedback"],
        cases=counts["cases"],
        seconds=time.perf_counter() - started,
        logins=logins,
        founding_reference=founding,
        founding_secret=founding_secret(seed),
    )
