"""Voxloop: listen to customers after every contact, find the patterns, act on them."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from app import config as config_module
from app import sessions


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask application; reads like a table of contents of the web layer."""
    instance_path = os.environ.get("VOXLOOP_INSTANCE_PATH") or None
    if instance_path:
        instance_path = os.path.abspath(instance_path)
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    configure(app, test_config)
    register_proxies(app)
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
    # Only the test suite's own mapping may relax the checks below: VOXLOOP_TESTING or
    # VOXLOOP_DEBUG in a server's environment must not let a weak secret key through.
    app.config["TESTING"] = app.config["DEBUG"] = False
    if test_config is not None:
        app.config.from_mapping(test_config)
    relaxed = bool(test_config and (test_config.get("TESTING") or test_config.get("DEBUG")))
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = (
            config_module.DEV_SECRET_KEY
            if relaxed
            else config_module.ensure_secret_key(app.instance_path)
        )
    app.config["DATABASE_URL"] = config_module.normalise_database_url(app.config["DATABASE_URL"])
    config_module.validate(app.config, debug=relaxed, testing=relaxed)
    sessions.configure_cookie(app.config)


def register_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For/-Proto only from the configured number of proxies."""
    count = app.config["TRUSTED_PROXY_COUNT"]
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    from app import db, i18n
    from app.extensions import csrf, limiter, login_manager
    from app.views import auth

    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    auth.init_login(app, login_manager)
    sessions.init_app(app)


def register_blueprints(app: Flask) -> None:
    from app.views import (
        account,
        admin,
        api,
        auth,
        board,
        cases,
        complaints,
        exports,
        main,
        privacy,
        setup,
        surveys,
        themes,
        trends,
        unsubscribe,
    )

    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    account.init_app(app)
    app.register_blueprint(admin.bp)
    app.register_blueprint(themes.bp)
    app.register_blueprint(board.bp)
    app.register_blueprint(cases.bp)
    app.register_blueprint(unsubscribe.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(surveys.bp)
    app.register_blueprint(complaints.bp)
    app.register_blueprint(trends.bp)
    app.register_blueprint(privacy.bp)
    app.register_blueprint(setup.bp)
    app.register_blueprint(exports.bp)


def register_errorhandlers(app: Flask) -> None:
    from app.views import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    from app.cli import register

    register(app)


def register_security_headers(app: Flask) -> None:
    from app import security, staff_forms

    security.init_app(app)
    staff_forms.init_app(app)
