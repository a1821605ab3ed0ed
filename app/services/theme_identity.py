"""Re-clustering that keeps theme identities and every human edit; weekly signals.

Rules that make human edits survive a re-run:
- ``name`` (the human name) and ``status`` are never written by the engine;
- pinned themes (and themes a human merged into or split off) keep their centroid fixed
  during clustering and never split: new clusters drawn mostly from a pinned theme are
  folded back into it;
- merged-away themes (``merged_into_id``) take no part; their segments belong to the target;
- a theme a human touched is never merged or retired automatically, only emptied.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import delete
from sqlmodel import Session, select

from app.models import (
    ActionTheme,
    FeedbackItem,
    Segment,
    Theme,
    ThemeEvent,
    ThemeEventKind,
    ThemeRun,
    ThemeSignal,
    ThemeStatus,
    ThemeSuggestion,
)
from app.models.base import utcnow
from ml.identity import match_themes, overlap_matrix
from ml.labels import label_themes
from ml.pipeline import fit_themes, model_languages
from ml.sentiment import SentimentModel, labels_from_scores
from ml.stats import detect_emerging
from ml.themes import ThemeClusterer, assign, normalize_rows

MATCH_MIN_SIMILARITY = 0.8
# New segments join a theme on the clusterer's own cut-off for assigned segments.
ASSIGN_MIN_SIMILARITY = ThemeClusterer().min_similarity
SIGNAL_WEEKS = 26
# A week is compared with the 4 to 8 weeks before it (ml.stats.detect_emerging).
BASELINE_WEEKS = (4, 8)
MIN_SENTIMENT_TRAINING = 40


@dataclass(frozen=True)
class ClusterOutcome:
    segments: int
    themes: int
    created: int
    retired: int
    unassigned_fraction: float


def _vectors(segments: list[Segment]) -> np.ndarray:
    if not segments:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([np.frombuffer(s.embedding, dtype=np.float32) for s in segments])


def _centroid(theme: Theme) -> np.ndarray | None:
    return None if theme.centroid is None else np.frombuffer(theme.centroid, dtype=np.float32)


def _human_touched(session: Session, theme: Theme) -> bool:
    if theme.name or theme.pinned or theme.status != ThemeStatus.NEW:
        return True
    return (
        session.exec(select(ActionTheme).where(ActionTheme.theme_id == theme.id)).first()
        is not None
    )


def _live_themes(session: Session) -> list[Theme]:
    return list(
        session.exec(select(Theme).where(Theme.merged_into_id.is_(None)).order_by(Theme.id))
    )


def recluster(*, session: Session, run: ThemeRun, config: Mapping[str, Any]) -> ClusterOutcome:
    """Cluster every embedded segment and reconcile the clusters with existing themes."""
    segments = list(
        session.exec(select(Segment).where(Segment.embedding.is_not(None)).order_by(Segment.id))
    )
    if not segments:
        return ClusterOutcome(0, 0, 0, 0, 0.0)
    vectors = _vectors(segments)
    texts = [s.text for s in segments]
    languages = [s.language for s in segments]
    themes = _live_themes(session)
    pinned = [t for t in themes if t.pinned and t.centroid is not None]
    # The same step as `voxloop themes evaluate` (ml.pipeline.fit_themes): sentence
    # embeddings plus character n-grams for languages the model handles poorly, the
    # clusterer, then the themes' means in plain embedding space, where a new segment can
    # join a theme (ml.themes.assign) without refitting the character features.
    pinned_index = {theme.id: i for i, theme in enumerate(pinned)}
    fit = fit_themes(
        texts,
        vectors,
        languages,
        model_languages=model_languages(config),
        pinned_members=np.array([pinned_index.get(s.theme_id, -1) for s in segments]),
        pinned_directions=np.vstack([_centroid(t) for t in pinned]) if pinned else None,
    )
    labels = fit.labels
    centroids = fit.centroids

    # Clusters 0..len(pinned)-1 are the pinned themes; they keep their identity directly.
    theme_of_cluster: dict[int, Theme] = dict(enumerate(pinned))
    position = {theme.id: i for i, theme in enumerate(themes)}
    old_labels = np.array([position.get(s.theme_id, -1) for s in segments])
    free = [c for c in range(centroids.shape[0]) if c not in theme_of_cluster]
    old = [t for t in themes if not t.pinned and t.centroid is not None]
    created = retired = 0
    splits: list[tuple[Theme, list[int]]] = []
    if free:
        _fold_pinned_splits(old_labels, labels, themes, pinned, free, theme_of_cluster)
    # A cluster can end with no segment at all (every member below the clusterer's
    # similarity cut-off); it is no theme, neither a successor nor a new row.
    sizes = np.bincount(labels[labels >= 0], minlength=centroids.shape[0])
    free = [c for c in free if c not in theme_of_cluster and sizes[c] > 0]
    if old and free:
        old_index = [position[t.id] for t in old]
        remap_old = {p: i for i, p in enumerate(old_index)}
        new_index = {c: j for j, c in enumerate(free)}
        overlap = overlap_matrix(
            np.array([remap_old.get(p, -1) for p in old_labels]),
            np.array([new_index.get(c, -1) for c in labels]),
            len(old),
            len(free),
        )
        matching = match_themes(
            np.vstack([_centroid(t) for t in old]),
            centroids[free],
            min_similarity=MATCH_MIN_SIMILARITY,
            overlap=overlap,
        )
        for i, j, similarity in matching.pairs:
            theme_of_cluster[free[j]] = old[i]
            _event(
                session, old[i], ThemeEventKind.MATCHED, run, similarity=round(float(similarity), 3)
            )
        for i, js in matching.splits:
            _event(session, old[i], ThemeEventKind.SPLIT, run, into_clusters=len(js))
            splits.append((old[i], [free[j] for j in js]))
        for is_, j in matching.merges:
            survivor = theme_of_cluster.get(free[j])
            for i in is_:
                if survivor is None or old[i] is survivor:
                    continue
                if _human_touched(session, old[i]):
                    # An analyst shaped this theme: the engine only suggests the merge.
                    suggest(session, "merge", survivor, old[i], run)
                    continue
                old[i].merged_into_id = survivor.id
                _event(
                    session,
                    old[i],
                    ThemeEventKind.MERGED,
                    run,
                    into=survivor.id,
                    automatic=True,
                )
        matched = {id(t) for t in theme_of_cluster.values()}
        already_retired = _retired_ids(session, old)
        for theme in old:
            if id(theme) not in matched and theme.merged_into_id is None:
                theme.size = 0
                if theme.id in already_retired:
                    continue
                retired += 1
                _event(session, theme, ThemeEventKind.RETIRED, run)
    for cluster in free:
        if cluster not in theme_of_cluster:
            theme = Theme()
            session.add(theme)
            session.flush()
            theme_of_cluster[cluster] = theme
            created += 1
            _event(session, theme, ThemeEventKind.CREATED, run)
    for origin, clusters in splits:
        # The engine split ``origin``: each part that is now another theme is a split the
        # analyst may accept (keep) or reject (merge back).
        for cluster in clusters:
            offshoot = theme_of_cluster.get(cluster)
            if offshoot is not None and offshoot is not origin:
                suggest(session, "split", origin, offshoot, run)
    _apply(session, segments, vectors, labels, centroids, theme_of_cluster, config)
    themes_now = len({id(t) for t in theme_of_cluster.values()})
    session.commit()
    return ClusterOutcome(len(segments), themes_now, created, retired, float(np.mean(labels < 0)))


def _retired_ids(session: Session, themes: list[Theme]) -> set[int]:
    """Themes whose latest identity event is their retirement: retired, not since revived."""
    lifecycle = (ThemeEventKind.CREATED, ThemeEventKind.MATCHED, ThemeEventKind.RETIRED)
    latest: dict[int, str] = {}
    for theme_id, kind in session.exec(
        select(ThemeEvent.theme_id, ThemeEvent.kind)
        .where(ThemeEvent.theme_id.in_([t.id for t in themes]), ThemeEvent.kind.in_(lifecycle))
        .order_by(ThemeEvent.id)
    ):
        latest[theme_id] = kind
    return {theme_id for theme_id, kind in latest.items() if kind == ThemeEventKind.RETIRED}


def _fold_pinned_splits(old_labels, labels, themes, pinned, free, theme_of_cluster) -> None:
    """A cluster drawn mostly from a pinned theme belongs to it: pinned themes never split."""
    pinned_positions = {themes.index(t): t for t in pinned}
    for cluster in free:
        members = old_labels[labels == cluster]
        if members.size == 0:
            continue
        origin, count = Counter(members.tolist()).most_common(1)[0]
        if origin in pinned_positions and count / members.size >= 0.5:
            target = pinned_positions[origin]
            labels[labels == cluster] = pinned.index(target)
            theme_of_cluster[cluster] = target


def _apply(session, segments, vectors, labels, centroids, theme_of_cluster, config) -> None:
    """Write assignments, centroids, labels, quotes and sentiment."""
    texts = [s.text for s in segments]
    languages = [s.language for s in segments]
    described = label_themes(texts, labels, vectors, centroids, languages=languages)
    similarity = np.einsum("ij,ij->i", vectors, centroids[np.maximum(labels, 0)])
    for segment, label, sim in zip(segments, labels, similarity, strict=True):
        theme = theme_of_cluster.get(int(label)) if label >= 0 else None
        segment.theme_id = theme.id if theme else None
        segment.theme_similarity = float(sim) if theme else None
    now = utcnow()
    by_theme: dict[int, list[int]] = {}
    for cluster, theme in theme_of_cluster.items():
        by_theme.setdefault(theme.id, []).append(cluster)
    for clusters in by_theme.values():
        theme = theme_of_cluster[clusters[0]]
        mask = np.isin(labels, clusters)
        members = np.flatnonzero(mask)
        # The raw mean: ml.themes.assign places new segments by it (its length matters).
        centroid = vectors[members].mean(axis=0) if members.size else centroids[clusters[0]]
        theme.centroid = centroid.astype(np.float32).tobytes()
        theme.size = int(members.size)
        info = described.get(clusters[0])
        if info is not None:
            theme.label_auto = info.label[:120]
            theme.keywords = list(info.keywords)
            theme.quote_segment_ids = [segments[i].id for i in info.quote_indices]
        if members.size:
            theme.language = Counter(languages[i] for i in members).most_common(1)[0][0]
        theme.updated_at = now
        session.add(theme)
    _update_sentiment(session, segments, vectors)
    session.add_all(segments)


def _update_sentiment(session: Session, segments: list[Segment], vectors: np.ndarray) -> None:
    """Learn sentiment from the organisation's own scored comments, then label every segment."""
    items = {
        item.id: item
        for item in session.exec(
            select(FeedbackItem).where(FeedbackItem.id.in_({s.feedback_item_id for s in segments}))
        )
    }
    train, y = [], []
    for index, segment in enumerate(segments):
        item = items.get(segment.feedback_item_id)
        if item and item.score is not None and item.score_kind in ("csat", "nps", "ces"):
            train.append(index)
            y.append(labels_from_scores([item.score], item.score_kind)[0])
    if len(train) < MIN_SENTIMENT_TRAINING or len(set(y)) < 2:
        return
    model = SentimentModel(random_state=0).fit(
        [segments[i].text for i in train], y, embeddings=vectors[train]
    )
    predicted = model.predict([s.text for s in segments], embeddings=vectors)
    for segment, label in zip(segments, predicted, strict=True):
        segment.sentiment = str(label)


