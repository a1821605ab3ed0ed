"""E-mail rendering: bilingual templates (plain text and HTML) in the recipient's language.

Messages are rendered when they are queued, in the same transaction as the change that
causes them, so the outbox holds exactly what will be sent. Templates live in
``templates/email/<name>.subject.txt``, ``<name>.txt`` and ``<name>.html``; every link in
them is built from ``PUBLIC_BASE_URL``, never from a request's Host header.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer

UNSUBSCRIBE_SALT = "voxloop-unsubscribe"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def public_url(path: str) -> str:
    """An absolute link on this installation, from ``PUBLIC_BASE_URL``."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def email_hash(address: str) -> str:
    """The SHA-256 of a normalised address: what unsubscribes and erasure keep."""
    return hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()


def unsubscribe_token(address: str) -> str:
    """A signed token naming the address's hash; only this installation can make one."""
    serializer = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)
    return serializer.dumps(email_hash(address))


def read_unsubscribe_token(token: str) -> str | None:
    """The address hash in a token, or None if the token was not made here."""
    serializer = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)
    try:
        value = serializer.loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, str) and len(value) == 64 else None


def unsubscribe_url(address: str, language: str) -> str:
    return public_url(f"/unsubscribe/{unsubscribe_token(address)}?lang={language}")


def render(template: str, language: str, **context: Any) -> Rendered:
    """Render a message's subject, text and HTML parts in ``language``."""
    with force_locale(language):
        context = {"public_url": public_url, "language": language, **context}
        subject = render_template(f"email/{template}.subject.txt", **context)
        return Rendered(
            subject=" ".join(subject.split()),
            text=render_template(f"email/{template}.txt", **context).strip() + "\n",
            html=render_template(f"email/{template}.html", **context),
        )
