"""Unsubscribe links in e-mails: a confirmation page, and one-click POST (RFC 8058)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from app.db import get_session
from app.extensions import csrf
from app.mail import read_unsubscribe_token
from app.services import unsubscribe as unsubscribe_service

bp = Blueprint("unsubscribe", __name__)


@bp.get("/unsubscribe/<token>")
def confirm(token: str):
    """Ask before unsubscribing: link scanners open links, people press the button."""
    email_hash = read_unsubscribe_token(token)
    if email_hash is None:
        abort(404)
    done = unsubscribe_service.is_unsubscribed(session=get_session(), email_hash=email_hash)
    return render_template("unsubscribe/page.html", token=token, done=done)


# Mail clients' one-click unsubscribe POSTs "List-Unsubscribe=One-Click" without a CSRF
# token (RFC 8058); the signed token in the URL is the proof, and the action is harmless.
@bp.post("/unsubscribe/<token>")
@csrf.exempt
def unsubscribe(token: str):
    email_hash = read_unsubscribe_token(token)
    if email_hash is None:
        abort(404)
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    unsubscribe_service.unsubscribe(
        session=get_session(), email_hash=email_hash, source="one_click" if one_click else "link"
    )
    return render_template("unsubscribe/page.html", token=token, done=True)
