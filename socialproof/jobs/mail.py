"""The mail job: every kind of mail with the domain that composes it, and one sender run (serve and the CLI)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from socialproof.db.engine import Database
from socialproof.db.store import Write
from socialproof.mail import compose
from socialproof.mail.compose import Composer
from socialproof.mail.outbox import MailKind
from socialproof.mail.sender import MailOutcome, send_due
from socialproof.mail.transport import Smtp
from socialproof.moderation import digests, statements
from socialproof.questions import buyers, telling
from socialproof.reviews import own_link, review_requests
from socialproof.shop_reviews import ordered
from socialproof.webhooks import notices

COMPOSERS: Mapping[MailKind, Composer] = {
    **compose.COMPOSERS,
    **statements.COMPOSERS,
    **review_requests.composers(order_link=ordered.mail_link),  # the order's review of the shop too
    **own_link.COMPOSERS,
    **digests.COMPOSERS,
    **notices.COMPOSERS,
    **telling.COMPOSERS,
    **buyers.COMPOSERS,
}
# What queues mail by the clock rather than by an event: each runs in a write before sending.
PLANNERS: tuple[Callable[[Database], object], ...] = (digests.plan,)


def run(write: Write, smtp: Smtp, public_url: str, *, only: int | None = None) -> list[MailOutcome]:
    """One sender run: plan what the clock makes due, then send everything due."""
    if only is None:
        for planner in PLANNERS:
            write(planner)
    return send_due(write, smtp, public_url, COMPOSERS, only=only)
