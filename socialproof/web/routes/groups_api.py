"""Product groups through the merchant API: PUT makes a group hold exactly the products given, GET reads
it, DELETE ungroups (the products stay, each with its own reviews again)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.errors import NotFound
from socialproof.i18n import N_
from socialproof.reviews import groups
from socialproof.web.api_keys import api_key
from socialproof.web.requests import read_json, settings, store

PRIVATE = {"Cache-Control": "no-store"}
NO_GROUP = N_("The shop has no group %(group)s.")


def _shown(db: Database, group: groups.Group) -> dict[str, Any]:
    return group.as_json(groups.summary(db, group))


async def put_group(request: Request) -> Response:
    key = await api_key(request)
    products, name = groups.parse_request(await read_json(request, settings(request).max_json_bytes))
    wanted = request.path_params["group"]

    def write(db: Database) -> dict[str, Any]:
        shop, _ = key.shop(db)
        group, moved = groups.set_group(db, shop.id, wanted, products, name)
        return _shown(db, group) | {"moved": [{"product": p, "from": g} for p, g in moved]}

    return JSONResponse(await store(request).write(write), headers=PRIVATE)


async def get_group(request: Request) -> Response:
    key, wanted = await api_key(request), request.path_params["group"]

    def read(db: Database) -> dict[str, Any]:
        shop, _ = key.shop(db)
        group = groups.get_group(db, shop.id, wanted)
        if group is None:
            raise NotFound(NO_GROUP, group=repr(wanted))
        return _shown(db, group)

    return JSONResponse(await store(request).read(read), headers=PRIVATE)


async def delete_group(request: Request) -> Response:
    key, wanted = await api_key(request), request.path_params["group"]

    def write(db: Database) -> dict[str, Any]:
        shop, _ = key.shop(db)
        group = groups.remove_group(db, shop.id, wanted)
        if group is None:
            raise NotFound(NO_GROUP, group=repr(wanted))
        return {"ungrouped": list(group.members)}

    return JSONResponse(await store(request).write(write), headers=PRIVATE)


routes = [
    Route("/api/v1/shops/{shop}/groups/{group}", put_group, methods=["PUT"]),
    Route("/api/v1/shops/{shop}/groups/{group}", get_group, methods=["GET"]),
    Route("/api/v1/shops/{shop}/groups/{group}", delete_group, methods=["DELETE"]),
]
