"""Trend and journey pages: roles, filters, CSV equal to the charts, both languages."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest

from app import demo
from app.services import trend_export, trend_rollup


@pytest.fixture
def story(session):
    demo.seed(session=session, seed=4, contacts=400, weeks=12)
    trend_rollup.rebuild(session=session)
    session.commit()


def _charts(page: str) -> dict[str, dict]:
    found = re.findall(r'data-trend-chart="([^"]+)"', page)
    payloads = [json.loads(html.unescape(raw)) for raw in found]
    return {p["key"]: p for p in payloads}


def test_pages_need_a_signed_in_viewer(client, auth, story):
    for path in ("/staff/trends", "/staff/journey", "/staff/trends.csv", "/staff/journey.csv"):
        assert client.get(path).status_code in (302, 401), path
    auth.login("viewer")
    for path in ("/staff/trends", "/staff/journey", "/staff/trends.csv", "/staff/journey.csv"):
        assert client.get(path).status_code == 200, path


def test_trend_page_draws_the_scores_with_n(client, auth, story):
    auth.login("viewer")
    page = client.get("/staff/trends?grain=week").text
    charts = _charts(page)
    assert {"csat", "nps", "ces", "touchpoints"} <= set(charts)  # themes need a theme run
    csat = charts["csat"]
    series = csat["series"][0]
    assert len(series["values"]) == len(csat["buckets"]) == len(series["n"])
    assert sum(series["n"]) > 50
    # Suppressed points carry no value; small ones are marked.
    for value, n, status in zip(series["values"], series["n"], series["status"], strict=True):
        if n < 5:
            assert value is None
        elif n < 30:
            assert status == "low"


def test_each_filter_is_honoured_and_unknown_values_refused(client, auth, story):
    auth.login("viewer")
    everyone = _charts(client.get("/staff/trends").text)["csat"]["series"][0]["n"]
    pickup = _charts(client.get("/staff/trends?touchpoint=pickup").text)["csat"]["series"][0]["n"]
    german = _charts(client.get("/staff/trends?language=de").text)["csat"]["series"][0]["n"]
    assert 0 < sum(pickup) < sum(everyone) and 0 < sum(german) < sum(everyone)
    for bad in ("touchpoint=nowhere", "language=xx", "period=forever", "grain=hour", "metric=x"):
        assert client.get(f"/staff/trends?{bad}").status_code == 400, bad
        assert client.get(f"/staff/trends.csv?{bad}").status_code == 400, bad


def test_csv_holds_exactly_the_numbers_drawn(client, auth, story):
    auth.login("viewer")
    for query, key in (("", "csat"), ("", "touchpoints"), ("touchpoint=website_order&", "csat")):
        charts = _charts(client.get(f"/staff/trends?{query}").text)
        text = client.get(f"/staff/trends.csv?{query}chart={key}").text
        assert text.startswith("\ufeff")  # so spreadsheets read it as UTF-8
        got = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
        expected = [
            ["" if cell is None else str(cell) for cell in row]
            for row in trend_export.rows(charts[key])
        ]
        assert got == expected, key
    assert client.get("/staff/trends.csv?chart=nope").status_code == 400


def test_journey_lists_touchpoints_in_order_and_links_to_trends(client, auth, story):
    auth.login("viewer")
    page = client.get("/staff/journey").text
    positions = [
        page.find(name) for name in ("Website order", "Delivery", "Pick-up", "Phone support")
    ]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    assert 'href="/staff/trends?touchpoint=pickup' in page


def test_pages_in_german(client, auth, story):
    auth.login("viewer")
    page = client.get("/staff/trends?lang=de").text
    assert '<html lang="de">' in page and "So lesen Sie diese Zahlen" in page
    assert "Customer journey" not in client.get("/staff/journey?lang=de").text
