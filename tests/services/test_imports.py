"""`voxloop import contacts`: per-row report, bad rows beside good ones, dry runs, bad files."""

import csv
import io
import stat

import pytest
from sqlmodel import select

from app.models import AuditLog, Contact, ContactEmail, Invitation
from app.services.imports import ImportFileError, read_contacts_csv
from app.services.references import hash_secret
from app.services.touchpoints import ensure_defaults

GOOD_AND_BAD = """\
external_id,touchpoint,channel,customer_ref,occurred_at,email,team
t-1,phone_support,phone,cust-1,2026-03-01T10:00:00+01:00,anna@example.org,<b>Team A</b>
t-2,hotline,phone,cust-2,,,
t-1,phone_support,phone,cust-1,,,
t-3,delivery,web,cust-1,,,
t-4,delivery,fax,cust-4,yesterday,,
t-5,returns,email,cust-5,,,,extra

t-6,returns,Email,,,,
"""


@pytest.fixture
def touchpoints(session):
    return ensure_defaults(session=session)


def _write(tmp_path, text: str, name: str = "contacts.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _report(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_good_rows_are_imported_and_bad_ones_reported(runner, session, touchpoints, tmp_path):
    result = runner.invoke(args=["import", "contacts", str(_write(tmp_path, GOOD_AND_BAD))])
    assert result.exit_code == 1, result.output
    rows = {(r["row"], r["external_id"]): r for r in _report(result.stdout)}
    assert [(row, r["status"]) for (row, _), r in rows.items()] == [
        ("2", "created"),
        ("3", "error"),
        ("4", "duplicate"),
        ("5", "recently_invited"),
        ("6", "error"),
        ("7", "error"),
        ("9", "created"),
    ]
    assert "touchpoint: Unknown touchpoint 'hotline'" in rows["3", "t-2"]["message"]
    bad = rows["6", "t-4"]["message"]
    assert "channel: Unknown channel 'fax'" in bad and "occurred_at: 'yesterday'" in bad
    assert "8 cells but the header 7 columns" in rows["7", "t-5"]["message"]
    assert rows["4", "t-1"]["survey_url"] == "" and rows["5", "t-3"]["survey_url"] == ""
    assert result.stderr.strip().splitlines()[-1] == (
        "Imported: 7 rows: 2 created, 1 recently_invited, 1 duplicate, 3 error."
    )

    contacts = {c.external_id: c for c in session.exec(select(Contact))}
    assert set(contacts) == {"t-1", "t-3", "t-6"}
    assert contacts["t-1"].team == "<b>Team A</b>" and contacts["t-6"].channel == "email"
    assert session.get(ContactEmail, contacts["t-1"].id).email == "anna@example.org"
    secret = rows["2", "t-1"]["survey_url"].rsplit("/s/", 1)[1]
    invitation = session.exec(
        select(Invitation).where(Invitation.contact_id == contacts["t-1"].id)
    ).one()
    assert invitation.token_hash == hash_secret(secret)
    assert len(session.exec(select(Invitation)).all()) == 2
    audit = session.exec(select(AuditLog)).all()
    assert len(audit) == 3 and {a.detail["via"] for a in audit} == {"import"}


def test_running_a_file_again_reports_duplicates(runner, session, touchpoints, tmp_path):
    path = _write(tmp_path, "external_id,touchpoint,channel\nt-1,pickup,store\nt-2,pickup,web\n")
    assert runner.invoke(args=["import", "contacts", str(path)]).exit_code == 0
    again = runner.invoke(args=["import", "contacts", str(path)])
    assert again.exit_code == 0
    assert [r["status"] for r in _report(again.stdout)] == ["duplicate", "duplicate"]
    assert len(session.exec(select(Invitation)).all()) == 2


def test_dry_run_reports_the_same_and_writes_nothing(runner, session, touchpoints, tmp_path):
    path = _write(tmp_path, GOOD_AND_BAD)
    result = runner.invoke(args=["import", "contacts", str(path), "--dry-run"])
    assert result.exit_code == 1
    report = _report(result.stdout)
    assert [r["status"] for r in report] == [
        "created", "error", "duplicate", "recently_invited", "error", "error", "created"
    ]  # fmt: skip
    assert all(r["survey_url"] == "" for r in report)
    assert "Dry run, nothing written: 7 rows: 2 created" in result.stderr
    for model in (Contact, Invitation, ContactEmail, AuditLog):
        assert session.exec(select(model)).first() is None


def test_report_file_is_private(runner, touchpoints, tmp_path):
    path = _write(
        tmp_path, "external_id;touchpoint;channel\nt-1;pickup;store\n", encoding="utf-8-sig"
    )
    report = tmp_path / "report.csv"
    result = runner.invoke(args=["import", "contacts", str(path), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    (row,) = _report(report.read_text(encoding="utf-8"))
    assert row["status"] == "created" and "/s/" in row["survey_url"]


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("external_id,channel\nt-1,phone\n", "utf-8", "required column touchpoint is missing"),
        ("external_id,touchpoint,channel,emial\n", "utf-8", "unknown column 'emial'"),
        ("external_id,touchpoint,channel,team,team\n", "utf-8", "column team appears twice"),
        ("external_id,touchpoint,channel,team\nt,pickup,web,Müller\n", "latin-1", "not UTF-8"),
        ("", "utf-8", "the first line must be a header"),
    ],
)
def test_unusable_files_stop_with_one_line(runner, session, tmp_path, text, encoding, expected):
    result = runner.invoke(
        args=["import", "contacts", str(_write(tmp_path, text, encoding=encoding))]
    )
    assert result.exit_code == 1
    assert expected in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert session.exec(select(Contact)).first() is None


def test_non_utf8_message_says_where_and_how_to_fix(tmp_path):
    path = _write(tmp_path, "external_id,touchpoint,channel\nt,pickup,Müller\n", encoding="cp1252")
    with pytest.raises(ImportFileError) as error:
        read_contacts_csv(path)
    assert "byte 0xfc on line 2" in str(error.value) and "CSV UTF-8" in str(error.value)


def test_send_invitation_column_queues_the_e_mail(runner, session, touchpoints, tmp_path):
    from app.models import OutboxEvent

    path = _write(
        tmp_path,
        "external_id,touchpoint,channel,email,send_invitation\n"
        "m-1,delivery,email,anna@example.org,true\n"
        "m-2,delivery,email,ben@example.org,\n"
        "m-3,delivery,email,cleo@example.org,no\n"
        "m-4,delivery,email,dan@example.org,maybe\n",
    )
    result = runner.invoke(args=["import", "contacts", str(path)])
    report = _report(result.stdout)
    assert [r["status"] for r in report] == ["created", "created", "created", "error"]
    assert "send_invitation" in report[3]["message"]
    queued = session.exec(select(OutboxEvent)).all()
    assert [e.payload["to"] for e in queued] == ["anna@example.org"]  # blank: as configured


def test_import_report_neutralises_spreadsheet_formulas():
    import io

    from app.services.imports import ImportResult, RowReport, write_report

    hostile = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    result = ImportResult(
        reports=[
            RowReport(row=n, external_id=value, status="error", message=value)
            for n, value in enumerate(hostile, 2)
        ]
    )
    out = io.StringIO()
    write_report(result, out)
    import csv

    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1:]
    assert [row[1] for row in rows] == ["'" + value for value in hostile]
    assert all(row[3].startswith("'") for row in rows)
