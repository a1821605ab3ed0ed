"""Forms for the analysts' theme edits and triage decisions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

STATUS_LABELS = {
    "new": _l("New"),
    "triaged": _l("Triaged"),
    "in_action": _l("In action"),
    "monitoring": _l("Monitoring"),
    "dismissed": _l("Dismissed"),
}
DISMISS_REASONS = {
    "noise": _l("Not a real theme (noise)"),
    "duplicate": _l("Duplicate of another theme"),
    "not_actionable": _l("Not actionable for us"),
    "handled": _l("Already handled"),
    "other": _l("Other reason"),
}


class RenameForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[Length(max=120, message=_l("Please use at most %(max)d characters."))],
    )


class StatusForm(FlaskForm):
    status = SelectField(
        _l("Status"), choices=[SelectChoice(k, v) for k, v in STATUS_LABELS.items()]
    )


class DismissForm(FlaskForm):
    reason = SelectField(
        _l("Why dismiss it?"), choices=[SelectChoice(k, v) for k, v in DISMISS_REASONS.items()]
    )
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=300)])


class PinForm(FlaskForm):
    pinned = HiddenField()


class MergeForm(FlaskForm):
    source = IntegerField(_l("Merge this theme into"), validators=[DataRequired(), NumberRange(1)])


class MergeIntoForm(FlaskForm):
    target = IntegerField(_l("Merge into"), validators=[DataRequired(), NumberRange(1)])


class SplitForm(FlaskForm):
    name = StringField(_l("Name of the new theme"), validators=[Length(max=120)])


class SplitGroupForm(FlaskForm):
    group = IntegerField(validators=[InputRequired(), NumberRange(0)])
    fingerprint = HiddenField(validators=[DataRequired()])
    name = StringField(_l("Name of the new theme"), validators=[Length(max=120)])


class SuggestionForm(FlaskForm):
    decision = RadioField(
        choices=[SelectChoice("accept", _l("Accept")), SelectChoice("reject", _l("Reject"))],
        validators=[InputRequired()],
    )
