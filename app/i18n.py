"""Locale choice: explicit (query or cookie), then the browser's Accept-Language."""

from __future__ import annotations

from flask import Flask, current_app, g, request, url_for

from app.extensions import babel

LANG_COOKIE = "voxloop_lang"


def select_locale() -> str:
    """Pick the request's language from ?lang=, the cookie, then Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in languages:
            return candidate
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and remember an explicit language choice in a cookie."""
    babel.init_app(app, locale_selector=select_locale)

    @app.after_request
    def _remember_choice(response):
        chosen = request.args.get("lang")
        if chosen in app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != chosen:
            response.set_cookie(
                LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
            )
        return response

    @app.context_processor
    def _inject_language():
        from flask_babel import get_locale

        locale = get_locale()
        g.lang = str(locale.language) if locale else "en"
        return {"lang": g.lang, "languages": app.config["LANGUAGES"], "lang_url": lang_url}


def lang_url(code: str) -> str:
    """The current page's address with the language switched to ``code``."""
    from urllib.parse import urlencode

    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    # Built from the matched endpoint, never from the raw path: "/%5Cevil.example" must
    # not turn into a link off the site.
    if request.endpoint and request.url_rule is not None:
        path = url_for(request.endpoint, **(request.view_args or {}))
    else:  # a 404 page: the start page in the other language
        path = url_for("main.index")
    return f"{path}?{urlencode(args, doseq=True)}"
