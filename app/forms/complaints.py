"""The public complaint form and the status look-up."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TelField,
)
from wtforms.validators import DataRequired, Email, Length, StopValidation, ValidationError

from app.forms.fields import LongTextField, without_controls
from app.models import ContactPreference, Touchpoint
from app.models.complaints import ComplaintCreate

DESCRIPTION_MAX = 5000
NEEDS_MAX = 2000
_PHONE = re.compile(r"^\+?[\d\s()/.-]+$")


def _strip(value):
    return without_controls(value).strip() if isinstance(value, str) else value


class ComplaintForm(FlaskForm):
    description = LongTextField(
        _l("What happened?"),
        [DataRequired(_l("Please tell us what happened."))],
        max_length=DESCRIPTION_MAX,
    )
    touchpoint = SelectField(
        _l("Where did it happen?"),
        choices=[],
        default="",
        invalid_choice_message=_l("Please choose one of the places in the list."),
    )
    order_reference = StringField(
        _l("Order number or other reference"),
        [Length(max=80, message=_l("Please use at most %(max)d characters."))],
        filters=[_strip],
    )
    contact_preference = RadioField(
        _l("How would you like us to contact you?"),
        choices=[
            SelectChoice(ContactPreference.EMAIL.value, _l("By e-mail")),
            SelectChoice(ContactPreference.PHONE.value, _l("By phone")),
            SelectChoice(ContactPreference.NONE.value, _l("Please do not contact me")),
        ],
        invalid_choice_message=_l("Please choose how we may contact you."),
    )
    contact_email = EmailField(
        _l("E-mail address"),
        [Length(max=254, message=_l("Please use at most %(max)d characters."))],
        filters=[_strip],
    )
    contact_phone = TelField(
        _l("Phone number"),
        [Length(max=40, message=_l("Please use at most %(max)d characters."))],
        filters=[_strip],
    )
    consent_contact = BooleanField(
        _l("I agree that you contact me about this complaint using the details I gave.")
    )
    consent_updates = BooleanField(
        _l(
            "Send me a short “you said, we did” message by e-mail when you change something "
            "because of feedback like mine."
        )
    )
    accessibility_needs = LongTextField(
        _l("Anything we should know to help you (for example accessibility needs)?"),
        max_length=NEEDS_MAX,
    )
    # A trap for bots: hidden from sighted users, and its label tells everyone else.
    website = StringField(_l("Leave this field empty"))

    def set_touchpoints(self, touchpoints: Iterable[Touchpoint], language: str) -> None:
        """Offer the active touchpoints in journey order, in the page's language."""
        self.touchpoint.choices = [SelectChoice("", _l("Not sure, or somewhere else"))] + [
            SelectChoice(tp.key, tp.name(language)) for tp in touchpoints
        ]

    @property
    def is_spam(self) -> bool:
        return bool((self.website.data or "").strip())

    def _wants(self, preference: ContactPreference) -> bool:
        return self.contact_preference.data == preference.value

    def validate_contact_email(self, field) -> None:
        if not field.data:
            if self._wants(ContactPreference.EMAIL):
                raise StopValidation(_l("Please enter your e-mail address, or choose another way."))
            if self.consent_updates.data:
                raise StopValidation(_l("To receive updates, please enter your e-mail address."))
            return
        Email(_l("Please enter an e-mail address like name@example.com."))(self, field)

    def validate_contact_phone(self, field) -> None:
        if not field.data:
            if self._wants(ContactPreference.PHONE):
                raise StopValidation(_l("Please enter your phone number, or choose another way."))
            return
        digits = sum(ch.isdigit() for ch in field.data)
        if not _PHONE.match(field.data) or digits < 6:
            raise ValidationError(
                _l("Please enter a phone number using digits, for example +49 30 1234567.")
            )

    def validate_consent_contact(self, field) -> None:
        wants_contact = self._wants(ContactPreference.EMAIL) or self._wants(ContactPreference.PHONE)
        if wants_contact and not field.data:
            raise ValidationError(
                _l("Please agree that we may contact you, or choose “Please do not contact me”.")
            )

    def to_create(self, language: str) -> ComplaintCreate:
        """The complaint as the service takes it."""
        return ComplaintCreate(
            description=self.description.data,
            touchpoint=self.touchpoint.data or None,
            order_reference=self.order_reference.data or None,
            contact_preference=self.contact_preference.data,
            contact_email=self.contact_email.data or None,
            contact_phone=self.contact_phone.data or None,
            consent_contact=bool(self.consent_contact.data),
            consent_updates=bool(self.consent_updates.data),
            accessibility_needs=self.accessibility_needs.data or None,
            language=language,
        )


class StatusForm(FlaskForm):
    reference = StringField(
        _l("Reference"),
        [
            DataRequired(_l("Please enter your reference, for example VX-2026-000123.")),
            Length(max=40, message=_l("Please use at most %(max)d characters.")),
        ],
        filters=[_strip],
    )
    secret = StringField(
        _l("Secret"),
        [
            DataRequired(_l("Please enter the secret we showed you with your reference.")),
            Length(max=100, message=_l("Please use at most %(max)d characters.")),
        ],
        filters=[_strip],
    )
