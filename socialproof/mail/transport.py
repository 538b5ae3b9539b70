"""Handing a message to the shop's SMTP server, and telling a temporary failure from a permanent one."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from enum import StrEnum
from pathlib import Path

from socialproof.config import Settings

TIMEOUT_SECONDS = 30


class Security(StrEnum):
    NONE = "none"  # only for a relay on the same machine or network
    STARTTLS = "starttls"
    TLS = "tls"  # implicit TLS, usually port 465


class Temporary(Exception):
    """Try again later: a 4xx answer, or the server couldn't be reached."""


class Permanent(Exception):
    """Don't try again: a 5xx answer (no such mailbox, refused as spam, ...)."""


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    security: Security
    sender: str  # the From address when the shop names none
    user: str = ""
    password: str = field(default="", repr=False)

    @classmethod
    def configured(cls, settings: Settings) -> Smtp | None:
        """The server the settings name; None when they name none (then nothing is ever sent)."""
        if not settings.smtp_host:
            return None
        password = settings.smtp_password
        if settings.smtp_password_file:
            password = Path(settings.smtp_password_file).read_text().strip()
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            Security(settings.smtp_tls),
            settings.mail_from,
            settings.smtp_user,
            password,
        )


def deliver(smtp: Smtp, message: EmailMessage) -> None:
    """Send one message; Temporary or Permanent, with the server's words, when it can't be."""
    context = ssl.create_default_context()
    try:
        if smtp.security is Security.TLS:
            client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=TIMEOUT_SECONDS, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_SECONDS)
        with client:
            if smtp.security is Security.STARTTLS:
                client.starttls(context=context)
            if smtp.user:
                client.login(smtp.user, smtp.password)
            client.send_message(message)
    except smtplib.SMTPRecipientsRefused as refused:
        code, text = next(iter(refused.recipients.values()))
        raise (Temporary if 400 <= code < 500 else Permanent)(f"{code} {_words(text)}") from None
    except smtplib.SMTPResponseException as answer:
        reason = f"{answer.smtp_code} {_words(answer.smtp_error)}"
        raise (Temporary if 400 <= answer.smtp_code < 500 else Permanent)(reason) from None
    except (smtplib.SMTPException, OSError) as lost:  # no connection, TLS failed, cut off: try again
        raise Temporary(f"{type(lost).__name__}: {lost}") from None
    except (ValueError, UnicodeError) as unsendable:  # the message itself: sending it again changes nothing
        raise Permanent(f"{type(unsendable).__name__}: {unsendable}") from None


def _words(said: bytes | str) -> str:
    return said.decode(errors="replace") if isinstance(said, bytes) else said
