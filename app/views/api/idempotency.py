"""``Idempotency-Key`` for POSTs: a retry gets the first answer instead of a second effect.

The key is claimed before the request runs (a row per token and key, unique), so two
copies of one request racing each other cannot both act: the second gets 409 and retries.
The first successful answer (status, body, Location) is stored and replayed, marked
``Idempotent-Replayed: true``, for 24 hours; after a refused or failed request the key is
free again, so the client can fix the request and retry. Reusing a key for a different
body is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import g, request
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.db import begin_write
from app.models import IdempotencyKey
from app.models.base import utcnow
from app.views.api import ApiError

HEADER = "Idempotency-Key"
KEEP = timedelta(hours=24)
MAX_KEY = 200


def _request_hash() -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _claim(session: Session, token_id: int, key: str, fingerprint: str) -> IdempotencyKey | None:
    """Claim the key; return the earlier record when the key was used already."""
    begin_write(session)
    stale = utcnow() - KEEP
    session.exec(
        delete(IdempotencyKey).where(
            IdempotencyKey.token_id == token_id,
            IdempotencyKey.key == key,
            IdempotencyKey.created_at < stale,
        )
    )
    try:
        session.add(IdempotencyKey(token_id=token_id, key=key, request_hash=fingerprint))
        session.commit()
    except IntegrityError:
        session.rollback()
        return session.exec(
            select(IdempotencyKey).where(
                IdempotencyKey.token_id == token_id, IdempotencyKey.key == key
            )
        ).one()
    return None


def _replay(record: IdempotencyKey, fingerprint: str):
    if record.request_hash != fingerprint:
        raise ApiError(422, f"This {HEADER} was used for a different request; use a new key.",
                       fields={HEADER: "Reused with another body or path."})  # fmt: skip
    if record.status_code == 0:
        raise ApiError(409, f"A request with this {HEADER} is still running; retry shortly.",
                       headers={"Retry-After": "1"})  # fmt: skip
    headers = {"Idempotent-Replayed": "true"}
    if record.location:
        headers["Location"] = record.location
    return record.response, record.status_code, headers


def _store(token_id: int, key: str, status: int, body: Any, location: str | None) -> None:
    """Record a successful first answer, or give the key up (a retry may run afresh).

    Runs in the request's session: after a failure its transaction is rolled back first
    (on SQLite a second session would wait for that transaction's write lock).
    """
    from app.db import get_session

    session = get_session()
    if session.in_transaction():
        session.rollback()
    begin_write(session)
    record = session.exec(
        select(IdempotencyKey).where(IdempotencyKey.token_id == token_id, IdempotencyKey.key == key)
    ).first()
    if record is None:
        session.rollback()
        return
    if not 200 <= status < 300:
        session.delete(record)
    else:
        record.status_code, record.response, record.location = status, body, location
        session.add(record)
    session.commit()


def honoured(view: Callable) -> Callable:
    """Wrap a POST view (inside ``token_required``) with Idempotency-Key handling."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY or not key.isprintable():
            raise ApiError(422, f"{HEADER} must be 1–{MAX_KEY} printable characters.",
                           fields={HEADER: "Use e.g. a UUID."})  # fmt: skip
        from app.db import get_session

        token_id = g.api_token.id
        fingerprint = _request_hash()
        earlier = _claim(get_session(), token_id, key, fingerprint)
        if earlier is not None:
            return _replay(earlier, fingerprint)
        try:
            result = view(*args, **kwargs)
        except Exception:
            _store(token_id, key, 500, None, None)
            raise
        body, status, headers = _unpack(result)
        _store(token_id, key, status, body, (headers or {}).get("Location"))
        return result

    return wrapped


def _unpack(result: Any) -> tuple[Any, int, dict[str, str]]:
    if isinstance(result, tuple):
        body = result[0]
        status = result[1] if len(result) > 1 else 200
        headers = dict(result[2]) if len(result) > 2 else {}
        return _jsonable(body), int(status), headers
    return _jsonable(result), 200, {}


def _jsonable(body: Any) -> Any:
    if hasattr(body, "get_json"):
        return body.get_json()
    return json.loads(json.dumps(body, default=str))
