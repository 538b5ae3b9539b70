"""Fetching an imported review's photos: once, over http(s), within limits, never from inside the network.

Each photo goes through the same pipeline as an upload (decoded, re-encoded,
metadata stripped). Private, loopback and link-local addresses are refused
unless the operator allows them (a test server, a shop's intranet), and a
redirect is checked like the first address. A photo that fails is reported;
its review still comes in.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from socialproof.errors import Message
from socialproof.i18n import N_
from socialproof.photos.intake import refusal
from socialproof.photos.process import Photo, PhotoRefused, process
from socialproof.portability.importer import Refusal
from socialproof.safety.addresses import Private, Refused, check_host

TIMEOUT_SECONDS = 10
NOT_FETCHED = N_("the photo %(url)s could not be fetched: %(problem)s")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pixels: int
    per_review: int
    allow_private: bool = False


def _check_address(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("only http and https addresses are fetched")
    if allow_private:
        return
    try:
        check_host(parts.hostname, parts.port or 443)
    except Private as e:
        raise Refused(f"{e} (allow with --photos-from-private)") from None


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        _check_address(newurl, self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_one(url: str, limits: Limits) -> Photo:
    _check_address(url, limits.allow_private)
    opener = urllib.request.build_opener(_CheckedRedirects(limits.allow_private))
    request = urllib.request.Request(url, headers={"User-Agent": "socialproof-import"})
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as answer:
            data = answer.read(limits.max_bytes + 1)
    except Refused:
        raise
    except Exception as e:  # HTTP errors, timeouts, refused connections: one line in the report
        raise Refused(str(e)) from None
    return process(
        urlsplit(url).path.rsplit("/", 1)[-1] or "photo", data, max_bytes=limits.max_bytes, max_pixels=limits.max_pixels
    )


def fetch(urls: Mapping[int, Sequence[str]], limits: Limits) -> tuple[dict[int, list[Photo]], list[Refusal]]:
    """Each line's photos, and a refusal for every one that failed."""
    photos: dict[int, list[Photo]] = {}
    problems: list[Refusal] = []
    for line, addresses in urls.items():
        for url in addresses[: limits.per_review]:
            try:
                photos.setdefault(line, []).append(fetch_one(url, limits))
            except Refused as e:
                problems.append(Refusal(line, Message(NOT_FETCHED, params={"url": url[:200], "problem": str(e)})))
            except PhotoRefused as refused:
                problems.append(Refusal(line, refusal(refused, limits.max_bytes, limits.max_pixels)))
        if len(addresses) > limits.per_review:
            problems.append(
                Refusal(
                    line, Message(N_("only the first %(num)s photos were fetched"), params={"num": limits.per_review})
                )
            )
    return photos, problems
