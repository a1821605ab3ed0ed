"""default touchpoints of the customer journey

A fresh install needs the standard journey so the complaint form and the API can name
where something happened; administrators can rename or deactivate them later.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept here, not imported from the app: a migration must not change when app code does.
TOUCHPOINTS = (
    ("website_order", "Website order", "Bestellung im Webshop"),
    ("delivery", "Delivery", "Lieferung"),
    ("pickup", "Pick-up", "Abholung"),
    ("phone_support", "Phone support", "Telefon-Support"),
    ("returns", "Returns", "Rücksendung"),
)
touchpoint = sa.table(
    "touchpoint",
    sa.column("key", sa.String),
    sa.column("name_en", sa.String),
    sa.column("name_de", sa.String),
    sa.column("position", sa.Integer),
    sa.column("active", sa.Boolean),
)


def upgrade() -> None:
    existing = {row[0] for row in op.get_bind().execute(sa.select(touchpoint.c.key))}
    rows = [
        {"key": key, "name_en": en, "name_de": de, "position": position, "active": True}
        for position, (key, en, de) in enumerate(TOUCHPOINTS)
        if key not in existing
    ]
    if rows:
        op.bulk_insert(touchpoint, rows)


def downgrade() -> None:
    # The rows fit revision 0001's schema too, and contacts may point at them: keep them.
    pass
