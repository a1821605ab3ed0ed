"""The password policy: long enough, and not one of the most common passwords.

Applied wherever a password is chosen: changing one's own, a reset link, an admin
setting one, and ``voxloop users create``. The common list ships with the app
(``app/security_data``, see its README), so the check works offline.
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from app.services import N_, DomainError

DEFAULT_MIN_LENGTH = 12
MAX_LENGTH = 256
COMMON_PASSWORDS = (
    Path(__file__).resolve().parent.parent / "security_data" / "common-passwords.txt.gz"
)


class PasswordPolicyError(DomainError):
    """A chosen password breaks the policy; the message says why."""


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, lower-cased (read once per process)."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().casefold() for line in handle if line.strip())


def check(password: str, *, email: str = "", min_length: int = DEFAULT_MIN_LENGTH) -> None:
    """Raise PasswordPolicyError when ``password`` may not be used.

    Refused: shorter than ``min_length`` or longer than 256 characters; on the common list
    (ignoring case and surrounding spaces, and also once trailing digits and symbols are
    removed); the account's e-mail address or its local part.
    """
    if len(password) < min_length:
        raise PasswordPolicyError(
            N_("The password must have at least %(count)s characters."), count=min_length
        )
    if len(password) > MAX_LENGTH:
        raise PasswordPolicyError(
            N_("The password may have at most %(count)s characters."), count=MAX_LENGTH
        )
    folded = password.strip().casefold()
    # A common word with digits or symbols tacked on ("iloveyou1234") is no better.
    base = re.sub(r"[\d\W_]+$", "", folded)
    if folded in common_passwords() or (len(base) >= 4 and base in common_passwords()):
        raise PasswordPolicyError(
            N_("This password is one of the most common ones and easy to guess; choose another.")
        )
    address = email.strip().casefold()
    if address and folded in {address, address.partition("@")[0]}:
        raise PasswordPolicyError(N_("The password must not be your e-mail address."))


def min_length(config) -> int:
    """The configured minimum (``PASSWORD_MIN_LENGTH``), never below 8."""
    return max(8, int(config.get("PASSWORD_MIN_LENGTH", DEFAULT_MIN_LENGTH)))
