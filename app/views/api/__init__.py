"""The JSON API under ``/api/v1``: bearer tokens, JSON in and out, one error format.

Every error is an RFC 9457 problem document (``application/problem+json``):
``{"type": "about:blank", "title": …, "status": …, "detail": …, "errors": {…}}`` with
``errors`` naming each invalid field, so machine clients handle all of them in one place.
Endpoints are declared in the ``spec`` module, which also generates the OpenAPI document.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from app.extensions import csrf

MAX_BODY_BYTES = 64 * 1024
PROBLEM = "application/problem+json"

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer tokens are not sent by browsers on their own, so cross-site forgery cannot use them.
csrf.exempt(bp)


class ApiError(Exception):
    """An error answered as a problem document."""

    def __init__(
        self,
        code: int,
        message: str,
        *,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code, self.message, self.fields, self.headers = code, message, fields, headers


def error_response(
    code: int,
    message: str,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
):
    """The problem document for ``code``."""
    problem: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTP_STATUS_CODES.get(code, "Error"),
        "status": code,
        "detail": message,
    }
    if fields:
        problem["errors"] = fields
    response = jsonify(problem)
    response.status_code = code
    response.mimetype = PROBLEM
    response.headers.update(headers or {})
    return response


_HTTP_MESSAGES = {
    404: "No such resource; see /api/v1/openapi.json for the API's paths.",
    405: "This method is not allowed here; see the Allow header and /api/v1/openapi.json.",
    413: f"The body is larger than {MAX_BODY_BYTES // 1024} KB; send one item per request.",
}


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return error_response(exc.code, exc.message, exc.fields, exc.headers)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    code = exc.code or 500
    # Keep what the exception says on the wire, e.g. a 405's Allow header.
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    message = _HTTP_MESSAGES.get(code, exc.description or exc.name)
    return error_response(code, message, None, headers)


@bp.before_request
def _limit_body() -> None:
    request.max_content_length = MAX_BODY_BYTES


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice")
        result[key] = value
    return result


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def json_object() -> dict[str, Any]:
    """The request body as a JSON object.

    Raises:
        ApiError: 415 for another media type, 400 for bytes that are not UTF-8 JSON or
            not an object (413 comes from the body limit).
    """
    if not request.is_json:
        got = request.mimetype or "no Content-Type"
        raise ApiError(
            415, f"Send the body as JSON with Content-Type: application/json (got {got})."
        )
    raw = request.get_data(cache=False)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(
            400, f"The body is not valid UTF-8 (byte {exc.start}); send JSON encoded as UTF-8."
        ) from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
    except ValueError as exc:
        raise ApiError(400, f"The body is not valid JSON: {exc}.") from None
    if not isinstance(data, dict):
        raise ApiError(400, 'The body must be a JSON object, like {"external_id": …}.')
    return data


from app.views.api import openapi, resources  # noqa: E402, F401 - routes attach to bp
