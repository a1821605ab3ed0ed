"""The API's resources: contacts, feedback and complaints in; responses, themes, actions out.

Thin views: each validates through its declared models (see ``spec.operation``), calls
one use case and shapes the answer with the model the document names.
"""

from __future__ import annotations

from flask import current_app, g, request, url_for
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.db import begin_write, get_session
from app.mail import public_url
from app.models import FeedbackItem, FeedbackSource
from app.models.complaints import ComplaintCreate
from app.models.touchpoints import ContactCreate
from app.services import DomainError, NotFound, complaints, listings, touchpoints
from app.services import feedback as feedback_service
from app.services import invitations as invitation_service
from app.views.api import ApiError
from app.views.api import schemas as s
from app.views.api.spec import PathParam, Reply, operation


@operation(
    "POST", "/contacts", operation_id="createContact", scopes=("ingest",),
    summary="Record a contact and invite the customer to a survey",
    description="Idempotent on `external_id`: the first call answers 201, a repeat 200 with "
    "the same contact, `survey_url: null`, `invited: false` and `reason: duplicate` — store "
    "the first survey_url.",
    body=ContactCreate, validate_body=False, idempotent=True,
    example={"external_id": "ticket-4711", "touchpoint": "phone_support", "channel": "phone",
             "team": "Team A", "customer_ref": "cust-0042",
             "occurred_at": "2026-03-01T14:30:00+01:00", "language": "de"},
    replies=(Reply(201, "Recorded. `invited` is false with reason `recently_invited` when the "
                   "frequency rule held the invitation back.", s.ContactCreated, ("Location",)),
             Reply(200, "A repeat of a known external_id: the stored contact, no survey_url, "
                   "reason `duplicate`.", s.ContactCreated, ("Location",))),
)  # fmt: skip
def create_contact():
    from app.views.api import json_object

    try:
        result = invitation_service.create_contact(
            session=get_session(), config=current_app.config, data=json_object(),
            token_id=g.api_token.id, ip=request.remote_addr,
        )  # fmt: skip
    except invitation_service.ContactValidationError as exc:
        raise ApiError(422, str(exc), fields=exc.fields) from None
    invitation = result.invitation
    body = s.ContactCreated(
        contact_id=result.contact.id, external_id=result.contact.external_id,
        survey_url=result.survey_url, invited=result.invited, emailed=result.emailed,
        invitation_expires_at=invitation.expires_at if invitation else None,
        reason=result.reason,
    )  # fmt: skip
    location = url_for("api.getContact", external_id=result.contact.external_id)
    return body.model_dump(mode="json"), 201 if result.created else 200, {"Location": location}


@operation(
    "GET", "/contacts/{external_id}", operation_id="getContact", scopes=("read",),
    summary="A contact and whether the customer responded",
    description="Percent-encode `/` in ids.",
    path_params=(PathParam("external_id", "The id the contact was recorded with.", "path"),),
    replies=(Reply(200, "The contact.", s.ContactOut),),
)  # fmt: skip
def get_contact(external_id: str):
    try:
        status = invitation_service.contact_status(session=get_session(), external_id=external_id)
    except NotFound as exc:
        raise ApiError(404, str(exc)) from None
    contact, invitation, response = status.contact, status.invitation, status.response
    return s.ContactOut(
        contact_id=contact.id, external_id=contact.external_id, touchpoint=status.touchpoint_key,
        channel=contact.channel, team=contact.team, customer_ref=contact.customer_ref,
        occurred_at=contact.occurred_at, created_at=contact.created_at,
        invited=invitation is not None,
        invitation_expires_at=invitation.expires_at if invitation else None,
        responded=response is not None,
        responded_at=response.submitted_at if response else None,
    ).model_dump(mode="json")  # fmt: skip


