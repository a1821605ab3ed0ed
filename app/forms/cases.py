"""Forms for front-line case work."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired

from app.forms.fields import LongTextField
from app.services.cases import MAX_TEXT

RESOLUTION_LABELS = {
    "resolved": _l("Resolved"),
    "not_reachable": _l("Not reachable"),
    "declined": _l("Customer declined"),
}
REASON_LABELS = {"low_score": _l("Low score"), "complaint": _l("Complaint")}
LOG_LABELS = {"call": _l("Call"), "note": _l("Internal note")}


class LogForm(FlaskForm):
    kind = RadioField(
        _l("What to log"),
        [InputRequired(_l("Choose a call or a note."))],
        choices=[SelectChoice(k, v) for k, v in LOG_LABELS.items()],
        default="call",
    )
    text = LongTextField(
        _l("What happened"), [DataRequired(_l("Write what happened first."))], max_length=MAX_TEXT
    )


class ReplyForm(FlaskForm):
    text = LongTextField(
        _l("Your answer to the customer"),
        [DataRequired(_l("Write your answer first."))],
        max_length=MAX_TEXT,
    )


class CloseForm(FlaskForm):
    resolution = RadioField(
        _l("How did it end?"),
        [InputRequired(_l("Choose how the case ended."))],
        choices=[SelectChoice(k, v) for k, v in RESOLUTION_LABELS.items()],
    )
    note = LongTextField(_l("Outcome (optional)"), max_length=MAX_TEXT)


class AssignForm(FlaskForm):
    owner_id = SelectField(_l("Assign to"), choices=[], validate_choice=False)


class ClaimForm(FlaskForm):
    action = HiddenField()
