"""The queue and one review: deciding, replying, redacting, judging photos."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from socialproof.audit import Action, RejectReason
from socialproof.errors import Invalid, NotFound, Unauthenticated
from socialproof.fields import MAX_PAGE, ascii_int, row_id
from socialproof.i18n import N_
from socialproof.moderation import decisions, overview
from socialproof.photos import records as photo_records
from socialproof.reviews import replies
from socialproof.sanitize import plain_text
from socialproof.shops.registry import Shop
from socialproof.web import state
from socialproof.web.requests import base_url, store
from socialproof.web.workspace.sessions import Session, checked_form, first, for_shop, moderated_shop, page, session


def filters(request: Request) -> overview.Filters:
    q = request.query_params
    try:
        view = overview.View(q.get("view") or "pending")
    except ValueError:
        view = overview.View.PENDING
    rating = ascii_int(q.get("rating"), 1, 5)
    verified = {"yes": True, "no": False}.get(q.get("verified", ""))
    page_number = ascii_int(q.get("page"), 1, MAX_PAGE) or 1
    product, words = (plain_text(q.get(name, "")[:100]) for name in ("product", "q"))  # as typed, controls dropped
    return overview.Filters(view, product, rating, verified, words, page_number)


@for_shop
async def queue_page(request: Request, current: Session, shop: Shop) -> Response:
    chosen, base = filters(request), base_url(request)
    (items, total, pages), products = await store(request).read(
        lambda db: (overview.page(db, shop, chosen, base), overview.products(db, shop))
    )
    query = {k: v for k, v in request.query_params.items() if k not in ("page", "done", "lang")}
    return page(
        request,
        "queue.html",
        current,
        shop=shop,
        items=items,
        total=total,
        pages=pages,
        filters=chosen,
        products=products,
        views=list(overview.View),
        query=urlencode(query),
        done=request.query_params.get("done", ""),
    )


@for_shop
async def decide(request: Request, current: Session, shop: Shop) -> Response:
    """Approve or reject the checked reviews, or one review's own button."""
    form = await checked_form(request, current)
    back = first(form, "back") if first(form, "back").startswith("/admin/") else f"/admin/shops/{shop.slug}"
    joiner = "&" if "?" in back else "?"
    try:
        ids, action, reason = _decision(form)
    except Invalid as problem:  # shown on the page the moderator came from
        return RedirectResponse(
            f"{back}{joiner}done={'reason' if 'reason' in problem.errors else 'none'}", status_code=303
        )
    who, base = current.actor, base_url(request)
    await store(request).write(lambda db: [decisions.decide(db, shop, i, action, reason, who, base) for i in ids])
    return RedirectResponse(f"{back}{joiner}done={action.value}:{len(ids)}", status_code=303)


def _decision(form: dict[str, list[str]]) -> tuple[list[int], Action, RejectReason | None]:
    if first(form, "approve_one"):
        raw, action, reason = [first(form, "approve_one")], Action.APPROVE, None
    elif first(form, "reject_one"):
        review = first(form, "reject_one")
        raw, action, reason = [review], Action.REJECT, decisions.parse_reason(first(form, f"reason_{review}"))
    else:
        raw = form.get("review", [])
        action = Action.APPROVE if first(form, "bulk") == "approve" else Action.REJECT
        reason = decisions.parse_reason(first(form, "bulk_reason")) if action is Action.REJECT else None
    ids = [row_id(i) for i in raw]
    if not ids or None in ids:
        raise Invalid(N_("Choose at least one review."), {"review": N_("check one or more reviews")})
    return [i for i in ids if i is not None], action, reason


@for_shop
async def review_page(request: Request, current: Session, shop: Shop) -> Response:
    review_id, base = request.path_params["id"], base_url(request)
    found = await store(request).read(lambda db: overview.one(db, shop, review_id, base))
    if found is None:
        raise NotFound(N_("The shop has no review %(id)s."), id=review_id)
    item, history = found
    return page(
        request,
        "review.html",
        current,
        shop=shop,
        item=item,
        history=history,
        done=request.query_params.get("done", ""),
    )


async def _change_review(request: Request, current: Session, shop: Shop, change: str) -> Response:
    form = await checked_form(request, current)
    review_id, who = request.path_params["id"], current.actor
    if change == "reply":
        body = "" if first(form, "remove") else first(form, "reply")
        await store(request).write(lambda db: replies.set_reply(db, shop, review_id, body, who))
    else:
        fragment = first(form, "fragment")
        await store(request).write(lambda db: decisions.redact(db, shop, review_id, fragment, who))
    return RedirectResponse(f"/admin/shops/{shop.slug}/reviews/{review_id}?done={change}", status_code=303)


@for_shop
async def reply(request: Request, current: Session, shop: Shop) -> Response:
    return await _change_review(request, current, shop, "reply")


@for_shop
async def redact(request: Request, current: Session, shop: Shop) -> Response:
    return await _change_review(request, current, shop, "redact")


@for_shop
async def photo_decision(request: Request, current: Session, shop: Shop) -> Response:
    form = await checked_form(request, current)
    photo_id, who, base = request.path_params["pid"], current.actor, base_url(request)
    approve = first(form, "action") == "approve"
    reason = None if approve else decisions.parse_reason(first(form, "reason"))
    await store(request).write(
        lambda db: decisions.decide_photo(
            db, shop, photo_id, Action.APPROVE if approve else Action.REJECT, reason, who, base
        )
    )
    review_id = (await store(request).read(lambda db: photo_records.of_shop(db, shop.id, photo_id)))["review_id"]
    return RedirectResponse(f"/admin/shops/{shop.slug}/reviews/{review_id}?done=photo", status_code=303)


async def photo_file(request: Request) -> Response:
    """A photo of the shop whatever its status, for signed-in moderators of that shop."""
    current = await session(request)
    if current is None:
        raise Unauthenticated(N_("Sign in to the workspace to see photos waiting for moderation."))
    shop = await moderated_shop(request, current)
    photo_id = request.path_params["pid"]
    photo = await store(request).read(lambda db: photo_records.of_shop(db, shop.id, photo_id))
    files = photo_records.file_names(photo["content_hash"])
    body = state(request).photo_storage.get(files.thumb if request.query_params.get("size") == "thumb" else files.full)
    if body is None:
        raise NotFound(N_("The photo's file is missing from the photo folder."))
    return Response(
        body,
        media_type="image/jpeg",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )


routes = [
    Route("/admin/shops/{shop}", queue_page, methods=["GET"]),
    Route("/admin/shops/{shop}/decide", decide, methods=["POST"]),
    Route("/admin/shops/{shop}/reviews/{id:id}", review_page, methods=["GET"]),
    Route("/admin/shops/{shop}/reviews/{id:id}/reply", reply, methods=["POST"]),
    Route("/admin/shops/{shop}/reviews/{id:id}/redact", redact, methods=["POST"]),
    Route("/admin/shops/{shop}/photos/{pid:id}", photo_decision, methods=["POST"]),
    Route("/admin/shops/{shop}/photos/{pid:id}", photo_file, methods=["GET"]),
]
