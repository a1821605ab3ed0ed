"""The API's OpenAPI 3.1 document, written by hand so it says what clients must know."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from app.models.touchpoints import CHANNELS
from app.services.surveys import LANGUAGES
from app.views.api import MAX_BODY_BYTES, bp

_NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


_AUTH_ERRORS = {
    "401": {
        **_error("No token, or an unknown or revoked one."),
        "headers": {"WWW-Authenticate": {"$ref": "#/components/headers/WWWAuthenticate"}},
    },
    "403": _error("The token lacks the scope this operation needs."),
}

CONTACT_CREATE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["external_id", "touchpoint", "channel"],
    "properties": {
        "external_id": {
            "type": "string",
            "minLength": 1,
            "maxLength": 120,
            "description": "Your system's id for the contact (ticket, call, order). "
            "Repeating it returns the contact recorded first: the idempotency key.",
        },
        "touchpoint": {
            "type": "string",
            "maxLength": 40,
            "description": "Key of the journey stage, e.g. `phone_support` or `website_order`. "
            "An unknown key is refused with the list of known ones.",
        },
        "channel": {"type": "string", "enum": list(CHANNELS)},
        "team": {"type": ["string", "null"], "maxLength": 80},
        "customer_ref": {
            "type": ["string", "null"],
            "maxLength": 120,
            "description": "A pseudonymous customer id, never a name or an address. At most "
            "one invitation per customer_ref is made within INVITATION_MIN_INTERVAL_DAYS.",
        },
        "occurred_at": {
            **_NULLABLE_TIME,
            "description": "When the contact happened: ISO 8601 with a UTC offset "
            "(`2026-03-01T14:30:00+01:00` or `…Z`). Default: now. Not in the future.",
        },
        "email": {
            "type": ["string", "null"],
            "format": "email",
            "maxLength": 254,
            "description": "Where an invitation may be e-mailed; stored apart, erasable.",
        },
        "language": {
            "type": ["string", "null"],
            "enum": [*LANGUAGES, None],
            "description": "The survey's language. Default: the instance's default language.",
        },
        "survey": {
            "type": "string",
            "default": "post_contact",
            "maxLength": 60,
            "description": "Key of the survey to invite to.",
        },
        "send_invitation": {
            "type": ["boolean", "null"],
            "description": "E-mail the survey link to `email` (through the outbox, with an "
            "unsubscribe link). Null or absent: the instance's SEND_INVITATIONS setting.",
        },
    },
    "description": "Text is stored verbatim (markup is not interpreted); control characters "
    "are refused. Strings are trimmed; an empty optional string counts as absent.",
}

CONTACT_CREATED = {
    "type": "object",
    "required": [
        "contact_id",
        "external_id",
        "survey_url",
        "invitation_expires_at",
        "invited",
        "reason",
    ],
    "properties": {
        "contact_id": {"type": "integer"},
        "external_id": {"type": "string"},
        "survey_url": {
            "type": ["string", "null"],
            "format": "uri",
            "description": "The customer's single-use survey link. Only a hash of it is kept: "
            "store it from the first response, it is never shown again (null on a repeat).",
        },
        "invitation_expires_at": {
            **_NULLABLE_TIME,
            "description": "When the contact's invitation expires (null: none was made).",
        },
        "invited": {"type": "boolean", "description": "Whether this call made an invitation."},
        "emailed": {
            "type": "boolean",
            "description": "Whether the survey link was queued for e-mail to the contact.",
        },
        "reason": {
            "type": ["string", "null"],
            "enum": ["duplicate", "recently_invited", None],
            "description": "Why no invitation was made: `duplicate` (the external_id is known; "
            "the stored contact is returned, the fields sent are ignored) or `recently_invited` "
            "(the customer_ref was invited within INVITATION_MIN_INTERVAL_DAYS).",
        },
    },
}

CONTACT = {
    "type": "object",
    "required": ["contact_id", "external_id", "touchpoint", "channel", "occurred_at"],
    "properties": {
        "contact_id": {"type": "integer"},
        "external_id": {"type": "string"},
        "touchpoint": {"type": "string"},
        "channel": {"type": "string", "enum": list(CHANNELS)},
        "team": {"type": ["string", "null"]},
        "customer_ref": {"type": ["string", "null"]},
        "occurred_at": {"type": "string", "format": "date-time"},
        "created_at": {"type": "string", "format": "date-time"},
        "invited": {"type": "boolean"},
        "invitation_expires_at": _NULLABLE_TIME,
        "responded": {"type": "boolean", "description": "Whether the customer answered."},
        "responded_at": _NULLABLE_TIME,
    },
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "integer", "description": "The HTTP status code."},
                "message": {"type": "string", "description": "What went wrong and the fix."},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "For 422: each invalid field with what to fix.",
                },
            },
        }
    },
    "example": {
        "error": {
            "code": 422,
            "message": "The contact is not valid; fix touchpoint.",
            "fields": {"touchpoint": "Unknown touchpoint 'x'; known: website_order, delivery."},
        }
    },
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Voxloop API",
        "version": "1.0.0",
        "summary": "Push customer contacts in; get survey links and their outcome back.",
        "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearerToken": []}],
    "paths": {
        "/contacts": {
            "post": {
                "operationId": "createContact",
                "summary": "Record a contact and invite the customer to a survey",
                "description": "Needs scope `ingest`. Idempotent on `external_id`: the first "
                "call answers 201, a repeat 200 with the same contact, `survey_url: null`, "
                "`invited: false` and `reason: duplicate` — store the first survey_url. "
                f"Bodies over {MAX_BODY_BYTES // 1024} KB are refused.",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/ContactCreate"},
                            "example": {
                                "external_id": "ticket-4711",
                                "touchpoint": "phone_support",
                                "channel": "phone",
                                "team": "Team A",
                                "customer_ref": "cust-0042",
                                "occurred_at": "2026-03-01T14:30:00+01:00",
                                "language": "de",
                            },
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Recorded. `invited` is false with reason "
                        "`recently_invited` when the frequency rule held the invitation back.",
                        "headers": {"Location": {"$ref": "#/components/headers/Location"}},
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ContactCreated"}
                            }
                        },
                    },
                    "200": {
                        "description": "A repeat of a known external_id: the stored contact, "
                        "no survey_url, reason `duplicate`.",
                        "headers": {"Location": {"$ref": "#/components/headers/Location"}},
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ContactCreated"}
                            }
                        },
                    },
                    "400": _error("The body is not UTF-8 JSON, or not a JSON object."),
                    **_AUTH_ERRORS,
                    "413": _error(f"The body is larger than {MAX_BODY_BYTES // 1024} KB."),
                    "415": _error("The Content-Type is not application/json."),
                    "422": _error("A field is invalid; `fields` says which and how to fix it."),
                },
            }
        },
        "/contacts/{external_id}": {
            "get": {
                "operationId": "getContact",
                "summary": "A contact and whether the customer responded",
                "description": "Needs scope `read` or `ingest`. Percent-encode `/` in ids.",
                "parameters": [
                    {
                        "name": "external_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The contact.",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Contact"}}
                        },
                    },
                    **_AUTH_ERRORS,
                    "404": _error("No contact has this external_id."),
                },
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "summary": "This document",
                "security": [],
                "responses": {
                    "200": {
                        "description": "The OpenAPI document.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    },
    "components": {
        "securitySchemes": {
            "bearerToken": {
                "type": "http",
                "scheme": "bearer",
                "description": "An API token from `voxloop tokens create --scope ingest` "
                "(scopes: ingest, read, admin).",
            }
        },
        "headers": {
            "WWWAuthenticate": {
                "description": '`Bearer realm="voxloop"`, with `error="invalid_token"` '
                "for an unknown or revoked token.",
                "schema": {"type": "string"},
            },
            "Location": {
                "description": "The contact's URL (GET it for its status).",
                "schema": {"type": "string"},
            },
        },
        "schemas": {
            "ContactCreate": CONTACT_CREATE,
            "ContactCreated": CONTACT_CREATED,
            "Contact": CONTACT,
            "Error": ERROR,
        },
    },
}


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(DOCUMENT)
