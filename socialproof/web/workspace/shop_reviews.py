"""Reviews of the shop in the workspace: publish or reject with a reason, and reply in the shop's name."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from socialproof.audit import Action
from socialproof.errors import Invalid
from socialproof.fields import MAX_PAGE, ascii_int
from socialproof.moderation.decisions import form_decision
from socialproof.reviews.status import ReviewStatus
from socialproof.shop_reviews import listing, replying
from socialproof.shops.registry import Shop
from socialproof.web.requests import settings, store
from socialproof.web.workspace.sessions import Session, checked_form, first, for_shop, page


def _status(request: Request) -> ReviewStatus:
    try:
        return ReviewStatus(request.query_params.get("view") or ReviewStatus.PENDING)
    except ValueError:
        return ReviewStatus.PENDING


@for_shop
async def shop_reviews_page(request: Request, current: Session, shop: Shop) -> Response:
    status, per_page = _status(request), settings(request).api_page_size
    number = ascii_int(request.query_params.get("page"), 1, MAX_PAGE) or 1
    found = await store(request).read(lambda db: listing.by_status(db, shop, status, number, per_page))
    return page(
        request,
        "shop_reviews.html",
        current,
        shop=shop,
        found=found,
        view=status,
        views=list(ReviewStatus),
        done=request.query_params.get("done", ""),
    )


@for_shop
async def act(request: Request, current: Session, shop: Shop) -> Response:
    """One review's publish, rejection (with its reason) or the shop's reply; back to the list it was in."""
    form = await checked_form(request, current)
    review_id, who = request.path_params["id"], current.actor
    back = f"/admin/shops/{shop.slug}/shop-reviews?view={_status(request).value}"
    action = first(form, "action")
    try:
        if action == "reply":
            body = first(form, "reply")
            await store(request).write(lambda db: replying.set_reply(db, shop, review_id, body, who))
        elif action in (Action.APPROVE, Action.REJECT):
            decided, reason = form_decision(action, first(form, "reason"))
            await store(request).write(lambda db: listing.decide(db, shop, review_id, decided, reason, who))
        else:
            return RedirectResponse(back, status_code=303)
    except Invalid as problem:
        done = "reason" if "reason" in problem.errors else "reply-too-long"
        return RedirectResponse(f"{back}&done={done}#shop-review-{review_id}", status_code=303)
    return RedirectResponse(f"{back}&done=shop-review-{action}#shop-review-{review_id}", status_code=303)


routes = [
    Route("/admin/shops/{shop}/shop-reviews", shop_reviews_page, methods=["GET"]),
    Route("/admin/shops/{shop}/shop-reviews/{id:id}", act, methods=["POST"]),
]
