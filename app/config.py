"""Configuration: defaults, then ``instance/config.py``, then ``VOXLOOP_*`` variables."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

DEV_SECRET_KEY = "dev"  # noqa: S105 - the known-weak key that production refuses
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """A configuration value is missing or wrong; the message says how to fix it."""


def defaults(instance_path: str) -> dict[str, Any]:
    """Return the built-in configuration for an instance folder."""
    return {
        "SECRET_KEY": None,  # unset: generated into instance/ (or "dev" when testing)
        "DATABASE_URL": "sqlite:///" + os.path.join(instance_path, "voxloop.sqlite3"),
        "DATABASE_ECHO": False,
        "SQLITE_BUSY_TIMEOUT_MS": 15000,
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": ("en", "de"),
        "RATELIMIT_STORAGE_URI": "memory://",  # one process only; redis://… for several
        "RATELIMIT_ENABLED": True,
        # Reverse proxies in front that append to X-Forwarded-For / -Proto (0: none).
        # Only the rightmost N entries are believed, so clients cannot pick their address.
        "TRUSTED_PROXY_COUNT": 0,
        "LOGIN_RATE_LIMIT": "10 per minute",  # per client address
        # Failed sign-ins per account: each tier that fills makes the next attempt wait
        # longer (1 minute, then 15, then an hour), whatever address they come from.
        "LOGIN_ACCOUNT_RATE_LIMIT": "5 per minute;10 per 15 minutes;20 per hour",
        "COMPLAINT_RATE_LIMIT": "5 per minute;30 per day",
        "API_RATE_LIMIT": "600 per minute",  # per API token
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": None,  # None: secure (and __Host-) when PUBLIC_BASE_URL is https
        "SESSION_IDLE_MINUTES": 30,  # a staff session unused this long ends
        "SESSION_LIFETIME_HOURS": 12,  # and any staff session ends this long after sign-in
        "WTF_CSRF_TIME_LIMIT": None,  # survey pages have no time limit
        "STAFF_FORM_TIME_LIMIT_HOURS": 4,  # staff forms do (app.staff_forms)
        # Flask-WTF's HTTPS check wants a Referer, which survey and status pages do not
        # send (their address holds a token); cross-site posts are refused by Fetch
        # Metadata instead (app.security), and the CSRF token stays required.
        "WTF_CSRF_SSL_STRICT": False,
        "MAX_CONTENT_LENGTH": 1024 * 1024,  # larger requests get the 413 page
        "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
        # Staff passwords (app.services.passwords, app.services.accounts).
        "PASSWORD_MIN_LENGTH": 12,
        "PASSWORD_RESET_TTL_MINUTES": 60,
        "REAUTH_WINDOW_MINUTES": 5,  # creating an admin or a token needs a sign-in this recent
        "REQUIRE_ADMIN_TOTP": False,  # True: admins must enrol the TOTP second factor
        "INVITATION_TTL_DAYS": 14,
        "INVITATION_MIN_INTERVAL_DAYS": 30,
        "LOW_SCORE_CSAT_MAX": 2,
        "LOW_SCORE_NPS_MAX": 6,
        "FOLLOWUP_SLA_HOURS": 48,
        "KEEP_ORIGINAL_TEXT": False,
        # Cards a board column may hold at once (work in progress); Ideas and Done have none.
        "BOARD_WIP_LIMITS": {"plan": 8, "do": 5, "check": 5, "act": 5},
        "EMBEDDING_MODEL": None,  # None: the bundled, checksum-verified all-MiniLM-L6-v2
        "EMBEDDING_MODELS_BY_LANGUAGE": {},
        "EMBEDDING_BATCH_SIZE": 64,
        # torch (sentence-transformers, the reference) | onnx | onnx-int8 (ONNX Runtime;
        # exported from the verified weights into EMBEDDING_CACHE_DIR on first use).
        "EMBEDDING_BACKEND": "onnx",
        "EMBEDDING_CACHE_DIR": os.path.join(instance_path, "models", "onnx"),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": 25,
        "SMTP_SECURITY": "none",  # none | starttls | tls (implicit TLS, usually port 465)
        "SMTP_USERNAME": None,
        "SMTP_PASSWORD": None,
        "SMTP_TIMEOUT_SECONDS": 10,
        "MAIL_FROM": "voxloop@localhost",
        "MAIL_REPLY_TO": None,
        # E-mail the survey link when a contact arrives with an address and says nothing.
        "SEND_INVITATIONS": False,
        "REMINDER_AFTER_DAYS": 3,  # one reminder for an unanswered invitation; 0: none
        "OUTBOX_MAX_ATTEMPTS": 8,  # then the message is dead-lettered for an admin
        "OUTBOX_RETRY_SECONDS": 60,  # first retry after this, doubling each time
        # Webhooks (app.services.webhooks): internal networks a receiver may be in (CIDRs;
        # none by default), the per-request timeout, and after how many deliveries given
        # up in a row a webhook is switched off.
        "WEBHOOK_ALLOWED_NETWORKS": [],
        "WEBHOOK_TIMEOUT_SECONDS": 5,
        "WEBHOOK_DISABLE_AFTER": 3,
        # Days each kind of personal data is kept (app.services.retention); 0: for ever.
        "RETENTION_DAYS": {"comments": 730, "contacts": 1095, "cases": 1095, "audit": 1095},
        "SHOW_STAFF_NAMES": False,  # the complaint status page names who replied
        "DIGEST_DAY_OF_WEEK": "mon",
        "DIGEST_HOUR": 7,
        "SCHEDULER_TIMEZONE": "UTC",
    }


def load_environment(prefix: str = "VOXLOOP_") -> dict[str, Any]:
    """Read ``VOXLOOP_*`` variables, decoding JSON-looking values (numbers, booleans, lists)."""
    values: dict[str, Any] = {}
    for name, raw in os.environ.items():
        if not name.startswith(prefix) or name.startswith(prefix + "TEST_"):
            continue
        key = name[len(prefix) :]
        try:
            values[key] = json.loads(raw)
        except ValueError:
            values[key] = raw
    return values


def ensure_secret_key(instance_path: str) -> str:
    """Return the instance's generated secret key, creating it on first use.

    ``make run`` must need no manual step, so a strong key is generated once and kept
    in ``instance/secret_key`` (readable by the owner only).
    """
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def _validate_retention(value: Any) -> None:
    kinds = ("comments", "contacts", "cases", "audit")
    if not isinstance(value, dict) or any(
        kind not in kinds or not isinstance(days, int) or isinstance(days, bool) or days < 0
        for kind, days in value.items()
    ):
        raise ConfigError(
            "VOXLOOP_RETENTION_DAYS must map comments, contacts, cases and audit to whole "
            f"numbers of days (0 keeps for ever), e.g. '{{\"comments\": 365}}', got {value!r}."
        )


def _validate_networks(value: Any) -> None:
    import ipaddress

    items = value.split(",") if isinstance(value, str) else value
    try:
        for item in items or ():
            ipaddress.ip_network(str(item).strip(), strict=False)
    except (TypeError, ValueError):
        raise ConfigError(
            "VOXLOOP_WEBHOOK_ALLOWED_NETWORKS must be a list of networks such as "
            f'\'["10.2.0.0/16"]\' (or "10.2.0.0/16,192.168.5.0/24"), got {value!r}.'
        ) from None


EMBEDDING_BACKENDS = ("torch", "onnx", "onnx-int8")  # ml.onnx_backend.BACKENDS, not imported


def _validate_embedding_backend(value: Any) -> None:
    if value not in EMBEDDING_BACKENDS:
        raise ConfigError(
            f"VOXLOOP_EMBEDDING_BACKEND must be torch, onnx or onnx-int8, got {value!r}. "
            "onnx (the default) is fast with the reference vectors; torch is sentence-transformers."
        )


def validate(config: dict[str, Any], *, debug: bool, testing: bool) -> None:
    """Refuse configurations that would run unsafely or not at all."""
    key = config.get("SECRET_KEY") or ""
    if not (debug or testing) and (key == DEV_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH):
        raise ConfigError(
            "SECRET_KEY is the development default or shorter than "
            f"{MIN_SECRET_KEY_LENGTH} characters. Set VOXLOOP_SECRET_KEY to a long random "
            "value (python -c 'import secrets; print(secrets.token_urlsafe(48))') or remove "
            "it to use the key generated in instance/secret_key."
        )
    url = str(config.get("DATABASE_URL") or "")
    if not url.startswith(("sqlite:", "postgresql")):
        raise ConfigError(
            f"VOXLOOP_DATABASE_URL={url!r} is not supported. Use sqlite:///path/to/file.sqlite3 "
            "or postgresql+psycopg://user@host:5432/dbname."
        )
    base = str(config.get("PUBLIC_BASE_URL") or "")
    if not (debug or testing) and not base.startswith("https://") and not is_loopback_url(base):
        raise ConfigError(
            f"VOXLOOP_PUBLIC_BASE_URL={base!r} must start with https:// (links in e-mails "
            "carry survey and status tokens); plain http is allowed only for 127.0.0.1 "
            "and localhost."
        )
    proxies = config.get("TRUSTED_PROXY_COUNT")
    if not isinstance(proxies, int) or isinstance(proxies, bool) or proxies < 0:
        raise ConfigError(
            f"VOXLOOP_TRUSTED_PROXY_COUNT must be the number of reverse proxies in front "
            f"(0 when clients connect directly), got {proxies!r}."
        )
    for name in ("SESSION_IDLE_MINUTES", "SESSION_LIFETIME_HOURS", "STAFF_FORM_TIME_LIMIT_HOURS"):
        value = config.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"VOXLOOP_{name} must be a whole number ≥ 1, got {value!r}.")
    for name in ("INVITATION_TTL_DAYS", "INVITATION_MIN_INTERVAL_DAYS", "FOLLOWUP_SLA_HOURS"):
        value = config.get(name)
        if not isinstance(value, int) or value < 0:
            raise ConfigError(f"VOXLOOP_{name} must be a whole number ≥ 0, got {value!r}.")
    _validate_wip_limits(config.get("BOARD_WIP_LIMITS"))
    if config.get("SMTP_SECURITY") not in ("none", "starttls", "tls"):
        security = config.get("SMTP_SECURITY")
        raise ConfigError(f"VOXLOOP_SMTP_SECURITY must be none, starttls or tls, got {security!r}.")
    for name in ("REMINDER_AFTER_DAYS", "OUTBOX_MAX_ATTEMPTS", "OUTBOX_RETRY_SECONDS",
                 "WEBHOOK_DISABLE_AFTER"):  # fmt: skip
        value = config.get(name)
        if not isinstance(value, int) or value < 0:
            raise ConfigError(f"VOXLOOP_{name} must be a whole number ≥ 0, got {value!r}.")
    _validate_networks(config.get("WEBHOOK_ALLOWED_NETWORKS"))
    _validate_embedding_backend(config.get("EMBEDDING_BACKEND"))
    _validate_retention(config.get("RETENTION_DAYS"))


def _validate_wip_limits(limits: Any) -> None:
    columns = {"plan", "do", "check", "act"}
    if (
        not isinstance(limits, dict)
        or not set(limits) <= columns
        or not all(isinstance(v, int) and v >= 0 for v in limits.values())
    ):
        raise ConfigError(
            "VOXLOOP_BOARD_WIP_LIMITS must map columns (plan, do, check, act) to whole numbers "
            f'≥ 0 (0: no limit), e.g. {{"do": 3}}; got {limits!r}.'
        )


def is_loopback_url(url: str) -> bool:
    """True for an address on this machine (the demo and development), whatever scheme."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "127.0.0.1", "::1") or host.endswith(".localhost")


def normalise_database_url(url: str) -> str:
    """Let users write ``postgresql://`` and still get the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url
