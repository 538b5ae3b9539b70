"""Fetching an imported review's photos: once, over http(s), within limits, never from inside the network.

Each photo goes through the same pipeline as an upload (decoded, re-encoded,
metadata stripped). Private, loopback and link-local addresses are refused
unless the operator allows them (a test server, a shop's intranet), a
redirect is checked like the first address, and one deadline bounds each
photo (safety/outgoing.py). A photo that fails is reported; its review still
comes in.
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from socialproof.errors import Message
from socialproof.i18n import N_
from socialproof.photos.intake import refusal
from socialproof.photos.process import Photo, PhotoRefused, process
from socialproof.portability.importer import Refusal
from socialproof.safety import outgoing
from socialproof.safety.addresses import Private, Refused

DEADLINE_SECONDS = 10  # for one photo, redirects and all
REDIRECTS = 5
NOT_FETCHED = N_("the photo %(url)s could not be fetched: %(problem)s")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pixels: int
    per_review: int
    allow_private: bool = False
    private_option: str = "--photos-from-private"  # the command's option that allows a private address


def fetch_one(url: str, limits: Limits) -> Photo:
    """The photo at ``url``, following at most ``REDIRECTS`` redirects, each checked like the first
    address, all within ``DEADLINE_SECONDS`` together: a slow server can't hold an import."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    where = url
    for _ in range(REDIRECTS + 1):
        left = deadline - time.monotonic()
        if left <= 0:
            raise Refused(f"no answer within {DEADLINE_SECONDS} seconds")
        try:
            reply = outgoing.request(
                "GET",
                where,
                deadline=left,
                read_max=limits.max_bytes + 1,
                headers={"User-Agent": "socialproof-import"},
                private=limits.allow_private,
            )
        except Private as e:
            raise Refused(f"{e} (allow with {limits.private_option})") from None
        except outgoing.TooSlow:
            raise Refused(f"no answer within {DEADLINE_SECONDS} seconds") from None
        except (OSError, http.client.HTTPException) as e:  # refused connections, TLS, cut off: one line
            raise Refused(f"{type(e).__name__}: {e}"[:200]) from None
        if reply.status in (301, 302, 303, 307, 308) and reply.location:
            where = urljoin(where, reply.location)
            continue
        if reply.status != 200:
            raise Refused(f"HTTP {reply.status} {reply.reason}".strip())
        name = urlsplit(url).path.rsplit("/", 1)[-1] or "photo"
        return process(name, reply.body, max_bytes=limits.max_bytes, max_pixels=limits.max_pixels)
    raise Refused(f"more than {REDIRECTS} redirects")


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
