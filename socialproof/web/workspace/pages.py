"""The workspace's other pages: the shops, the honesty statistics, the audit log."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.fields import MAX_PAGE, ascii_int
from socialproof.moderation import overview
from socialproof.moderation.accounts import Moderator
from socialproof.questions import queue
from socialproof.shops.registry import Shop, all_shops
from socialproof.web.requests import store
from socialproof.web.workspace.sessions import Session, for_shop, page, signed_in


def _counts(db: Database, shop: Shop) -> dict[str, int]:
    """What waits for the shop: reviews to decide, reported reviews, questions to decide or answer."""
    return overview.counts(db, shop.id) | {"questions": queue.to_do(db, shop)}


def _shops(db: Database, moderator: Moderator) -> list[tuple[Shop, dict[str, int]]]:
    return [(shop, _counts(db, shop)) for shop in all_shops(db) if moderator.can_moderate(shop.id)]


@signed_in
async def home(request: Request, current: Session) -> Response:
    shops = await store(request).read(lambda db: _shops(db, current.moderator))
    if len(shops) == 1 and not current.moderator.is_admin and not request.query_params.get("lang"):
        return RedirectResponse(f"/admin/shops/{shops[0][0].slug}", status_code=303)
    return page(request, "home.html", current, shops=shops)


@signed_in
async def stats(request: Request, current: Session) -> Response:

    def load(db: Database) -> Any:
        return [(shop, overview.stats(db, shop)) for shop, _ in _shops(db, current.moderator)]

    return page(request, "stats.html", current, shops=await store(request).read(load))


@for_shop
async def audit_log(request: Request, current: Session, shop: Shop) -> Response:
    number = ascii_int(request.query_params.get("page"), 1, MAX_PAGE) or 1
    entries, pages = await store(request).read(lambda db: overview.log(db, shop, number))
    return page(request, "log.html", current, shop=shop, entries=entries, page_number=number, pages=pages)


routes = [
    Route("/admin", home, methods=["GET"]),
    Route("/admin/stats", stats, methods=["GET"]),
    Route("/admin/shops/{shop}/log", audit_log, methods=["GET"]),
]
