"""Starlette's TestClient, with each request crossing to the app's event loop once.

Starlette's own transport hands every step of a request (two events, a stream, a cancel scope, the
task, the wait, each body chunk) between the test's thread and the app's loop separately: about
eight round trips, 1.9 ms for a request to an app that only says "hi" (0.47 ms here), and the suite
makes thousands of requests. This transport runs the whole exchange in one call on the loop and gives
back the finished response. The app sees the same ASGI scope; what a test can observe differs
only for a response that never ends, which no route of socialproof sends.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import unquote

import anyio
import anyio.from_thread
import httpx2 as httpx
from starlette import testclient
from starlette.types import ASGIApp, Message

Portals = Callable[[], AbstractContextManager[anyio.from_thread.BlockingPortal]]


class OneHopTransport(httpx.BaseTransport):
    def __init__(self, starlettes: testclient._TestClientTransport) -> None:
        """Configured as Starlette's transport it stands in for: its app, loop, options and app state."""
        self.app: ASGIApp = starlettes.app
        self.portals: Portals = starlettes.portal_factory
        self.raise_server_exceptions = starlettes.raise_server_exceptions
        self.root_path, self.client, self.state = starlettes.root_path, starlettes.client, starlettes.app_state

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        headers = [] if "host" in request.headers else [(b"host", url.netloc)]
        headers += [(key.lower().encode(), value.encode()) for key, value in request.headers.multi_items()]
        scope = {
            "type": "http",
            "http_version": "1.1",
            "method": request.method,
            "path": unquote(url.path),
            "raw_path": url.raw_path.split(b"?", 1)[0],
            "root_path": self.root_path,
            "scheme": url.scheme,
            "query_string": url.query,
            "headers": headers,
            "client": self.client,
            "server": [url.raw_host.decode("ascii"), url.port or {"http": 80, "https": 443}[url.scheme]],
            "extensions": {},
            "state": self.state.copy(),
        }
        body = request.read()
        with self.portals() as portal:
            status, response_headers, content = portal.call(self._exchange, scope, body)
        if request.method == "HEAD":
            content = b""
        return httpx.Response(status, headers=response_headers, content=content, request=request)

    async def _exchange(self, scope: dict[str, Any], body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        started: dict[str, Any] = {}
        chunks: list[bytes] = []
        answered = anyio.Event()
        read = False

        async def receive() -> Message:
            nonlocal read
            if not read:
                read = True
                return {"type": "http.request", "body": body, "more_body": False}
            await answered.wait()  # as a client that stays connected until the whole answer is in
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    answered.set()

        try:
            await self.app(scope, receive, send)
        except Exception:
            if self.raise_server_exceptions:
                raise
        finally:
            answered.set()
        if not started:  # as Starlette's: an error without an answer is a bare 500 when exceptions aren't raised
            if self.raise_server_exceptions:
                raise AssertionError("TestClient did not receive any response.")
            return 500, [], b""
        headers = [(key.decode(), value.decode()) for key, value in started.get("headers", [])]
        return started["status"], headers, b"".join(chunks)


class TestClient(testclient.TestClient):
    """Starlette's TestClient over OneHopTransport; everything else (lifespan, cookies, redirects) its own."""

    __test__ = False

    def __init__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> None:
        super().__init__(app, *args, **kwargs)
        assert isinstance(self._transport, testclient._TestClientTransport)
        self._transport = OneHopTransport(self._transport)

    def beside(self, **options: Any) -> TestClient:
        """Another client of the same running app (its own cookies, address or options), on this one's
        event loop: a client that isn't entered otherwise starts a loop of its own for every request."""
        other = TestClient(self.app, **options)
        other.portal = self.portal
        other.app_state.update(self.app_state)
        return other
