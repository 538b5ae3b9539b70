"""Posting deliveries: signed per Standard Webhooks, no redirects, a deadline, public addresses only.

One run queues what the events since the last run ask for, claims what is
due in one short write, posts outside any transaction (a few at a time, so
one stalling receiver does not hold the others up) and records each answer
in a write of its own. Only a 2xx answer is a delivery; a redirect is a
failure, never followed (it could lead inside the network).
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from standardwebhooks.webhooks import Webhook

from socialproof import clock, policy
from socialproof.db.engine import Database
from socialproof.db.store import Write
from socialproof.safety.addresses import Refused, check_address
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
class Outcome:
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
    """POST ``body``; refused unless the address reached is public (or loopback, where allowed)."""
    parts = urlsplit(url)
    timeout = policy.WEBHOOK_TIMEOUT_SECONDS
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname or "", parts.port, timeout=timeout, context=ssl.create_default_context()
        )
    elif parts.scheme == "http" and loopback:
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    else:
        return Answer(None, "only https endpoints are posted to")
    try:
        connection.connect()
        peer = str(connection.sock.getpeername()[0])
        check_address(peer, loopback=loopback)
        if parts.scheme == "http" and not ipaddress.ip_address(peer).is_loopback:
            raise Refused("plain http is only for this machine's loopback")
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("POST", path, body=body, headers=headers)
        answer = connection.getresponse()
        answer.read(ANSWER_READ_MAX)
    except Refused as refused:
        return Answer(None, f"refused: {refused}")
    except TimeoutError:
        return Answer(None, f"no answer within {timeout} seconds")
    except (OSError, http.client.HTTPException) as problem:
        return Answer(None, f"{type(problem).__name__}: {problem}"[:300])
    finally:
        connection.close()
    if 200 <= answer.status < 300:
        return Answer(answer.status, None)
    return Answer(answer.status, f"HTTP {answer.status} {answer.reason}".strip())


def _send(claimed: Claimed, loopback: bool) -> Answer:
    return post(claimed.url, claimed.body.encode(), signed_headers(claimed), loopback=loopback)


def _record(db: Database, claimed: Claimed, answer: Answer) -> DeliveryStatus:
    if answer.error is None and answer.code is not None:
        deliveries.delivered(db, claimed.id, answer.code)
        return DeliveryStatus.DELIVERED
    return deliveries.failed(db, claimed.id, answer.code, answer.error or "no answer")


def run(write: Write, public_url: str, *, loopback: bool) -> list[Outcome]:
    """One sender run: queue what the new events ask for, then post everything due."""
    write(functools.partial(deliveries.fan_out, public_url=public_url.rstrip("/")))
    outcomes: list[Outcome] = []
    with ThreadPoolExecutor(max_workers=IN_PARALLEL, thread_name_prefix="sp-webhooks") as pool:
        # A claim takes one delivery per review; once it is delivered the next may go, in the same run.
        for _ in range(ROUNDS):
            claimed = write(deliveries.claim_due)
            if not claimed:
                break
            answers = list(pool.map(functools.partial(_send, loopback=loopback), claimed))
            for one, answer in zip(claimed, answers, strict=True):
                status = write(functools.partial(_record, claimed=one, answer=answer))
                outcomes.append(Outcome(one.id, status, answer.code, answer.error))
    return outcomes
