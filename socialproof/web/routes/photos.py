"""Photo files: public ones for everyone, every one for the shop's moderators."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialproof.errors import NotFound
from socialproof.i18n import N_
from socialproof.moderation.decisions import decide_photo, parse_decision
from socialproof.photos import records
from socialproof.web.auth import ApiKey, api_key, bearer_key
from socialproof.web.requests import base_url, read_json, settings, store
from socialproof.web.routes.assets import IMMUTABLE

NOT_PUBLIC = N_("There is no such photo, or it isn't public (photos are shown once a moderator approves them).")


def _jpeg(body: bytes, etag: str, cache_control: str) -> Response:
    return Response(
        body,
        media_type="image/jpeg",
        headers={"Cache-Control": cache_control, "ETag": f'"{etag}"', "X-Content-Type-Options": "nosniff"},
    )


async def public_photo(request: Request) -> Response:
    """An approved photo of an approved review; a name is a content hash, so it never changes."""
    name = request.path_params["name"]
    if not await store(request).read(lambda db: records.is_public(db, name)):
        raise NotFound(NOT_PUBLIC)
    etag = name.removesuffix(".jpg")
    if request.headers.get("if-none-match") == f'"{etag}"':
        return Response(status_code=304, headers={"Cache-Control": IMMUTABLE, "ETag": f'"{etag}"'})
    body = request.app.state.photo_storage.get(name)
    if body is None:
        raise NotFound(NOT_PUBLIC)
    return _jpeg(body, etag, IMMUTABLE)


async def moderator_photo(request: Request) -> Response:
    """Any photo of the shop, whatever its status, for the holder of the shop's key."""
    photo_id = request.path_params["id"]
    key = ApiKey(request.path_params["shop"], bearer_key(request))

    def find(db: Database) -> str:
        shop, _ = key.shop(db)
        return str(records.of_shop(db, shop.id, photo_id)["content_hash"])

    full, thumb = records.file_names(await store(request).read(find))
    name = thumb if request.query_params.get("size") == "thumb" else full
    body = request.app.state.photo_storage.get(name)
    if body is None:
        raise NotFound(N_("The photo's file is missing from the photo folder."))
    return _jpeg(body, name.removesuffix(".jpg"), "private, no-store")


async def moderate_photo(request: Request) -> Response:
    photo_id = request.path_params["id"]
    key = await api_key(request)
    action, reason = parse_decision(await read_json(request, settings(request).max_json_bytes))
    base = base_url(request)

    def change(db: Database) -> dict[str, Any]:
        shop, owner = key.shop(db)
        return decide_photo(db, shop, photo_id, action, reason, actor=f"api-key:{owner.prefix}", base_url=base)

    return JSONResponse(await store(request).write(change), headers={"Cache-Control": "no-store"})


routes = [
    Route("/photos/{name}", public_photo, methods=["GET"]),
    Route("/api/v1/shops/{shop}/photos/{id:id}", moderator_photo, methods=["GET"]),
    Route("/api/v1/shops/{shop}/photos/{id:id}/moderation", moderate_photo, methods=["POST"]),
]
