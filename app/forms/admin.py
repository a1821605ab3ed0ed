"""Administration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from app.services.users import MIN_PASSWORD_LENGTH


class UserForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Length(max=120)])
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice("viewer", _l("Viewer")),
            SelectChoice("agent", _l("Agent (front line)")),
            SelectChoice("analyst", _l("Analyst")),
            SelectChoice("admin", _l("Admin")),
        ],
    )
    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=256)],
    )


class RetryForm(FlaskForm):
    """Only the CSRF token: retrying a message needs nothing else."""
