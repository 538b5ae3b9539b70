"""Posting deliveries: signed per Standard Webhooks, no redirects, a deadline, public addresses only.

One run queues what the events since the last run ask for, claims what is
due in short writes, posts outside any transaction (a few at a time, one per
endpoint, each within a deadline for the whole exchange, so one stalling
receiver holds up only its own queue) and records each answer in a write of
its own. Only a 2xx answer is a delivery; a redirect is a
failure, never followed (it could lead inside the network).
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import ipaddress
import socket
import ssl
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from standardwebhooks.webhooks import Webhook

from socialproof import clock, policy
from socialproof.db.engine import Database
from socialproof.db.store import Write
from socialproof.safety.addresses import Refused, resolve
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


class _Pinned(http.client.HTTPSConnection):
    """A connection to one checked address, speaking to it by the URL's name (Host, TLS SNI and
    certificate): the name is never resolved again, so it can't lead anywhere the check didn't see."""

    def __init__(self, host: str, port: int | None, address: str, tls: ssl.SSLContext | None, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=tls or ssl.create_default_context())
        self.default_port = 443 if tls else 80
        self.port = port or self.default_port
        self._address, self._tls = address, tls

    expired = False  # set by _cut: the deadline passed before (or while) connecting

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        if self.expired:
            sock.close()
            raise TimeoutError("the deadline passed while connecting")
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host) if self._tls else sock


def post(url: str, body: bytes, headers: dict[str, str], *, loopback: bool) -> Answer:
    """POST ``body``; refused unless the address it goes to is public (or loopback, where allowed).

    ``policy.WEBHOOK_TIMEOUT_SECONDS`` bounds the whole exchange, not each read: a receiver that
    answers a byte at a time is cut off at the deadline like one that never answers.
    """
    parts = urlsplit(url)
    timeout = policy.WEBHOOK_TIMEOUT_SECONDS
    if parts.scheme not in ("https", "http") or (parts.scheme == "http" and not loopback):
        return Answer(None, "only https endpoints are posted to")
    try:
        address = resolve(parts.hostname or "", parts.port or 443, loopback=loopback)[0]
        if parts.scheme == "http" and not ipaddress.ip_address(address).is_loopback:
            raise Refused("plain http is only for this machine's loopback")
    except (Refused, ValueError) as refused:
        return Answer(None, f"refused: {refused}")
    tls = ssl.create_default_context() if parts.scheme == "https" else None
    connection = _Pinned(parts.hostname or "", parts.port, address, tls, timeout)
    cut_off = threading.Timer(timeout, _cut, [connection])
    cut_off.start()
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("POST", path, body=body, headers=headers)
        answer = connection.getresponse()
        answer.read(ANSWER_READ_MAX)
    except (OSError, http.client.HTTPException) as problem:
        if connection.expired or isinstance(problem, TimeoutError):
            return Answer(None, f"no answer within {timeout} seconds")
        return Answer(None, f"{type(problem).__name__}: {problem}"[:300])
    finally:
        cut_off.cancel()
        connection.close()
    if connection.expired:  # cut off mid-answer: what was read of it proves nothing
        return Answer(None, f"no answer within {timeout} seconds")
    if 200 <= answer.status < 300:
        return Answer(answer.status, None)
    return Answer(answer.status, f"HTTP {answer.status} {answer.reason}".strip())


def _cut(connection: _Pinned) -> None:
    """The deadline passed: end the exchange wherever it is (a blocked read returns at once)."""
    connection.expired = True
    if connection.sock is not None:
        with contextlib.suppress(OSError):
            connection.sock.shutdown(socket.SHUT_RDWR)


def _send(claimed: Claimed, loopback: bool) -> Answer:
    return post(claimed.url, claimed.body.encode(), signed_headers(claimed), loopback=loopback)


def _record(db: Database, claimed: Claimed, answer: Answer) -> DeliveryStatus:
    if answer.error is None and answer.code is not None:
        deliveries.delivered(db, claimed.id, answer.code)
        return DeliveryStatus.DELIVERED
    return deliveries.failed(db, claimed.id, answer.code, answer.error or "no answer")


def run(write: Write, public_url: str, *, loopback: bool) -> list[Outcome]:
    """One sender run: queue what the new events ask for, then post everything due.

    ``IN_PARALLEL`` workers each take one delivery at a time, never two for the same endpoint at
    once, so a slow endpoint holds one worker (for at most the deadline) and delays only its own
    queue; the others go on posting to everyone else. Writes take turns (one connection in the CLI).
    """
    write(functools.partial(deliveries.fan_out, public_url=public_url.rstrip("/")))
    outcomes: list[Outcome] = []
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
                outcomes.append(Outcome(one.id, status, answer.code, answer.error))

    with ThreadPoolExecutor(max_workers=IN_PARALLEL, thread_name_prefix="sp-webhooks") as pool:
        for done in [pool.submit(work) for _ in range(IN_PARALLEL)]:
            done.result()
    return outcomes
