"""Themes as people see and shape them: listing and the human edits.

Every edit is recorded as a ThemeEvent and is respected by later re-clustering runs
(see ``theme_identity``): names and statuses are never overwritten, merged and split
themes are pinned so the engine keeps them as the analyst left them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import update
from sqlmodel import Session, select

from app.models import Segment, Theme, ThemeEvent, ThemeEventKind, ThemeSignal, ThemeStatus
from app.models.base import utcnow
from app.services import N_, DomainError, NotFound

MAX_NAME_LENGTH = 120
MAX_REASON_LENGTH = 500


class ThemeEditError(DomainError):
    """An edit that cannot be applied."""


def get_theme(*, session: Session, theme_id: int) -> Theme:
    theme = session.get(Theme, theme_id)
    if theme is None:
        raise NotFound(N_("No theme %(id)s."), id=theme_id)
    return theme


def _live(session: Session, theme_id: int) -> Theme:
    theme = get_theme(session=session, theme_id=theme_id)
    if theme.merged_into_id is not None:
        raise ThemeEditError(
            N_("Theme %(id)s was merged into theme %(into)s."),
            id=theme_id,
            into=theme.merged_into_id,
        )
    return theme


def _record(
    session: Session, theme: Theme, kind: str, actor_id: int | None, triage: int | None, **detail
) -> None:
    theme.updated_at = utcnow()
    session.add(theme)
    session.add(
        ThemeEvent(
            theme_id=theme.id, kind=kind, actor_id=actor_id, triage_session_id=triage, detail=detail
        )
    )


def _recompute_centroid(session: Session, theme: Theme) -> None:
    blobs = session.exec(
        select(Segment.embedding).where(
            Segment.theme_id == theme.id, Segment.embedding.is_not(None)
        )
    ).all()
    theme.size = len(blobs)
    if blobs:
        mean = np.vstack([np.frombuffer(b, dtype=np.float32) for b in blobs]).mean(axis=0)
        # The raw mean, as a full run stores it (ml.themes.assign needs its length).
        theme.centroid = mean.astype(np.float32).tobytes()


def rename(
    *,
    session: Session,
    theme_id: int,
    name: str,
    actor_id: int | None = None,
    triage_session_id: int | None = None,
) -> Theme:
    """Give a theme a human name (an empty name returns to the automatic label)."""
    theme = _live(session, theme_id)
    name = " ".join(name.split())
    if len(name) > MAX_NAME_LENGTH:
        raise ThemeEditError(
            N_("A theme name has at most %(limit)d characters."), limit=MAX_NAME_LENGTH
        )
    before = theme.name
    theme.name = name or None
    _record(session, theme, ThemeEventKind.RENAMED, actor_id, triage_session_id,
            before=before, after=theme.name)  # fmt: skip
    session.commit()
    return theme


def set_status(
    *,
    session: Session,
    theme_id: int,
    status: str,
    actor_id: int | None = None,
    triage_session_id: int | None = None,
    reason: str = "",
) -> Theme:
    """Move a theme through triage: new, triaged, in action, monitoring, dismissed."""
    if status not in {s.value for s in ThemeStatus}:
        raise ThemeEditError(N_("Unknown status %(status)r."), status=status)
    theme = _live(session, theme_id)
    before = theme.status
    theme.status = status
    detail = {"before": before, "after": status}
    if reason:
        detail["reason"] = reason[:MAX_REASON_LENGTH]
    _record(session, theme, ThemeEventKind.STATUS, actor_id, triage_session_id, **detail)
    session.commit()
    return theme


def dismiss(
    *,
    session: Session,
    theme_id: int,
    reason: str = "",
    actor_id: int | None = None,
    triage_session_id: int | None = None,
) -> Theme:
    """Dismiss a theme (noise, duplicate, not actionable…), keeping the reason in its history."""
    return set_status(
        session=session,
        theme_id=theme_id,
        status=ThemeStatus.DISMISSED,
        actor_id=actor_id,
        triage_session_id=triage_session_id,
        reason=" ".join(reason.split()),
    )


def pin(
    *,
    session: Session,
    theme_id: int,
    pinned: bool = True,
    actor_id: int | None = None,
    triage_session_id: int | None = None,
) -> Theme:
    """Pin a theme: the engine keeps its centroid and never splits it."""
    theme = _live(session, theme_id)
    theme.pinned = pinned
    kind = ThemeEventKind.PINNED if pinned else ThemeEventKind.UNPINNED
    _record(session, theme, kind, actor_id, triage_session_id)
    session.commit()
    return theme


def merge(
    *,
    session: Session,
    source_ids: Sequence[int],
    target_id: int,
    actor_id: int | None = None,
    triage_session_id: int | None = None,
) -> Theme:
    """Merge themes into ``target_id``: their segments move, their history stays."""
    target = _live(session, target_id)
    sources = [_live(session, i) for i in dict.fromkeys(source_ids) if i != target_id]
    if not sources:
        raise ThemeEditError(N_("Choose at least one other theme to merge."))
    for source in sources:
        session.exec(
            update(Segment).where(Segment.theme_id == source.id).values(theme_id=target.id)
        )
        source.merged_into_id = target.id
        source.size = 0
        _record(session, source, ThemeEventKind.MERGED, actor_id, triage_session_id, into=target.id)
    target.pinned = True
    _recompute_centroid(session, target)
    _record(session, target, ThemeEventKind.MERGED, actor_id, triage_session_id,
            absorbed=[s.id for s in sources])  # fmt: skip
    session.commit()
    return target


def split(
    *,
    session: Session,
    theme_id: int,
    segment_ids: Sequence[int],
    name: str,
    actor_id: int | None = None,
    triage_session_id: int | None = None,
) -> Theme:
    """Move the chosen segments of a theme into a new, named theme; both are pinned."""
    theme = _live(session, theme_id)
    chosen = list(
        session.exec(
            select(Segment).where(Segment.id.in_(segment_ids), Segment.theme_id == theme.id)
        )
    )
    if not chosen or len(chosen) != len(set(segment_ids)):
        raise ThemeEditError(N_("Choose segments that belong to this theme."))
    if len(chosen) >= theme.size:
        raise ThemeEditError(N_("Leave at least one segment in the original theme."))
    offspring = Theme(name=" ".join(name.split()) or None, label_auto=theme.label_auto,
                      language=theme.language, status=ThemeStatus.TRIAGED, pinned=True)  # fmt: skip
    session.add(offspring)
    session.flush()
    for piece in chosen:
        piece.theme_id = offspring.id
        session.add(piece)
    session.flush()
    theme.pinned = True
    _recompute_centroid(session, theme)
    _recompute_centroid(session, offspring)
    _record(session, theme, ThemeEventKind.SPLIT, actor_id, triage_session_id,
            into=offspring.id, segments=len(chosen))  # fmt: skip
    _record(session, offspring, ThemeEventKind.CREATED, actor_id, triage_session_id,
            split_from=theme.id)  # fmt: skip
    session.commit()
    return offspring


def history(*, session: Session, theme_id: int) -> list[ThemeEvent]:
    return list(
        session.exec(
            select(ThemeEvent).where(ThemeEvent.theme_id == theme_id).order_by(ThemeEvent.id)
        )
    )


@dataclass(frozen=True)
class ThemeDetail:
    theme: Theme
    quotes: list[Segment]
    recent: list[Segment]
    weekly: list[ThemeSignal]
    events: list[ThemeEvent]
    merge_candidates: list[Theme]


def detail(*, session: Session, theme_id: int, recent: int = 20) -> ThemeDetail:
    """Everything the theme page shows: quotes, recent verbatims, weekly counts, history."""
    theme = get_theme(session=session, theme_id=theme_id)
    quotes = [session.get(Segment, i) for i in theme.quote_segment_ids]
    return ThemeDetail(
        theme=theme,
        quotes=[q for q in quotes if q is not None],
        recent=list(
            session.exec(
                select(Segment)
                .where(Segment.theme_id == theme.id)
                .order_by(Segment.occurred_at.desc())
                .limit(recent)
            )
        ),
        weekly=list(
            session.exec(
                select(ThemeSignal)
                .where(ThemeSignal.theme_id == theme.id)
                .order_by(ThemeSignal.week_start)
            )
        ),
        events=history(session=session, theme_id=theme.id),
        merge_candidates=list(
            session.exec(
                select(Theme)
                .where(Theme.merged_into_id.is_(None), Theme.id != theme.id, Theme.size > 0)
                .order_by(Theme.size.desc())
            )
        ),
    )
