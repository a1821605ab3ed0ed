"""The survey form, built from a survey version's stored definition."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import DataRequired, StopValidation

from app.forms.fields import LongTextField
from app.services.responses import question_values, text_limit
from app.services.surveys import CSAT_WORDS, SCALES


class OptionField(Field):
    """One answer out of ``options``, kept as the submitted string.

    A forged value (``nps=11``, ``abc``) is reported and shown as not chosen, so the
    page re-renders exactly as the respondent left it.
    """

    def __init__(self, label=None, validators=None, *, options=(), question=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.options: list[tuple[str, str]] = list(options)
        self.question: dict[str, Any] = question or {}

    def process_data(self, value: Any) -> None:
        self.data = "" if value is None else str(value)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = valuelist[0].strip() if valuelist else ""

    def _value(self) -> str:
        return self.data or ""

    def pre_validate(self, form) -> None:
        if self.data and self.data not in {value for value, _label in self.options}:
            raise StopValidation(
                _(
                    "Please choose one of the given answers to “%(question)s”.",
                    question=self.label.text,
                )
            )


def _text(texts: Mapping[str, str] | None, language: str) -> str:
    if not texts:
        return ""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def _options(question: Mapping[str, Any], language: str) -> list[tuple[str, str]]:
    kind = question["type"]
    values = question_values(question)
    if kind == "csat":
        words = CSAT_WORDS.get(language, CSAT_WORDS["en"])
        return list(zip(values, words, strict=True))
    if kind == "choice":
        return [(o["value"], _text(o["label"], language)) for o in question["options"]]
    return [(value, value) for value in values]


def _anchors(question: Mapping[str, Any], language: str) -> tuple[str, str] | None:
    anchors = question.get("anchors")
    if question["type"] not in ("nps", "ces") or not anchors:
        return None
    low, high = SCALES[question["type"]]
    texts = anchors.get(language) or anchors["en"]
    return f"{low} = {texts[0]}", f"{high} = {texts[1]}"


def field_name(key: str) -> str:
    """The form field's name: the question key, unless it would clash with the form's API."""
    return f"q_{key}" if hasattr(SurveyForm, key) else key


class SurveyForm(FlaskForm):
    """Base of every survey form; subclasses get one field per question."""

    questions: list[dict[str, Any]] = []

    def answer_fields(self) -> list[Field]:
        return [self[field_name(q["key"])] for q in self.questions]

    def answers(self) -> dict[str, str]:
        """What was sent, by question key (raw: the service validates and normalises)."""
        return {q["key"]: self[field_name(q["key"])].data or "" for q in self.questions}

    @property
    def csrf_failed(self) -> bool:
        return bool(self.errors.get("csrf_token"))


# One form class per (survey content, language) and process: a survey version never
# changes (see ``responses._DEFINITIONS``), and a class holds only unbound field
# declarations, so its instances share no request data. Bounded like the definition cache.
_FORM_CLASSES: dict[tuple[str, str], type[SurveyForm]] = {}
FORM_CACHE_SIZE = 128


def survey_form(
    definition: Mapping[str, Any],
    language: str,
    *,
    draft: Mapping[str, str] | None = None,
    checksum: str = "",
) -> SurveyForm:
    """Build the form for a survey definition, texts in ``language``, pre-filled from a draft.

    On a POST request the submitted data wins over the draft. With the definition's
    ``checksum`` the form class is built once per process and reused.
    """
    form_class = _FORM_CLASSES.get((checksum, language)) if checksum else None
    if form_class is None:
        form_class = _form_class(definition, language)
        if checksum:
            if len(_FORM_CLASSES) >= FORM_CACHE_SIZE:
                _FORM_CLASSES.clear()
            _FORM_CLASSES[checksum, language] = form_class
    return form_class(data=dict(draft or {}))


def _form_class(definition: Mapping[str, Any], language: str) -> type[SurveyForm]:
    attrs: dict[str, Any] = {"questions": list(definition["questions"])}
    # The messages are fixed when the class is built, so build it in the form's language.
    with force_locale(language):
        for question in definition["questions"]:
            label = _text(question["label"], language)
            required = bool(question.get("required", False))
            common = {
                "question": {
                    **question,
                    "hint_text": _text(question.get("hint"), language),
                    "anchors_text": _anchors(question, language),
                    "required": required,
                },
                "id": field_name(question["key"]),
            }
            message = _("Please answer the question “%(question)s”.", question=label)
            validators = [DataRequired(message)] if required else []
            if question["type"] == "text":
                field = LongTextField(label, validators, max_length=text_limit(question), **common)
            else:
                options = _options(question, language)
                field = OptionField(label, validators, options=options, **common)
            attrs[field_name(question["key"])] = field
    return type("BoundSurveyForm", (SurveyForm,), attrs)


class DraftForm(FlaskForm):
    """Only the CSRF token: a draft may be incomplete, so nothing else is checked here."""
