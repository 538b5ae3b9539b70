"""The moderation API, for the shop's own systems holding its API key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialproof.audit import Action, ActorKind, RejectReason, actor
from socialproof.db.engine import Database
from socialproof.errors import FieldProblem, Unreadable, one_of
from socialproof.fields import MAX_PAGE
from socialproof.i18n import N_
from socialproof.moderation.decisions import by_status, decide, parse_decision
from socialproof.moderation.kinds import Kind
from socialproof.questions import answering, asking, listing
from socialproof.reviews.status import ReviewStatus
from socialproof.shop_reviews import listing as shop_listing
from socialproof.shops.registry import Shop
from socialproof.web.api_keys import ApiKey, api_key
from socialproof.web.requests import PAGE_NUMBER, base_url, int_param, read_json, settings, store


async def moderation_queue(request: Request) -> Response:
    errors: dict[str, FieldProblem] = {}
    try:
        status = ReviewStatus(request.query_params.get("status") or "pending")
    except ValueError:
        status = ReviewStatus.PENDING
        errors["status"] = one_of(ReviewStatus)
    try:
        kind = Kind(request.query_params.get("kind") or "review")
    except ValueError:
        kind = Kind.REVIEW
        errors["kind"] = one_of(Kind)
    page = int_param(request.query_params, "page", 1, 1, MAX_PAGE, errors, PAGE_NUMBER) or 1
    if errors:
        raise Unreadable(N_("Some parameters are not valid."), errors)
    key = ApiKey.of(request)
    per_page, base = settings(request).api_page_size, base_url(request)

    def query(db: Database) -> dict[str, Any]:
        shop, _ = key.shop(db)
        if kind is Kind.QUESTION:
            return listing.by_status(db, shop, status, page, per_page)
        if kind is Kind.SHOP_REVIEW:
            return shop_listing.by_status(db, shop, status, page, per_page)
        return by_status(db, shop, status, page, per_page, base)

    return JSONResponse(await store(request).read(query), headers={"Cache-Control": "no-store"})


# decide or decide_photo: (db, shop, id, action, reason, actor, base_url) -> the decided item as JSON
Decide = Callable[[Database, Shop, int, Action, RejectReason | None, str, str], dict[str, Any]]


async def apply_decision(request: Request, decide: Decide) -> Response:
    """A decision on the review or photo in the path, by the holder of the shop's key."""
    target_id = request.path_params["id"]
    key = await api_key(request)
    action, reason = parse_decision(await read_json(request, settings(request).max_json_bytes))
    base = base_url(request)

    def change(db: Database) -> dict[str, Any]:
        shop, owner = key.shop(db)
        return decide(db, shop, target_id, action, reason, actor(ActorKind.API_KEY, owner.prefix), base)

    return JSONResponse(await store(request).write(change), headers={"Cache-Control": "no-store"})


async def moderate(request: Request) -> Response:
    return await apply_decision(request, decide)


def decide_question(
    db: Database, shop: Shop, question_id: int, action: Action, reason: RejectReason | None, by: str, base: str
) -> dict[str, Any]:
    asking.decide(db, shop, question_id, action, reason, by)
    return listing.moderated(db, shop, question_id)


async def moderate_question(request: Request) -> Response:
    return await apply_decision(request, decide_question)


def decide_answer(
    db: Database, shop: Shop, answer_id: int, action: Action, reason: RejectReason | None, by: str, base: str
) -> dict[str, Any]:
    answering.decide(db, shop, answer_id, action, reason, by)
    return answering.moderated_json(next(db.query("SELECT * FROM answers WHERE id = ?", [answer_id])))


async def moderate_answer(request: Request) -> Response:
    return await apply_decision(request, decide_answer)


async def moderate_shop_review(request: Request) -> Response:
    return await apply_decision(
        request,
        lambda db, shop, review_id, action, reason, by, _: shop_listing.decide(db, shop, review_id, action, reason, by),
    )


routes = [
    Route("/api/v1/shops/{shop}/moderation", moderation_queue, methods=["GET"]),
    Route("/api/v1/shops/{shop}/reviews/{id:id}/moderation", moderate, methods=["POST"]),
    Route("/api/v1/shops/{shop}/questions/{id:id}/moderation", moderate_question, methods=["POST"]),
    Route("/api/v1/shops/{shop}/answers/{id:id}/moderation", moderate_answer, methods=["POST"]),
    Route("/api/v1/shops/{shop}/shop-reviews/{id:id}/moderation", moderate_shop_review, methods=["POST"]),
]
