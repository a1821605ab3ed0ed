"""Export downloads: analysts only, CSV streamed, XLSX a workbook, formulas neutralised."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from app import demo
from app.models import FeedbackItem, ImprovementAction, Theme
from app.services import exports


def _get(client, url):
    """The response, read and closed as a WSGI server closes it (which deletes the XLSX's
    temporary file)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


URLS = [f"/staff/exports/{kind}.{fmt}" for kind in exports.KINDS for fmt in exports.FORMATS]


@pytest.fixture
def hostile(session):
    moment = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    session.add(FeedbackItem(source="import", text="=HYPERLINK(\"http://x\") Größe",
                             occurred_at=moment))  # fmt: skip
    session.add(Theme(name="@SUM(A1)", label_auto="sum", size=2))
    session.add(ImprovementAction(title=" =1+1 Lieferung"))
    session.commit()


def test_anonymous_and_viewers_are_refused(client, auth, hostile):
    for url in URLS:
        response = _get(client, url)
        assert response.status_code in (302, 401), url
        assert "/staff/login" in response.headers.get("Location", "")
    auth.login("viewer")
    for url in URLS:
        assert _get(client, url).status_code == 403, url


def test_agents_are_refused(client, auth):
    auth.login("agent")
    assert _get(client, "/staff/exports/cases.csv").status_code == 403


def test_analysts_download_every_kind_in_both_formats(client, auth, session):
    demo.seed(session=session, seed=4, contacts=400, weeks=12, create_logins=False)
    auth.login("analyst")
    for kind in exports.KINDS:
        response = _get(client, f"/staff/exports/{kind}.csv")
        assert response.status_code == 200
        assert "Content-Length" not in response.headers  # streamed, not built whole
        assert response.mimetype == "text/csv"
        assert response.headers["Cache-Control"] == "no-store"
        assert f"voxloop-{kind}-" in response.headers["Content-Disposition"]
        table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))
        assert table[0] == list(exports.KINDS[kind].columns)

        response = _get(client, f"/staff/exports/{kind}.xlsx")
        assert response.status_code == 200
        assert response.mimetype == exports.MIMETYPES["xlsx"]
        sheet = load_workbook(io.BytesIO(response.data), read_only=True)[kind]
        assert sum(1 for _ in sheet.iter_rows()) == len(table)


def test_formulas_are_neutralised_in_downloads(client, auth, hostile):
    auth.login("analyst")
    text = _get(client, "/staff/exports/feedback.csv").data.decode("utf-8-sig")
    assert '\'=HYPERLINK(""http://x"") Größe' in text
    workbook = load_workbook(io.BytesIO(_get(client, "/staff/exports/themes.xlsx").data))
    assert workbook["themes"]["B2"].value == "'@SUM(A1)"
    assert workbook["themes"]["B2"].data_type == "s"
    actions = _get(client, "/staff/exports/actions.csv").data.decode("utf-8-sig")
    assert "' =1+1 Lieferung" in actions


def test_filters_and_bad_requests(client, auth, hostile):
    auth.login("analyst")
    rows = _get(client, "/staff/exports/feedback.csv?since=2026-11-25").data.decode("utf-8-sig")
    assert rows.count("\r\n") == 1  # the header only
    rows = _get(client, "/staff/exports/feedback.csv?until=2026-11-24").data.decode("utf-8-sig")
    assert rows.count("\r\n") == 2
    bad = _get(client, "/staff/exports/feedback.xlsx?since=yesterday")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text
    backwards = _get(client, "/staff/exports/feedback.csv?since=2026-02-01&until=2026-01-01")
    assert backwards.status_code == 400
    assert _get(client, "/staff/exports/contacts.csv").status_code == 404
    assert _get(client, "/staff/exports/themes.ods").status_code == 404


def test_a_streamed_download_gives_its_connection_back(app, client, auth, hostile):
    from app.db import get_engine

    auth.login("analyst")
    for url in ("/staff/exports/feedback.csv", "/staff/exports/themes.xlsx"):
        assert _get(client, url).status_code == 200
        assert get_engine(app).pool.checkedout() == 0, url


def test_list_pages_link_their_downloads_for_analysts_only(client, auth):
    auth.login("analyst")
    assert "/staff/exports/themes.xlsx" in client.get("/staff/themes/").text
    assert "/staff/exports/actions.csv" in client.get("/staff/board").text
    assert "/staff/exports/cases.csv" in client.get("/staff/cases").text
    auth.logout()
    auth.login("agent")
    assert "/staff/exports/" not in client.get("/staff/cases").text
