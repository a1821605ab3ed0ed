"""Use cases: plain functions taking a keyword-only ``session``, one module per feature."""


class DomainError(Exception):
    """A business rule was broken; views map it to a message for the user."""


class NotFound(DomainError):
    """The thing asked for does not exist (or must not be revealed)."""
