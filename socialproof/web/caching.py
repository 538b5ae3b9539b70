"""Briefly cacheable public answers, with validators that answer If-None-Match."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def cached(
    request: Request,
    body: bytes,
    media_type: str,
    *,
    max_age: int,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    volatile: str = "",
) -> Response:
    """A public, briefly cacheable response that answers If-None-Match with 304.

    ``volatile`` is left out of the validator: the form stamp changes every
    second, and an older stamp in a revalidated copy does no harm.
    """
    etag = etag_for(body.replace(volatile.encode(), b"") if volatile else body)
    cache_headers = {
        "ETag": etag,
        # A CDN or nginx may keep it max_age seconds and serve it stale as long
        # again while it revalidates; a moderation decision shows within both.
        "Cache-Control": f"public, max-age={max_age}, stale-while-revalidate={max_age}",
        **(headers or {}),
    }
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=cache_headers)
    return Response(body, status_code=status_code, media_type=media_type, headers=cache_headers)


def cached_json(request: Request, data: Any, *, max_age: int) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return cached(request, body, "application/json", max_age=max_age)
