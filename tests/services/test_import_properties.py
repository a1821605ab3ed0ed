"""Properties of the CSV import on generated files: no crash on any bytes, and every valid
feedback row comes back, with its text exactly as a single submission would store it."""

from __future__ import annotations

import csv
import io
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import delete, select

from app.models import FeedbackItem
from app.models.base import utcnow
from app.services.feedback import item_values
from app.services.imports import (
    FEEDBACK_FIELDS,
    ImportFileError,
    import_feedback,
    read_contacts_csv,
    read_feedback_csv,
)

# The fixtures give one database per test; every example cleans up after itself.
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_files = itertools.count()

# Feedback as customers type it: any printable text, with the delimiters, quotes and line
# breaks a CSV has to quote (lone surrogates cannot be written as UTF-8 at all).
TEXTS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200
).filter(lambda text: item_values(text, source="import", occurred_at=utcnow()) is not None)
DELIMITERS = st.sampled_from([",", ";", "\t"])


def _write(tmp_path, content: bytes):
    path = tmp_path / f"upload-{next(_files)}.csv"
    path.write_bytes(content)
    return path


@PROPERTY
@given(content=st.binary(max_size=600))
def test_any_bytes_are_read_or_refused_with_a_message(tmp_path, content):
    path = _write(tmp_path, content)
    for reader in (read_feedback_csv, read_contacts_csv):
        try:
            table = reader(path)
        except ImportFileError as exc:
            assert str(path) in str(exc)
        else:
            assert all(row.number >= 2 for row in table.rows)


@PROPERTY
@given(
    header=st.lists(st.sampled_from(FEEDBACK_FIELDS), min_size=1, max_size=4, unique=True),
    cells=st.lists(st.lists(st.text(max_size=30), max_size=5), max_size=6),
    delimiter=DELIMITERS,
)
def test_any_table_under_a_known_header_is_read_or_refused(tmp_path, header, cells, delimiter):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(cells)
    path = _write(tmp_path, out.getvalue().encode("utf-8", "surrogatepass"))
    try:
        table = read_feedback_csv(path)
    except ImportFileError as exc:
        assert str(path) in str(exc)
    else:
        assert set(table.columns) == set(header)


@PROPERTY
@given(
    texts=st.lists(TEXTS, min_size=1, max_size=8),
    delimiter=DELIMITERS,
    bom=st.booleans(),
    crlf=st.booleans(),
)
def test_every_valid_row_comes_back(session, app, tmp_path, texts, delimiter, bom, crlf):
    out = io.StringIO(newline="")
    # Python's writer leaves a lone CR unquoted under an LF terminator; quote everything then.
    writer = csv.writer(
        out,
        delimiter=delimiter,
        lineterminator="\r\n" if crlf else "\n",
        quoting=csv.QUOTE_MINIMAL if crlf else csv.QUOTE_ALL,
    )
    writer.writerow(["external_id", "text"])
    ids = [f"row-{number}" for number in range(len(texts))]
    writer.writerows(zip(ids, texts, strict=True))
    content = ("\ufeff" if bom else "") + out.getvalue()
    path = _write(tmp_path, content.encode("utf-8"))
    try:
        result = import_feedback(
            session=session, config=app.config, feedback=read_feedback_csv(path)
        )
        assert [(r.external_id, r.status) for r in result.reports] == [
            (external_id, "created") for external_id in ids
        ], [r.message for r in result.reports]
        stored = {item.external_id: item.text for item in session.exec(select(FeedbackItem)).all()}
        expected = {
            external_id: item_values(text, source="import", occurred_at=utcnow())["text"]
            for external_id, text in zip(ids, texts, strict=True)
        }
        assert stored == expected
        again = import_feedback(
            session=session, config=app.config, feedback=read_feedback_csv(path)
        )
        assert {r.status for r in again.reports} == {"duplicate"}
    finally:
        session.rollback()
        session.exec(delete(FeedbackItem))
        session.commit()
