"""Pure ASGI middleware every answer passes: security headers and bounded requests.

- Every answer carries nosniff and a Referrer-Policy; every answer under
  /admin, whatever its type (a page, a JSON 404, a photo), also the
  workspace's CSP, no framing and no caching.
- A request's body must arrive within ``body_seconds`` of the app asking for
  it, or it is answered 408 and the connection closed: a client trickling a
  byte at a time can't hold a worker.
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
from socialproof.web.errors import error_response, request_language

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
        if not _is_upload(scope):
            await self.app(scope, self._bounded(receive), send)
            return
        acquired = False
        with anyio.move_on_after(self.upload_wait_seconds):  # bounds the wait only, never the upload itself
            await self._uploads.acquire()
            acquired = True
        if not acquired:
            await _busy(scope, receive, send, retry_after=max(1, int(self.upload_wait_seconds)))
            return
        try:
            await self.app(scope, self._bounded(receive), send)
        finally:
            self._uploads.release()

    def _bounded(self, receive: Receive) -> Receive:
        """``receive`` with a deadline for the whole body, counted from the first time it is asked for."""
        deadline: float | None = None
        done = False

        async def bounded_receive() -> Message:
            nonlocal deadline, done
            if done:
                return await receive()  # after the body: only http.disconnect, which may wait
            if deadline is None:
                deadline = time.monotonic() + self.body_seconds
            message: Message | None = None
            with anyio.move_on_after(max(0.0, deadline - time.monotonic())):
                message = await receive()
            if message is None:
                raise Timeout(
                    N_("The request body did not arrive within %(seconds)s seconds."), seconds=int(self.body_seconds)
                )
            if message["type"] != "http.request" or not message.get("more_body", False):
                done = True
            return message

        return bounded_receive


def _is_upload(scope: Scope) -> bool:
    return Headers(scope=scope).get("content-type", "").lower().startswith("multipart/")


async def _busy(scope: Scope, receive: Receive, send: Send, *, retry_after: int) -> None:
    message = request_language(Request(scope)).gettext(
        N_("The server is busy with other shoppers' photos; try again in a moment.")
    )
    response = error_response(503, message, headers={"Retry-After": str(retry_after), "Connection": "close"})
    await response(scope, receive, send)
