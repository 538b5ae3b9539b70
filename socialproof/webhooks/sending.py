"""Posting deliveries: signed per Standard Webhooks, no redirects, a deadline, public addresses only.

One run queues what the events since the last run ask for, claims what is
due in short writes, posts outside any transaction (a few at a time, one per
endpoint, each within a deadline for the whole exchange, so one stalling
receiver holds up only its own queue) and records each answer in a write of
its own. Only a 2xx answer is a delivery; a redirect is a
failure, never followed (it could lead inside the network).
"""

from __future__ import annotations

import functools
import http.client
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from standardwebhooks.webhooks import Webhook

from socialproof import clock, policy
from socialproof.db.engine import Database
from socialproof.db.store import Write
from socialproof.safety import outgoing
from socialproof.safety.addresses import Refused
from socialproof.webhooks import deliveries
from socialproof.webhooks.deliveries import Claimed, DeliveryStatus

ANSWER_READ_MAX = 64 * 1024  # a receiver's answer is read (so the connection ends cleanly), never kept
IN_PARALLEL = 4
ROUNDS = 10  # claims per run; what is left goes at the next run
USER_AGENT = "socialproof-webhooks/1"


@dataclass(frozen=True)
class Answer:
    code: int | None  # None: no HTTP answer at all
    error: str | None  # None: delivered


@dataclass(frozen=True)
class DeliveryOutcome:
    id: int
    status: DeliveryStatus
    code: int | None
    error: str | None


def signed_headers(claimed: Claimed) -> dict[str, str]:
    # The receiver compares the timestamp with its own clock, so it is the wall clock's, not the project's.
    moment = clock.wall()
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": claimed.message_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": Webhook(claimed.secret).sign(claimed.message_id, moment, claimed.body),
    }


def post(url: str, body: bytes, headers: dict[str, str], *, loopback: bool) -> Answer:
    """POST ``body``, within ``policy.WEBHOOK_TIMEOUT_SECONDS`` for the whole exchange, to a checked
    address only (safety/outgoing.py); plain http only to loopback where the operator allows it."""
    timeout = policy.WEBHOOK_TIMEOUT_SECONDS
    if urlsplit(url).scheme != "https" and not loopback:
        return Answer(None, "only https endpoints are posted to")
    try:
        reply = outgoing.request(
            "POST", url, body=body, headers=headers, deadline=timeout, read_max=ANSWER_READ_MAX, loopback=loopback
        )
    except Refused as refused:
        return Answer(None, f"refused: {refused}")
    except outgoing.TooSlow as slow:
        return Answer(None, str(slow))
    except (OSError, http.client.HTTPException) as problem:
        return Answer(None, f"{type(problem).__name__}: {problem}"[:300])
    if 200 <= reply.status < 300:
        return Answer(reply.status, None)
    return Answer(reply.status, f"HTTP {reply.status} {reply.reason}".strip())


def _send(claimed: Claimed, loopback: bool) -> Answer:
    return post(claimed.url, claimed.body.encode(), signed_headers(claimed), loopback=loopback)


def _record(db: Database, claimed: Claimed, answer: Answer) -> DeliveryStatus:
    if answer.error is None and answer.code is not None:
        deliveries.delivered(db, claimed.id, answer.code)
        return DeliveryStatus.DELIVERED
    return deliveries.failed(db, claimed.id, answer.code, answer.error or "no answer")


def run(write: Write, public_url: str, *, loopback: bool) -> list[DeliveryOutcome]:
    """One sender run: queue what the new events ask for, then post everything due.

    ``IN_PARALLEL`` workers each take one delivery at a time, never two for the same endpoint at
    once, so a slow endpoint holds one worker (for at most the deadline) and delays only its own
    queue; the others go on posting to everyone else. Writes take turns (one connection in the CLI).
    """
    write(functools.partial(deliveries.fan_out, public_url=public_url.rstrip("/")))
    outcomes: list[DeliveryOutcome] = []
    busy: set[int] = set()
    turns = threading.Lock()
    budget = iter(range(ROUNDS * deliveries.CLAIM_BATCH))  # bounded: what is left goes at the next run

    def claim() -> Claimed | None:
        with turns:
            if next(budget, None) is None:
                return None
            claimed = write(functools.partial(deliveries.claim_due, limit=1, busy=frozenset(busy)))
            if claimed:
                busy.add(claimed[0].webhook_id)
            return claimed[0] if claimed else None

    def work() -> None:
        while (one := claim()) is not None:
            answer = _send(one, loopback)
            with turns:
                status = write(functools.partial(_record, claimed=one, answer=answer))
                busy.discard(one.webhook_id)
                outcomes.append(DeliveryOutcome(one.id, status, answer.code, answer.error))

    with ThreadPoolExecutor(max_workers=IN_PARALLEL, thread_name_prefix="sp-webhooks") as pool:
        for done in [pool.submit(work) for _ in range(IN_PARALLEL)]:
            done.result()
    return outcomes
