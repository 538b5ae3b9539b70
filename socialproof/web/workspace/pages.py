"""The workspace's other pages: the shops, the honesty statistics, the audit log, the block lists."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.fields import MAX_PAGE, ascii_int
from socialproof.i18n import LANGUAGES
from socialproof.moderation import overview
from socialproof.moderation.accounts import Moderator
from socialproof.sanitize import plain_text
from socialproof.shops.registry import Shop, all_shops
from socialproof.web.requests import store
from socialproof.web.workspace.auth import Session, checked_form, for_shop, page, signed_in

WORDS_MAX = 500


def _shops(db: Database, moderator: Moderator) -> list[tuple[Shop, dict[str, int]]]:
    return [(shop, overview.counts(db, shop.id)) for shop in all_shops(db) if moderator.can_moderate(shop.id)]


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


@for_shop
async def settings_page(request: Request, current: Session, shop: Shop) -> Response:
    lists = await store(request).read(lambda db: overview.shop_blocklists(db, shop))
    return page(
        request,
        "settings.html",
        current,
        shop=shop,
        lists=lists,
        langs=LANGUAGES,
        done=request.query_params.get("done", ""),
    )


@for_shop
async def save_settings(request: Request, current: Session, shop: Shop) -> Response:
    form = await checked_form(request, current)
    lists = {}
    for lang in (*LANGUAGES, "all"):
        words = [plain_text(w)[:60] for w in form.get(f"words_{lang}", [""])[0].splitlines()]
        lists[lang] = sorted({w for w in words if w})[:WORDS_MAX]
    who = f"moderator:{current.moderator.email}"

    await store(request).write(lambda db: overview.set_blocklists(db, shop, lists, who))
    return RedirectResponse(f"/admin/shops/{shop.slug}/settings?done=saved", status_code=303)


routes = [
    Route("/admin", home, methods=["GET"]),
    Route("/admin/stats", stats, methods=["GET"]),
    Route("/admin/shops/{shop}/log", audit_log, methods=["GET"]),
    Route("/admin/shops/{shop}/settings", settings_page, methods=["GET"]),
    Route("/admin/shops/{shop}/settings", save_settings, methods=["POST"]),
]
