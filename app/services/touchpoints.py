"""Touchpoints of the customer journey."""

from __future__ import annotations

import re

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Touchpoint
from app.services import N_, DomainError, NotFound, audit

DEFAULT_TOUCHPOINTS = (
    ("website_order", "Website order", "Bestellung im Webshop"),
    ("delivery", "Delivery", "Lieferung"),
    ("pickup", "Pick-up", "Abholung"),
    ("phone_support", "Phone support", "Telefon-Support"),
    ("returns", "Returns", "Rücksendung"),
)


def ensure_defaults(*, session: Session) -> dict[str, Touchpoint]:
    """Create the standard journey's touchpoints that are missing; return all by key."""
    existing = {tp.key: tp for tp in session.exec(select(Touchpoint))}
    for position, (key, name_en, name_de) in enumerate(DEFAULT_TOUCHPOINTS):
        if key not in existing:
            existing[key] = Touchpoint(key=key, name_en=name_en, name_de=name_de, position=position)
            session.add(existing[key])
    session.commit()
    return existing


def journey(*, session: Session) -> list[Touchpoint]:
    """The active touchpoints in journey order."""
    return list(
        session.exec(select(Touchpoint).where(Touchpoint.active).order_by(Touchpoint.position))
    )


def by_key(*, session: Session, key: str) -> Touchpoint:
    touchpoint = session.exec(select(Touchpoint).where(Touchpoint.key == key)).first()
    if touchpoint is None:
        known = ", ".join(tp.key for tp in journey(session=session))
        raise NotFound(f"Unknown touchpoint {key!r}; known: {known}.")
    return touchpoint


KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
MAX_SLA_HOURS = 24 * 90


def _clean(name_en: str, name_de: str, sla_hours: int | None) -> tuple[str, str, int | None]:
    name_en, name_de = " ".join((name_en or "").split()), " ".join((name_de or "").split())
    if not name_en or not name_de or len(name_en) > 120 or len(name_de) > 120:
        raise DomainError(N_("Give the touchpoint a name in English and in German "
                             "(at most 120 characters each)."))  # fmt: skip
    if sla_hours is not None and not 1 <= sla_hours <= MAX_SLA_HOURS:
        raise DomainError(N_("The follow-up time must be between 1 and %(max)s hours."),
                          max=MAX_SLA_HOURS)  # fmt: skip
    return name_en, name_de, sla_hours


def update_touchpoint(
    *, session: Session, touchpoint_id: int, name_en: str, name_de: str, position: int,
    sla_hours: int | None, active: bool, actor_id: int | None = None,
) -> Touchpoint:  # fmt: skip
    """Rename, reorder, set the follow-up time of, or retire a touchpoint (history stays)."""
    touchpoint = session.get(Touchpoint, touchpoint_id)
    if touchpoint is None:
        raise NotFound(N_("No touchpoint %(id)s."), id=touchpoint_id)
    name_en, name_de, sla_hours = _clean(name_en, name_de, sla_hours)
    before = touchpoint.model_dump(include={"name_en", "name_de", "position", "sla_hours",
                                            "active"})  # fmt: skip
    touchpoint.name_en, touchpoint.name_de = name_en, name_de
    touchpoint.position, touchpoint.sla_hours, touchpoint.active = position, sla_hours, active
    session.add(touchpoint)
    audit.record(session, "touchpoint.changed", actor_id=actor_id, object_type="touchpoint",
                 object_id=touchpoint.id, before=before)  # fmt: skip
    session.commit()
    return touchpoint


def create_touchpoint(
    *, session: Session, key: str, name_en: str, name_de: str, sla_hours: int | None = None,
    actor_id: int | None = None,
) -> Touchpoint:  # fmt: skip
    """Add a touchpoint at the end of the journey."""
    key = (key or "").strip().lower()
    if not KEY_PATTERN.match(key):
        raise DomainError(N_("The key is 2–40 lower-case letters, digits or _, starting with "
                             "a letter (it appears in the API and in URLs)."))  # fmt: skip
    if session.exec(select(Touchpoint).where(Touchpoint.key == key)).first():
        raise DomainError(N_("A touchpoint %(key)s exists already."), key=key)
    name_en, name_de, sla_hours = _clean(name_en, name_de, sla_hours)
    last = session.exec(select(func.max(Touchpoint.position))).one()
    touchpoint = Touchpoint(key=key, name_en=name_en, name_de=name_de, sla_hours=sla_hours,
                            position=(last or 0) + 1)  # fmt: skip
    session.add(touchpoint)
    session.flush()
    audit.record(session, "touchpoint.created", actor_id=actor_id, object_type="touchpoint",
                 object_id=touchpoint.id, key=key)  # fmt: skip
    session.commit()
    return touchpoint
