"""The moderation API, for the shop's own systems holding its API key."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialproof.errors import ApiError
from socialproof.i18n import N_
from socialproof.moderation import decide, parse_decision, queue
from socialproof.reviews import ReviewStatus
from socialproof.fields import MAX_PAGE
from socialproof.routes.common import base_url, int_param, read_json, settings, store
from socialproof.shops import authorize


async def moderation_queue(request: Request) -> Response:
    slug = request.path_params["shop"]
    errors: dict[str, str] = {}
    try:
        status = ReviewStatus(request.query_params.get("status") or "pending")
    except ValueError:
        status = ReviewStatus.PENDING
        errors["status"] = N_("one of pending, approved, rejected")
    page = int_param(request.query_params, "page", 1, 1, MAX_PAGE, errors, N_("A page number from 1 up.")) or 1
    if errors:
        raise ApiError(400, N_("Some parameters are not valid."), errors)
    auth = request.headers.get("authorization")
    per_page, base = settings(request).api_page_size, base_url(request)

    def query(db):  # type: ignore[no-untyped-def]
        shop, _ = authorize(db, slug, auth)
        return queue(db, shop, status, page, per_page, base)

    return JSONResponse(await store(request).read(query), headers={"Cache-Control": "no-store"})


async def moderate(request: Request) -> Response:
    slug, review_id = request.path_params["shop"], request.path_params["id"]
    auth = request.headers.get("authorization")
    await store(request).read(lambda db: authorize(db, slug, auth))  # refuse before reading the body
    action, reason = parse_decision(await read_json(request, settings(request).max_json_bytes))
    base = base_url(request)

    def change(db):  # type: ignore[no-untyped-def]
        shop, key = authorize(db, slug, auth)
        return decide(db, shop, review_id, action, reason, actor=f"api-key:{key.prefix}", base_url=base)

    return JSONResponse(await store(request).write(change), headers={"Cache-Control": "no-store"})


routes = [
    Route("/api/v1/shops/{shop}/moderation", moderation_queue, methods=["GET"]),
    Route("/api/v1/shops/{shop}/reviews/{id:id}/moderation", moderate, methods=["POST"]),
]
