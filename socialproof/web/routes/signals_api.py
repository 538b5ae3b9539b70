"""Shoppers' signals, public: recommendations, helpful votes and reports (of reviews, questions, answers).

Every write is one per shopper (marks.py), rate-limited per hashed shopper,
and answers with the count as stored. Counts can only be read here; nothing
anywhere sets them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialproof.audit import Subject
from socialproof.db.engine import Database
from socialproof.moderation import reports
from socialproof.questions import signals as question_votes
from socialproof.reviews.products import validate_product_id
from socialproof.safety import ratelimit
from socialproof.safety.shoppers import Shopper, identify
from socialproof.shops.registry import Shop, require_shop
from socialproof.signals import recommendations, votes
from socialproof.web.cache.answers import cached_json
from socialproof.web.requests import client_ip, read_optional_json, settings, store

T = TypeVar("T")
Signal = Callable[[Database, Shop, Shopper], dict[str, Any]]
Endpoint = Callable[[Request], Awaitable[Response]]


async def _signal(request: Request, action: str, signal: Signal, data: dict[str, Any] | None = None) -> Response:
    """Identify the shopper (hashes only), limit their rate, and record their signal in one transaction."""
    slug, product = request.path_params["shop"], request.path_params.get("product")
    shop = await store(request).read(lambda db: require_shop(db, slug))
    if product is not None:
        validate_product_id(product)
    if data is None:
        data = await read_optional_json(request, settings(request).max_json_bytes)
    visitor = data.get("visitor") if isinstance(data.get("visitor"), str) else None
    ip, agent = client_ip(request), request.headers.get("user-agent")

    def change(db: Database) -> dict[str, Any]:
        shopper = identify(db, visitor, ip, agent)
        ratelimit.guard_shopper(db, action, shopper)
        ratelimit.guard_shop(db, action, shop.id)
        return signal(db, shop, shopper)

    return JSONResponse(await store(request).write(change), headers={"Cache-Control": "no-store"})


async def recommendation_count(request: Request) -> Response:
    slug, product = request.path_params["shop"], request.path_params.get("product")

    def query(db: Database) -> dict[str, int]:
        shop = require_shop(db, slug)
        if product is not None:
            validate_product_id(product)
        return {"count": recommendations.count(db, shop.id, product)}

    return cached_json(request, await store(request).read(query), max_age=settings(request).widget_max_age)


async def recommend(request: Request) -> Response:
    product, undo = request.path_params.get("product"), request.method == "DELETE"
    return await _signal(
        request,
        "recommend",
        lambda db, shop, shopper: {"count": recommendations.recommend(db, shop, product, shopper, undo=undo)},
    )


async def helpful(request: Request) -> Response:
    review_id, undo = request.path_params["id"], request.method == "DELETE"
    return await _signal(
        request, "helpful", lambda db, shop, shopper: {"count": votes.vote(db, shop, review_id, shopper, undo=undo)}
    )


async def report(request: Request) -> Response:
    review_id = request.path_params["id"]
    data = await read_optional_json(request, settings(request).max_json_bytes)
    reason, note = reports.parse(data.get("reason"), data.get("note"))

    def file(db: Database, shop: Shop, shopper: Shopper) -> dict[str, Any]:
        return {"reported": reports.report(db, shop, review_id, reason, note, shopper)}

    response = await _signal(request, "report", file, data)
    response.status_code = 202
    return response


def question_signals(kind: Subject) -> tuple[Endpoint, Endpoint]:
    """The helpful vote and the report of a question, or of an answer."""

    async def helpful(request: Request) -> Response:
        item_id, undo = request.path_params["id"], request.method == "DELETE"
        return await _signal(
            request,
            "helpful",
            lambda db, shop, shopper: {"count": question_votes.vote(db, shop, kind, item_id, shopper, undo=undo)},
        )

    async def report(request: Request) -> Response:
        item_id = request.path_params["id"]
        data = await read_optional_json(request, settings(request).max_json_bytes)
        reason, note = reports.parse(data.get("reason"), data.get("note"))

        def file(db: Database, shop: Shop, shopper: Shopper) -> dict[str, Any]:
            return {"reported": question_votes.report(db, shop, kind, item_id, reason, note, shopper)}

        response = await _signal(request, "report", file, data)
        response.status_code = 202
        return response

    return helpful, report


question_helpful, question_report = question_signals(Subject.QUESTION)
answer_helpful, answer_report = question_signals(Subject.ANSWER)

routes = [
    Route("/api/v1/shops/{shop}/products/{product}/recommendations", recommendation_count, methods=["GET"]),
    Route("/api/v1/shops/{shop}/products/{product}/recommendations", recommend, methods=["POST", "DELETE"]),
    Route("/api/v1/shops/{shop}/recommendations", recommendation_count, methods=["GET"]),
    Route("/api/v1/shops/{shop}/recommendations", recommend, methods=["POST", "DELETE"]),
    Route("/api/v1/shops/{shop}/reviews/{id:id}/helpful", helpful, methods=["POST", "DELETE"]),
    Route("/api/v1/shops/{shop}/reviews/{id:id}/reports", report, methods=["POST"]),
    Route("/api/v1/shops/{shop}/questions/{id:id}/helpful", question_helpful, methods=["POST", "DELETE"]),
    Route("/api/v1/shops/{shop}/answers/{id:id}/helpful", answer_helpful, methods=["POST", "DELETE"]),
    Route("/api/v1/shops/{shop}/questions/{id:id}/reports", question_report, methods=["POST"]),
    Route("/api/v1/shops/{shop}/answers/{id:id}/reports", answer_report, methods=["POST"]),
]
