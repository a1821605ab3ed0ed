"""The application factory and configuration layering."""

import pytest

from app import create_app
from app.config import ConfigError
from tests.conftest import TEST_SECRET


def test_testing_flag_comes_from_test_config(app):
    assert app.testing
    assert not create_app({"SECRET_KEY": TEST_SECRET, "TESTING": False}).testing


def test_layers_override_in_order(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        'INVITATION_TTL_DAYS = 7\nMAIL_FROM = "instance@example.com"\nSMTP_PORT = 2525\n'
    )
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("VOXLOOP_MAIL_FROM", "env@example.com")
    monkeypatch.setenv("VOXLOOP_SMTP_PORT", "2626")
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "SMTP_PORT": 2727})
    assert app.config["INVITATION_TTL_DAYS"] == 7  # instance/config.py over the default
    assert app.config["MAIL_FROM"] == "env@example.com"  # environment over instance
    assert app.config["SMTP_PORT"] == 2727  # test mapping over everything
    assert app.config["FOLLOWUP_SLA_HOURS"] == 48  # untouched default
    assert app.config["DATABASE_URL"].startswith("sqlite:///" + str(instance))


def test_production_generates_a_strong_key_once(tmp_path, monkeypatch):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path))
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("key", ["dev", "short-key"])
def test_production_refuses_a_weak_key(tmp_path, monkeypatch, key):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("VOXLOOP_SECRET_KEY", key)
    with pytest.raises(ConfigError, match="VOXLOOP_SECRET_KEY"):
        create_app()


def test_weak_key_is_fine_when_testing(tmp_path, monkeypatch):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path))
    assert create_app({"TESTING": True, "SECRET_KEY": "dev"}).config["SECRET_KEY"] == "dev"


def test_unsupported_database_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="postgresql"):
        create_app({"TESTING": True, "DATABASE_URL": "mysql://x/y"})


def test_postgres_url_uses_psycopg3(tmp_path, monkeypatch):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("VOXLOOP_DATABASE_URL", "postgres://u@localhost/db")
    app = create_app({"TESTING": True})
    assert app.config["DATABASE_URL"] == "postgresql+psycopg://u@localhost/db"


def test_health_and_readiness(client):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["database"] == "ok"


def test_readiness_reports_an_unreachable_database(tmp_path, monkeypatch):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path))
    app = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/missing-dir/none.sqlite3"}
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    # The kind of failure goes to the log, not to anonymous callers.
    assert response.json == {"status": "unavailable", "database": "unavailable"}


def test_security_headers(client):
    headers = client.get("/healthz").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_webhook_networks_must_be_networks(tmp_path, monkeypatch):
    monkeypatch.setenv("VOXLOOP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("VOXLOOP_WEBHOOK_ALLOWED_NETWORKS", "10.0.0.0/8,intranet")
    with pytest.raises(ConfigError, match="WEBHOOK_ALLOWED_NETWORKS"):
        create_app({"TESTING": True})
    monkeypatch.setenv("VOXLOOP_WEBHOOK_ALLOWED_NETWORKS", '["10.0.0.0/8"]')
    assert create_app({"TESTING": True}).config["WEBHOOK_ALLOWED_NETWORKS"] == ["10.0.0.0/8"]
