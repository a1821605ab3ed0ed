"""A card's measured effect against values computed by hand.

Do starts on Monday 8 Dec 2025; the baseline is the 8 weeks before (13 Oct – 7 Dec), the
current window the weeks since, up to the newest data (here 19 Jan 2026: 6 weeks).

Share: 20 of 100 = 20 % before, 4 of 80 = 5 % since; effect −15 pp;
  Wald half-width 1.959964·√(.2·.8/100 + .05·.95/80) = 9.1801 pp → (−24.18, −5.82);
  pooled p = 24/180, z = .15/√(p(1−p)(1/100 + 1/80)) = 2.9417, two-sided p = 0.003264.
CSAT: 30 of 40 = 75 % before, 20 of 40 = 50 % since; effect −25 pp;
  half-width 1.959964·√(.75·.25/40 + .5·.5/40) = 20.498 pp → (−45.50, −4.50).
NPS: before 15×(+100), 15×0 (mean 50); since 10×(+100), 10×0, 10×(−100) (mean 0);
  s² = 75000/29 and 200000/29, se = √(s²₁/30 + s²₂/30) = 17.779, Welch df = 48.07,
  t(0.975, 48.07) = 2.0106 → −50 ± 35.75.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from app.models import (
    ActionTheme,
    Contact,
    FeedbackItem,
    ImprovementAction,
    Invitation,
    Response,
    Segment,
    SurveyVersion,
    Theme,
)
from app.services import effects, touchpoints

DO = datetime(2025, 12, 8, tzinfo=UTC)
END = datetime(2026, 1, 19, 12, tzinfo=UTC)


def _spread(n: int, start: datetime, end: datetime) -> list[datetime]:
    step = (end - start) / n
    return [start + step * (i + 0.5) for i in range(n)]


def _items(session, theme: Theme, n: int, mentioning: int, start, end) -> None:
    for index, moment in enumerate(_spread(n, start, end)):
        item = FeedbackItem(source="import", text="t", occurred_at=moment, processed_at=moment)
        session.add(item)
        session.flush()
        hit = index < mentioning
        session.add(Segment(feedback_item_id=item.id, text="t", text_hash=f"{item.id}",
                            occurred_at=moment, theme_id=theme.id if hit else None))  # fmt: skip


def _responses(session, touchpoint_id: int, kind: str, scores: list[int], start, end) -> None:
    version = session.exec(select(SurveyVersion)).first()
    if version is None:
        version = SurveyVersion(key="s", version=1, checksum="c", definition={})
        session.add(version)
        session.flush()
    for index, (score, moment) in enumerate(zip(scores, _spread(len(scores), start, end))):
        contact = Contact(channel="web", touchpoint_id=touchpoint_id, occurred_at=moment)
        session.add(contact)
        session.flush()
        invitation = Invitation(token_hash=f"token-{contact.id}", contact_id=contact.id,
                                survey_version_id=version.id, expires_at=moment)  # fmt: skip
        session.add(invitation)
        session.flush()
        scores = {kind: score}
        session.add(Response(invitation_id=invitation.id, survey_version_id=version.id,
                             contact_id=contact.id, submitted_at=moment, **scores))  # fmt: skip


def _action(session, metric: str, touchpoint_id=None, started=DO) -> ImprovementAction:
    action = ImprovementAction(title="a", target_metric=metric, touchpoint_id=touchpoint_id,
                               stage="check", started_at=started)  # fmt: skip
    session.add(action)
    session.commit()
    return action


def test_theme_share_by_hand(session):
    theme = Theme(label_auto="Pick-up only", size=24)
    session.add(theme)
    session.flush()
    _items(session, theme, 100, 20, DO - timedelta(weeks=8), DO)
    _items(session, theme, 80, 4, DO, END)
    # Before the baseline: ignored.
    _items(session, theme, 50, 50, DO - timedelta(weeks=12), DO - timedelta(weeks=8, days=1))
    action = _action(session, "theme_share")
    session.add(ActionTheme(action_id=action.id, theme_id=theme.id))
    session.commit()
    effect = effects.measure(session=session, action=action)
    half = 1.959964 * math.sqrt(0.2 * 0.8 / 100 + 0.05 * 0.95 / 80) * 100
    assert (effect.n_before, effect.n_after) == (100, 80)
    assert effect.baseline == pytest.approx(20.0)
    assert effect.current == pytest.approx(5.0)
    assert effect.effect == pytest.approx(-15.0)
    assert half == pytest.approx(9.1801, abs=1e-3)
    assert effect.low == pytest.approx(-15.0 - half, abs=1e-3)
    assert effect.high == pytest.approx(-15.0 + half, abs=1e-3)
    assert effect.p_value == pytest.approx(0.003264, abs=2e-5)
    assert effect.verdict == "improved"  # the share fell: lower is better
    assert effect.test == "two-proportion-z"
    # The weekly series covers the baseline and the weeks since, marking the Do week.
    assert effect.series[0].week_start.isoformat() == "2025-10-13"
    assert [p.since_do for p in effect.series].index(True) == 8
    assert sum(p.n for p in effect.series) == 180


def test_merged_theme_is_followed_to_its_target(session):
    old, target = Theme(label_auto="old"), Theme(label_auto="target", size=24)
    session.add_all([old, target])
    session.flush()
    old.merged_into_id = target.id
    _items(session, target, 100, 20, DO - timedelta(weeks=8), DO)
    _items(session, target, 80, 4, DO, END)
    action = _action(session, "theme_share")
    session.add(ActionTheme(action_id=action.id, theme_id=old.id))
    session.commit()
    assert effects.measure(session=session, action=action).effect == pytest.approx(-15.0)


def test_csat_by_hand(session):
    website = touchpoints.ensure_defaults(session=session)["website_order"]
    other = touchpoints.ensure_defaults(session=session)["returns"]
    _responses(session, website.id, "csat", [5] * 30 + [2] * 10, DO - timedelta(weeks=8), DO)
    _responses(session, website.id, "csat", [4] * 20 + [3] * 20, DO, END)
    _responses(session, other.id, "csat", [1] * 40, DO, END)  # another touchpoint: ignored
    effect = effects.measure(session=session, action=_action(session, "csat", website.id))
    half = 1.959964 * math.sqrt(0.75 * 0.25 / 40 + 0.5 * 0.5 / 40) * 100
    assert half == pytest.approx(20.498, abs=1e-3)
    assert (effect.baseline, effect.current, effect.effect) == pytest.approx((75.0, 50.0, -25.0))
    assert (effect.low, effect.high) == pytest.approx((-25.0 - half, -25.0 + half), abs=1e-3)
    assert effect.verdict == "worse"


def test_nps_by_hand(session):
    website = touchpoints.ensure_defaults(session=session)["website_order"]
    _responses(session, website.id, "nps", [10] * 15 + [8] * 15, DO - timedelta(weeks=8), DO)
    _responses(session, website.id, "nps", [9] * 10 + [7] * 10 + [3] * 10, DO, END)
    effect = effects.measure(session=session, action=_action(session, "nps", website.id))
    v1, v2 = 75000 / 29 / 30, 200000 / 29 / 30
    se = math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1**2 / 29 + v2**2 / 29)
    assert se == pytest.approx(17.779, abs=1e-3) and df == pytest.approx(48.07, abs=0.01)
    assert (effect.baseline, effect.current, effect.effect) == pytest.approx((50.0, 0.0, -50.0))
    # t(0.975, 48.07) = 2.0106 (tables: 2.0106 at 48 df).
    assert (effect.low, effect.high) == pytest.approx(
        (-50 - 2.0106 * se, -50 + 2.0106 * se), abs=0.01
    )
    assert effect.test == "welch-t" and effect.verdict == "worse"


def test_no_significant_change_when_the_interval_spans_zero(session):
    website = touchpoints.ensure_defaults(session=session)["website_order"]
    _responses(session, website.id, "ces", [5, 6] * 20, DO - timedelta(weeks=8), DO)
    _responses(session, website.id, "ces", [6, 5] * 20, DO, END)
    effect = effects.measure(session=session, action=_action(session, "ces", website.id))
    assert effect.effect == pytest.approx(0.0) and effect.verdict == "no_change"


@pytest.mark.parametrize(
    ("before", "after", "end", "reason"),
    [
        (40, 40, DO + timedelta(days=10), "too_short"),  # under two weeks since Do
        (29, 40, END, "too_few"),  # under 30 answers before
        (40, 29, END, "too_few"),  # under 30 answers since
    ],
)
def test_too_little_data_yet(session, before, after, end, reason):
    website = touchpoints.ensure_defaults(session=session)["website_order"]
    _responses(session, website.id, "csat", [5] * before, DO - timedelta(weeks=8), DO)
    _responses(session, website.id, "csat", [1] * after, DO, end)
    effect = effects.measure(session=session, action=_action(session, "csat", website.id))
    assert (effect.verdict, effect.reason) == ("too_little_data", reason)
    assert effect.effect is not None  # the numbers are shown, only the verdict waits


def test_not_started_and_no_themes(session):
    assert effects.measure(
        session=session, action=_action(session, "csat", started=None)
    ).reason == ("not_started")
    assert effects.measure(session=session, action=_action(session, "theme_share")).reason == (
        "no_themes"
    )


def test_current_is_at_most_the_latest_eight_weeks(session):
    website = touchpoints.ensure_defaults(session=session)["website_order"]
    late_end = DO + timedelta(weeks=20)
    _responses(session, website.id, "csat", [5] * 40, DO - timedelta(weeks=8), DO)
    _responses(session, website.id, "csat", [1] * 40, DO, DO + timedelta(weeks=12))
    _responses(session, website.id, "csat", [5] * 40, DO + timedelta(weeks=12), late_end)
    effect = effects.measure(session=session, action=_action(session, "csat", website.id))
    assert effect.current == pytest.approx(100.0) and effect.n_after == 40
    # Eight weeks back from the newest answer (just before ``late_end``).
    assert (late_end - timedelta(weeks=8, days=1)).date() <= effect.current_from
    assert effect.current_from <= (late_end - timedelta(weeks=8)).date()


def test_verdict_direction_by_metric():
    assert effects.verdict_of("theme_share", -5, -1) == "improved"
    assert effects.verdict_of("theme_share", 1, 5) == "worse"
    assert effects.verdict_of("csat", 1, 5) == "improved"
    assert effects.verdict_of("nps", -5, 1) == "no_change"
