"""The full-database scan: every text and JSON column of every table, searched for a
string — how erasure proves that nothing of a person is left, and how it finds the
mentions no foreign key leads to."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, or_
from sqlmodel import Session, SQLModel


def _text_columns() -> Iterator[tuple[sa.Table, sa.Column]]:
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(_stored_type(column), sa.String | sa.Text | sa.JSON):
                yield table, column


def _stored_type(column: sa.Column) -> sa.types.TypeEngine:
    """The type the database stores (SQLModel's AutoString wraps a String)."""
    kind = column.type
    return kind.impl_instance if isinstance(kind, sa.types.TypeDecorator) else kind


def _forms(needle: str) -> list[str]:
    """How a needle may be stored: as typed, and inside JSON (non-ASCII escaped)."""
    escaped = json.dumps(needle)[1:-1]
    return list(dict.fromkeys([needle.lower(), escaped.lower()]))


def _hits(session: Session, table: sa.Table, column: sa.Column, needle: str):
    text = sa.cast(column, sa.Text) if isinstance(_stored_type(column), sa.JSON) else column
    conditions = [
        func.lower(text).like("%" + form.replace("\\", "\\\\").replace("%", "\\%")
                              .replace("_", "\\_") + "%", escape="\\")
        for form in _forms(needle)
    ]  # fmt: skip
    return sa.select(*table.primary_key.columns, column).where(or_(*conditions))


def scan(*, session: Session, needles: Iterable[str]) -> list[tuple[str, str, int]]:
    """(table, column, rows) wherever any needle still appears, in every text column."""
    found = []
    needles = [n for n in needles if n]
    for table, column in _text_columns():
        for needle in needles:
            hits = _hits(session, table, column, needle).subquery()
            count = session.execute(sa.select(func.count()).select_from(hits)).scalar_one()
            if count:
                found.append((table.name, column.name, count))
    return found


def sweep(
    *,
    session: Session,
    needles: Iterable[str],
    text: Callable[[str], str],
    value: Callable[[Any], Any],
) -> Counter:
    """Rewrite every row where a needle still appears: ``text`` for text columns,
    ``value`` for JSON ones. Returns the rows changed per table (the caller commits)."""
    swept: Counter = Counter()
    needles = list(needles)
    for table, column in _text_columns():
        for needle in needles:
            rows = session.execute(_hits(session, table, column, needle)).all()
            for row in rows:
                *keys, old = row
                new = value(old) if isinstance(_stored_type(column), sa.JSON) else text(old)
                if new == old:
                    continue
                where = [c == k for c, k in zip(table.primary_key.columns, keys, strict=True)]
                session.execute(sa.update(table).where(*where).values({column.name: new}))
                swept[table.name] += 1
    return swept
