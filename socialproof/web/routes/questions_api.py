"""Questions about a product: the public asks and reads; the shop answers with its key."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialproof.audit import ActorKind, actor
from socialproof.db.engine import Database
from socialproof.errors import FieldProblem, Unreadable, one_of
from socialproof.fields import MAX_PAGE
from socialproof.i18n import N_
from socialproof.questions import answering, asking, listing
from socialproof.questions.input import QuestionInput, parse_answer, parse_question
from socialproof.reviews.products import validate_product_id
from socialproof.safety import ratelimit
from socialproof.safety.shoppers import identify
from socialproof.shops.registry import Shop, require_shop
from socialproof.web.api_keys import api_key
from socialproof.web.requests import (
    PAGE_NUMBER,
    client_ip,
    int_param,
    read_json,
    read_json_or_form,
    request_formatter,
    settings,
    store,
)
from socialproof.web.routes.public_api import kept_json


async def questions(request: Request) -> Response:
    product = request.path_params["product"]
    per_page = settings(request).api_page_size

    def query(db: Database, shop: Shop) -> Any:
        t = request_formatter(request, shop.lang)
        validate_product_id(product)
        errors: dict[str, FieldProblem] = {}
        page = int_param(request.query_params, "page", 1, 1, MAX_PAGE, errors, t.gettext(PAGE_NUMBER))
        try:
            sort = listing.Sort(request.query_params.get("sort") or listing.Sort.NEWEST)
        except ValueError:
            sort, errors["sort"] = listing.Sort.NEWEST, one_of(listing.Sort).text(t)
        if errors:
            raise Unreadable(t.gettext("Some parameters are not valid."), errors)
        return listing.published(db, shop, product, page or 1, per_page, request.query_params.get("q", ""), sort)

    return await kept_json(request, query)


async def read_question(request: Request) -> dict[str, Any]:
    """The question's fields, as JSON or as a form's."""
    refusal = N_("Send the question as application/json, or as form data.")
    return await read_json_or_form(request, settings(request).max_json_bytes, refusal)


async def store_question(request: Request, slug: str, product: str, question: QuestionInput, visitor: Any) -> dict:
    """The question stored under the shop's mode at that moment, or a 4xx and nothing stored.

    An address is kept only to tell the asker of the answer: a server that sends no mail keeps none.
    """
    ip = client_ip(request)
    if not settings(request).sends_mail:
        question = replace(question, email=None)

    def transaction(db: Database) -> dict[str, Any]:
        shopper = identify(db, visitor if isinstance(visitor, str) else None, ip)
        shop = require_shop(db, slug)
        ratelimit.guard_shopper(db, "question", shopper)
        ratelimit.guard_shop(db, "question", shop.id)
        return asking.ask(db, shop, product, question, shopper.visitor_hash or shopper.ip_hash)

    result: dict[str, Any] = await store(request).write(transaction)
    return result


async def ask(request: Request) -> Response:
    slug, product = request.path_params["shop"], request.path_params["product"]
    shop = await store(request).read(lambda db: require_shop(db, slug))
    t = request_formatter(request, shop.lang)
    validate_product_id(product)
    data = await read_question(request)
    question = await run_in_threadpool(functools.partial(parse_question, data, default_lang=t.lang))
    return JSONResponse(await store_question(request, slug, product, question, data.get("visitor")), status_code=201)


async def answer(request: Request) -> Response:
    """The shop's public answer, by the holder of its key."""
    question_id = request.path_params["id"]
    key = await api_key(request)
    body = parse_answer(await read_json(request, settings(request).max_json_bytes))

    def change(db: Database) -> dict[str, Any]:
        shop, owner = key.shop(db)
        return answering.answer_as_shop(db, shop, question_id, body, actor(ActorKind.API_KEY, owner.prefix))

    return JSONResponse(await store(request).write(change), status_code=201, headers={"Cache-Control": "no-store"})


routes = [
    Route("/api/v1/shops/{shop}/products/{product}/questions", questions, methods=["GET"]),
    Route("/api/v1/shops/{shop}/products/{product}/questions", ask, methods=["POST"]),
    Route("/api/v1/shops/{shop}/questions/{id:id}/answers", answer, methods=["POST"]),
]
