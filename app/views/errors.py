"""Error pages in the visitor's language, JSON for the API."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.services import DomainError, NotFound


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (_("The request could not be understood"), _("Please go back and try again.")),
        403: (_("Access denied"), _("You do not have permission to see this page.")),
        404: (
            _("Page not found"),
            _("The address may be mistyped, or the page has moved."),
        ),
        405: (_("Not allowed"), _("This page cannot be used this way.")),
        413: (_("Too much data"), _("What you sent is too large. Please shorten it.")),
        429: (
            _("Too many attempts"),
            _("Please wait a minute and try again."),
        ),
        500: (
            _("Something went wrong on our side"),
            _("Nothing you did caused this. Please try again in a moment."),
        ),
    }


def error_message(exc: DomainError) -> str:
    """A domain error's message in the user's language (its English text if untranslated)."""
    if not exc.message:
        return str(exc)
    return _(exc.message, **exc.params)


def render_error(code: int, detail: str | None = None, headers: dict[str, str] | None = None):
    """Render an error page (or a problem document under /api/) for the status code."""
    titles = _titles()
    title, hint = titles.get(code, titles[500] if code >= 500 else titles[400])
    if request.path.startswith("/api/"):
        from app.views.api import error_response

        return error_response(code, str(detail or title), None, headers)
    page = render_template("errors/error.html", code=code, title=title, hint=detail or hint)
    return page, code, headers or {}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_exc: CSRFError):
        return render_error(
            400, _("Your form expired or was sent twice. Please reload the page and send it again.")
        )

    @app.errorhandler(RateLimitExceeded)
    def _limited(exc: RateLimitExceeded):
        retry = {k: v for k, v in exc.get_headers() if k.lower() == "retry-after"}
        return render_error(429, headers=retry or {"Retry-After": "60"})

    @app.errorhandler(NotFound)
    def _not_found(_exc: NotFound):
        # A service said "no such thing": the visitor sees the ordinary 404 page.
        return render_error(404)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        allow = {k: v for k, v in exc.get_headers() if k.lower() == "allow"}
        return render_error(exc.code or 500, headers=allow)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("Unhandled error: %s", exc)
        return render_error(500)
