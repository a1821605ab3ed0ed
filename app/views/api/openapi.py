"""The OpenAPI 3.1 document, generated from the operations and the models that validate them."""

from __future__ import annotations

from flask import jsonify

from app.views.api.spec import Reply, document, operation


@operation(
    "GET", "/openapi.json", operation_id="getOpenApi", summary="This document",
    replies=(Reply(200, "The OpenAPI document."),),
)  # fmt: skip
def openapi_document():
    return jsonify(document())
