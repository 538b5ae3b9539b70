"""Sending what is due: claim in one transaction, talk to the SMTP server outside any, record in another.

A message is composed when it is claimed, from what the database holds then,
so a message about a review that has since been withdrawn says so (or is not
sent: its composer decides, raising Withheld with the rule). An address that
unsubscribed from the shop gets nothing. One message's record is one short transaction,
so a slow SMTP server never holds the database's one writer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import TypeVar

from socialproof.db.engine import Database
from socialproof.db.store import Write
from socialproof.mail import outbox, suppression
from socialproof.mail.compose import Composer, Mail, message, shop_of
from socialproof.mail.outbox import MailKind, Postponed, Queued, Status, Withheld
from socialproof.mail.transport import Permanent, Smtp, Temporary, deliver

T = TypeVar("T")


@dataclass(frozen=True)
class MailOutcome:
    id: int
    status: Status
    reason: str | None = None


def send_due(
    write: Write,
    smtp: Smtp,
    public_url: str,
    composers: Mapping[MailKind, Composer],
    *,
    only: int | None = None,
) -> list[MailOutcome]:
    """Send every message due now (or only the message ``only``); what became of each."""

    outcomes = []

    def claim(db: Database) -> list[tuple[Queued, Mail, EmailMessage]]:
        ready = []
        for queued in outbox.claim_due(db, only):
            try:
                if queued.shop_id is not None and suppression.is_suppressed(db, queued.shop_id, queued.recipient):
                    raise Withheld("the address unsubscribed from this shop's mail")
                mail = composers[queued.kind](db, queued, public_url.rstrip("/"))
                reply_to = shop_of(db, queued).reply_to if queued.shop_id is not None else None
                msg = message(mail, sender=smtp.sender, to=queued.recipient, lang=queued.lang, reply_to=reply_to)
            except Postponed as wait:
                outbox.postpone(db, queued.id, wait.until, str(wait))
                outcomes.append(MailOutcome(queued.id, Status.QUEUED, str(wait)))
                continue
            except Withheld as rule:
                outbox.withhold(db, queued.id, str(rule))
                outcomes.append(MailOutcome(queued.id, Status.WITHHELD, str(rule)))
                continue
            except Exception as broken:  # one message that can't be made must not hold the queue: set aside
                reason = f"could not be composed: {broken}"
                outbox.failed(db, queued.id, reason, permanent=True)
                outcomes.append(MailOutcome(queued.id, Status.FAILED, reason))
                continue
            ready.append((queued, mail, msg))
        return ready

    def record_sent(db: Database, queued: Queued, mail: Mail, header_id: str) -> None:
        outbox.sent(db, queued.id, header_id)
        if mail.on_sent is not None:
            mail.on_sent(db)

    def recorded(record: Callable[[Database], T], still_mine: list[int]) -> Callable[[Database], T]:
        """``record``, renewing the claim on the rest of the batch in the same write."""

        def both(db: Database) -> T:
            outbox.hold(db, still_mine)
            return record(db)

        return both

    ready = write(claim)
    for n, (queued, mail, msg) in enumerate(ready):
        still_mine = [q.id for q, _, _ in ready[n + 1 :]]
        try:
            deliver(smtp, msg)
        except (Temporary, Permanent) as problem:
            reason, permanent = str(problem), isinstance(problem, Permanent)
            fail = functools.partial(outbox.failed, message_id=queued.id, reason=reason, permanent=permanent)
            status = write(recorded(fail, still_mine))
            outcomes.append(MailOutcome(queued.id, status, reason))
            continue
        done = functools.partial(record_sent, queued=queued, mail=mail, header_id=str(msg["Message-ID"]))
        write(recorded(done, still_mine))
        outcomes.append(MailOutcome(queued.id, Status.SENT))
    return outcomes
