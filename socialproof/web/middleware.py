"""Pure ASGI middleware every answer passes: security headers and bounded requests.

- Every answer carries nosniff and a Referrer-Policy; every answer under
  /admin, whatever its type (a page, a JSON 404, a photo), also the
  workspace's CSP, no framing and no caching.
- A request's body must arrive within ``body_seconds`` of the app asking for
  it, or it is answered 408 and the connection closed: a client trickling a
  byte at a time can't hold a worker. Any answer sent before the body was read
  to its end (a 413 known from Content-Length, a 401, a 404) closes the
  connection too, or the server would go on reading what it will never use,
  at whatever pace the client chooses.
- Photo uploads (multipart bodies) are read and decoded at most
  ``uploads_in_flight`` at a time per process. Others wait for a place
  without their body being read (it stays in the network buffers, so memory
  doesn't grow with the queue) and get 503 with Retry-After past
  ``upload_wait_seconds``.
"""

from __future__ import annotations

import time

import anyio
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from socialproof.errors import Timeout
from socialproof.i18n import N_
from socialproof.web import headers
from socialproof.web.problems import error_response, request_language

BODYLESS = ("GET", "HEAD", "OPTIONS")  # nothing to bound: the widget reads pass straight through


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers.for_path(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in extra.items():
                    if name not in out:
                        out[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BoundedRequests:
    def __init__(
        self, app: ASGIApp, *, body_seconds: float, uploads_in_flight: int, upload_wait_seconds: float
    ) -> None:
        self.app = app
        self.body_seconds = body_seconds
        self.upload_wait_seconds = upload_wait_seconds
        self._uploads = anyio.Semaphore(max(1, uploads_in_flight))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in BODYLESS:
            await self.app(scope, receive, send)
            return
        body = _Body(receive, self.body_seconds, _has_body(scope))
        send = _closing_unless_read(send, body)
        if not _is_upload(scope):
            await self.app(scope, body.receive, send)
            return
        acquired = False
        with anyio.move_on_after(self.upload_wait_seconds):  # bounds the wait only, never the upload itself
            await self._uploads.acquire()
            acquired = True
        if not acquired:
            await _busy(scope, receive, send, retry_after=max(1, int(self.upload_wait_seconds)))
            return
        try:
            await self.app(scope, body.receive, send)
        finally:
            self._uploads.release()


class _Body:
    """A request body read with one deadline for the whole of it, counted from the first time it is
    asked for; ``done`` once it was read to its end."""

    def __init__(self, receive: Receive, seconds: float, has_body: bool) -> None:
        self._receive, self._seconds = receive, seconds
        self._deadline: float | None = None
        self.done = not has_body

    async def receive(self) -> Message:
        if self.done:
            return await self._receive()  # after the body: only http.disconnect, which may wait
        if self._deadline is None:
            self._deadline = time.monotonic() + self._seconds
        message: Message | None = None
        with anyio.move_on_after(max(0.0, self._deadline - time.monotonic())):
            message = await self._receive()
        if message is None:
            raise Timeout(N_("The request body did not arrive within %(seconds)s seconds."), seconds=int(self._seconds))
        if message["type"] != "http.request" or not message.get("more_body", False):
            self.done = True
        return message


def _closing_unless_read(send: Send, body: _Body) -> Send:
    async def closing(message: Message) -> None:
        if message["type"] == "http.response.start" and not body.done:
            MutableHeaders(scope=message)["connection"] = "close"
        await send(message)

    return closing


def _has_body(scope: Scope) -> bool:
    found = Headers(scope=scope)
    return "transfer-encoding" in found or found.get("content-length", "0").strip() not in ("", "0")


def _is_upload(scope: Scope) -> bool:
    return Headers(scope=scope).get("content-type", "").lower().startswith("multipart/")


async def _busy(scope: Scope, receive: Receive, send: Send, *, retry_after: int) -> None:
    message = request_language(Request(scope)).gettext(
        N_("The server is busy with other shoppers' photos; try again in a moment.")
    )
    response = error_response(503, message, headers={"Retry-After": str(retry_after), "Connection": "close"})
    await response(scope, receive, send)
