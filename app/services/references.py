"""Human-readable references and the secrets that guard them."""

from __future__ import annotations

import hashlib
import secrets


def complaint_reference(year: int, number: int) -> str:
    """Format a complaint reference such as ``VX-2026-000123``."""
    return f"VX-{year}-{number:06d}"


def new_secret() -> str:
    """A secret with 128 bits of randomness, safe to put in a URL."""
    return secrets.token_urlsafe(16)


def hash_secret(secret: str) -> str:
    """High-entropy secrets need no slow hash; SHA-256 keeps look-ups indexable."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
