"""A real SMTP server for the mail tests (aiosmtpd, on a free loopback port), stopped at the end."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from socialproof import clock
from socialproof.cli import cli
from tests.support import Shops, free_port


@dataclass
class Inbox:
    """What the server received, and the answers it gives next (then "250 OK")."""

    port: int
    received: list[EmailMessage] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802 (aiosmtpd's name)
        answer = self.answers.pop(0) if self.answers else "250 OK"
        if answer.startswith("250"):
            raw = envelope.content  # type: ignore[attr-defined]
            self.received.append(email.message_from_bytes(raw, policy=email.policy.default))  # type: ignore[arg-type]
        return answer


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    box = Inbox(free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    for name, value in {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(box.port),
        "SMTP_TLS": "none",
        "MAIL_FROM": "Arvostelut <arvostelut@kahvi.example>",
        "PUBLIC_URL": "https://reviews.kahvi.example",
    }.items():
        monkeypatch.setenv(f"SOCIALPROOF_{name}", value)
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def travel(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Move the project's clock forward from now: travel(days=14)."""
    start = clock.now()
    offset = [timedelta()]
    monkeypatch.setattr(clock, "now", lambda: start + offset[0])

    def to(**delta: float) -> None:
        offset[0] += timedelta(**delta)

    return to


def send_due(shops: Shops) -> str:
    """`socialproof mail send-due`, as cron would run it; its report."""
    done = CliRunner().invoke(cli, ["mail", "send-due", "--db", str(shops.path)])
    assert done.exit_code == 0, done.output
    return done.output
