"""Splitting a theme from the triage: the engine proposes sub-groups, the analyst picks.

The proposal is recomputed, not stored: the same segments always give the same groups
(fixed seed), and a fingerprint of the segment ids tells when the theme changed between
showing the proposal and accepting it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from sqlmodel import Session, select

from app.models import Segment, Theme
from app.services import N_
from app.services import themes as theme_edits
from ml.labels import label_themes
from ml.subcluster import subcluster
from ml.themes import theme_centroids

QUOTES_PER_GROUP = 3
# Segments listed for picking by hand; beyond this the proposal or a merge-then-split works.
MAX_LISTED = 300


@dataclass(frozen=True)
class Group:
    index: int
    size: int
    label: str
    keywords: tuple[str, ...]
    quotes: list[Segment]
    segment_ids: list[int]


@dataclass(frozen=True)
class SplitProposal:
    theme: Theme
    groups: list[Group]  # empty: the theme reads as one; split by hand if needed
    fingerprint: str
    listed: list[Segment]  # segments to pick by hand, closest to the centre first
    total: int


def _segments(session: Session, theme: Theme) -> list[Segment]:
    return list(
        session.exec(
            select(Segment)
            .where(Segment.theme_id == theme.id, Segment.embedding.is_not(None))
            .order_by(Segment.id)
        )
    )


def _fingerprint(segments: list[Segment]) -> str:
    return hashlib.sha256(",".join(str(s.id) for s in segments).encode()).hexdigest()[:16]


def propose_split(*, session: Session, theme_id: int) -> SplitProposal:
    """Sub-groups of a theme's segments, labelled like themes, with example quotes."""
    theme = theme_edits.get_theme(session=session, theme_id=theme_id)
    segments = _segments(session, theme)
    listed = sorted(segments, key=lambda s: -(s.theme_similarity or 0.0))[:MAX_LISTED]
    groups: list[Group] = []
    if segments:
        vectors = np.vstack([np.frombuffer(s.embedding, dtype=np.float32) for s in segments])
        labels = subcluster(vectors)
        k = int(labels.max()) + 1
        if k >= 2:
            centroids = theme_centroids(vectors, labels, k)
            described = label_themes(
                [s.text for s in segments], labels, vectors, centroids,
                languages=[s.language for s in segments],
            )  # fmt: skip
            for index in range(k):
                members = [s for s, label in zip(segments, labels, strict=True) if label == index]
                info = described.get(index)
                quotes = [segments[i] for i in info.quote_indices] if info else members
                groups.append(
                    Group(
                        index=index,
                        size=len(members),
                        label=info.label if info else "",
                        keywords=tuple(info.keywords) if info else (),
                        quotes=quotes[:QUOTES_PER_GROUP],
                        segment_ids=[s.id for s in members],
                    )
                )
    return SplitProposal(theme, groups, _fingerprint(segments), listed, len(segments))


def split_group(
    *,
    session: Session,
    theme_id: int,
    group: int,
    fingerprint: str,
    name: str,
    actor_id: int | None,
    triage_session_id: int | None = None,
) -> Theme:
    """Split off one proposed group as a new, named theme."""
    proposal = propose_split(session=session, theme_id=theme_id)
    if proposal.fingerprint != fingerprint:
        raise theme_edits.ThemeEditError(
            N_("The theme changed since the proposal was shown; look at the new proposal.")
        )
    chosen = next((g for g in proposal.groups if g.index == group), None)
    if chosen is None:
        raise theme_edits.ThemeEditError(N_("Choose one of the proposed groups."))
    return theme_edits.split(
        session=session,
        theme_id=theme_id,
        segment_ids=chosen.segment_ids,
        name=name or chosen.label,
        actor_id=actor_id,
        triage_session_id=triage_session_id,
    )
