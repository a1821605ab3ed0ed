"""Administration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

ROLE_LABELS = {
    "viewer": _l("Viewer"),
    "agent": _l("Agent (front line)"),
    "analyst": _l("Analyst"),
    "admin": _l("Admin"),
}


class UserForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Length(max=120)])
    role = SelectField(_l("Role"), choices=[SelectChoice(k, v) for k, v in ROLE_LABELS.items()])
    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(), Length(max=256)],
    )
    reauth = PasswordField(_l("Your current password (to create an admin)"),
                           validators=[Optional(), Length(max=256)])  # fmt: skip


class AccountForm(FlaskForm):
    """One staff account's role and whether it may sign in."""

    role = SelectField(_l("Role"), choices=[SelectChoice(k, v) for k, v in ROLE_LABELS.items()])
    active = BooleanField(_l("May sign in"))


class RetryForm(FlaskForm):
    """Only the CSRF token: retrying a message needs nothing else."""


class TokenForm(FlaskForm):
    name = StringField(_l("What the token is for"), validators=[DataRequired(), Length(max=120)])
    scopes = SelectMultipleField(
        _l("Scopes"),
        choices=[
            SelectChoice("ingest", _l("ingest: send contacts, feedback and complaints")),
            SelectChoice("read", _l("read: read responses, themes and actions")),
        ],
        validators=[DataRequired(_l("Choose at least one scope."))],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
    expires = DateField(_l("Valid until (optional)"), validators=[Optional()], format="%Y-%m-%d")
    reauth = PasswordField(_l("Your current password"), validators=[Optional(), Length(max=256)])


EVENT_LABELS = {
    "response.created": _l("response.created: a customer answered a survey"),
    "complaint.created": _l("complaint.created: a complaint was filed"),
    "case.overdue": _l("case.overdue: a follow-up case passed its due time"),
    "theme.emerging": _l("theme.emerging: a theme was flagged as emerging"),
    "action.done": _l("action.done: an improvement action was completed"),
}


class WebhookForm(FlaskForm):
    url = StringField(_l("Receiver address (https://…)"),
                      validators=[DataRequired(), Length(max=2000)])  # fmt: skip
    description = StringField(_l("What it is for (optional)"), validators=[Length(max=200)])
    events = SelectMultipleField(
        _l("Events"),
        choices=[SelectChoice(key, label) for key, label in EVENT_LABELS.items()],
        validators=[DataRequired(_l("Choose at least one event."))],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )


class PersonForm(FlaskForm):
    """Who a data-protection request is about; the page posts it, so it is never in a URL."""

    email = StringField(_l("Customer's e-mail address"), validators=[Optional(), Length(max=254)])
    reference = StringField(_l("or a complaint reference (VX-…)"),
                            validators=[Optional(), Length(max=24)])  # fmt: skip
    name = StringField(_l("Name they gave (optional: also found in free text)"),
                       validators=[Optional(), Length(max=120)])  # fmt: skip


class EraseForm(PersonForm):
    confirm = StringField(_l("Type ERASE to confirm"), validators=[DataRequired(), Length(max=10)])


class TouchpointForm(FlaskForm):
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=120)])
    name_de = StringField(_l("Name in German"), validators=[DataRequired(), Length(max=120)])
    position = IntegerField(
        _l("Place in the journey"), validators=[InputRequired(), NumberRange(0, 999)]
    )
    sla_hours = IntegerField(_l("Call back within (hours; empty: the default)"),
                             validators=[Optional(), NumberRange(1, 24 * 90)])  # fmt: skip
    active = BooleanField(_l("In use"))


class NewTouchpointForm(FlaskForm):
    key = StringField(_l("Key (used in the API, e.g. click_and_collect)"),
                      validators=[DataRequired(), Length(max=40)])  # fmt: skip
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=120)])
    name_de = StringField(_l("Name in German"), validators=[DataRequired(), Length(max=120)])
    sla_hours = IntegerField(_l("Call back within (hours; empty: the default)"),
                             validators=[Optional(), NumberRange(1, 24 * 90)])  # fmt: skip


def _days(label):
    return IntegerField(label, validators=[InputRequired(), NumberRange(0, 36500)])


class RetentionForm(FlaskForm):
    """Days each kind of personal data is kept; 0 keeps it for ever."""

    comments = _days(_l("Verbatim comments and complaint contact details (days)"))
    contacts = _days(_l("Contacts' addresses and ids (days)"))
    cases = _days(_l("Notes on closed follow-up cases (days)"))
    audit = _days(_l("Audit log entries (days)"))
