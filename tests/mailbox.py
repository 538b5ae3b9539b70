"""A real SMTP server for the tests that send mail (aiosmtpd, on a free loopback port)."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from click.testing import CliRunner

from socialproof.cli import cli
from tests.support import Shops, free_port

PUBLIC_URL = "https://reviews.kahvi.example"


@dataclass
class Inbox:
    """What the server received, and the answers it gives next (then "250 OK")."""

    port: int
    received: list[EmailMessage] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    meanwhile: Callable[[], None] | None = None  # run as each message arrives: a slow server's time passing

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802 (aiosmtpd's name)
        if self.meanwhile is not None:
            self.meanwhile()
        answer = self.answers.pop(0) if self.answers else "250 OK"
        if answer.startswith("250"):
            raw = envelope.content  # type: ignore[attr-defined]
            self.received.append(email.message_from_bytes(raw, policy=email.policy.default))  # type: ignore[arg-type]
        return answer


@contextmanager
def receiving() -> Iterator[Inbox]:
    """An SMTP server on a free port, stopped at the end; what it received."""
    box = Inbox(free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


SETTINGS = {
    "SMTP_TLS": "none",
    "MAIL_FROM": "Arvostelut <arvostelut@kahvi.example>",
    "PUBLIC_URL": PUBLIC_URL,
}


def send_due(shops: Shops) -> str:
    """`socialproof mail send-due`, as cron would run it; its report."""
    done = CliRunner().invoke(cli, ["mail", "send-due", "--db", str(shops.path)])
    assert done.exit_code == 0, done.output
    return done.output
