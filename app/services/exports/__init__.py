"""Exports of responses, feedback with themes, themes, actions and cases as CSV or XLSX.

Rows stream from the database in batches (``yield_per``; a server-side cursor on
PostgreSQL) and go straight to the writer, so an export of a million rows holds a few
thousand in memory, never all of them (``benchmarks/exports.py`` measures it).

What is exported, and what is not (see :mod:`app.services.exports.kinds`): comments are
the redacted text of feedback items; no e-mail address, phone number, accessibility need
or customer reference leaves the database this way. Every text cell goes through
:func:`app.services.spreadsheet.safe_cell`, so a cell a spreadsheet would run as a
formula (= + - @, tab or carriage return, also after leading spaces) starts with an
apostrophe instead. Times are UTC: ISO 8601 in CSV, date cells in XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlmodel import Session

from app.services import N_, DomainError
from app.services.exports.kinds import KINDS, Kind
from app.services.spreadsheet import safe_cell
from ml.redact import redact
from ml.text import normalize

__all__ = ["FORMATS", "KINDS", "BadExport", "csv_chunks", "parse_day", "rows", "write",
           "write_xlsx"]  # fmt: skip

FORMATS = ("csv", "xlsx")
BATCH = 5000
# Rows per CSV chunk handed to the web server or the file: large enough to be cheap,
# small enough that a chunk is a few hundred kilobytes.
CHUNK_ROWS = 1000
# An Excel sheet holds 1,048,576 rows; longer exports continue on a second sheet.
SHEET_ROWS = 1_048_575
# Excel refuses to open a file with a longer cell.
CELL_CHARS = 32_767
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class BadExport(DomainError):
    """An unknown kind or format, or a period that ends before it starts."""


def kind_for(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise BadExport(
            N_("There is no export %(name)s; choose one of %(kinds)s."),
            name=name,
            kinds=", ".join(KINDS),
        ) from None


def parse_day(text: str | None) -> date | None:
    """A ``since``/``until`` day from a URL or form (YYYY-MM-DD); None when empty."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadExport(
            N_("%(value)s is not a date; write it as YYYY-MM-DD, e.g. 2026-11-24."), value=text
        ) from None


def check(name: str, since: date | None = None, until: date | None = None) -> Kind:
    """The kind named ``name``, if it exists and the period is in order; else BadExport."""
    kind = kind_for(name)
    if since and until and until < since:
        raise BadExport(N_("The period ends before it starts."))
    return kind


def rows(
    name: str, *, session: Session, since: date | None = None, until: date | None = None
) -> Iterator[tuple]:
    """The export's rows as the database returns them, ``since`` and ``until`` included.

    The arguments are checked at once (:class:`BadExport`), before the first row is read,
    so a view can refuse a bad request before it starts streaming.

    Args:
        name: One of :data:`KINDS`.
        session: Read from this session; the rows stream in batches of :data:`BATCH`.
        since: First day (UTC) whose rows are included; None: from the beginning.
        until: Last day (UTC) whose rows are included; None: up to now.
    """
    kind = check(name, since, until)
    statement = kind.select()
    moment = kind.moment()
    if since:
        statement = statement.where(moment >= datetime.combine(since, time.min, UTC))
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min, UTC)
        statement = statement.where(moment < end)
    redacted = [i for i, column in enumerate(kind.columns) if column in kind.redact]
    return _stream(session, statement, redacted)


def _stream(session: Session, statement: Any, redacted: list[int]) -> Iterator[tuple]:
    for row in session.execute(statement.execution_options(yield_per=BATCH)):
        if redacted:
            row = list(row)
            for i in redacted:
                if row[i]:
                    row[i] = redact(normalize(row[i])).text
        yield tuple(row)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


def csv_chunks(
    name: str, *, session: Session, since: date | None = None, until: date | None = None
) -> Iterator[bytes]:
    """The export as RFC 4180 CSV in UTF-8 chunks, the first starting with a byte-order
    mark so spreadsheets read umlauts; header row first, lines end in CRLF."""
    source = rows(name, session=session, since=since, until=until)
    return _csv(KINDS[name].columns, source)


def _csv(columns: tuple[str, ...], source: Iterator[tuple]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(columns)
    for count, row in enumerate(source, start=1):
        writer.writerow([_csv_value(value) for value in row])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime):
        # Excel has no time zones: the naive UTC time (every export's times are UTC).
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:CELL_CHARS]
    return safe_cell(value)


def write_xlsx(
    name: str,
    target: str | IO[bytes],
    *,
    session: Session,
    since: date | None = None,
    until: date | None = None,
) -> int:
    """Write the export as an XLSX workbook to a path or binary file; return its row count.

    openpyxl's write-only mode streams each row to a temporary file as it is appended,
    so memory stays flat however many rows there are.
    """
    source = rows(name, session=session, since=since, until=until)
    kind = KINDS[name]
    workbook = Workbook(write_only=True)
    sheet = None
    count = 0
    for row in source:
        if count % SHEET_ROWS == 0:
            number = count // SHEET_ROWS + 1
            sheet = workbook.create_sheet(kind.name if number == 1 else f"{kind.name} {number}")
            sheet.append(kind.columns)
        sheet.append([_xlsx_value(value) for value in row])
        count += 1
    if sheet is None:
        workbook.create_sheet(kind.name).append(kind.columns)
    workbook.save(target)
    return count


def write(
    name: str,
    fmt: str,
    target: IO[bytes],
    *,
    session: Session,
    since: date | None = None,
    until: date | None = None,
) -> int:
    """Write the export in ``fmt`` (csv or xlsx) to a binary file and return its row
    count: what the CLI and the benchmark run."""
    if fmt not in FORMATS:
        raise BadExport(N_("There is no format %(name)s; choose csv or xlsx."), name=fmt)
    if fmt == "xlsx":
        return write_xlsx(name, target, session=session, since=since, until=until)
    count = 0

    def counted(source: Iterator[tuple]) -> Iterator[tuple]:
        nonlocal count
        for count, row in enumerate(source, start=1):  # noqa: B007 - read after the loop
            yield row

    source = rows(name, session=session, since=since, until=until)
    for chunk in _csv(KINDS[name].columns, counted(source)):
        target.write(chunk)
    return count
