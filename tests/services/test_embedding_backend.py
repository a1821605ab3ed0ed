"""Theme runs embed with the configured backend (VOXLOOP_EMBEDDING_BACKEND)."""

import numpy as np
import pytest
from sqlmodel import select

from app.config import ConfigError
from app.models import Segment
from app.models.base import utcnow
from app.services import theme_runs
from app.services.feedback import build_item
from ml.embed import Embedder

pytestmark = pytest.mark.slow

TEXTS = [
    "The parcel arrived two weeks late and the box was damaged.",
    "Your hotline agent was rude and hung up on me.",
    "I am still waiting for the refund of my returned order.",
]


@pytest.fixture(params=["torch", "onnx-int8"])
def app(make_app, request):
    return make_app(EMBEDDING_BACKEND=request.param)


def test_theme_run_embeds_with_the_configured_backend(app, session, onnx_cache_dir):
    backend = app.config["EMBEDDING_BACKEND"]
    for text in TEXTS:
        session.add(build_item(text, source="import", occurred_at=utcnow(), language="en"))
    session.commit()
    theme_runs.segment_pending(session=session)
    embedded, _ = theme_runs.embed_pending(session=session, config=app.config)
    assert embedded == len(TEXTS)
    assert theme_runs.embedder_for(app.config).backend == backend

    segments = session.exec(select(Segment).order_by(Segment.id)).all()
    stored = np.vstack([np.frombuffer(s.embedding, dtype=np.float32) for s in segments])
    texts = [s.text for s in segments]
    same = Embedder(backend=backend, cache_dir=onnx_cache_dir).encode(texts)
    other = "torch" if backend != "torch" else "onnx-int8"
    different = Embedder(backend=other, cache_dir=onnx_cache_dir).encode(texts)
    np.testing.assert_allclose(stored, same, atol=1e-6)
    assert np.abs(stored - different).max() > 1e-4  # the backends' vectors are not identical


def test_unknown_backend_is_a_configuration_error(make_app):
    with pytest.raises(ConfigError, match="VOXLOOP_EMBEDDING_BACKEND must be torch, onnx"):
        make_app(EMBEDDING_BACKEND="gpu")
