"""Forms for the analysts' theme edits."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange

STATUS_LABELS = {
    "new": _l("New"),
    "triaged": _l("Triaged"),
    "in_action": _l("In action"),
    "monitoring": _l("Monitoring"),
    "dismissed": _l("Dismissed"),
}


class RenameForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Length(max=120)])


class StatusForm(FlaskForm):
    status = SelectField(
        _l("Status"), choices=[SelectChoice(k, v) for k, v in STATUS_LABELS.items()]
    )


class PinForm(FlaskForm):
    pinned = HiddenField()


class MergeForm(FlaskForm):
    source = IntegerField(_l("Merge this theme into"), validators=[DataRequired(), NumberRange(1)])
