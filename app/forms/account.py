"""Forms for one's own account: change the password, ask for a reset link, use it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.services.passwords import MAX_LENGTH


def _new_password():
    return PasswordField(_l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])


def _repeat():
    return PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new", _l("The two new passwords are not the same."))],
    )


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=256)])
    new = _new_password()
    repeat = _repeat()


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    new = _new_password()
    repeat = _repeat()


class SetPasswordForm(FlaskForm):
    """An admin sets a password; the person changes it at their next sign-in."""

    password = PasswordField(_l("New initial password"),
                             validators=[DataRequired(), Length(max=MAX_LENGTH)])  # fmt: skip
