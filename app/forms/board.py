"""Forms for the improvement board: cards, ideas, moves, iterations and decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, HiddenField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.forms.fields import LongTextField, without_controls
from app.services.actions import MAX_TEXT, MAX_TITLE

STAGE_LABELS = {
    "idea": _l("Ideas"),
    "plan": _l("Plan"),
    "do": _l("Do"),
    "check": _l("Check"),
    "act": _l("Act"),
    "done": _l("Done"),
}
METRIC_LABELS = {
    "theme_share": _l("Share of feedback mentioning the linked themes"),
    "csat": _l("CSAT (share of satisfied answers)"),
    "nps": _l("NPS"),
    "ces": _l("CES (ease, 1–7)"),
}
DECISION_LABELS = {
    "adopt": _l("Adopt: keep the change, the card is done"),
    "adapt": _l("Adapt: change the plan and run another iteration"),
    "abandon": _l("Abandon: stop, the card is done"),
}


def _strip(value):
    return without_controls(value).strip() if isinstance(value, str) else value


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class ActionForm(FlaskForm):
    """A card's own fields; ``version`` is the version the edit started from."""

    title = StringField(
        _l("Title"),
        [
            DataRequired(_l("Give the card a title.")),
            Length(max=MAX_TITLE, message=_l("Please use at most %(max)d characters.")),
        ],
        filters=[_strip],
    )
    problem = LongTextField(_l("Problem"), max_length=MAX_TEXT)
    hypothesis = LongTextField(_l("Hypothesis"), max_length=MAX_TEXT)
    owner_id = SelectField(_l("Owner"), coerce=_optional_int, choices=[], validate_choice=True)
    due_date = DateField(
        _l("Due date"), [Optional()], format="%Y-%m-%d",
        render_kw={"autocomplete": "off"},
    )  # fmt: skip
    target_metric = SelectField(
        _l("Target metric"), choices=[SelectChoice(k, v) for k, v in METRIC_LABELS.items()]
    )
    touchpoint_id = SelectField(
        _l("Touchpoint"), coerce=_optional_int, choices=[], validate_choice=True
    )
    target_value = DecimalField(
        _l("Target value"),
        [
            Optional(),
            NumberRange(min=-100, max=100, message=_l("Enter a number from -100 to 100.")),
        ],
        places=None,
    )
    version = HiddenField()

    def set_choices(self, owners, touchpoints, language: str) -> None:
        self.owner_id.choices = [SelectChoice("", _l("Nobody yet"))] + [
            SelectChoice(str(u.id), u.name or u.email) for u in owners
        ]
        self.touchpoint_id.choices = [SelectChoice("", _l("All touchpoints"))] + [
            SelectChoice(str(t.id), t.name(language)) for t in touchpoints
        ]

    def card_fields(self) -> dict:
        return {
            "title": self.title.data,
            "problem": self.problem.data or "",
            "hypothesis": self.hypothesis.data or "",
            "owner_id": self.owner_id.data,
            "due_date": self.due_date.data,
            "target_metric": self.target_metric.data,
            "touchpoint_id": self.touchpoint_id.data,
            "target_value": float(self.target_value.data)
            if self.target_value.data is not None
            else None,
        }


class IdeaForm(FlaskForm):
    title = StringField(
        _l("Your idea in a few words"),
        [
            DataRequired(_l("Give your idea a short title.")),
            Length(max=MAX_TITLE, message=_l("Please use at most %(max)d characters.")),
        ],
        filters=[_strip],
    )
    problem = LongTextField(_l("What did customers tell you, and what would help?"),
                            max_length=MAX_TEXT)  # fmt: skip
    theme_id = HiddenField()
    case_id = HiddenField()


class MoveForm(FlaskForm):
    stage = SelectField(_l("Move to"), choices=[])
    from_stage = HiddenField()


class IterationForm(FlaskForm):
    plan = LongTextField(_l("Plan: what will we change, and what do we expect?"),
                         max_length=MAX_TEXT)  # fmt: skip
    done = LongTextField(_l("Do: what was done"), max_length=MAX_TEXT)
    result = LongTextField(_l("Check: what did we learn?"), max_length=MAX_TEXT)


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        [InputRequired(_l("Choose adopt, adapt or abandon."))],
        choices=[SelectChoice(k, v) for k, v in DECISION_LABELS.items()],
    )
    note = LongTextField(_l("Why (optional)"), max_length=MAX_TEXT)


class LinkThemeForm(FlaskForm):
    theme_id = SelectField(_l("Link a theme"), coerce=int, choices=[])


class ArchiveForm(FlaskForm):
    archived = HiddenField()
