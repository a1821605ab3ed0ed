"""Splitting a theme from the triage: engine proposal, fingerprint, and picking by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from sqlmodel import select

from app.models import FeedbackItem, Segment, Theme
from app.services import theme_split, themes

MOMENT = datetime(2025, 11, 25, tzinfo=UTC)


@pytest.fixture
def mixed_theme(session):
    """A theme mixing 'pick-up only' (20 segments) with 'late delivery' (10)."""
    rng = np.random.default_rng(3)
    theme = Theme(label_auto="Delivery", size=30)
    session.add(theme)
    session.flush()
    item = FeedbackItem(source="import", text="x", occurred_at=MOMENT, processed_at=MOMENT)
    session.add(item)
    session.flush()
    directions = np.eye(384, dtype=np.float32)
    texts = [("only pick-up offered at checkout", 0)] * 20 + [
        ("delivery came two weeks late", 1)
    ] * 10
    for position, (text, topic) in enumerate(texts):
        vector = directions[topic] + 0.05 * rng.standard_normal(384).astype(np.float32)
        vector /= np.linalg.norm(vector)
        session.add(Segment(feedback_item_id=item.id, position=position, text=f"{text} {position}",
                            text_hash=str(position), theme_id=theme.id, occurred_at=MOMENT,
                            embedding=vector.tobytes(), theme_similarity=0.8))  # fmt: skip
    session.commit()
    return theme


def test_proposal_finds_the_two_complaints(session, mixed_theme):
    proposal = theme_split.propose_split(session=session, theme_id=mixed_theme.id)
    assert [g.size for g in proposal.groups] == [20, 10]
    texts = {}
    for group in proposal.groups:
        members = session.exec(select(Segment).where(Segment.id.in_(group.segment_ids)))
        texts[group.index] = {s.text.rsplit(" ", 1)[0] for s in members}
    assert texts == {0: {"only pick-up offered at checkout"}, 1: {"delivery came two weeks late"}}
    assert proposal.groups[1].quotes and proposal.total == 30


def test_split_group_makes_a_named_pinned_theme(session, mixed_theme):
    proposal = theme_split.propose_split(session=session, theme_id=mixed_theme.id)
    offspring = theme_split.split_group(session=session, theme_id=mixed_theme.id, group=1,
                                        fingerprint=proposal.fingerprint, name="Late delivery",
                                        actor_id=None)  # fmt: skip
    session.refresh(mixed_theme)
    assert offspring.name == "Late delivery" and offspring.size == 10 and offspring.pinned
    assert mixed_theme.size == 20 and mixed_theme.pinned


def test_a_changed_theme_refuses_a_stale_proposal(session, mixed_theme):
    proposal = theme_split.propose_split(session=session, theme_id=mixed_theme.id)
    first = session.exec(select(Segment).order_by(Segment.id)).first()
    themes.split(session=session, theme_id=mixed_theme.id, segment_ids=[first.id], name="One")
    with pytest.raises(themes.ThemeEditError, match="changed since"):
        theme_split.split_group(session=session, theme_id=mixed_theme.id, group=1,
                                fingerprint=proposal.fingerprint, name="",
                                actor_id=None)  # fmt: skip


def test_a_coherent_theme_gets_no_proposal(session):
    theme = Theme(label_auto="One thing", size=12)
    session.add(theme)
    session.flush()
    item = FeedbackItem(source="import", text="x", occurred_at=MOMENT, processed_at=MOMENT)
    session.add(item)
    session.flush()
    rng = np.random.default_rng(4)
    for position in range(12):
        vector = np.zeros(384, dtype=np.float32)
        vector[0] = 1
        vector += 0.3 * rng.standard_normal(384).astype(np.float32)
        session.add(Segment(feedback_item_id=item.id, position=position, text=f"same {position}",
                            text_hash=str(position), theme_id=theme.id, occurred_at=MOMENT,
                            embedding=vector.tobytes()))  # fmt: skip
    session.commit()
    proposal = theme_split.propose_split(session=session, theme_id=theme.id)
    assert proposal.groups == [] and len(proposal.listed) == 12
