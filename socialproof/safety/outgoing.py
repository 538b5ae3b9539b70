"""Requests the server makes on a shop's behalf (webhooks out, imported photos in): checked, and bounded in time.

The name is resolved once and every address it gives is checked (addresses.py)
before anything connects; the connection goes to that checked address and
speaks to it by the name (Host, TLS SNI, the certificate), so the name can't
lead anywhere else in between. One deadline bounds the whole exchange, not
each read: a server that answers a byte at a time is cut off like one that
never answers, and an answer cut off midway counts for nothing.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from socialproof.safety.addresses import Refused, resolve


class TooSlow(Exception):
    """No whole answer within the deadline."""


@dataclass(frozen=True)
class Reply:
    status: int
    reason: str
    location: str | None  # where a redirect points (never followed here)
    body: bytes  # at most ``read_max`` bytes of it


class _Pinned(http.client.HTTPSConnection):
    """A connection to one checked address, speaking to it by the URL's name."""

    expired = False  # set at the deadline: then nothing more is connected or read
    # The TCP socket itself: http.client hands ``sock`` to the response and forgets it (Connection: close).
    raw: socket.socket | None = None

    def __init__(self, host: str, port: int | None, address: str, tls: ssl.SSLContext | None, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=tls or ssl.create_default_context())
        self.default_port = 443 if tls else 80
        self.port = port or self.default_port
        self._address, self._tls = address, tls

    def connect(self) -> None:
        sock = self.raw = socket.create_connection((self._address, self.port), self.timeout)
        if self.expired:
            sock.close()
            raise TimeoutError("the deadline passed while connecting")
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host) if self._tls else sock


def _cut(connection: _Pinned) -> None:
    """The deadline passed: end the exchange wherever it is (a blocked read returns at once)."""
    connection.expired = True
    if connection.raw is not None:
        with contextlib.suppress(OSError):
            connection.raw.shutdown(socket.SHUT_RDWR)


def request(
    method: str,
    url: str,
    *,
    deadline: float,
    read_max: int,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    loopback: bool = False,
    private: bool = False,
) -> Reply:
    """One exchange with ``url``: Refused (where it points), TooSlow (past ``deadline`` seconds), or
    OSError / HTTPException (anything else that went wrong on the way). Plain http only to loopback,
    where the operator allows it (development and tests), or anywhere when ``private`` is allowed."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise Refused("only https addresses are used")
    try:
        port = parts.port
    except ValueError:
        raise Refused("the port is not a port") from None
    address = resolve(parts.hostname, port or 443, loopback=loopback, private=private)[0]
    if parts.scheme == "http" and not private and not (loopback and ipaddress.ip_address(address).is_loopback):
        raise Refused("plain http is only for this machine's loopback")
    tls = ssl.create_default_context() if parts.scheme == "https" else None
    connection = _Pinned(parts.hostname, port, address, tls, deadline)
    cut_off = threading.Timer(deadline, _cut, [connection])
    cut_off.start()
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        data = answer.read(read_max)
    except (OSError, http.client.HTTPException) as problem:
        if connection.expired or isinstance(problem, TimeoutError):
            raise TooSlow(f"no answer within {deadline:g} seconds") from None
        raise
    finally:
        cut_off.cancel()
        connection.close()
        if connection.raw is not None:
            connection.raw.close()
    if connection.expired:  # cut off mid-answer: what was read of it proves nothing
        raise TooSlow(f"no answer within {deadline:g} seconds")
    return Reply(answer.status, answer.reason, answer.getheader("Location"), data)
