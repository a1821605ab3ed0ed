"""Fields shared by the public forms."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import ngettext
from wtforms import TextAreaField
from wtforms.validators import StopValidation

# C0/C1 controls except tab and line breaks: invisible, and never meant to be typed.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(value: Any) -> Any:
    """Drop control characters from a submitted string (other values pass unchanged)."""
    return _CONTROLS.sub("", value) if isinstance(value, str) else value


def typed_length(text: str) -> int:
    """Length as the browser counts it (a line break is one character)."""
    return len(text.replace("\r\n", "\n"))


class LongTextField(TextAreaField):
    """Free text with a live character count; too long is reported, never cut off.

    The template renders ``max_length`` as ``data-maxlength`` (no native ``maxlength``),
    and the re-rendered page keeps exactly what was typed so nothing is lost.
    """

    def __init__(self, label=None, validators=None, *, max_length: int = 2000, **kwargs):
        kwargs.setdefault("filters", [without_controls])
        self.max_length = max_length
        self.question: dict[str, Any] = kwargs.pop("question", None) or {}
        super().__init__(label, validators, **kwargs)

    @property
    def length(self) -> int:
        return typed_length(self.data or "")

    def pre_validate(self, form) -> None:
        over = self.length - self.max_length
        if over > 0:
            raise StopValidation(
                ngettext(
                    "Your text is %(num)d character too long. Please remove %(num)d "
                    "character; the limit is %(max)d characters.",
                    "Your text is %(num)d characters too long. Please remove %(num)d "
                    "characters; the limit is %(max)d characters.",
                    over,
                    max=self.max_length,
                )
            )