@operation(
    "POST", "/feedback", operation_id="createFeedback", scopes=("ingest",),
    summary="Record any customer text for the theme engine",
    description="Helpdesk tickets, app reviews, chat transcripts. Personal data is redacted "
    "before the text is stored for analysis. Idempotent on `external_id`.",
    body=s.FeedbackCreate, idempotent=True,
    example={"text": "The courier left the PC in the rain.", "source": "helpdesk",
             "external_id": "zendesk-991", "touchpoint": "delivery", "language": "en"},
    replies=(Reply(201, "Stored.", s.FeedbackCreated),
             Reply(200, "This external_id was stored before; nothing changed.",
                   s.FeedbackCreated)),
)  # fmt: skip
def create_feedback(body: s.FeedbackCreate):
    session = get_session()
    if body.external_id:
        known = session.exec(
            select(FeedbackItem).where(FeedbackItem.external_id == body.external_id)
        ).first()
        if known is not None:
            return _feedback_answer(known, created=False), 200
    touchpoint_id = None
    if body.touchpoint:
        try:
            touchpoint_id = touchpoints.by_key(session=session, key=body.touchpoint).id
        except NotFound as exc:
            raise ApiError(422, str(exc), fields={"touchpoint": str(exc)}) from None
    from app.models.base import utcnow

    if not session.in_transaction():
        begin_write(session)
    try:
        item = feedback_service.record(
            session=session, text=body.text, source=body.source or FeedbackSource.API,
            occurred_at=body.occurred_at or utcnow(), language=body.language,
            keep_original=bool(current_app.config.get("KEEP_ORIGINAL_TEXT")),
            external_id=body.external_id, touchpoint_id=touchpoint_id, channel=body.channel,
            score_kind=body.score_kind, score=body.score,
        )  # fmt: skip
        session.commit()
    except IntegrityError:
        session.rollback()  # the same external_id arrived at the same moment
        known = session.exec(
            select(FeedbackItem).where(FeedbackItem.external_id == body.external_id)
        ).one()
        return _feedback_answer(known, created=False), 200
    if item is None:
        raise ApiError(422, "The text is empty.", fields={"text": "Must not be empty."})
    return _feedback_answer(item, created=True), 201


def _feedback_answer(item: FeedbackItem, *, created: bool) -> dict:
    return s.FeedbackCreated(
        id=item.id, external_id=item.external_id, created=created,
        language=item.language if item.language in ("de", "en") else "en",
        redactions=item.redactions,
    ).model_dump(mode="json")  # fmt: skip


@operation(
    "POST", "/complaints", operation_id="createComplaint", scopes=("ingest",),
    summary="File a complaint on behalf of a customer",
    description="As the public form does: a reference and status secret for the customer, a "
    "redacted feedback item, a follow-up case when contact is wanted, and the "
    "acknowledgement e-mail when an address is given for it.",
    body=s.ComplaintCreateIn, idempotent=True,
    example={"description": "Only pick-up was offered; I cannot carry the PC.",
             "touchpoint": "website_order", "contact_preference": "email",
             "contact_email": "anna@example.org", "consent_contact": True, "language": "en"},
    replies=(Reply(201, "Filed.", s.ComplaintCreated),),
)  # fmt: skip
def create_complaint(body: s.ComplaintCreateIn):
    try:
        filed = complaints.file_complaint(
            session=get_session(), config=current_app.config, source="api",
            data=ComplaintCreate(**body.model_dump()),
        )  # fmt: skip
    except NotFound as exc:
        raise ApiError(422, str(exc), fields={"touchpoint": str(exc)}) from None
    complaint = filed.complaint
    return s.ComplaintCreated(
        reference=complaint.reference, secret=filed.secret, status=complaint.status,
        status_url=public_url(f"/complaint/status?ref={complaint.reference}"),
    ).model_dump(mode="json"), 201  # fmt: skip


def _listed(lister, query: s.ListQuery, page_model):
    try:
        page = lister(session=get_session(), limit=query.limit, cursor=query.cursor,
                      updated_since=query.updated_since)  # fmt: skip
    except DomainError as exc:
        raise ApiError(422, str(exc), fields={"cursor": str(exc)}) from None
    return page_model(items=page.items, next_cursor=page.next_cursor).model_dump(mode="json")


@operation(
    "GET", "/responses", operation_id="listResponses", scopes=("read",),
    summary="Survey responses with scores and redacted comments",
    description="Oldest first; `updated_since` filters by submission time.",
    query=s.ListQuery, replies=(Reply(200, "A page of responses.", s.ResponsePage),),
)  # fmt: skip
def list_responses(query: s.ListQuery):
    return _listed(listings.responses, query, s.ResponsePage)


@operation(
    "GET", "/themes", operation_id="listThemes", scopes=("read",),
    summary="Themes with their size, weekly mentions and the emerging flag",
    query=s.ListQuery, replies=(Reply(200, "A page of themes.", s.ThemePage),),
)  # fmt: skip
def list_themes(query: s.ListQuery):
    return _listed(listings.themes, query, s.ThemePage)


@operation(
    "GET", "/actions", operation_id="listActions", scopes=("read",),
    summary="Improvement actions with their stage and measured effect",
    query=s.ListQuery, replies=(Reply(200, "A page of actions.", s.ActionPage),),
)  # fmt: skip
def list_actions(query: s.ListQuery):
    return _listed(listings.actions, query, s.ActionPage)
