"""API operations declared once: the route, its access, the schemas that validate it, its docs.

Every endpoint is registered through :func:`operation`. The decorator checks the token's
scope, validates the query string and the JSON body with the pydantic models it names
(errors become ``application/problem+json`` with a message per field), applies the
per-token rate limit and ``Idempotency-Key`` replays, and records the operation. The
OpenAPI 3.1 document at ``/api/v1/openapi.json`` is generated from those records and
models — the same ones that validate requests — so the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import current_app, request
from pydantic import BaseModel, ValidationError

from app.services.validation import field_errors
from app.views.api import MAX_BODY_BYTES, ApiError, bp, json_object


@dataclass(frozen=True)
class Reply:
    """A documented answer of an operation."""

    status: int
    description: str
    model: type[BaseModel] | None = None
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class PathParam:
    name: str
    description: str
    converter: str = "string"  # a Flask converter: string, path, int


@dataclass
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    description: str
    scopes: tuple[str, ...]
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    replies: tuple[Reply, ...]
    path_params: tuple[PathParam, ...] = ()
    idempotent: bool = False
    example: dict[str, Any] | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


OPERATIONS: list[Operation] = []


def parse_query(model: type[BaseModel]) -> BaseModel:
    """The query string, validated; repeated or unknown parameters are refused by name."""
    try:
        return model.model_validate(request.args.to_dict(flat=True))
    except ValidationError as exc:
        fields = field_errors(exc, model.model_fields)
        raise ApiError(422, "The query is not valid; see errors.", fields=fields) from None


def parse_body(model: type[BaseModel]) -> BaseModel:
    """The JSON body, validated by ``model``; every bad field is named at once."""
    data = json_object()
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        fields = field_errors(exc, model.model_fields)
        names = ", ".join(fields)
        raise ApiError(422, f"The request is not valid; fix {names}.", fields=fields) from None


def _rule(path: str, params: tuple[PathParam, ...]) -> str:
    converters = {p.name: p.converter for p in params}

    def convert(match: re.Match) -> str:
        name = match.group(1)
        converter = converters.get(name, "string")
        return f"<{name}>" if converter == "string" else f"<{converter}:{name}>"

    return re.sub(r"\{(\w+)\}", convert, path)


def operation(
    method: str,
    path: str,
    *,
    operation_id: str,
    summary: str,
    replies: tuple[Reply, ...],
    description: str = "",
    scopes: tuple[str, ...] = (),
    body: type[BaseModel] | None = None,
    validate_body: bool = True,
    query: type[BaseModel] | None = None,
    path_params: tuple[PathParam, ...] = (),
    idempotent: bool = False,
    example: dict[str, Any] | None = None,
) -> Callable:
    """Register an API endpoint and its documentation.

    Args:
        method: The HTTP method.
        path: The path below /api/v1 in OpenAPI style, e.g. ``/contacts/{external_id}``.
        operation_id: A stable name (also the Flask endpoint).
        summary: One line for the document.
        replies: The successful answers (errors are added from what the operation does).
        description: More detail.
        scopes: Token scopes allowed (any of them); empty: public.
        body: The request body's model; with ``validate_body`` the view gets ``body=``
            the validated model, without it the model only documents what the use case
            validates itself.
        query: The query string's model; the view gets ``query=``.
        path_params: Documentation and converters of the path's parameters.
        idempotent: Whether ``Idempotency-Key`` is honoured (POSTs).
        example: An example request body.
    """
    from app.views.api import idempotency
    from app.views.api.auth import rate_limited, token_required

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def call(**path_args: Any):
            arguments = dict(path_args)
            if query is not None:
                arguments["query"] = parse_query(query)
            if body is not None and validate_body:
                arguments["body"] = parse_body(body)
            return view(**arguments)

        wrapped: Callable = call
        if idempotent:
            wrapped = idempotency.honoured(wrapped)
        if scopes:
            wrapped = token_required(*scopes)(wrapped)
            wrapped = rate_limited(wrapped)
        bp.add_url_rule(_rule(path, path_params), endpoint=operation_id, view_func=wrapped,
                        methods=[method])  # fmt: skip
        OPERATIONS.append(
            Operation(
                method=method.lower(), path=path, operation_id=operation_id, summary=summary,
                description=description, scopes=scopes, body=body, query=query,
                replies=replies, path_params=path_params, idempotent=idempotent,
                example=example,
            )
        )  # fmt: skip
        return wrapped

    return decorator


# --- the document ------------------------------------------------------------------------

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An error as RFC 9457 problem details; `errors` names each bad field.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "`about:blank`: the status says it all."},
        "title": {"type": "string", "description": "The status's name."},
        "status": {"type": "integer", "description": "The HTTP status code."},
        "detail": {"type": "string", "description": "What went wrong and how to fix it."},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "For 422: each invalid field (dotted path) with the fix.",
        },
    },
}
_PROBLEM_REF = "#/components/schemas/Problem"
_ERRORS = {
    400: "The body is not UTF-8 JSON, or not a JSON object.",
    401: "No token, or an unknown, expired or revoked one.",
    403: "The token lacks the scope this operation needs.",
    404: "Not found.",
    409: "A request with this Idempotency-Key is still running; retry shortly.",
    413: f"The body is larger than {MAX_BODY_BYTES // 1024} KB.",
    415: "The Content-Type is not application/json.",
    422: "The request is not valid; `errors` says which field and how to fix it.",
    429: "Too many requests for this token; wait as Retry-After says.",
}


def _schema(model: type[BaseModel], schemas: dict[str, Any], mode: str) -> dict[str, str]:
    generated = model.model_json_schema(ref_template="#/components/schemas/{model}", mode=mode)
    for name, definition in generated.pop("$defs", {}).items():
        schemas.setdefault(name, definition)
    schemas.setdefault(model.__name__, generated)
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _problem(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": _ERRORS[status],
        "content": {"application/problem+json": {"schema": {"$ref": _PROBLEM_REF}}},
    }
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"$ref": "#/components/headers/WWWAuthenticate"}}
    if status == 429:
        response["headers"] = {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}}
    return response


def _parameters(op: Operation, schemas: dict[str, Any]) -> list[dict[str, Any]]:
    parameters = [
        {"name": p.name, "in": "path", "required": True, "description": p.description,
         "schema": {"type": "integer" if p.converter == "int" else "string"}}
        for p in op.path_params
    ]  # fmt: skip
    if op.query is not None:
        generated = op.query.model_json_schema(mode="validation")
        required = set(generated.get("required", []))
        for name, schema in generated["properties"].items():
            description = schema.pop("description", "")
            parameters.append({"name": name, "in": "query", "required": name in required,
                               "description": description, "schema": schema})  # fmt: skip
    if op.idempotent:
        parameters.append({"$ref": "#/components/parameters/IdempotencyKey"})
    return parameters


def _operation(op: Operation, schemas: dict[str, Any]) -> dict[str, Any]:
    document: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "description": (op.description + (f" Needs scope `{' or '.join(op.scopes)}`."
                                          if op.scopes else "")).strip(),
        "responses": {},
    }  # fmt: skip
    if not op.scopes:
        document["security"] = []
    parameters = _parameters(op, schemas)
    if parameters:
        document["parameters"] = parameters
    if op.body is not None:
        content: dict[str, Any] = {"schema": _schema(op.body, schemas, "validation")}
        if op.example:
            content["example"] = op.example
        document["requestBody"] = {"required": True, "content": {"application/json": content}}
    for reply in op.replies:
        answer: dict[str, Any] = {"description": reply.description}
        if reply.model is not None:
            answer["content"] = {
                "application/json": {"schema": _schema(reply.model, schemas, "serialization")}
            }
        if reply.headers:
            answer["headers"] = {h: {"$ref": f"#/components/headers/{h}"} for h in reply.headers}
        document["responses"][str(reply.status)] = answer
    errors = set()
    if op.scopes:
        errors |= {401, 403, 429}
    if op.body is not None:
        errors |= {400, 413, 415, 422}
    if op.query is not None:
        errors.add(422)
    if op.path_params:
        errors.add(404)
    if op.idempotent:
        errors |= {409, 422}
    for status in sorted(errors):
        document["responses"][str(status)] = _problem(status)
    return document


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of every registered operation."""
    schemas: dict[str, Any] = {"Problem": PROBLEM_SCHEMA}
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = _operation(op, schemas)
    limit = current_app.config.get("API_RATE_LIMIT", "")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Voxloop API",
            "version": "1.1.0",
            "summary": "Contacts, feedback and complaints in; responses, themes and actions out.",
            "description": "Bearer tokens with scope `ingest` (write) or `read` (read). Lists are "
            "paged with `cursor` (opaque, from `next_cursor`) and filtered with "
            "`updated_since`. POSTs honour an `Idempotency-Key` header for 24 hours. Errors "
            f"are RFC 9457 problem details. Rate limit per token: {limit}.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerToken": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token from `voxloop tokens create --scope ingest` "
                    "or `--scope read` (or the admin page).",
                }
            },
            "parameters": {
                "IdempotencyKey": {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "description": "Any unique string (1–200 characters); a retry with the "
                    "same key and body gets the first answer again, marked with "
                    "`Idempotent-Replayed: true`.",
                    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                }
            },
            "headers": {
                "WWWAuthenticate": {
                    "description": '`Bearer realm="voxloop"`, with `error="invalid_token"` '
                    "for an unknown, expired or revoked token.",
                    "schema": {"type": "string"},
                },
                "Location": {
                    "description": "The new resource's URL.",
                    "schema": {"type": "string"},
                },
                "RetryAfter": {"description": "Seconds to wait.", "schema": {"type": "string"}},
            },
            "schemas": schemas,
        },
    }
