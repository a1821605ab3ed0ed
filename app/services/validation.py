"""Pydantic validation errors as one plain message per field, saying what to fix."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

_JSON_TYPES = {bool: "a boolean", int: "a number", float: "a number", list: "an array"}
_JSON_TYPES |= {dict: "an object", type(None): "null", str: "a string"}


def describe(error: Mapping[str, Any], known: Iterable[str] = ()) -> str:
    """One pydantic error in words, with the fix."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "extra_forbidden":
        return f"Unknown field; the fields are {', '.join(known)}."
    if kind == "missing":
        return "Required; give a value."
    if kind == "value_error":
        return str(ctx["error"])
    if kind == "string_type":
        got = _JSON_TYPES.get(type(error["input"]), type(error["input"]).__name__)
        return f"Must be a string, got {got}."
    if kind == "string_unicode":
        return "Must be valid Unicode text; a \\u escape encodes a lone surrogate."
    if kind == "string_too_short":
        return "Must not be empty."
    if kind == "string_too_long":
        return f"Too long: at most {ctx['max_length']} characters, got {len(error['input'])}."
    return str(error["msg"])


def field_errors(exc: ValidationError, known: Iterable[str] = ()) -> dict[str, str]:
    """Every invalid field (dotted path) with its first message."""
    known = tuple(known)
    fields: dict[str, str] = {}
    for error in exc.errors(include_url=False):
        name = ".".join(str(part) for part in error["loc"]) or "body"
        fields.setdefault(name, describe(error, known))
    return fields
