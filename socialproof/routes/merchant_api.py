"""The merchant API: the shop's backend reports orders (for review invitations) and purchases."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialproof import invitations, presence
from socialproof.routes.common import base_url, read_json, settings, store
from socialproof.shops import authorize


async def create_invitations(request: Request) -> Response:
    slug, auth = request.path_params["shop"], request.headers.get("authorization")
    await store(request).read(lambda db: authorize(db, slug, auth))  # refuse before reading the body
    wanted = invitations.parse_request(await read_json(request, settings(request).max_json_bytes))
    base, days = base_url(request), settings(request).invitation_days

    def create(db):  # type: ignore[no-untyped-def]
        shop, _ = authorize(db, slug, auth)
        return {"links": invitations.create_invitations(db, shop, wanted, base, days)}

    return JSONResponse(await store(request).write(create), status_code=201, headers={"Cache-Control": "no-store"})


async def record_event(request: Request) -> Response:
    slug, auth = request.path_params["shop"], request.headers.get("authorization")
    await store(request).read(lambda db: authorize(db, slug, auth))
    product, quantity, town = presence.parse_event(await read_json(request, settings(request).max_json_bytes))

    def record(db):  # type: ignore[no-untyped-def]
        shop, _ = authorize(db, slug, auth)
        presence.record_purchase(db, shop, product, quantity, town)

    await store(request).write(record)
    return JSONResponse({"recorded": "purchase"}, status_code=202)


routes = [
    Route("/api/v1/shops/{shop}/invitations", create_invitations, methods=["POST"]),
    Route("/api/v1/shops/{shop}/events", record_event, methods=["POST"]),
]
