"""Recording contacts and inviting customers: the use case behind the API and the import."""

from datetime import timedelta

import pytest
from sqlmodel import select

from app.models import Contact, Invitation, SurveyVersion
from app.services import NotFound
from app.services.invitations import (
    ContactValidationError,
    contact_status,
    create_contact,
    survey_url,
)
from app.services.references import hash_secret
from app.services.touchpoints import ensure_defaults

CONTACT = {"external_id": "call-1", "touchpoint": "pickup", "channel": "store"}


@pytest.fixture
def config(app, session):
    ensure_defaults(session=session)
    return {**app.config, "PUBLIC_BASE_URL": "https://vox.example.com/", "INVITATION_TTL_DAYS": 3}


def test_invitation_follows_the_configuration(session, config):
    assert session.exec(select(SurveyVersion)).first() is None  # loaded on first use
    result = create_contact(session=session, config=config, data=CONTACT)
    assert result.created and result.invited and result.reason is None
    assert result.survey_url.startswith("https://vox.example.com/s/")
    token = result.survey_url.rsplit("/", 1)[1]
    assert len(token) == 32 and survey_url(config, token) == result.survey_url
    invitation = session.exec(select(Invitation)).one()
    assert invitation.token_hash == hash_secret(token)
    assert invitation.expires_at - invitation.created_at == timedelta(days=3)
    assert invitation.language == config["BABEL_DEFAULT_LOCALE"]


def test_every_problem_is_reported_at_once(session, config):
    with pytest.raises(ContactValidationError) as error:
        create_contact(
            session=session,
            config=config,
            data={"touchpoint": "moon", "channel": "pigeon", "survey": "x", "language": "fr"},
        )
    assert list(error.value.fields) == [
        "external_id",
        "channel",
        "touchpoint",
        "survey",
        "language",
    ]
    assert session.exec(select(Contact)).first() is None


def test_without_customer_ref_or_interval_everyone_is_invited(session, config):
    for number in range(2):
        result = create_contact(
            session=session, config=config, data={**CONTACT, "external_id": f"a{number}"}
        )
        assert result.invited
    no_interval = {**config, "INVITATION_MIN_INTERVAL_DAYS": 0}
    for number in range(2):
        data = {**CONTACT, "external_id": f"b{number}", "customer_ref": "same"}
        assert create_contact(session=session, config=no_interval, data=data).invited
    assert len(session.exec(select(Invitation)).all()) == 4


def test_duplicate_points_at_the_first_invitation(session, config):
    first = create_contact(session=session, config=config, data=CONTACT)
    again = create_contact(session=session, config=config, data={**CONTACT, "team": "other"})
    assert not again.created and again.reason == "duplicate" and again.survey_url is None
    assert again.contact.id == first.contact.id and again.invitation.id == first.invitation.id


def test_contact_status(session, config):
    create_contact(session=session, config=config, data=CONTACT)
    status = contact_status(session=session, external_id="call-1")
    assert status.touchpoint_key == "pickup" and status.invitation and status.response is None
    with pytest.raises(NotFound):
        contact_status(session=session, external_id="call-2")
