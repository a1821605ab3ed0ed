"""Touchpoints of the customer journey."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import Touchpoint
from app.services import NotFound

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