def assign_new(*, session: Session, config: Mapping[str, Any]) -> ClusterOutcome:
    """Let unassigned segments join a theme by the full fit's own rule (``ml.themes.assign``).

    Between full runs the rule is applied in embedding space to the stored raw means (the
    character features of weakly embedded languages are only rebuilt by a full run).
    """
    themes = [t for t in _live_themes(session) if t.centroid is not None]
    pending = list(
        session.exec(
            select(Segment).where(Segment.embedding.is_not(None), Segment.theme_id.is_(None))
        )
    )
    if themes and pending:
        means = np.vstack([_centroid(t) for t in themes])
        vectors = _vectors(pending)
        labels = assign(vectors, means, ASSIGN_MIN_SIMILARITY)
        directions = normalize_rows(means)
        for segment, label, vector in zip(pending, labels, vectors, strict=True):
            if label >= 0:
                segment.theme_id = themes[label].id
                segment.theme_similarity = float(vector @ directions[label])
                themes[label].size += 1
                session.add(segment)
        session.add_all(themes)
        session.commit()
    total = session.exec(select(Segment.id).where(Segment.embedding.is_not(None))).all()
    unassigned = session.exec(
        select(Segment.id).where(Segment.embedding.is_not(None), Segment.theme_id.is_(None))
    ).all()
    return ClusterOutcome(
        len(total), len(themes), 0, 0, len(unassigned) / len(total) if total else 0.0
    )


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def update_signals(*, session: Session, weeks: int = SIGNAL_WEEKS) -> int:
    """Recompute each theme's weekly count against its baseline; return this week's flags.

    Counts are distinct feedback items, not segments: one long complaint that touches a
    theme in five sentences is one customer's voice, and must not flag the theme alone.
    """
    rows = session.exec(
        select(Segment.theme_id, Segment.feedback_item_id, Segment.occurred_at).where(
            Segment.embedding.is_not(None)
        )
    ).all()
    if not rows:
        return 0
    last = week_start(max(occurred for _, _, occurred in rows).date())
    starts = [last - timedelta(weeks=w) for w in range(weeks - 1, -1, -1)]
    index_of_week = {start: i for i, start in enumerate(starts)}
    theme_ids = sorted({t for t, _, _ in rows if t is not None})
    column = {theme_id: j for j, theme_id in enumerate(theme_ids)}
    items_of_week: list[set[int]] = [set() for _ in starts]
    items_of_cell: list[set[tuple[int, int]]] = [set() for _ in starts]
    for theme_id, item_id, occurred in rows:
        i = index_of_week.get(week_start(occurred.date()))
        if i is None:
            continue
        items_of_week[i].add(item_id)
        if theme_id is not None:
            items_of_cell[i].add((column[theme_id], item_id))
    counts = np.zeros((len(starts), len(theme_ids)), dtype=np.int64)
    for i, cells in enumerate(items_of_cell):
        for j, _ in cells:
            counts[i, j] += 1
    totals = np.array([len(items) for items in items_of_week], dtype=np.int64)
    session.exec(delete(ThemeSignal).where(ThemeSignal.week_start >= starts[0]))
    flagged_now = 0
    for i, start in enumerate(starts):
        result = detect_emerging(counts[: i + 1], totals[: i + 1], baseline_weeks=BASELINE_WEEKS)
        # Without the minimum baseline there is nothing to expect: store no number at all.
        has_baseline = result.baseline_weeks >= BASELINE_WEEKS[0]
        for j, theme_id in enumerate(theme_ids):
            session.add(
                ThemeSignal(
                    theme_id=theme_id,
                    week_start=start,
                    count=int(result.count[j]),
                    expected=float(result.expected[j]) if has_baseline else None,
                    lift=float(result.lift[j]) if has_baseline else None,
                    baseline_weeks=result.baseline_weeks,
                    p_value=float(result.p_value[j]),
                    q_value=float(result.q_value[j]),
                    flagged=bool(result.flagged[j]),
                )
            )
        if i == len(starts) - 1:
            flagged_now = int(result.flagged.sum())
    session.commit()
    return flagged_now


def suggest(session: Session, kind: str, theme: Theme, other: Theme, run: ThemeRun | None) -> bool:
    """Record a split or merge for an analyst to decide, once per pair of themes.

    Returns whether a new suggestion was recorded (a pair suggested before, whatever was
    decided then, is not suggested again).
    """
    session.flush()
    known = session.exec(
        select(ThemeSuggestion.id).where(
            ThemeSuggestion.kind == kind,
            ThemeSuggestion.theme_id == theme.id,
            ThemeSuggestion.other_theme_id == other.id,
        )
    ).first()
    if known is not None:
        return False
    session.add(
        ThemeSuggestion(
            kind=kind,
            theme_id=theme.id,
            other_theme_id=other.id,
            run_id=run.id if run else None,
        )
    )
    return True


def _event(session: Session, theme: Theme, kind: str, run: ThemeRun | None, **detail: Any) -> None:
    session.add(
        ThemeEvent(theme_id=theme.id, kind=kind, run_id=run.id if run else None, detail=detail)
    )
