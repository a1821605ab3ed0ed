"""Redaction applied again to what is stored, after the rules improved (``voxloop redact --all``).

Each feedback item is redacted again from its kept original when there is one, else from
its stored text (redacting redacted text finds what the older rules missed and changes
nothing else). An item whose text changes loses its segments and goes back to the theme
engine's queue, so the next theme run segments, embeds and assigns the new text; survey
answers stored redacted are redacted again the same way. Complaint descriptions stay
verbatim for the agent (see the README's rule for originals).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session, select

from app.models import Answer, FeedbackItem, Segment
from app.progress import no_progress
from ml.redact import redact

BATCH = 500


@dataclass
class RedactReport:
    items_checked: int = 0
    items_changed: int = 0
    answers_changed: int = 0

    def describe(self) -> str:
        return (f"Redacted again: {self.items_changed} of {self.items_checked} feedback items "
                f"changed (queued for the next theme run), {self.answers_changed} survey "
                "answers changed.")  # fmt: skip


def redact_all(
    *,
    session: Session,
    keep_original: bool = False,
    progress: Callable[[int], None] = no_progress,
) -> RedactReport:
    """Redact every stored feedback item (and, without kept originals, every answer) again."""
    report = RedactReport()
    last = 0
    while True:
        items = list(session.exec(select(FeedbackItem).where(FeedbackItem.id > last)
                                  .order_by(FeedbackItem.id).limit(BATCH)))  # fmt: skip
        if not items:
            break
        last = items[-1].id
        changed = []
        for item in items:
            result = redact(item.text_original or item.text)
            if result.text != item.text:
                item.text = result.text
                item.redactions = max(item.redactions, len(result.spans))
                item.processed_at = None  # segmented, embedded and themed again
                session.add(item)
                changed.append(item.id)
        if changed:
            session.exec(delete(Segment).where(Segment.feedback_item_id.in_(changed)))
        session.commit()
        report.items_checked += len(items)
        report.items_changed += len(changed)
        progress(len(items))
    if not keep_original:
        last = 0
        while True:
            answers = list(session.exec(
                select(Answer).where(Answer.id > last, Answer.value_text.is_not(None))
                .order_by(Answer.id).limit(BATCH)))  # fmt: skip
            if not answers:
                break
            last = answers[-1].id
            for answer in answers:
                cleaned = redact(answer.value_text).text
                if cleaned != answer.value_text:
                    answer.value_text = cleaned
                    session.add(answer)
                    report.answers_changed += 1
            session.commit()
    return report
