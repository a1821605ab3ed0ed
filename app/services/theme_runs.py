"""The theme pipeline on the database: segment, embed, cluster, keep identities, flag.

Each step claims its work in batches (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so
several worker processes can share the embedding work.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
from sqlalchemy import func
from sqlmodel import Session, select

from app.models import FeedbackItem, Segment, Theme, ThemeRun, ThemeSignal
from app.models.base import utcnow
from app.progress import no_progress
from app.services import theme_identity, webhooks
from ml.embed import text_key
from ml.pipeline import embedder_for, item_segments

SEGMENT_BATCH = 500
EMBED_BATCH = 512
FULL_RUN_INTERVAL = timedelta(hours=24)
MAX_UNASSIGNED_BEFORE_FULL_RUN = 0.10


@dataclass(frozen=True)
class ThemeRunSummary:
    run_id: int
    mode: str
    new_items: int
    new_segments: int
    embedded: int
    reused_embeddings: int
    themes: int
    created: int
    retired: int
    unassigned_fraction: float
    emerging: int
    seconds: float

    def describe(self) -> str:
        return (
            f"Theme run {self.run_id} ({self.mode}): {self.new_items} new items → "
            f"{self.new_segments} segments; embedded {self.embedded} "
            f"(reused {self.reused_embeddings}); {self.themes} themes "
            f"({self.created} new, {self.retired} retired); "
            f"{self.unassigned_fraction:.1%} unassigned; {self.emerging} emerging this week; "
            f"{self.seconds:.1f} s."
        )


def model_name(config: Mapping[str, Any]) -> str:
    return str(config.get("EMBEDDING_MODEL") or "all-MiniLM-L6-v2")[-120:]


def pending_count(*, session: Session) -> int:
    """Feedback items not yet split into segments."""
    return session.exec(
        select(func.count()).select_from(FeedbackItem).where(FeedbackItem.processed_at.is_(None))
    ).one()


def _claim(session: Session, statement):
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    return list(session.exec(statement))


def segment_pending(*, session: Session, progress: Callable[[int], None] = no_progress) -> tuple:
    """Split unprocessed feedback items into aspect segments; return (items, segments)."""
    items_done = segments_done = 0
    while True:
        items = _claim(
            session,
            select(FeedbackItem)
            .where(FeedbackItem.processed_at.is_(None))
            .order_by(FeedbackItem.id)
            .limit(SEGMENT_BATCH),
        )
        if not items:
            return items_done, segments_done
        now = utcnow()
        for item in items:
            for position, piece in enumerate(item_segments(item.text, item.language)):
                session.add(
                    Segment(
                        feedback_item_id=item.id,
                        position=position,
                        text=piece,
                        text_hash=text_key(piece),
                        language=item.language,
                        occurred_at=item.occurred_at,
                    )
                )
                segments_done += 1
            item.processed_at = now
            session.add(item)
        session.commit()
        items_done += len(items)
        progress(len(items))


def embed_pending(
    *,
    session: Session,
    config: Mapping[str, Any],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Embed segments that have no vector; a text embedded before is never embedded again.

    Commits every ``EMBED_BATCH`` segments, so an interrupted run loses at most one batch
    and the next run carries on with the segments still without a vector. ``progress``
    is called with (segments done, segments to do) after each commit.
    """
    embedder = embedder_for(config)
    name = model_name(config)
    embedded = reused = 0
    total = 0
    if progress is not None:
        total = session.exec(
            select(func.count()).select_from(Segment).where(Segment.embedding.is_(None))
        ).one()
        progress(0, total)
    while True:
        segments = _claim(
            session,
            select(Segment)
            .where(Segment.embedding.is_(None))
            .order_by(Segment.id)
            .limit(EMBED_BATCH),
        )
        if not segments:
            return embedded, reused
        hashes = {s.text_hash for s in segments}
        known = dict(
            session.exec(
                select(Segment.text_hash, Segment.embedding).where(
                    Segment.text_hash.in_(hashes),
                    Segment.embedding.is_not(None),
                    Segment.embedding_model == name,
                )
            ).all()
        )
        missing = [s for s in segments if s.text_hash not in known]
        if missing:
            vectors = embedder.encode([s.text for s in missing], [s.language for s in missing])
            for piece, vector in zip(missing, vectors, strict=True):
                known.setdefault(piece.text_hash, vector.astype(np.float32).tobytes())
        for piece in segments:
            piece.embedding = known[piece.text_hash]
            piece.embedding_model = name
            session.add(piece)
        session.commit()
        embedded += len({s.text_hash for s in missing})
        reused += len(segments) - len(missing)
        if progress is not None:
            progress(embedded + reused, max(total, embedded + reused))


