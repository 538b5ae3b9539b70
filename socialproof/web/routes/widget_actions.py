"""Shoppers acting in a widget: recommend, vote helpful, report, on reviews and on questions (heartbeats: activity.py).

Each is a plain form post that answers with the widget re-rendered for this
shopper (their own marks shown), so it works without JavaScript; embed.js
posts the same forms and swaps the answer in.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from socialproof.audit import Subject, about
from socialproof.db.engine import Database
from socialproof.display.content import Links, Personal, WidgetQuery, render_widget
from socialproof.errors import Invalid, Unsupported
from socialproof.fields import row_id
from socialproof.i18n import N_
from socialproof.moderation import reports
from socialproof.questions import signals as question_votes
from socialproof.reviews.products import product_row_id
from socialproof.safety import ratelimit
from socialproof.safety.shoppers import Shopper, identify
from socialproof.shops.registry import Shop, require_shop
from socialproof.signals import recommendations, votes
from socialproof.web.requests import FORM_TYPES, base_url, client_ip, form_stamp, media_type, read_form, settings, store
from socialproof.web.widget_requests import as_document, widget_query

Act = Callable[[Database, Shop, WidgetQuery, Shopper, dict[str, str]], Personal]


async def _act(request: Request, widget: str, action: str, act: Act) -> Response:
    slug = request.path_params["shop"]
    shop = await store(request).read(lambda db: require_shop(db, slug))
    q = widget_query(shop, widget, request.query_params)
    if media_type(request) not in FORM_TYPES:
        raise Unsupported(N_("This form posts form data."))
    data = await read_form(request, settings(request).max_json_bytes)
    ip, links, config = client_ip(request), Links(base_url(request), slug), settings(request)
    agent = request.headers.get("user-agent")
    stamp = form_stamp(request)

    def change(db: Database) -> str:
        shopper = identify(db, data.get("visitor"), ip, agent)
        ratelimit.guard_shopper(db, action, shopper)
        ratelimit.guard_shop(db, action, shop.id)
        personal = act(db, shop, q, shopper, data)
        return render_widget(db, shop, q, links, config, personal=personal, form_stamp=stamp)

    html = await store(request).write(change)
    return HTMLResponse(as_document(request, shop, q, html), headers={"Cache-Control": "no-store"})


def _recommend(db: Database, shop: Shop, q: WidgetQuery, shopper: Shopper, data: dict[str, str]) -> Personal:
    undo = data.get("undo") == "1"
    recommendations.recommend(db, shop, q.product, shopper, undo=undo)
    return Personal(recommended=recommendations.has_recommended(db, shop, q.product, shopper))


def _helpful(db: Database, shop: Shop, q: WidgetQuery, shopper: Shopper, data: dict[str, str]) -> Personal:
    review = _review_id(data)
    votes.vote(db, shop, review, shopper, undo=data.get("undo") == "1")
    return Personal(voted=votes.voted_for_product(db, product_row_id(db, shop.id, q.product or ""), shopper))


def _report(db: Database, shop: Shop, q: WidgetQuery, shopper: Shopper, data: dict[str, str]) -> Personal:
    review = _review_id(data)
    reason, note = reports.parse(data.get("reason"), data.get("note"))
    reports.report(db, shop, review, reason, note, shopper)
    return Personal(reported=review)


def _review_id(data: dict[str, str]) -> int:
    review = row_id(data.get("review"))
    if review is None:
        raise Invalid(N_("Which review? The form names none."), {"review": N_("a review id")})
    return review


def _question_item(data: dict[str, str]) -> tuple[Subject, int]:
    item = row_id(data.get("item"))
    kind = {"question": Subject.QUESTION, "answer": Subject.ANSWER}.get(data.get("kind", ""))
    if item is None or kind is None:
        raise Invalid(N_("Which question or answer? The form names none."), {"item": N_("a question or an answer")})
    return kind, item


def _question_helpful(db: Database, shop: Shop, q: WidgetQuery, shopper: Shopper, data: dict[str, str]) -> Personal:
    kind, item = _question_item(data)
    question_votes.vote(db, shop, kind, item, shopper, undo=data.get("undo") == "1")
    return Personal(marked=question_votes.voted(db, product_row_id(db, shop.id, q.product or ""), shopper))


def _question_report(db: Database, shop: Shop, q: WidgetQuery, shopper: Shopper, data: dict[str, str]) -> Personal:
    kind, item = _question_item(data)
    reason, note = reports.parse(data.get("reason"), data.get("note"))
    question_votes.report(db, shop, kind, item, reason, note, shopper)
    return Personal(reported_item=about(kind, item))


async def recommend(request: Request) -> Response:
    return await _act(request, "recommend", "recommend", _recommend)


async def helpful(request: Request) -> Response:
    return await _act(request, "reviews", "helpful", _helpful)


async def report(request: Request) -> Response:
    return await _act(request, "reviews", "report", _report)


async def question_helpful(request: Request) -> Response:
    return await _act(request, "questions", "helpful", _question_helpful)


async def question_report(request: Request) -> Response:
    return await _act(request, "questions", "report", _question_report)


routes = [
    Route("/w/{shop}/recommend", recommend, methods=["POST"]),
    Route("/w/{shop}/reviews/helpful", helpful, methods=["POST"]),
    Route("/w/{shop}/reviews/report", report, methods=["POST"]),
    Route("/w/{shop}/questions/helpful", question_helpful, methods=["POST"]),
    Route("/w/{shop}/questions/report", question_report, methods=["POST"]),
]
