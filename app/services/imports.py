"""Bulk imports from CSV files, row by row through the same use cases as the API."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from sqlmodel import Session, select

from app.models import CHANNELS, FeedbackItem, FeedbackSource
from app.models.base import utcnow
from app.progress import Progress, no_progress
from app.services import DomainError, touchpoints
from app.services.feedback import build_item
from app.services.invitations import (
    CONTACT_FIELDS,
    REQUIRED_FIELDS,
    ContactValidationError,
    create_contact,
)
from app.services.spreadsheet import safe_row

REPORT_COLUMNS = ("row", "external_id", "status", "message", "survey_url")
STATUSES = ("created", "recently_invited", "duplicate", "error")


class ImportFileError(DomainError):
    """The file as a whole cannot be imported; the message names the problem and the fix."""


@dataclass(frozen=True)
class CsvRow:
    number: int  # as a spreadsheet shows it: the header is row 1
    cells: dict[str, str]  # the non-empty cells by column
    problem: str = ""  # what makes the row unreadable as a whole


@dataclass(frozen=True)
class CsvFile:
    """A readable CSV: its header, checked against the import's fields, and its data rows."""

    path: Path
    columns: tuple[str, ...]
    rows: list[CsvRow]


FEEDBACK_FIELDS = (
    "text", "external_id", "occurred_at", "touchpoint", "channel", "language", "score",
    "score_kind",
)  # fmt: skip
FEEDBACK_REQUIRED = ("text",)
SCORE_KINDS = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}


@dataclass(frozen=True)
class RowReport:
    row: int
    external_id: str
    status: str
    message: str = ""
    survey_url: str = ""


@dataclass
class ImportResult:
    reports: list[RowReport] = field(default_factory=list)
    dry_run: bool = False

    @property
    def counts(self) -> Counter[str]:
        return Counter(report.status for report in self.reports)

    def summary(self) -> str:
        """One line for the operator, e.g. ``12 rows: 9 created, 1 duplicate, 2 error``."""
        counts = self.counts
        parts = ", ".join(f"{counts[status]} {status}" for status in STATUSES)
        prefix = "Dry run, nothing written" if self.dry_run else "Imported"
        return f"{prefix}: {len(self.reports)} rows: {parts}."


def read_contacts_csv(path: Path) -> CsvFile:
    """Read and check a contacts CSV; see :func:`read_csv`."""
    return read_csv(path, CONTACT_FIELDS, REQUIRED_FIELDS)


def read_feedback_csv(path: Path) -> CsvFile:
    """Read and check a feedback CSV (a ``text`` column, optional metadata)."""
    return read_csv(path, FEEDBACK_FIELDS, FEEDBACK_REQUIRED)


