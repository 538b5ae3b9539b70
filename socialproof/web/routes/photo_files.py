"""Photo files: public ones for everyone, every one for the shop's moderators."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.errors import NotFound
from socialproof.i18n import N_
from socialproof.moderation.decisions import decide_photo
from socialproof.photos import process, records
from socialproof.web import state
from socialproof.web.api_keys import ApiKey
from socialproof.web.assets import IMMUTABLE
from socialproof.web.requests import store
from socialproof.web.routes.moderation_api import apply_decision

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
    storage = state(request).photo_storage
    body = storage.get(name)
    if body is None and records.is_small(name):
        body = await _small_made(request, name)
    if body is None:
        raise NotFound(NOT_PUBLIC)
    return _jpeg(body, etag, IMMUTABLE)


async def _small_made(request: Request, name: str) -> bytes | None:
    """A photo stored before there was a small size gets one, from its thumbnail, when first asked for."""
    storage = state(request).photo_storage
    thumb = storage.get(records.file_names(name.removesuffix("-small.jpg")).thumb)
    if thumb is None:
        return None
    loop = asyncio.get_running_loop()
    small = await loop.run_in_executor(state(request).photo_executor, process.small_from, thumb)
    storage.put(name, small)
    return small


async def moderator_photo(request: Request) -> Response:
    """Any photo of the shop, whatever its status, for the holder of the shop's key."""
    photo_id = request.path_params["id"]
    key = ApiKey.of(request)

    def find(db: Database) -> str:
        shop, _ = key.shop(db)
        return str(records.of_shop(db, shop.id, photo_id)["content_hash"])

    files = records.file_names(await store(request).read(find))
    name = files.thumb if request.query_params.get("size") == "thumb" else files.full
    body = state(request).photo_storage.get(name)
    if body is None:
        raise NotFound(N_("The photo's file is missing from the photo folder."))
    return _jpeg(body, name.removesuffix(".jpg"), "private, no-store")


async def moderate_photo(request: Request) -> Response:
    return await apply_decision(request, decide_photo)


routes = [
    Route("/photos/{name}", public_photo, methods=["GET"]),
    Route("/api/v1/shops/{shop}/photos/{id:id}", moderator_photo, methods=["GET"]),
    Route("/api/v1/shops/{shop}/photos/{id:id}/moderation", moderate_photo, methods=["POST"]),
]
