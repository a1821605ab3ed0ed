"""An interrupted theme run resumes without embedding stored segments again."""

import pytest
from sqlmodel import func, select

from app.models import Segment
from app.models.base import utcnow
from app.services import theme_runs
from app.services.feedback import build_item
from ml import pipeline

pytestmark = pytest.mark.slow


class Interrupted(KeyboardInterrupt):
    """Ctrl-C arriving while the second batch is embedded."""


def _embedded(session) -> int:
    return session.exec(
        select(func.count()).select_from(Segment).where(Segment.embedding.is_not(None))
    ).one()


def test_interrupted_run_resumes_without_re_embedding(app, session, monkeypatch):
    monkeypatch.setattr(theme_runs, "EMBED_BATCH", 4)
    for n in range(10):
        text = f"Order {n}: the parcel number {n * 7} arrived {n + 2} days late."
        session.add(build_item(text, source="import", occurred_at=utcnow(), language="en"))
    session.commit()
    theme_runs.segment_pending(session=session)
    total = session.exec(select(func.count()).select_from(Segment)).one()
    assert total == 10

    reports = []

    def stop_after_first_batch(done: int, to_do: int) -> None:
        reports.append((done, to_do))
        if done:
            raise Interrupted

    pipeline._embedder.cache_clear()
    with pytest.raises(Interrupted):
        theme_runs.embed_pending(
            session=session, config=app.config, progress=stop_after_first_batch
        )
    session.rollback()
    assert reports == [(0, 10), (4, 10)]
    assert _embedded(session) == 4  # the first batch was committed before the interruption

    pipeline._embedder.cache_clear()  # a new process: nothing remembered in memory
    embedded, reused = theme_runs.embed_pending(session=session, config=app.config)
    assert (embedded, reused) == (6, 0)
    assert theme_runs.embedder_for(app.config).n_encoded == 6
    assert _embedded(session) == 10
