"""Every N seconds, until shutdown: the one loop every background job of ``serve`` runs in."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from socialproof.config import Settings
from socialproof.db.store import Store
from socialproof.insights import words
from socialproof.jobs import housekeeping, mail
from socialproof.mail.transport import Smtp
from socialproof.webhooks import deliveries, sending

log = logging.getLogger("socialproof")
MAIL_INTERVAL_SECONDS = 60
WEBHOOK_INTERVAL_SECONDS = 2  # the first retry waits 5 s (policy.WEBHOOK_RETRIES)


async def every(
    seconds: float,
    task: Callable[[], Awaitable[object]],
    *,
    failed: str,
    wait: Callable[[float], Awaitable[object]] = asyncio.sleep,
    at_start: bool = False,
) -> None:
    """Wait ``seconds`` (with ``wait``), then run ``task``, until cancelled; ``at_start`` runs it first.

    Waiting first: a starting process answers before it cleans up or posts webhooks; start-up has just done
    the rest itself (read the change feed's position, flushed the heartbeats); a process that lives a
    moment (a test's app, a command) opens few connections for background work. Mail and the words of
    reviews run at start: what fell due or was written while the server was down is sent or found at once.
    A failure is logged (``failed`` says what failed) and tried again next time:
    background work must never stop serving.
    """
    waits = not at_start
    while True:
        if waits:
            await wait(seconds)
        waits = True
        try:
            await task()
        except Exception:
            log.exception(failed)


def background(store: Store, settings: Settings) -> list[Coroutine[Any, Any, None]]:
    """The jobs ``serve`` runs: housekeeping always; mail and webhooks unless their sender is off."""
    jobs = [every(housekeeping.INTERVAL_SECONDS, lambda: store.write(housekeeping.purge), failed="housekeeping failed")]

    async def index_words() -> None:  # Finnish morphology on a thread, outside any transaction (insights/words.py)
        for _ in range(words.BATCHES_A_ROUND):  # a backlog (a large import) drains at a few hundred a second
            reviews = await store.read(words.pending)
            if reviews:
                analysed = await asyncio.to_thread(words.analyse, reviews)
                await store.write(functools.partial(words.store, analysed=analysed))
            if len(reviews) < words.BATCH:
                return

    # at start too: a seeded demo or an import made while the server was down is searchable at once
    jobs.append(every(words.INTERVAL_SECONDS, index_words, failed="finding the words of reviews failed", at_start=True))
    smtp = Smtp.configured(settings)
    if settings.mail_sender != "off" and smtp is not None and settings.sends_mail:

        async def send_mail() -> None:  # SMTP talks on a thread of its own; the database in short writes
            await asyncio.to_thread(mail.run, store.write_sync, smtp, settings.public_url)

        jobs.append(every(MAIL_INTERVAL_SECONDS, send_mail, failed="sending mail failed", at_start=True))
    if settings.webhook_sender != "off":
        loopback = bool(settings.webhooks_allow_loopback)

        async def post_events() -> None:  # posts happen on threads, outside any transaction (webhooks/sending.py)
            if await store.read(deliveries.has_work):
                await asyncio.to_thread(sending.run, store.write_sync, settings.public_url, loopback=loopback)

        jobs.append(every(WEBHOOK_INTERVAL_SECONDS, post_events, failed="sending webhooks failed"))
    return jobs
