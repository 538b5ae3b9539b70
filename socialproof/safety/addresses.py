"""Where the server may connect on a shop's behalf: public addresses only, unless the operator allows more.

A name that resolves to a private, loopback, link-local or reserved address
would let anyone who can register a URL reach inside the server's network
(server-side request forgery). Every address a name resolves to is checked,
and a connection checks again the address it reached, so a name that
changes its answer between the check and the connection gains nothing.
"""

from __future__ import annotations

import ipaddress
import socket


class Refused(Exception):
    """The address is not one the server connects to; the text says why."""


class Private(Refused):
    """Refused because of where the address is (the operator may allow it), not because it is unknown."""


def check_address(address: str, *, loopback: bool = False, private: bool = False) -> None:
    """Refused unless ``address`` (an IP) is public, or loopback or any address where allowed."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # a scope id ("fe80::1%eth0") is not part of it
    if ip.is_global or private or (loopback and ip.is_loopback):
        return
    raise Private("it is on a private, loopback or reserved address")


def check_host(host: str, port: int, *, loopback: bool = False, private: bool = False) -> None:
    """Refused when ``host`` does not resolve, or any address it resolves to is refused."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError as e:
        raise Refused(f"the name does not resolve ({e})") from None
    for info in infos:
        check_address(str(info[4][0]), loopback=loopback, private=private)
