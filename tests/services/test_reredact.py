"""`voxloop redact --all`: stored text redacted again with today's rules, and the theme
engine gets the new text."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from app.models import Answer, FeedbackItem, Segment
from app.services import reredact, theme_runs

OLD = "Die Abholung war unmöglich. Beste Grüße, Karin Vogel"


def _old_item(session) -> FeedbackItem:
    """An item stored before names were redacted, already segmented."""
    item = FeedbackItem(source="import", text=OLD, occurred_at=datetime(2025, 11, 28, tzinfo=UTC),
                        language="de")  # fmt: skip
    session.add(item)
    session.commit()
    theme_runs.segment_pending(session=session)
    return item


def test_names_missed_before_are_redacted_and_segmented_again(session):
    item = _old_item(session)
    untouched = FeedbackItem(source="import", text="Schnelle Lieferung, danke.", language="de",
                             occurred_at=datetime(2025, 11, 28, tzinfo=UTC))  # fmt: skip
    session.add(untouched)
    session.commit()
    theme_runs.segment_pending(session=session)
    assert any("Vogel" in s.text for s in session.exec(select(Segment)))
    report = reredact.redact_all(session=session)
    assert (report.items_checked, report.items_changed) == (2, 1)
    session.refresh(item)
    assert "Vogel" not in item.text and "[NAME]" in item.text and item.processed_at is None
    assert session.get(FeedbackItem, untouched.id).processed_at is not None
    theme_runs.segment_pending(session=session)
    texts = [s.text for s in session.exec(select(Segment).where(
        Segment.feedback_item_id == item.id))]  # fmt: skip
    assert texts and all("Vogel" not in t for t in texts)
    assert reredact.redact_all(session=session).items_changed == 0  # idempotent


def test_answers_are_redacted_again(session):
    from app.services.responses import submit
    from tests.services.test_responses import CONFIG, make_invitation

    # Stored unredacted, as before the rule for originals (or with originals kept).
    submit(session=session, config={**CONFIG, "KEEP_ORIGINAL_TEXT": True},
           token=make_invitation(session),
           answers={"nps": "3", "comment": OLD}, language="de")  # fmt: skip
    kept = reredact.redact_all(session=session, keep_original=True)
    assert kept.answers_changed == 0  # originals kept on purpose stay
    assert reredact.redact_all(session=session).answers_changed == 1
    answer = session.exec(select(Answer).where(Answer.question_key == "comment")).one()
    assert "Vogel" not in answer.value_text


def test_command(runner, session):
    _old_item(session)
    result = runner.invoke(args=["redact", "--all"])
    assert result.exit_code == 0 and "1 of 1 feedback items changed" in result.output
    assert runner.invoke(args=["redact"]).exit_code != 0  # --all is required
