"""Bearer-token access policy for the API, as a decorator on views."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, g, request

from app.db import begin_write, get_session
from app.extensions import limiter
from app.services import users as user_service
from app.views.api import ApiError

REALM = 'Bearer realm="voxloop"'


def _presented_secret() -> str | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def token_required(*scopes: str) -> Callable:
    """Allow the view to a live API token holding any of ``scopes`` (RFC 6750 errors).

    No or an unknown or revoked token gets 401 with ``WWW-Authenticate: Bearer``; a token
    without the scope gets 403. The token is in ``g.api_token`` for the view.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            secret = _presented_secret()
            if secret is None:
                raise ApiError(
                    401,
                    "Send an API token: Authorization: Bearer <token> "
                    "(an admin creates one with `voxloop tokens create`).",
                    headers={"WWW-Authenticate": REALM},
                )
            session = get_session()
            # A read first: unknown tokens and most known ones never touch the write lock.
            token = user_service.find_api_token(session=session, secret=secret)
            if token is None:
                session.rollback()
                raise ApiError(
                    401,
                    "The API token is unknown, expired or revoked.",
                    headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'},
                )
            stale = user_service.token_use_is_stale(token)
            session.expunge(token)  # keep its loaded values for the view
            session.rollback()  # end the read; the view starts its own transaction
            if stale:
                begin_write(session)
                user_service.record_token_use(session=session, token_id=token.id)
                session.commit()  # the use is recorded even when the request then fails
            if not token.scope_set & set(scopes):
                needed = " or ".join(scopes)
                raise ApiError(
                    403,
                    f"This token lacks the scope {needed}; create one with --scope {scopes[0]}.",
                    headers={
                        "WWW-Authenticate": f'{REALM}, error="insufficient_scope", '
                        f'scope="{" ".join(scopes)}"'
                    },
                )
            g.api_token = token
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _token_key() -> str:
    """Rate limits count per token (its hash), or per address for calls without one."""
    secret = _presented_secret()
    if secret is None:
        return f"ip:{request.remote_addr}"
    return "token:" + hashlib.sha256(secret.encode()).hexdigest()[:32]


def rate_limited(view: Callable) -> Callable:
    """Apply ``API_RATE_LIMIT`` per token to an API view."""
    return limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=_token_key)(view)
