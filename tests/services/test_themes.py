"""The theme pipeline on the database with the real model: human edits survive re-runs."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from app.demo import corpus as demo_corpus
from app.models import FeedbackItem, Segment, Theme, ThemeSignal, ThemeStatus
from app.services import theme_identity, theme_runs, themes
from app.services.feedback import build_item

TOPICS = ("delivery_options_missing", "staff_rude", "refund_slow", "checkout_error")
pytestmark = pytest.mark.slow


def _feed(session, rng, per_topic: int, start: datetime, weeks: int = 10) -> None:
    for topic in TOPICS:
        for n in range(per_topic):
            moment = start + timedelta(days=(n * 7 * weeks) // per_topic, hours=n % 24)
            language = "en" if n % 3 else "de"
            text = demo_corpus.compose_comment(rng, topic, language)
            session.add(build_item(text, source="import", occurred_at=moment, language=language))
    session.commit()


def _theme_of_topic(session, topic: str) -> Theme:
    """The theme holding most segments written for ``topic`` (by its phrasing keywords)."""
    marker = {"delivery_options_missing": "pick", "staff_rude": "rude", "refund_slow": "refund",
              "checkout_error": "payment"}[topic]  # fmt: skip
    counts: dict[int, int] = {}
    for segment in session.exec(select(Segment).where(Segment.theme_id.is_not(None))):
        if marker in segment.text.lower():
            counts[segment.theme_id] = counts.get(segment.theme_id, 0) + 1
    return session.get(Theme, max(counts, key=counts.get))


@pytest.fixture
def themed(app, session):
    rng = random.Random(5)
    _feed(session, rng, 40, datetime(2025, 9, 1, tzinfo=UTC))
    summary = theme_runs.run(session=session, config=app.config, full=True)
    assert summary.themes >= 3 and summary.unassigned_fraction <= 0.2
    return rng


def test_pipeline_segments_embeds_and_clusters(app, session, themed):
    items = session.exec(select(FeedbackItem)).all()
    assert all(item.processed_at is not None for item in items)
    segments = session.exec(select(Segment)).all()
    assert len(segments) >= len(items)
    assert all(s.embedding is not None and len(s.embedding) == 384 * 4 for s in segments)
    labelled = session.exec(select(Theme).where(Theme.size > 0)).all()
    assert all(2 <= len(t.label_auto.split()) <= 4 for t in labelled)
    # One weekly signal row per theme holding segments, for every week of the window.
    held = {s.theme_id for s in segments if s.theme_id is not None}
    signals = session.exec(select(ThemeSignal)).all()
    assert {s.theme_id for s in signals} == held
    assert len(signals) == theme_identity.SIGNAL_WEEKS * len(held)


def test_same_text_is_embedded_once(app, session, themed):
    again = session.exec(select(FeedbackItem).where(FeedbackItem.language == "en")).first()
    copy = build_item(again.text, source="import", occurred_at=again.occurred_at)
    session.add(copy)
    session.commit()
    summary = theme_runs.run(session=session, config=app.config)
    assert summary.mode == "incremental"
    assert summary.new_segments >= 1 and summary.embedded == 0 and summary.reused_embeddings >= 1

    # Between full runs a segment joins by the full fit's own rule: the copy lands where
    # the full run put the original.
    def themes_of(item_id):
        rows = select(Segment).where(Segment.feedback_item_id == item_id).order_by(Segment.position)
        return [s.theme_id for s in session.exec(rows)]

    assert themes_of(copy.id) == themes_of(again.id)


def test_human_edits_survive_a_rerun(app, session, themed):
    delivery = _theme_of_topic(session, "delivery_options_missing")
    rude = _theme_of_topic(session, "staff_rude")
    refund = _theme_of_topic(session, "refund_slow")
    checkout = _theme_of_topic(session, "checkout_error")
    assert len({delivery.id, rude.id, refund.id, checkout.id}) == 4
    themes.rename(session=session, theme_id=delivery.id, name="Delivery options missing")
    themes.set_status(session=session, theme_id=delivery.id, status=ThemeStatus.IN_ACTION)
    themes.dismiss(session=session, theme_id=checkout.id)
    themes.merge(session=session, source_ids=[refund.id], target_id=rude.id)
    themes.rename(session=session, theme_id=rude.id, name="Service problems")

    _feed(session, themed, 15, datetime(2025, 11, 10, tzinfo=UTC), weeks=3)
    theme_runs.run(session=session, config=app.config, full=True)
    session.expire_all()

    delivery = session.get(Theme, delivery.id)
    assert (delivery.name, delivery.status) == ("Delivery options missing", ThemeStatus.IN_ACTION)
    assert _theme_of_topic(session, "delivery_options_missing").id == delivery.id
    assert session.get(Theme, checkout.id).status == ThemeStatus.DISMISSED
    assert _theme_of_topic(session, "checkout_error").id == checkout.id
    assert session.get(Theme, refund.id).merged_into_id == rude.id
    merged = session.get(Theme, rude.id)
    assert merged.name == "Service problems" and merged.pinned
    assert _theme_of_topic(session, "refund_slow").id == rude.id  # the merge held
    assert _theme_of_topic(session, "staff_rude").id == rude.id
    kinds = [event.kind for event in themes.history(session=session, theme_id=delivery.id)]
    assert kinds[:1] == ["created"] and "renamed" in kinds and "matched" in kinds


def test_split_creates_a_pinned_named_theme_that_survives(app, session, themed):
    rude = _theme_of_topic(session, "staff_rude")
    members = session.exec(select(Segment).where(Segment.theme_id == rude.id)).all()
    chosen = [s.id for s in members[: len(members) // 2]]
    offspring = themes.split(
        session=session, theme_id=rude.id, segment_ids=chosen, name="Unfreundlich"
    )
    theme_runs.run(session=session, config=app.config, full=True)
    session.expire_all()
    assert session.get(Theme, offspring.id).name == "Unfreundlich"
    assert session.get(Theme, offspring.id).size > 0 and session.get(Theme, rude.id).size > 0
