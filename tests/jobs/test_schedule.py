"""The schedule is data; the jobs are real functions that run against the database."""

from datetime import timedelta

from app.jobs.schedule import JOBS, build_scheduler
from app.jobs.tasks import purge_expired_drafts
from app.models import Contact, Invitation, SurveyDraft
from app.models.base import utcnow
from app.services import surveys, touchpoints


def test_every_job_is_scheduled_once(app):
    scheduler = build_scheduler(app, "test-holder")
    assert sorted(job.id for job in scheduler.get_jobs()) == sorted(
        [*(job.id for job in JOBS), "renew_lease"]
    )
    assert len({job.id for job in JOBS}) == len(JOBS)


def test_purge_expired_drafts_keeps_live_ones(app, session):
    tp = touchpoints.ensure_defaults(session=session)["delivery"]
    version = surveys.active_version(session=session, key="post_contact")
    contact = Contact(channel="web", touchpoint_id=tp.id, occurred_at=utcnow())
    session.add(contact)
    session.flush()
    now = utcnow()
    live = Invitation(token_hash="a" * 64, contact_id=contact.id, survey_version_id=version.id,
                      expires_at=now + timedelta(days=3))  # fmt: skip
    dead = Invitation(token_hash="b" * 64, contact_id=contact.id, survey_version_id=version.id,
                      expires_at=now - timedelta(days=1))  # fmt: skip
    session.add_all([live, dead])
    session.flush()
    session.add_all([
        SurveyDraft(invitation_id=live.id, answers={"comment": "half typed"}),
        SurveyDraft(invitation_id=dead.id, answers={"comment": "abandoned"}),
    ])  # fmt: skip
    session.commit()
    purge_expired_drafts(app)
    session.expire_all()
    assert session.get(SurveyDraft, live.id) is not None
    assert session.get(SurveyDraft, dead.id) is None
