"""Events out, for the shop's backend: its webhook endpoints and their delivery log (the shop's key)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.web.api_keys import api_key
from socialproof.web.requests import read_json, settings, store
from socialproof.webhooks import deliveries, endpoints
from socialproof.webhooks.endpoints import Wanted

NO_STORE = {"Cache-Control": "no-store"}


async def _wanted(request: Request, *, partial: bool) -> Wanted:
    data = await read_json(request, settings(request).max_json_bytes)
    loopback = bool(settings(request).webhooks_allow_loopback)
    # Checking the address resolves its name: off the event loop.
    return await run_in_threadpool(endpoints.parse, data, loopback=loopback, partial=partial)


async def add_webhook(request: Request) -> Response:
    key = await api_key(request)
    wanted = await _wanted(request, partial=False)

    def add(db: Database) -> dict[str, Any]:
        shop, _ = key.shop(db)
        return endpoints.register(db, shop, wanted).as_json(with_secret=True)

    return JSONResponse(await store(request).write(add), status_code=201, headers=NO_STORE)


async def list_webhooks(request: Request) -> Response:
    key = await api_key(request)

    def read(db: Database) -> dict[str, Any]:
        shop, _ = key.shop(db)
        return {"webhooks": [e.as_json() for e in endpoints.of_shop(db, shop)]}

    return JSONResponse(await store(request).read(read), headers=NO_STORE)


async def get_webhook(request: Request) -> Response:
    key, endpoint_id = await api_key(request), request.path_params["id"]

    def read(db: Database) -> dict[str, Any]:
        shop, _ = key.shop(db)
        return endpoints.get(db, shop, endpoint_id).as_json(with_secret=True)

    return JSONResponse(await store(request).read(read), headers=NO_STORE)


async def change_webhook(request: Request) -> Response:
    """Change the events, the form or the status: ``{"status": "active"}`` turns a paused endpoint on again."""
    key, endpoint_id = await api_key(request), request.path_params["id"]
    wanted = await _wanted(request, partial=True)

    def change(db: Database) -> dict[str, Any]:
        shop, _ = key.shop(db)
        return endpoints.change(db, shop, endpoint_id, wanted).as_json()

    return JSONResponse(await store(request).write(change), headers=NO_STORE)


async def remove_webhook(request: Request) -> Response:
    key, endpoint_id = await api_key(request), request.path_params["id"]

    def remove(db: Database) -> None:
        shop, _ = key.shop(db)
        endpoints.remove(db, shop, endpoint_id)

    await store(request).write(remove)
    return Response(status_code=204)


async def delivery_log(request: Request) -> Response:
    key, endpoint_id = await api_key(request), request.path_params["id"]

    def read(db: Database) -> dict[str, Any]:
        shop, _ = key.shop(db)
        endpoints.get(db, shop, endpoint_id)
        return {"deliveries": deliveries.log(db, shop, endpoint_id)}

    return JSONResponse(await store(request).read(read), headers=NO_STORE)


async def send_again(request: Request) -> Response:
    key, endpoint_id, delivery_id = await api_key(request), request.path_params["id"], request.path_params["delivery"]

    def again(db: Database) -> dict[str, Any]:
        shop, _ = key.shop(db)
        return deliveries.send_again(db, shop, endpoint_id, delivery_id)

    return JSONResponse(await store(request).write(again), status_code=202, headers=NO_STORE)


BASE = "/api/v1/shops/{shop}/webhooks"
routes = [
    Route(BASE, add_webhook, methods=["POST"]),
    Route(BASE, list_webhooks, methods=["GET"]),
    Route(BASE + "/{id:id}", get_webhook, methods=["GET"]),
    Route(BASE + "/{id:id}", change_webhook, methods=["PATCH"]),
    Route(BASE + "/{id:id}", remove_webhook, methods=["DELETE"]),
    Route(BASE + "/{id:id}/deliveries", delivery_log, methods=["GET"]),
    Route(BASE + "/{id:id}/deliveries/{delivery:id}/send-again", send_again, methods=["POST"]),
]
