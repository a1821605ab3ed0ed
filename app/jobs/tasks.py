"""Job functions: importable, module-level, each one use case in its own session.

Each returns a one-line summary for the job log (``voxloop jobs list``).
"""

from __future__ import annotations

from flask import Flask

from app.db import session_scope


def update_themes(app: Flask) -> str:
    """Segment, embed and theme new feedback; re-cluster and flag emerging themes."""
    from app.services import theme_runs as themes

    with app.app_context(), session_scope(app) as session:
        return themes.run(session=session, config=app.config).describe()


def purge_expired_drafts(app: Flask) -> str:
    """Delete drafts of invitations that expired: nobody can submit them any more."""
    from app.services import retention

    with app.app_context(), session_scope(app) as session:
        return f"removed {retention.purge_expired_drafts(session=session)} expired drafts"


def purge_retention(app: Flask) -> str:
    """Apply the retention periods (RETENTION_DAYS): old personal data redacted or removed."""
    from app.services import retention

    with app.app_context(), session_scope(app) as session:
        return retention.purge(session=session, config=app.config).describe()


def deliver_outbox(app: Flask) -> str:
    """Send the e-mails waiting in the outbox (retries included)."""
    from app.services import outbox

    with app.app_context(), session_scope(app) as session:
        return outbox.deliver(session=session, config=app.config).describe()


def queue_reminders(app: Flask) -> str:
    """One reminder for each invitation unanswered after REMINDER_AFTER_DAYS."""
    from app.services import messages

    with app.app_context(), session_scope(app) as session:
        return f"queued {messages.queue_reminders(session=session, config=app.config)} reminders"


def escalate_overdue_cases(app: Flask) -> str:
    """Cases past their SLA go to the analysts' digest."""
    from app.services import cases

    with app.app_context(), session_scope(app) as session:
        return f"escalated {cases.escalate_overdue(session=session)} overdue cases"


def weekly_digest(app: Flask) -> str:
    """Monday morning: emerging themes, overdue cases and action verdicts for analysts."""
    from app.services import messages

    with app.app_context(), session_scope(app) as session:
        return f"queued {messages.weekly_digest(session=session, config=app.config)} digests"


def refresh_trends(app: Flask) -> str:
    """Fold new responses and analysed feedback into the trend pages' daily rollups."""
    from app.services import trend_rollup

    with app.app_context(), session_scope(app) as session:
        return trend_rollup.refresh(session=session).describe()
