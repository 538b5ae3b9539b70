"""The merchant API: the shop's backend reports orders (for review invitations and requests) and purchases."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.reviews import invitations, review_requests
from socialproof.signals import presence
from socialproof.web.api_keys import api_key
from socialproof.web.requests import base_url, read_json, settings, store


async def create_invitations(request: Request) -> Response:
    key = await api_key(request)
    wanted = invitations.parse_request(await read_json(request, settings(request).max_json_bytes))
    base, days = base_url(request), settings(request).invitation_days

    def create(db: Database) -> dict[str, Any]:
        shop, _ = key.shop(db)
        created = invitations.create_invitations(db, shop, wanted, base, days)
        review_requests.schedule(db, shop, wanted, created.fresh, days)
        return {"links": created.links}

    return JSONResponse(await store(request).write(create), status_code=201, headers={"Cache-Control": "no-store"})


async def record_event(request: Request) -> Response:
    key = await api_key(request)
    product, quantity, town = presence.parse_event(await read_json(request, settings(request).max_json_bytes))

    def record(db: Database) -> None:
        shop, _ = key.shop(db)
        presence.record_purchase(db, shop, product, quantity, town)

    await store(request).write(record)
    return JSONResponse({"recorded": "purchase"}, status_code=202)


routes = [
    Route("/api/v1/shops/{shop}/invitations", create_invitations, methods=["POST"]),
    Route("/api/v1/shops/{shop}/events", record_event, methods=["POST"]),
]
