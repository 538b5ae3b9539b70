"""How uvicorn is run: the protocol, the proxy we believe, the bounds httptools lacks.

httptools (uvicorn's fast HTTP parser) takes a request line and headers of
any size: 10 MB of headers was accepted. h11 has a limit and is slower, so we
keep httptools and count the bytes of a request's head ourselves: past
``MAX_HEAD_BYTES`` the client gets 431 and the connection is closed. A body's
time limit is the app's (middleware.BoundedRequests), since only the app
knows when it has read all of it.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from uvicorn.config import LOGGING_CONFIG
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD_BYTES = 64 * 1024  # request line and headers; nginx's default buffers hold 32 KB

_431 = json.dumps(
    {"error": f"The request's headers are larger than the {MAX_HEAD_BYTES // 1024} KB this accepts."}
).encode()


class _HeadTooLarge(Exception):
    """Raised from a parser callback: httptools stops, and uvicorn calls send_400_response."""


class BoundedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing a request head past ``MAX_HEAD_BYTES`` with 431.

    Two counts, because httptools reports a header only once it is whole: the
    parsed line and headers (exact, however the bytes arrive), and the raw
    bytes read while a head is still incomplete (so one endless header can't
    grow inside the parser unseen)."""

    _in_head = False
    _parsed = _raw = 0
    _too_large = False

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._parsed, self._raw = True, 0, 0

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4)  # ": " and CRLF
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def _count(self, size: int) -> None:
        self._parsed += size
        if self._parsed > MAX_HEAD_BYTES:
            self._too_large = True
            raise _HeadTooLarge

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._in_head and not self.transport.is_closing():
            self._raw += len(data)  # a chunk that starts the head counts whole: at most one read over
            if self._raw > MAX_HEAD_BYTES:
                self._refuse()

    def send_400_response(self, msg: str) -> None:
        if self._too_large:
            self._refuse()
        else:
            super().send_400_response(msg)

    def _refuse(self) -> None:
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            b"content-type: application/json\r\nconnection: close\r\n"
            b"content-length: " + str(len(_431)).encode() + b"\r\n\r\n" + _431
        )
        self.transport.close()


def uvicorn_options(trusted_proxies: tuple[str, ...], *, access_log: bool = True) -> dict[str, Any]:
    """Options for uvicorn.run shared by `serve` and the tests that start a real server.

    X-Forwarded-For is believed only from the proxies named: uvicorn's default
    believes any 127.0.0.1 peer, which lets any local client pick its address
    and walk around per-address limits.
    """
    log_config = copy.deepcopy(LOGGING_CONFIG)  # uvicorn's, plus our logger (request ids of 500s, disconnects)
    log_config["loggers"]["socialproof"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return {
        "http": "socialproof.web.serving:BoundedHttpTools",
        "log_config": log_config,
        "proxy_headers": bool(trusted_proxies),
        "forwarded_allow_ips": list(trusted_proxies) or None,
        "server_header": False,
        "access_log": access_log,
    }
