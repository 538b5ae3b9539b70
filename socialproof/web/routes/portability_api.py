"""The merchant API's way in and out for a shop's reviews: an import (the file as the body) and the export."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from socialproof.db import feed
from socialproof.db.engine import Database
from socialproof.db.store import connect
from socialproof.errors import Invalid, NotFound, one_of
from socialproof.i18n import N_
from socialproof.portability import export as exporting
from socialproof.portability import fetching, reporting, signing
from socialproof.portability import google_feed as google
from socialproof.portability.bringing import Options, bring_in
from socialproof.portability.reading import DayOrder
from socialproof.reviews.provenance import Service
from socialproof.shops.registry import require_shop
from socialproof.web import state
from socialproof.web.api_keys import ApiKey, api_key
from socialproof.web.requests import base_url, read_body, request_formatter, settings, store

YES = {"1", "true", "yes"}
CHOICES = {
    "from": ("auto", *Service),
    "photos": ("fetch", "skip"),
    "dates": tuple(o.value for o in DayOrder),
    "format": tuple(exporting.FORMATS),
}


def _choice(request: Request, name: str, default: str | None) -> str | None:
    value = request.query_params.get(name, default)
    if value is not None and value not in CHOICES[name]:
        raise Invalid(N_("A query parameter has a value this does not know."), {name: one_of(CHOICES[name])})
    return value


async def create_import(request: Request) -> Response:
    key = await api_key(request)
    service, photos = _choice(request, "from", "auto"), _choice(request, "photos", "fetch")
    dates = _choice(request, "dates", None)
    options = Options(
        service=None if service == "auto" else Service(str(service)),
        dates=DayOrder(dates) if dates else None,
        dry_run=request.query_params.get("dry_run", "").lower() in YES,
        partial=request.query_params.get("partial", "").lower() in YES,
        fetch_photos=photos == "fetch",
        trusted_keys=tuple(request.query_params.getlist("trust_key")[:10]),
    )
    config = settings(request)
    data = await read_body(request, config.import_max_bytes)
    # Never from private addresses through the API: a caller must not reach the server's own network.
    limits = fetching.Limits(config.photo_max_bytes, config.photo_max_pixels, config.photos_per_review)
    shop, _ = await store(request).read(key.shop)
    t = request_formatter(request, shop.lang)
    report = await asyncio.to_thread(
        bring_in, store(request).write_sync, state(request).photo_storage, limits, key.slug, data, options,
        f"api:{key.slug}",
    )  # fmt: skip
    status = 200 if options.dry_run else 201
    return JSONResponse(reporting.as_json(report, t), status_code=status, headers={"Cache-Control": "no-store"})


async def export(request: Request) -> Response:
    key = await api_key(request)
    fmt = str(_choice(request, "format", "jsonl"))
    unpublished = request.query_params.get("include_unpublished", "").lower() in YES
    base, path = base_url(request), store(request).path
    if not await store(request).read(signing.has_key):  # made once, before the read-only stream signs with it
        await store(request).write(signing.public_key)

    def chunks() -> Iterator[str]:
        db: Database = connect(path, readonly=True)
        try:
            shop, _ = ApiKey(key.slug, key.key).shop(db)
            yield from exporting.FORMATS[fmt](db, shop, base, unpublished)
        finally:
            db.close()

    media = {"jsonl": "application/x-ndjson", "csv": "text/csv"}[fmt]
    filename = f"{key.slug}-reviews.{fmt}"
    return StreamingResponse(
        chunks(),
        media_type=f"{media}; charset=utf-8",
        headers={"Cache-Control": "no-store", "Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def google_feed(request: Request) -> Response:
    """The shop's Google product-review feed, for whoever holds its token; 404 for anyone else."""
    slug, given, path = request.path_params["shop"], request.query_params.get("token", ""), store(request).path
    base = base_url(request)

    def check(db: Database) -> str:
        shop = require_shop(db, slug)
        if not google.admits(db, shop, given):
            raise NotFound(N_("There is no such feed."))
        return f'"feed-{shop.id}-{google.generation(db, shop)}-{feed.latest(db)}"'

    etag = await store(request).read(check)
    headers = {"ETag": etag, "Cache-Control": "private, no-cache", "X-Robots-Tag": "noindex"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)

    def chunks() -> Iterator[str]:
        db: Database = connect(path, readonly=True)
        try:
            yield from google.feed(db, require_shop(db, slug), base)
        finally:
            db.close()

    return StreamingResponse(chunks(), media_type="application/xml; charset=utf-8", headers=headers)


async def feed_url(request: Request) -> Response:
    key = await api_key(request)
    rotating, base = request.method == "POST", base_url(request)

    def tell(db: Database) -> dict[str, str]:
        shop, _ = key.shop(db)
        return {"google_product_reviews": (google.rotate if rotating else google.url)(db, shop, base)}

    return JSONResponse(await store(request).write(tell), headers={"Cache-Control": "no-store"})


routes = [
    Route("/feeds/{shop}/google-product-reviews.xml", google_feed, methods=["GET"]),
    Route("/api/v1/shops/{shop}/feeds", feed_url, methods=["GET"]),
    Route("/api/v1/shops/{shop}/feeds/rotate", feed_url, methods=["POST"]),
    Route("/api/v1/shops/{shop}/imports", create_import, methods=["POST"]),
    Route("/api/v1/shops/{shop}/export", export, methods=["GET"]),
]
