"""Contacts in: other systems report a contact and get the survey link back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, g, request, url_for

from app.db import get_session
from app.services import NotFound
from app.services import invitations as invitation_service
from app.views.api import ApiError, bp, json_object
from app.views.api.auth import token_required


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def _created(result: invitation_service.ContactResult) -> dict[str, Any]:
    invitation = result.invitation
    return {
        "contact_id": result.contact.id,
        "external_id": result.contact.external_id,
        "survey_url": result.survey_url,
        "invitation_expires_at": _iso(invitation.expires_at) if invitation else None,
        "invited": result.invited,
        "emailed": result.emailed,
        "reason": result.reason,
    }


@bp.post("/contacts")
@token_required("ingest")
def create_contact():
    data = json_object()
    try:
        result = invitation_service.create_contact(
            session=get_session(),
            config=current_app.config,
            data=data,
            token_id=g.api_token.id,
            ip=request.remote_addr,
        )
    except invitation_service.ContactValidationError as exc:
        raise ApiError(422, str(exc), fields=exc.fields) from None
    location = url_for("api.get_contact", external_id=result.contact.external_id)
    return _created(result), 201 if result.created else 200, {"Location": location}


@bp.get("/contacts/<path:external_id>")
@token_required("read", "ingest")
def get_contact(external_id: str):
    try:
        status = invitation_service.contact_status(session=get_session(), external_id=external_id)
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    contact, invitation, response = status.contact, status.invitation, status.response
    return {
        "contact_id": contact.id,
        "external_id": contact.external_id,
        "touchpoint": status.touchpoint_key,
        "channel": contact.channel,
        "team": contact.team,
        "customer_ref": contact.customer_ref,
        "occurred_at": _iso(contact.occurred_at),
        "created_at": _iso(contact.created_at),
        "invited": invitation is not None,
        "invitation_expires_at": _iso(invitation.expires_at) if invitation else None,
        "responded": response is not None,
        "responded_at": _iso(response.submitted_at) if response else None,
    }
