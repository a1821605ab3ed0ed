"""The `voxloop` command line: help, users, tokens, migrations and clear errors."""

import os
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlmodel import select

from app.db import alembic_config
from app.models import ApiToken, User


def _voxloop(*args: str, env: dict | None = None, tmp_path: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "VOXLOOP_INSTANCE_PATH": str(tmp_path), **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_help_lists_the_commands(tmp_path):
    result = _voxloop("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    for command in ("db", "demo", "serve", "scheduler", "themes", "users", "tokens"):
        assert f"  {command} " in result.stdout


def test_bad_configuration_is_one_line_without_traceback(tmp_path):
    result = _voxloop("db", "current", env={"VOXLOOP_SECRET_KEY": "dev"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "Configuration error" in result.stderr and "Traceback" not in result.stderr


def test_unmigrated_database_says_how_to_fix(tmp_path):
    result = _voxloop("users", "list", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "voxloop db upgrade" in result.stderr and "Traceback" not in result.stderr


def test_db_upgrade_and_current(tmp_path):
    assert _voxloop("db", "upgrade", tmp_path=tmp_path).returncode == 0
    current = _voxloop("db", "current", tmp_path=tmp_path)
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert current.returncode == 0 and current.stdout.strip() == head


def test_users_create(runner, session):
    result = runner.invoke(
        args=["users", "create", "--email", "Lead@Example.com", "--role", "analyst"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = session.exec(select(User)).one()
    assert (user.email, user.role) == ("lead@example.com", "analyst")
    assert user.password_hash.startswith("$argon2id$")


def test_users_create_refuses_bad_input(runner):
    short = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "x@example.com",
            "--role",
            "viewer",
            "--password",
            "short",
        ]
    )
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    bad_role = runner.invoke(args=["users", "create", "--email", "x@example.com", "--role", "boss"])
    assert bad_role.exit_code == 2 and "'boss' is not one of" in bad_role.output
    bad_email = runner.invoke(
        args=["users", "create", "--email", "nope", "--role", "viewer", "--password", "x" * 14]
    )
    assert bad_email.exit_code == 1 and "not a valid e-mail" in bad_email.output


def test_tokens_create_prints_the_secret_once(runner, session):
    result = runner.invoke(args=["tokens", "create", "--name", "helpdesk", "--scope", "ingest"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip().splitlines()[0]
    token = session.exec(select(ApiToken)).one()
    assert secret.startswith("vxl_") and len(secret) > 40
    assert secret not in token.token_hash and token.scopes == "ingest"


def test_webhooks_add_list_remove(runner, app, session):
    app.config["WEBHOOK_ALLOWED_NETWORKS"] = ["127.0.0.1/32"]
    added = runner.invoke(
        args=[
            "webhooks",
            "add",
            "http://127.0.0.1:9/hook",
            "--event",
            "complaint.created",
            "--event",
            "action.done",
        ]
    )
    assert added.exit_code == 0, added.output
    assert "Signing secret (shown once" in added.output and "whsec_" in added.output
    listed = runner.invoke(args=["webhooks", "list"])
    assert "http://127.0.0.1:9/hook\tcomplaint.created,action.done\ton" in listed.output
    assert "whsec_" not in listed.output
    refused = runner.invoke(
        args=["webhooks", "add", "https://169.254.169.254/", "--event", "case.overdue"]
    )
    assert refused.exit_code == 1 and "internal address" in refused.output
    assert runner.invoke(args=["webhooks", "remove", "1"]).exit_code == 0
    assert "No webhooks." in runner.invoke(args=["webhooks", "list"]).output
    missing = runner.invoke(args=["webhooks", "remove", "1"])
    assert missing.exit_code == 1 and "No webhook 1" in missing.output


def test_export_writes_csv_and_xlsx_owner_only(runner, session, tmp_path):
    import csv
    import io
    from datetime import UTC, datetime

    from openpyxl import load_workbook

    from app.models import Theme

    session.add(Theme(name="=1+1 Lieferzeit für Größen", label_auto="delivery", size=3,
                      created_at=datetime(2026, 11, 24, tzinfo=UTC)))  # fmt: skip
    session.commit()
    path = tmp_path / "themes.csv"
    made = runner.invoke(args=["export", "themes", "--format", "csv", "--output", str(path)])
    assert made.exit_code == 0, made.output
    assert "Wrote 1 themes rows" in made.output
    assert path.stat().st_mode & 0o777 == 0o600
    table = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    assert table[1][1] == "'=1+1 Lieferzeit für Größen" and table[1][5] == "3"

    workbook = tmp_path / "themes.xlsx"
    args = ["export", "themes", "--format", "xlsx", "--output", str(workbook)]
    assert runner.invoke(args=args).exit_code == 0
    rows = list(load_workbook(workbook)["themes"].iter_rows(values_only=True))
    assert rows[1][1] == "'=1+1 Lieferzeit für Größen" and rows[1][5] == 3

    filtered = tmp_path / "none.csv"
    args = ["export", "themes", "--output", str(filtered), "--since", "2026-11-25"]
    assert "Wrote 0 themes rows" in runner.invoke(args=args).output


def test_export_refuses_to_overwrite_unless_forced(runner, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("keep me")
    refused = runner.invoke(args=["export", "cases", "--output", str(path)])
    assert refused.exit_code == 1 and "exists already" in refused.output
    assert path.read_text() == "keep me"
    bad = runner.invoke(args=["export", "cases", "--output", str(tmp_path / "x.csv"),
                              "--since", "2026-02-01", "--until", "2026-01-01"])  # fmt: skip
    assert bad.exit_code == 1 and "ends before it starts" in bad.output
    assert not (tmp_path / "x.csv").exists()
    forced = runner.invoke(args=["export", "cases", "--output", str(path), "--force"])
    assert forced.exit_code == 0
    assert path.read_text("utf-8-sig").startswith("id,reason,status")
    assert runner.invoke(args=["export", "contacts", "--output", str(path)]).exit_code == 2


def test_themes_evaluate_runs_the_production_path(tmp_path):
    import csv
    import json

    from tests.ml.conftest import THEMED_TEXTS

    path = tmp_path / "labelled.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["comment", "topic"])
        for topic, sentences in THEMED_TEXTS.items():
            writer.writerows((sentence, topic) for sentence in sentences[:8])
        # Redacted before clustering, as in a run: the address never reaches a theme label.
        writer.writerow(["Write to jane.doe@example.com, my parcel never arrived.", "delivery"])
    args = ("themes", "evaluate", "--csv", str(path), "--text-column", "comment")
    result = _voxloop(*args, "--label-column", "topic", "--json", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["n"] == 25 and report["segments"] >= 25 and report["true_groups"] == 3
    assert report["nmi"] >= 60 and report["unassigned_fraction"] <= 0.05
    assert not any("example" in label for label in report["labels"].values())