def read_csv(path: Path, fields: tuple[str, ...], required: tuple[str, ...]) -> CsvFile:
    """Read and check a CSV (UTF-8, with or without BOM; comma, semicolon or tab).

    Raises:
        ImportFileError: the file is unreadable, not UTF-8, empty, or its header lacks a
            required column or has an unknown or repeated one.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read it ({exc.strerror}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}). Save it as "
            "UTF-8, e.g. in Excel as 'CSV UTF-8', or convert it with "
            "`iconv -f latin1 -t utf-8`."
        ) from None
    header_line = text.split("\n", 1)[0]
    if not header_line.strip():
        raise ImportFileError(f"{path}: the first line must be a header naming the columns.")
    # Only the delimiter is sniffed, from the header: quoting follows the spreadsheets'
    # (Excel) rules, where a quote inside a quoted cell is doubled. A header has no quotes
    # to learn that from, and the sniffed dialect would read '""' as two quotes.
    try:
        delimiter = csv.Sniffer().sniff(header_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    columns = tuple(name.strip() for name in next(reader))
    _check_columns(path, columns, fields, required)
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {c: v for c, v in zip(columns, cells, strict=False) if v.strip()}
        problem = ""
        if len(cells) > len(columns):
            problem = (
                f"The row has {len(cells)} cells but the header {len(columns)} columns; "
                "quote values that contain the delimiter."
            )
        rows.append(CsvRow(number, values, problem))
    return CsvFile(path=path, columns=columns, rows=rows)


def _check_columns(
    path: Path, columns: tuple[str, ...], fields: tuple[str, ...], required: tuple[str, ...]
) -> None:
    known = ", ".join(fields)
    missing = [name for name in required if name not in columns]
    if missing:
        raise ImportFileError(
            f"{path}: required column {', '.join(missing)} is missing; the header must name "
            f"{', '.join(required)} (optional: "
            f"{', '.join(c for c in fields if c not in required)})."
        )
    unknown = [name for name in columns if name not in fields]
    if unknown:
        raise ImportFileError(
            f"{path}: unknown column {', '.join(map(repr, unknown))}; the columns are {known}."
        )
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if repeated:
        raise ImportFileError(f"{path}: column {', '.join(repeated)} appears twice.")


@contextmanager
def _rolled_back(session: Session) -> Iterator[Session]:
    """A session whose commits are savepoints in one transaction that is rolled back.

    A dry run thus takes exactly the real path — duplicates within the file and the
    frequency rule included — and leaves no trace.
    """
    with session.get_bind().connect() as connection:
        transaction = connection.begin()
        try:
            with Session(
                bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
            ) as dry:
                yield dry
        finally:
            transaction.rollback()


def _message(exc: DomainError) -> str:
    if isinstance(exc, ContactValidationError):
        return " ".join(f"{name}: {problem}" for name, problem in exc.fields.items())
    return str(exc)


def import_contacts(
    *,
    session: Session,
    config: Mapping[str, Any],
    contacts: CsvFile,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportResult:
    """Record each row as a contact (inviting as the API does); bad rows don't stop good ones.

    Every row is its own use case and commits on its own, so an interrupted import can be
    run again: rows already in are reported as ``duplicate``.

    Args:
        session: the database session.
        config: the app configuration.
        contacts: the checked file from :func:`read_contacts_csv`.
        dry_run: check and report every row, then roll everything back.
        progress: called with the number of rows done since the last call.
    """
    return _each_row(session, contacts, dry_run, progress, partial(_import_row, config=config))


def _each_row(
    session: Session,
    table: CsvFile,
    dry_run: bool,
    progress: Progress,
    import_row: Callable[..., RowReport],
) -> ImportResult:
    """Run ``import_row`` on every row, inside a rolled-back transaction for a dry run."""
    result = ImportResult(dry_run=dry_run)
    with _rolled_back(session) if dry_run else _as_is(session) as target:
        for row in table.rows:
            result.reports.append(import_row(target, row, dry_run=dry_run))
            progress(1)
    return result


def _import_row(
    session: Session, row: CsvRow, *, config: Mapping[str, Any], dry_run: bool
) -> RowReport:
    external_id = row.cells.get("external_id", "").strip()
    if row.problem:
        return RowReport(row.number, external_id, "error", row.problem)
    try:
        outcome = create_contact(session=session, config=config, data=row.cells, via="import")
    except DomainError as exc:
        session.rollback()  # ends the row's transaction (and releases SQLite's write lock)
        return RowReport(row.number, external_id, "error", _message(exc))
    url = "" if dry_run else outcome.survey_url or ""
    return RowReport(row.number, external_id, outcome.reason or "created", "", url)


def import_feedback(
    *,
    session: Session,
    config: Mapping[str, Any],
    feedback: CsvFile,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportResult:
    """Record each row's text as a feedback item for the theme engine (redacted on the way).

    Rows with an ``external_id`` already imported are reported as ``duplicate``, so the
    same export can be imported again safely.
    """
    row_import = partial(_import_feedback_row, config=config)
    return _each_row(session, feedback, dry_run, progress, row_import)


def _import_feedback_row(
    session: Session, row: CsvRow, *, config: Mapping[str, Any], dry_run: bool
) -> RowReport:
    external_id = row.cells.get("external_id", "").strip()
    if row.problem:
        return RowReport(row.number, external_id, "error", row.problem)
    try:
        fields = _feedback_fields(session, row.cells)
    except DomainError as exc:
        return RowReport(row.number, external_id, "error", str(exc))
    if (
        external_id
        and session.exec(
            select(FeedbackItem.id).where(FeedbackItem.external_id == external_id)
        ).first()
    ):
        return RowReport(row.number, external_id, "duplicate")
    item = build_item(
        row.cells.get("text", ""), source=FeedbackSource.IMPORT, external_id=external_id or None,
        keep_original=bool(config.get("KEEP_ORIGINAL_TEXT")), **fields,
    )  # fmt: skip
    if item is None:
        return RowReport(row.number, external_id, "error", "text: is empty.")
    session.add(item)
    session.commit()
    return RowReport(row.number, external_id, "created")


def _feedback_fields(session: Session, cells: dict[str, str]) -> dict[str, Any]:
    """Check a row's optional columns; raise DomainError naming the column and the fix."""
    fields: dict[str, Any] = {"occurred_at": utcnow()}
    if value := cells.get("occurred_at", "").strip():
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise DomainError(f"occurred_at: {value!r} is not an ISO 8601 date.") from None
        fields["occurred_at"] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if value := cells.get("touchpoint", "").strip():
        fields["touchpoint_id"] = touchpoints.by_key(session=session, key=value).id
    if value := cells.get("channel", "").strip():
        if value not in CHANNELS:
            raise DomainError(f"channel: {value!r} is not one of {', '.join(CHANNELS)}.")
        fields["channel"] = value
    if value := cells.get("language", "").strip():
        if value not in ("de", "en"):
            raise DomainError(f"language: {value!r} is not de or en.")
        fields["language"] = value
    kind, score = cells.get("score_kind", "").strip(), cells.get("score", "").strip()
    if score or kind:
        if kind not in SCORE_KINDS or not score.lstrip("-").isdigit():
            raise DomainError("score, score_kind: give both, e.g. 2 and csat (csat, nps or ces).")
        low, high = SCORE_KINDS[kind]
        if not low <= int(score) <= high:
            raise DomainError(f"score: {score} is outside the {kind} scale {low}–{high}.")
        fields.update(score=int(score), score_kind=kind)
    return fields


@contextmanager
def _as_is(session: Session) -> Iterator[Session]:
    yield session


def write_report(result: ImportResult, out: TextIO) -> None:
    """Write the per-row report as CSV (columns: row, external_id, status, message, survey_url)."""
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: CR or LF in a cell gets quoted
    writer.writerow(REPORT_COLUMNS)
    for report in result.reports:
        writer.writerow(
            safe_row(
                [report.row, report.external_id, report.status, report.message, report.survey_url]
            )
        )
