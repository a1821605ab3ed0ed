"""Redaction of personal data in German and English customer feedback.

Feedback is shown to analysts, clustered and exported, so contact details and identifiers
a customer types into a comment are replaced by typed placeholders before anything else
sees the text. The detectors favour precision on the near misses customer text is full
of (order numbers, prices, dates, times, product codes, versions) and use checksums
(Luhn, IBAN mod 97) or context words ("geboren am", "Steuer-ID") where a pattern alone
would be ambiguous.

Placeholders and what they replace:

* ``[EMAIL]`` e-mail addresses, also ``name (at) domain (dot) de``.
* ``[PHONE]`` international (+49 …, 0049 …), German (0171 …, 030/…) and US numbers, and
  any digit group after a phone word (Tel., Handy, phone, call me at …).
* ``[IBAN]`` IBANs with a valid mod-97 checksum, or any IBAN-shaped string after "IBAN".
* ``[CARD]`` 13–19 digit payment card numbers passing the Luhn check.
* ``[URL]`` only URLs that carry user info (``user:pw@host``) or personal/secret query
  parameters (token, email, session …). Plain URLs stay: they name pages, not people.
* ``[IP]`` IPv4 (not after "Version"/"v") and IPv6 addresses.
* ``[DATE_OF_BIRTH]`` a date after a birth word (geboren, geb., Geburtsdatum, born, DOB).
  Other dates (order, delivery) stay: they are needed to understand the complaint.
* ``[ID]`` tax, social-security, ID-card, passport and licence numbers after their name.
* ``[ADDRESS]`` street + house number (German Straße/Str./Weg…, English Street/Road…),
  with an optional postcode and city. A postcode on its own stays.
* ``[NAME]`` personal names: after an honorific or title (Herr, Frau, Mr, Dr, Prof),
  in self-introductions (Mein Name ist, ich bin, My name is, I'm), sign-offs (Viele
  Grüße, MfG, Best regards, Cheers), staff mentions (Ihre Kollegin, your agent), and a
  known first name on its own or before a surname. See ``ml.redact.names`` for the name
  lists and where they come from; brands, products, carriers, shops and places stay.

Call it on normalised text (``ml.text.normalize``): zero-width characters inside an
address would otherwise hide it. Offsets in ``spans`` refer to the text passed in.
"""

from __future__ import annotations

from dataclasses import dataclass

from ml.redact.names import find_names
from ml.redact.structured import DETECTORS

__all__ = ["KINDS", "Redacted", "RedactedSpan", "redact"]

KINDS = ("EMAIL", "URL", "IBAN", "CARD", "IP", "ID", "DATE_OF_BIRTH", "PHONE", "ADDRESS", "NAME")


@dataclass(frozen=True)
class RedactedSpan:
    """One replaced piece of personal data, as offsets into the original text."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Redacted:
    """The redacted text and where the replaced data was in the original."""

    text: str
    spans: tuple[RedactedSpan, ...]


# Names go last: an e-mail address or a street name is not split into a name.
_DETECTORS = (*DETECTORS, find_names)


def _detect(text: str) -> list[RedactedSpan]:
    chosen: list[RedactedSpan] = []
    for detector in _DETECTORS:
        for kind, start, end in detector(text):
            if start < end and all(end <= s.start or start >= s.end for s in chosen):
                chosen.append(RedactedSpan(kind, start, end))
    return sorted(chosen, key=lambda s: s.start)


def _apply(text: str, spans: list[RedactedSpan]) -> tuple[str, list[tuple[int, int, int]]]:
    """Replace spans; also return (start, end, shift) of each placeholder in the output."""
    parts, pos, out_len, placed = [], 0, 0, []
    for span in spans:
        parts.append(text[pos : span.start])
        out_len += span.start - pos
        placeholder = f"[{span.kind}]"
        placed.append(
            (out_len, out_len + len(placeholder), span.end - span.start - len(placeholder))
        )
        parts.append(placeholder)
        out_len += len(placeholder)
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts), placed


_MAX_PASSES = 8


def redact(text: str) -> Redacted:
    """Replace personal data in a German or English text with typed placeholders.

    Args:
        text: Feedback text, ideally normalised with ``ml.text.normalize``.

    Returns:
        The redacted text and the replaced spans (kind and offsets into ``text``), sorted
        by position. Redacting the result again changes nothing.
    """
    if not text:
        return Redacted(text="", spans=())
    spans = _detect(text)
    out, placed = _apply(text, spans)
    # Detectors look at neighbouring characters ("+49…" glued to an e-mail is not a phone
    # number); once a neighbour became a placeholder a further match can appear. Repeat
    # on the output, mapping new spans back to the original, until nothing changes, so
    # that redaction is idempotent.
    for _ in range(_MAX_PASSES):
        extra = []
        for span in _detect(out):
            if any(span.start < end and start < span.end for start, end, _ in placed):
                continue
            shift = sum(d for start, _, d in placed if start < span.start)
            extra.append(RedactedSpan(span.kind, span.start + shift, span.end + shift))
        if not extra:
            break
        spans = sorted(spans + extra, key=lambda s: s.start)
        out, placed = _apply(text, spans)
    return Redacted(text=out, spans=tuple(spans))
