"""Job functions: importable, module-level, each one use case in its own session."""

from __future__ import annotations

import logging

from flask import Flask

from app.db import session_scope

log = logging.getLogger(__name__)


def update_themes(app: Flask) -> None:
    """Segment, embed and theme new feedback; re-cluster and flag emerging themes."""
    from app.services import theme_runs as themes

    with app.app_context(), session_scope(app) as session:
        summary = themes.run(session=session, config=app.config)
        log.info("themes: %s", summary.describe())


def purge_expired_drafts(app: Flask) -> None:
    """Delete drafts of invitations that expired: nobody can submit them any more."""
    from app.services import retention

    with app.app_context(), session_scope(app) as session:
        removed = retention.purge_expired_drafts(session=session)
        log.info("retention: removed %d expired drafts", removed)
