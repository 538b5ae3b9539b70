"""The API's one way in: the shop's key, sent as ``Authorization: Bearer KEY``."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from socialproof.db.engine import Database
from socialproof.shops.api_keys import KeyOwner, authorize
from socialproof.shops.registry import Shop
from socialproof.web.requests import store


def bearer_key(request: Request) -> str | None:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    return key.strip() or None if scheme.lower() == "bearer" else None


@dataclass(frozen=True)
class ApiKey:
    """The key a request holds for the shop in its path."""

    slug: str
    key: str | None

    @classmethod
    def of(cls, request: Request) -> ApiKey:
        """The key as sent, unchecked: for a read that checks it as it runs."""
        return cls(request.path_params["shop"], bearer_key(request))

    def shop(self, db: Database) -> tuple[Shop, KeyOwner]:
        """The shop and the key's owner, checked again inside the caller's read or write."""
        return authorize(db, self.slug, self.key)


async def api_key(request: Request) -> ApiKey:
    """The request's key, already checked with a read: a wrong key is refused before any body
    is read and without taking the writer's time."""
    holder = ApiKey.of(request)
    await store(request).read(holder.shop)
    return holder
