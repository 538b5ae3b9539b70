"""Sending what is due: claim in one transaction, talk to the SMTP server outside any, record in another.

A message is composed when it is claimed, from what the database holds then,
so a message about a review that has since been withdrawn says so (or is not
sent: its composer decides). One message's record is one short transaction,
so a slow SMTP server never holds the database's one writer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol, TypeVar

from sqlite_utils import Database

from socialproof.mail import outbox
from socialproof.mail.compose import Composer, message, shop_of
from socialproof.mail.outbox import Kind, Queued, Status
from socialproof.mail.transport import Permanent, Smtp, Temporary, deliver

T = TypeVar("T")


class Write(Protocol):
    """Runs a function in one write transaction (Store.write_sync in serve; a connection in the CLI)."""

    def __call__(self, fn: Callable[[Database], T]) -> T: ...


@dataclass(frozen=True)
class Outcome:
    id: int
    status: Status
    reason: str | None = None


def send_due(
    write: Write,
    smtp: Smtp,
    public_url: str,
    composers: Mapping[Kind, Composer],
    *,
    only: int | None = None,
) -> list[Outcome]:
    """Send every message due now (or only the message ``only``); what became of each."""

    def claim(db: Database) -> list[tuple[Queued, EmailMessage]]:
        ready = []
        for queued in outbox.claim_due(db, only):
            try:
                mail = composers[queued.kind](db, queued, public_url.rstrip("/"))
            except Exception as broken:  # a bug must not hold the rest of the queue: kept, never retried
                outbox.failed(db, queued.id, f"could not be composed: {broken!r}", permanent=True)
                continue
            reply_to = shop_of(db, queued).reply_to
            msg = message(mail, sender=smtp.sender, to=queued.recipient, lang=queued.lang, reply_to=reply_to)
            ready.append((queued, msg))
        return ready

    outcomes = []
    for queued, msg in write(claim):
        try:
            deliver(smtp, msg)
        except (Temporary, Permanent) as problem:
            reason, permanent = str(problem), isinstance(problem, Permanent)
            status = write(functools.partial(outbox.failed, message_id=queued.id, reason=reason, permanent=permanent))
            outcomes.append(Outcome(queued.id, status, reason))
            continue
        header_id = str(msg["Message-ID"])
        write(functools.partial(outbox.sent, message_id=queued.id, header_id=header_id))
        outcomes.append(Outcome(queued.id, Status.SENT))
    return outcomes
