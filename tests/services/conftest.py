"""Service tests run inside the app's context, as services do in production.

Requests, CLI commands and jobs all have one; services rely on it to render e-mails.
(View tests must not push one themselves: each request pushes and tears down its own.)
"""

import pytest


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield
