"""Reading and storing a review as every entry point takes it: API, widget form, review page."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from socialproof.db.engine import Database
from socialproof.errors import Unsupported
from socialproof.i18n import N_, Formatter
from socialproof.photos import intake
from socialproof.reviews import own_link
from socialproof.reviews.input import ReviewInput, parse_review
from socialproof.reviews.submit import submit_review
from socialproof.safety import ratelimit
from socialproof.safety.shoppers import identify
from socialproof.shops.registry import require_shop
from socialproof.web import state
from socialproof.web.requests import (
    FORM_TYPES,
    base_url,
    client_ip,
    media_type,
    read_form_with_files,
    read_json,
    settings,
    store,
)

MULTIPART_OVERHEAD = 64 * 1024


async def read_review(request: Request, *, json_allowed: bool = True) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
    """The review's fields, and its photos (multipart only): 415 for any other kind of body."""
    kind = media_type(request)
    config = settings(request)
    if kind == "application/json" and json_allowed:
        return await read_json(request, config.max_json_bytes), []
    if kind in FORM_TYPES:
        limit = config.max_json_bytes + config.photos_per_review * config.photo_max_bytes + MULTIPART_OVERHEAD
        fields, uploads = await read_form_with_files(
            request, limit, file_field="photos", max_files=config.photos_per_review * 2
        )
        return {name: values[0] for name, values in fields.items()}, [(u.filename, u.data) for u in uploads]
    raise Unsupported(N_("Send the review as application/json, or as form data (multipart with photos)."))


async def parsed_review(data: Mapping[str, Any], t: Formatter) -> ReviewInput:
    """parse_review off the event loop: cleaning text is CPU work, and no shopper's post may
    hold up the other shoppers' widgets while it runs (the work is bounded by the limits too)."""
    return await run_in_threadpool(functools.partial(parse_review, data, default_lang=t.lang))


async def store_review(
    request: Request,
    slug: str,
    product: str,
    review: ReviewInput,
    uploads: list[tuple[str, bytes]],
    t: Formatter,
    visitor: Any = None,
) -> dict[str, Any]:
    """All of it stored (review, photos, files), or a 4xx and nothing at all."""
    config, held = settings(request), state(request)
    photos = await intake.take(
        uploads,
        executor=held.photo_executor,
        max_files=config.photos_per_review,
        max_bytes=config.photo_max_bytes,
        max_pixels=config.photo_max_pixels,
    )
    visitor = visitor if isinstance(visitor, str) else None
    ip, base = client_ip(request), base_url(request)

    def transaction(db: Database) -> Any:
        shopper = identify(db, visitor, ip)
        shop = require_shop(db, slug)
        ratelimit.guard_shopper(db, "review", shopper)
        ratelimit.guard_shop(db, "review", shop.id)
        result = submit_review(
            db, require_shop(db, slug), product, review, photos, shopper_hash=shopper.visitor_hash or shopper.ip_hash
        )
        if config.sends_mail:
            own_link.confirm(db, shop, result["id"])
        return result | {"manage_url": base + own_link.path(db, result["id"])}

    return await intake.stored_with(photos, held.photo_storage, held.photo_executor, store(request).write, transaction)
