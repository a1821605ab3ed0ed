"""Exports: formulas neutralised, XLSX round-trips, personal data left out, filters."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from app import demo
from app.models import (
    ActionTheme,
    Complaint,
    ContactEmail,
    FeedbackItem,
    FollowUpCase,
    ImprovementAction,
    Response,
    Segment,
    Theme,
)
from app.services import exports, feedback

# Cells a spreadsheet would run as a formula, or trim into one.
CORPUS = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    '=HYPERLINK("http://x")',
    " =1+1",
    "=cmd|' /C calc'!A0",
]
UMLAUTS = "Größe passt nicht, Lieferung über Weihnachten"


def _csv(name, session, **filters) -> list[list[str]]:
    data = b"".join(exports.csv_chunks(name, session=session, **filters))
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline="")))


def _xlsx(name, session, **filters) -> list[tuple]:
    buffer = io.BytesIO()
    exports.write_xlsx(name, buffer, session=session, **filters)
    buffer.seek(0)
    sheet = load_workbook(buffer, read_only=True)[name]
    table = list(sheet.iter_rows(values_only=True))
    # An empty cell is not written at all, so a row may end early.
    return [row + (None,) * (len(table[0]) - len(row)) for row in table]


def _column(table, name) -> list:
    index = list(table[0]).index(name)
    return [row[index] for row in table[1:]]


@pytest.fixture
def hostile(session):
    """Every corpus value as a comment, a theme name and an action title."""
    moment = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    themes = []
    for i, value in enumerate(CORPUS):
        item = FeedbackItem(source="import", text=value, occurred_at=moment, language="en")
        theme = Theme(name=value, label_auto=f"auto {i}", size=1)
        action = ImprovementAction(title=value, problem=value)
        session.add_all([item, theme, action])
        session.flush()
        session.add(Segment(feedback_item_id=item.id, text=value, text_hash=f"h{i}",
                            theme_id=theme.id, occurred_at=moment))  # fmt: skip
        session.add(ActionTheme(action_id=action.id, theme_id=theme.id))
        themes.append(theme)
    session.commit()
    return themes


def _neutralised(value) -> bool:
    # XML turns a carriage return into a line feed, so an XLSX gives "\r=1" back as "\n=1".
    return (
        isinstance(value, str)
        and value.startswith("'")
        and (value[1:] in CORPUS or value[1:].replace("\n", "\r") in CORPUS)
    )


HOSTILE_COLUMNS = [("feedback", "text"), ("feedback", "themes"), ("themes", "name"),
                   ("actions", "title"), ("actions", "problem"), ("actions", "themes")]  # fmt: skip


@pytest.mark.parametrize("kind,column", HOSTILE_COLUMNS)
def test_formula_corpus_is_neutralised_in_csv_and_xlsx(session, hostile, kind, column):
    for table in (_csv(kind, session), _xlsx(kind, session)):
        values = _column(table, column)
        assert len(values) == len(CORPUS)
        assert [v for v in values if not _neutralised(v)] == []
        # Nothing else in the file starts a formula either.
        for row in table:
            for cell in row:
                if isinstance(cell, str):
                    assert not cell.lstrip().startswith(("=", "+", "-", "@")), cell


def test_xlsx_keeps_formulas_out_of_the_sheet(session, hostile):
    buffer = io.BytesIO()
    exports.write_xlsx("themes", buffer, session=session)
    buffer.seek(0)
    sheet = load_workbook(buffer)["themes"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_round_trips_numbers_dates_and_umlauts(session):
    moment = datetime(2026, 11, 24, 9, 30, 15, tzinfo=UTC)
    session.add(FeedbackItem(source="import", text=UMLAUTS, occurred_at=moment, language="de",
                             score_kind="csat", score=2, redactions=1))  # fmt: skip
    session.add(ImprovementAction(title="Lieferung für alle PCs", target_value=0.25,
                                  due_date=date(2026, 12, 24)))  # fmt: skip
    session.commit()

    feedback = dict(zip(*_xlsx("feedback", session), strict=True))
    assert feedback["text"] == UMLAUTS
    assert feedback["score"] == 2 and isinstance(feedback["score"], int)
    assert feedback["occurred_at"] == moment.replace(tzinfo=None)  # a date cell, in UTC
    assert feedback["score_kind"] == "csat"
    assert feedback["complaint_reference"] is None

    action = dict(zip(*_xlsx("actions", session), strict=True))
    assert action["title"] == "Lieferung für alle PCs"
    assert action["target_value"] == 0.25
    assert action["due_date"].date() == date(2026, 12, 24)

    csv_row = dict(zip(*_csv("feedback", session), strict=True))
    assert csv_row["text"] == UMLAUTS
    assert csv_row["occurred_at"] == "2026-11-24T09:30:15Z"
    assert csv_row["score"] == "2"


def test_demo_data_exports_every_kind_without_personal_data(session):
    result = demo.seed(session=session, seed=4, contacts=400, weeks=12, create_logins=False)
    secrets = set(session.exec(select(ContactEmail.email)))
    for complaint in session.exec(select(Complaint)):
        secrets |= {complaint.contact_email, complaint.contact_phone, complaint.accessibility_needs}
    # What customers typed where redaction changed it (also kept as text_original, if on).
    for item in session.exec(select(FeedbackItem).where(FeedbackItem.redactions > 0)):
        original = item.text_original or (
            session.get(Complaint, item.complaint_id).description if item.complaint_id else None
        )
        secrets.add(original)
    # A comment whose original the operator keeps (KEEP_ORIGINAL_TEXT): only admins see it.
    original = "Ruft mich an: 0171 2345678 oder erika.muster@example.net, Frau Muster"
    kept = feedback.build_item(original, source="import", keep_original=True,
                               occurred_at=datetime(2026, 1, 5, tzinfo=UTC))  # fmt: skip
    session.add(kept)
    session.commit()
    secrets |= {original, "0171 2345678", "erika.muster@example.net", "Muster"}
    secrets.discard(None)

    counts = {}
    for kind in exports.KINDS:
        csv_table = _csv(kind, session)
        xlsx_table = _xlsx(kind, session)
        assert csv_table[0] == list(exports.KINDS[kind].columns)
        assert len(csv_table) == len(xlsx_table)
        counts[kind] = len(csv_table) - 1
        text = "\n".join(",".join(row) for row in csv_table)
        for secret in secrets:
            assert secret not in text, (kind, secret)
        assert "@example" not in text and "@shop" not in text
    assert counts["responses"] == result.responses
    assert counts["feedback"] == result.feedback_items + 1
    assert kept.text in _column(_csv("feedback", session), "text")
    assert counts["cases"] == result.cases
    # A response's redacted comments are in its row.
    item = session.exec(select(FeedbackItem).where(FeedbackItem.response_id.is_not(None))).first()
    responses = _csv("responses", session)
    row = next(r for r in responses[1:] if r[0] == str(item.response_id))
    assert item.text in row[-1]


def test_case_outcome_and_comment_are_redacted(session):
    result = demo.seed(session=session, seed=4, contacts=400, weeks=12, create_logins=False)
    assert result.cases
    case = session.exec(select(FollowUpCase).order_by(FollowUpCase.id)).first()
    case.outcome = "Called back on +49 171 2345678, mail anna@example.com; sorted."
    session.add(case)
    session.commit()
    row = dict(zip(*_csv("cases", session)[:2], strict=True))
    assert "2345678" not in row["outcome"] and "anna@example.com" not in row["outcome"]
    assert "[PHONE]" in row["outcome"] and "[EMAIL]" in row["outcome"]
    if case.response_id:
        comments = session.exec(
            select(FeedbackItem.text).where(FeedbackItem.response_id == case.response_id)
        ).all()
        assert all(c in row["comments"] for c in comments)


def test_since_and_until_are_days_included(session):
    for day in (1, 2, 3, 4):
        moment = datetime(2026, 11, day, 23, 59, tzinfo=UTC)
        session.add(FeedbackItem(source="import", text=f"day {day}", occurred_at=moment))
    session.commit()
    table = _csv("feedback", session, since=date(2026, 11, 2), until=date(2026, 11, 3))
    assert _column(table, "text") == ["day 2", "day 3"]
    assert len(_xlsx("feedback", session, since=date(2026, 11, 4))) == 2


def test_bad_requests_are_refused_before_any_row(session):
    with pytest.raises(exports.BadExport):
        exports.rows("contacts", session=session)
    with pytest.raises(exports.BadExport):
        exports.csv_chunks("feedback", session=session, since=date(2026, 2, 1),
                           until=date(2026, 1, 1))  # fmt: skip
    with pytest.raises(exports.BadExport):
        exports.write("feedback", "ods", io.BytesIO(), session=session)


def test_empty_exports_have_their_header(session):
    assert _csv("cases", session) == [list(exports.KINDS["cases"].columns)]
    assert _xlsx("cases", session) == [exports.KINDS["cases"].columns]


def test_csv_streams_in_chunks(session):
    now = datetime(2026, 11, 1, tzinfo=UTC)
    session.add_all(
        FeedbackItem(source="import", text=f"comment {i}", occurred_at=now + timedelta(minutes=i))
        for i in range(exports.CHUNK_ROWS * 2 + 5)
    )
    session.commit()
    chunks = list(exports.csv_chunks("feedback", session=session))
    assert len(chunks) == 3
    assert all(not c.startswith("\ufeff".encode()) for c in chunks[1:])
    assert session.exec(select(Response)).first() is None
