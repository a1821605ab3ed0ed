"""Properties of redaction on generated text: no crash, idempotent, nothing personal left,
and text without personal data passes through unchanged."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ml.redact import KINDS, redact

FAST = settings(max_examples=150, deadline=None)

# Plain lower-case words, spaces and sentence punctuation: nothing any detector may take
# (no digits, no "@", no capitalised word that could be a name, no URL).
SAFE_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß", min_size=1, max_size=12)
SAFE_TEXT = st.lists(SAFE_WORDS, min_size=0, max_size=30).flatmap(
    lambda words: st.sampled_from([" ", ", ", ". ", "! ", "? ", "\n"]).map(
        lambda sep: sep.join(words)
    )
)
LOCAL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
EMAILS = st.builds(
    lambda user, sep, extra, domain, tld: f"{user}{sep}{extra}@{domain}.{tld}",
    LOCAL, st.sampled_from(["", ".", "_", "+", "-"]), LOCAL, LABEL,
    st.sampled_from(["de", "com", "org", "net", "info", "co.uk"]),
)  # fmt: skip
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=1)
PHONES = st.builds(
    lambda prefix, area, number: f"{prefix}{area} {number}",
    st.sampled_from(["+49 ", "0049 ", "0"]),
    st.text(alphabet="0123456789", min_size=3, max_size=3).map(lambda d: "1" + d[1:]),
    st.text(alphabet="0123456789", min_size=6, max_size=8),
)


@FAST
@given(st.text(max_size=400))
def test_any_text_is_redacted_without_error_and_idempotently(text):
    result = redact(text)
    assert isinstance(result.text, str)
    for span in result.spans:
        assert span.kind in KINDS and 0 <= span.start < span.end <= len(text)
    assert redact(result.text).text == result.text


@FAST
@given(SAFE_TEXT)
def test_text_without_personal_data_is_unchanged(text):
    result = redact(text)
    assert result.text == text and result.spans == ()


@FAST
@given(SAFE_TEXT, EMAILS, SAFE_TEXT)
def test_an_email_address_never_survives(before, email, after):
    result = redact(f"{before} {email} {after}")
    assert email not in result.text and "[EMAIL]" in result.text
    assert redact(result.text).text == result.text


@FAST
@given(SAFE_TEXT, PHONES, SAFE_TEXT)
def test_a_phone_number_after_a_phone_word_never_survives(before, phone, after):
    result = redact(f"{before} tel. {phone} {after}")
    assert phone not in result.text and "[PHONE]" in result.text
    digits = "".join(ch for ch in phone if ch.isdigit())
    assert digits not in "".join(ch for ch in result.text if ch.isdigit())
