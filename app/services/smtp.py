"""Sending one outbox message by SMTP (plain, STARTTLS or implicit TLS)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from app.models import OutboxEvent

# Long headers must not be folded into RFC 2047 encoded words: a List-Unsubscribe URL has
# no spaces to fold at, and mail clients read it only as plain "<https://…>" (RFC 2369).
_POLICY = policy.default.clone(max_line_length=998)


class SendError(Exception):
    """The message did not go out; the outbox retries it later."""


def build_message(config: Mapping[str, Any], event: OutboxEvent) -> EmailMessage:
    """The MIME message for an outbox event: text and HTML, List-Unsubscribe, stable id."""
    payload = event.payload
    message = EmailMessage(policy=_POLICY)
    sender = config["MAIL_FROM"]
    message["From"] = sender
    message["To"] = payload["to"]
    message["Subject"] = payload["subject"]
    message["Date"] = formatdate(localtime=False)
    domain = sender.rsplit("@", 1)[-1].strip(">") or "localhost"
    message["Message-ID"] = make_msgid(idstring=f"voxloop-{event.id}", domain=domain)
    message["X-Voxloop-Event"] = str(event.id)
    if config.get("MAIL_REPLY_TO"):
        message["Reply-To"] = config["MAIL_REPLY_TO"]
    if payload.get("unsubscribe_url"):
        # RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe button.
        message["List-Unsubscribe"] = f"<{payload['unsubscribe_url']}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(payload["text"])
    message.add_alternative(payload["html"], subtype="html")
    # After the parts: set_content() drops Content-* headers set before it.
    message["Content-Language"] = payload.get("language", "en")
    return message


class Mailer:
    """One SMTP connection reused for a batch; reconnects after a failure."""

    def __init__(self, config: Mapping[str, Any]):
        self._config = config
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        config = self._config
        host, port = config["SMTP_HOST"], int(config["SMTP_PORT"])
        timeout = float(config.get("SMTP_TIMEOUT_SECONDS", 10))
        security = config.get("SMTP_SECURITY", "none")
        if security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
            if security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
        return smtp

    def send(self, event: OutboxEvent) -> None:
        """Send one message or raise :class:`SendError` with the server's reason."""
        message = build_message(self._config, event)
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            self._smtp.send_message(message)
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            self.close()
            raise SendError(f"{type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None
