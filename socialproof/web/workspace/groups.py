"""The workspace's product groups page: which products pool their reviews, set and undone from the browser."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.errors import Invalid, NotFound, one_of
from socialproof.i18n import N_
from socialproof.reviews import groups
from socialproof.reviews.products import product_info
from socialproof.shops.registry import Shop
from socialproof.web.problems import request_language
from socialproof.web.requests import store
from socialproof.web.workspace.sessions import Session, checked_form, first, for_shop, page, product_ids


async def _page(request: Request, current: Session, shop: Shop, *, status: int = 200, **context: Any) -> Response:
    def load(db: Database) -> dict[str, Any]:
        found = groups.of_shop(db, shop.id)
        names = {p: product_info(db, shop.id, p).get("name") or p for g in found for p in g.members}
        return {"groups": [(g, groups.summary(db, g)) for g in found], "names": names}

    editing = request.query_params.get("edit", "")
    return page(
        request,
        "groups.html",
        current,
        status=status,
        shop=shop,
        max_members=groups.MEMBERS_MAX,
        done=request.query_params.get("done", ""),
        **{"problem": None, "errors": {}, "typed": {}, "editing": editing}
        | (await store(request).read(load))
        | context,
    )


@for_shop
async def groups_page(request: Request, current: Session, shop: Shop) -> Response:
    return await _page(request, current, shop)


@for_shop
async def set_group(request: Request, current: Session, shop: Shop) -> Response:
    form = await checked_form(request, current)
    typed = {name: first(form, name).strip() for name in ("group", "name", "products")}
    products = product_ids(typed["products"])
    try:
        made, _ = await store(request).write(
            lambda db: groups.set_group(db, shop.id, typed["group"], products, typed["name"])
        )
    except Invalid as problem:
        message, errors = problem.in_language(request_language(request))
        return await _page(request, current, shop, status=422, problem=message, errors=errors, typed=typed)
    return RedirectResponse(f"/admin/shops/{shop.slug}/groups?done=saved#group-{made.key}", status_code=303)


@for_shop
async def remove_group(request: Request, current: Session, shop: Shop) -> Response:
    form, key = await checked_form(request, current), request.path_params["group"]
    if first(form, "action") != "ungroup":
        raise Invalid(N_("Choose what to do with the group."), {"action": one_of(["ungroup"])})

    def ungroup(db: Database) -> None:
        if groups.remove_group(db, shop.id, key) is None:
            raise NotFound(N_("The shop has no group %(group)s."), group=repr(key))

    await store(request).write(ungroup)
    return RedirectResponse(f"/admin/shops/{shop.slug}/groups?done=ungrouped", status_code=303)


routes = [
    Route("/admin/shops/{shop}/groups", groups_page, methods=["GET"]),
    Route("/admin/shops/{shop}/groups", set_group, methods=["POST"]),
    Route("/admin/shops/{shop}/groups/{group}", remove_group, methods=["POST"]),
]
