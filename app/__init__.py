"""Voxloop: listen to customers after every contact, find the patterns, act on them."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from app import config as config_module


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask application; reads like a table of contents of the web layer."""
    instance_path = os.environ.get("VOXLOOP_INSTANCE_PATH") or None
    if instance_path:
        instance_path = os.path.abspath(instance_path)
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    configure(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_security_headers(app)
    return app


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Layer the configuration: defaults → instance/config.py → VOXLOOP_* → test mapping."""
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config_module.defaults(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_mapping(config_module.load_environment())
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = (
            config_module.DEV_SECRET_KEY
            if app.testing
            else config_module.ensure_secret_key(app.instance_path)
        )
    app.config["DATABASE_URL"] = config_module.normalise_database_url(app.config["DATABASE_URL"])
    config_module.validate(app.config, debug=app.debug, testing=app.testing)


def register_extensions(app: Flask) -> None:
    from app import db, i18n
    from app.extensions import csrf, limiter, login_manager
    from app.views import auth

    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    auth.init_login(app, login_manager)


def register_blueprints(app: Flask) -> None:
    from app.views import (
        admin,
        api,
        auth,
        board,
        cases,
        complaints,
        main,
        surveys,
        themes,
        trends,
        unsubscribe,
    )

    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(themes.bp)
    app.register_blueprint(board.bp)
    app.register_blueprint(cases.bp)
    app.register_blueprint(unsubscribe.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(surveys.bp)
    app.register_blueprint(complaints.bp)
    app.register_blueprint(trends.bp)


def register_errorhandlers(app: Flask) -> None:
    from app.views import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    from app.cli import register

    register(app)


def register_security_headers(app: Flask) -> None:
    """A strict policy: no inline scripts, no third-party origins, no framing."""

    @app.after_request
    def _headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