def _needs_full_run(session: Session) -> bool:
    last_full = session.exec(
        select(ThemeRun)
        .where(ThemeRun.status == "done", ThemeRun.message == "full")
        .order_by(ThemeRun.id.desc())
    ).first()
    if last_full is None or utcnow() - last_full.started_at > FULL_RUN_INTERVAL:
        return True
    total, unassigned = session.exec(
        select(func.count(), func.count().filter(Segment.theme_id.is_(None))).where(
            Segment.embedding.is_not(None)
        )
    ).one()
    return bool(total) and unassigned / total > MAX_UNASSIGNED_BEFORE_FULL_RUN


def announce_emerging(*, session: Session) -> int:
    """Queue ``theme.emerging`` for the newest week's flagged themes, once per theme and week."""
    newest = session.exec(select(func.max(ThemeSignal.week_start))).one()
    if newest is None:
        return 0
    flagged = session.exec(
        select(ThemeSignal, Theme)
        .join(Theme, Theme.id == ThemeSignal.theme_id)
        .where(ThemeSignal.week_start == newest, ThemeSignal.flagged)
    ).all()
    queued = 0
    for signal, theme in flagged:
        queued += webhooks.emit(session=session, event="theme.emerging",
                                key=f"{theme.id}:{signal.week_start}", data={
            "theme_id": theme.id, "name": theme.display_name, "week_start": signal.week_start,
            "count": signal.count, "expected": signal.expected, "q_value": signal.q_value,
        })  # fmt: skip
    session.commit()
    return queued


def run(
    *,
    session: Session,
    config: Mapping[str, Any],
    progress: Callable[[int], None] = no_progress,
    full: bool | None = None,
    embed_progress: Callable[[int, int], None] | None = None,
) -> ThemeRunSummary:
    """Bring themes up to date with all feedback.

    A full run re-clusters everything and matches the new clusters to the existing themes
    (keeping ids and every human edit); between full runs, new segments join their
    nearest theme or wait in the unassigned pool.
    """
    started = time.perf_counter()
    theme_run = ThemeRun(embedding_model=model_name(config))
    session.add(theme_run)
    session.commit()
    items, segments = segment_pending(session=session, progress=progress)
    embedded, reused = embed_pending(session=session, config=config, progress=embed_progress)
    mode = "full" if (full if full is not None else _needs_full_run(session)) else "incremental"
    if mode == "full":
        outcome = theme_identity.recluster(session=session, run=theme_run, config=config)
    else:
        outcome = theme_identity.assign_new(session=session, config=config)
    emerging = theme_identity.update_signals(session=session)
    announce_emerging(session=session)
    theme_run.status = "done"
    theme_run.message = mode
    theme_run.finished_at = utcnow()
    theme_run.n_segments = outcome.segments
    theme_run.n_themes = outcome.themes
    theme_run.unassigned_fraction = outcome.unassigned_fraction
    session.add(theme_run)
    session.commit()
    return ThemeRunSummary(
        run_id=theme_run.id,
        mode=mode,
        new_items=items,
        new_segments=segments,
        embedded=embedded,
        reused_embeddings=reused,
        themes=outcome.themes,
        created=outcome.created,
        retired=outcome.retired,
        unassigned_fraction=outcome.unassigned_fraction,
        emerging=emerging,
        seconds=time.perf_counter() - started,
    )
