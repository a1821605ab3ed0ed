"""Importing free-text feedback from CSV: redacted, idempotent, with a per-row report."""

from sqlmodel import select

from app.models import FeedbackItem
from app.services import touchpoints

CSV = """text,external_id,occurred_at,touchpoint,channel,language,score,score_kind
"Only pick-up offered, mail anna@example.org",fb-1,2025-11-28T10:00+01:00,pickup,web,en,1,csat
Die Lieferung kam zwei Tage zu spät,fb-2,2025-11-29,delivery,email,,,
,fb-3,,,,,,
Fine,fb-4,yesterday,,,,,
Great,fb-5,,nowhere,,,,
Rude agent,fb-6,,,,,11,nps
"""


def test_import_feedback_command(runner, session, tmp_path):
    touchpoints.ensure_defaults(session=session)
    path = tmp_path / "feedback.csv"
    path.write_text(CSV, encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])  # the DESIGN contract: import FILE.csv
    assert result.exit_code == 1, result.output  # some rows failed, good ones are in
    report = result.stdout.splitlines()
    assert report[0] == "row,external_id,status,message,survey_url"
    statuses = {line.split(",")[1]: line.split(",")[2] for line in report[1:]}
    assert statuses == {"fb-1": "created", "fb-2": "created", "fb-3": "error",
                        "fb-4": "error", "fb-5": "error", "fb-6": "error"}  # fmt: skip
    assert "occurred_at" in result.stdout and "nowhere" in result.stdout and "nps" in result.stdout
    items = session.exec(select(FeedbackItem).order_by(FeedbackItem.id)).all()
    assert [i.external_id for i in items] == ["fb-1", "fb-2"]
    assert "[EMAIL]" in items[0].text and "anna@example.org" not in items[0].text
    assert (items[0].score, items[0].score_kind, items[0].channel) == (1, "csat", "web")
    assert items[1].language == "de"  # detected
    again = runner.invoke(args=["import", "feedback", str(path)])
    assert "fb-1,duplicate" in again.stdout
    assert len(session.exec(select(FeedbackItem)).all()) == 2


def test_dry_run_writes_nothing(runner, session, tmp_path):
    path = tmp_path / "feedback.csv"
    path.write_text("text\nToo slow\n", encoding="utf-8")
    result = runner.invoke(args=["import", "feedback", "--dry-run", str(path)])
    assert result.exit_code == 0 and "Dry run" in result.stderr
    assert session.exec(select(FeedbackItem)).all() == []


def test_missing_text_column_is_one_line(runner, tmp_path):
    path = tmp_path / "feedback.csv"
    path.write_text("comment\nToo slow\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1 and "required column text is missing" in result.output
