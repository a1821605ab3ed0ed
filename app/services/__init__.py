"""Use cases: plain functions taking a keyword-only ``session``, one module per feature."""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Mark a message for translation where it is written; the view translates it.

    Services stay free of Flask, so they cannot translate; they raise a
    :class:`DomainError` with the English message and its parameters, and
    ``app.views.errors.error_message`` renders it in the user's language.
    """
    return message


class DomainError(Exception):
    """A business rule was broken; views map it to a message for the user.

    Args:
        message: English text, optionally with ``%(name)s`` placeholders, marked with
            :func:`N_` so it lands in the translation catalogue.
        **params: Values for the placeholders.
    """

    def __init__(self, message: str = "", **params: Any):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


class NotFound(DomainError):
    """The thing asked for does not exist (or must not be revealed)."""
