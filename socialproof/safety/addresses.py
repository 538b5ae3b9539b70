"""Where the server may connect on a shop's behalf: public addresses only, unless the operator allows more.

A name that resolves to a private, loopback, link-local or reserved address
would let anyone who can register a URL reach inside the server's network
(server-side request forgery). Every address a name resolves to is checked,
and a connection checks again the address it reached, so a name that
changes its answer between the check and the connection gains nothing.
An IPv6 address that carries an IPv4 one inside it (mapped, compatible,
translated, NAT64, 6to4) is judged by the IPv4 address too: Python's
``is_global`` lets ``[::127.0.0.1]`` and ``[64:ff9b::7f00:1]`` through.
"""

from __future__ import annotations

import ipaddress
import socket


class Refused(Exception):
    """The address is not one the server connects to; the text says why."""


class Private(Refused):
    """Refused because of where the address is (the operator may allow it), not because it is unknown."""


# IPv6 ranges whose last 32 bits are an IPv4 address: IPv4-compatible (::/96), IPv4-mapped
# (::ffff:0:0/96), IPv4-translated (::ffff:0:0:0/96) and NAT64 (64:ff9b::/96, 64:ff9b:1::/48).
_CARRY_IPV4 = tuple(
    ipaddress.ip_network(n) for n in ("::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48")
)


def _carried(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries inside it."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    carried = [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)] if any(ip in net for net in _CARRY_IPV4) else []
    if ip.sixtofour is not None:
        carried.append(ip.sixtofour)
    return carried


def check_address(address: str, *, loopback: bool = False, private: bool = False) -> None:
    """Refused unless ``address`` (an IP) is public, or loopback or any address where allowed."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # a scope id ("fe80::1%eth0") is not part of it
    if private or (loopback and ip.is_loopback):
        return
    for one in (ip, *_carried(ip)):
        if not one.is_global or one.is_multicast or int(one) == 0:
            raise Private("it is on a private, loopback or reserved address")


def check_port(port: int | None) -> None:
    if port == 0:
        raise Refused("port 0 is no port to connect to")


def resolve(host: str, port: int, *, loopback: bool = False, private: bool = False) -> list[str]:
    """The addresses ``host`` resolves to, every one checked; connect to one of these, not to the name."""
    check_port(port)
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError as e:
        raise Refused(f"the name does not resolve ({e})") from None
    found = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in found:
        check_address(address, loopback=loopback, private=private)
    return found


def check_host(host: str, port: int, *, loopback: bool = False, private: bool = False) -> None:
    """Refused when ``host`` does not resolve, or any address it resolves to is refused."""
    resolve(host, port, loopback=loopback, private=private)
