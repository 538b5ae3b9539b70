"""A real webhook receiver for the tests: http.server on a free loopback port, recording every request.

It answers as told, one answer per request in turn and then ``normally``:
200, an error status, a redirect, a stall (no answer until the test lets go
or a bounded wait ends), or a trickle (an answer begun and then sent a byte
every half second, so no single read ever waits long), so the sender meets
what real receivers do.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from standardwebhooks.webhooks import Webhook

STALL_MAX_SECONDS = 15  # longer than the sender's timeout; bounded so a failing test ends
TRICKLE_SECONDS = 0.1  # well inside the deadline a test sets, so no single read of the sender's times out


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def verified(self, secret: str) -> Any:
        """The payload, as a receiver using a Standard Webhooks library gets it; raises if the signature is wrong."""
        return Webhook(secret).verify(self.body, self.headers)


@dataclass
class Receiver:
    url: str = ""
    received: list[Received] = field(default_factory=list)
    answers: list[int | str] = field(default_factory=list)  # a status, "stall", "trickle" or "redirect"
    normally: int | str = 200
    # Or by what arrives (posts come several at once, so "the next request" is a race): None for the above.
    rule: Callable[[Received], int | str | None] | None = None
    stalled: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_answer(self, request: Received) -> int | str:
        ruled = self.rule(request) if self.rule else None
        if ruled is not None:
            return ruled
        with self.lock:
            return self.answers.pop(0) if self.answers else self.normally

    def wait_for(self, count: int, timeout: float = 10) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"the receiver got {len(self.received)} requests, not {count}, in {timeout} s")
            time.sleep(0.02)
        return list(self.received)

    def types(self) -> list[str]:
        return [r.json()["type"] for r in self.received]


@contextmanager
def receiver() -> Iterator[Receiver]:
    """A receiver on a free loopback port, stopped at the end."""
    box = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            request = Received(
                self.path, dict(self.headers.items()), self.rfile.read(int(self.headers["Content-Length"]))
            )
            answer = box.next_answer(request)
            if answer == "trickle":
                box.received.append(request)
                self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                deadline = time.monotonic() + STALL_MAX_SECONDS
                while time.monotonic() < deadline and not box.stalled.wait(TRICKLE_SECONDS):
                    try:
                        self.wfile.write(b"x")
                        self.wfile.flush()
                    except OSError:  # the sender gave up and closed: as it should
                        return
                return
            if answer == "stall":
                box.stalled.wait(STALL_MAX_SECONDS)
                answer = 200
            else:
                box.received.append(request)
            self.send_response(302 if answer == "redirect" else int(answer))
            if answer == "redirect":
                self.send_header("Location", box.url + "/elsewhere")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    box.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield box
    finally:
        box.stalled.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
