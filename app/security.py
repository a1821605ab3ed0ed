"""Response headers and the cross-site request check, for every page the app serves."""

from __future__ import annotations

from flask import Flask, abort, request

# No inline scripts, no third-party origins, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
)
# The app needs none of the browser's powerful features.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
HSTS = "max-age=31536000; includeSubDomains"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Blueprints whose requests carry their own credentials (a bearer token), not cookies.
TOKEN_BLUEPRINTS = frozenset({"api"})


def init_app(app: Flask) -> None:
    app.before_request(refuse_cross_site_writes)
    app.after_request(add_headers)


def refuse_cross_site_writes() -> None:
    """Refuse a state-changing request another site's page made the browser send.

    Browsers say where a request comes from in ``Sec-Fetch-Site``, whatever the page's
    Referrer-Policy; a form posted from another site is refused before any view runs,
    in addition to the CSRF token every form carries. Clients that send no such header
    (scripts, older browsers) still need the token.
    """
    if request.method not in UNSAFE_METHODS or request.blueprint in TOKEN_BLUEPRINTS:
        return
    if request.headers.get("Sec-Fetch-Site", "same-origin") in ("cross-site", "same-site"):
        abort(403)


def add_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    # Survey, status and unsubscribe addresses hold tokens: never pass them on, even to
    # our own static files' logs.
    headers.setdefault("Referrer-Policy", "no-referrer")
    if request.endpoint != "static":
        # Pages show personal data or one-time links: no browser or proxy keeps a copy.
        headers.setdefault("Cache-Control", "no-store")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response
