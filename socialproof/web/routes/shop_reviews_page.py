"""Reviews of the shop as pages of their own: every published one, paged, and the form to write one.

``/shop-reviews/{shop}`` is public and cached like the integrity report, linked from the
trust widget. It has no schema.org markup: reviews of a business shown by the business
are self-serving (RULES.md). ``/shop-reviews/{shop}/write`` is the form, where the review-
request mail's link leads (``?invitation=`` verifies it, ``?rating=`` preselects the
stars); a page for one person, never cached.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.display.content import FormState, Links
from socialproof.display.render import render
from socialproof.reviews.invitations import InvitationProblem, shop_invites
from socialproof.shop_reviews import listing, ordered
from socialproof.shops.registry import Shop, require_shop
from socialproof.web import state
from socialproof.web.cache.answers import cached_answer
from socialproof.web.cache.entries import Rendered
from socialproof.web.requests import base_url, form_stamp, page_param, request_formatter, settings, store
from socialproof.web.routes.review_page import PRIVATE_PAGE
from socialproof.web.routes.widgets import shop_review_form
from socialproof.web.widget_requests import HTML, theme_url

MAX_AGE = 300
PER_PAGE = 10  # a page of its own has room for more than a widget's page


def _common(request: Request, shop: Shop) -> dict[str, Any]:
    return {
        "shop": shop,
        "links": Links(base_url(request), shop.slug),
        "css_url": base_url(request) + state(request).assets.widget_css.url,
        "theme_url": theme_url(request, shop),
    }


async def every_shop_review(request: Request) -> Response:
    slug = request.path_params["shop"]

    def build(db: Database, shop: Shop) -> Rendered:
        t = request_formatter(request, shop.lang)
        page = page_param(request.query_params, t)
        html = render(
            t.lang,
            "shop_reviews_page.html",
            **_common(request, shop),
            page=listing.published(db, shop, page, PER_PAGE),
            summary=listing.summary(db, shop),
            # What the disclosure says: of the ways to verify, only the order's link applies to the shop.
            shop_reviews=True,
            invites=shop_invites(db, shop.id),
            codes=False,
            imported_from=[],
            statements_sent=settings(request).sends_mail,
        )
        return Rendered(html.encode(), HTML)

    return await cached_answer(request, slug, build, max_age=MAX_AGE)


def _form_page(
    request: Request, shop: Shop, lang: str, form: FormState, verified: bool, problem: str | None
) -> Response:
    html = render(
        lang,
        "shop_review_write.html",
        **_common(request, shop),
        form=form,
        form_action=str(request.url.include_query_params(lang=lang).remove_query_params(["invitation", "rating"])),
        verified=verified,
        problem=problem,
        form_stamp=form_stamp(request),
    )
    return HTMLResponse(html, headers=PRIVATE_PAGE)


async def write_form(request: Request) -> Response:
    slug, token = request.path_params["shop"], request.query_params.get("invitation")

    def load(db: Database) -> tuple[Shop, ordered.OrderLink | InvitationProblem | None]:
        shop = require_shop(db, slug)
        return shop, ordered.peek(db, shop, token) if token else None

    shop, found = await store(request).read(load)
    t = request_formatter(request, shop.lang)
    values = {}
    if request.query_params.get("rating", "") in ("1", "2", "3", "4", "5"):
        values["rating"] = request.query_params["rating"]
    if isinstance(found, ordered.OrderLink):
        values |= {"invitation": token or "", "author_name": found.name or ""}
    problem = found.in_language(t)[0] if isinstance(found, InvitationProblem) else None
    return _form_page(request, shop, t.lang, FormState(values=values), isinstance(found, ordered.OrderLink), problem)


async def write(request: Request) -> Response:
    slug = request.path_params["shop"]
    shop = await store(request).read(lambda db: require_shop(db, slug))
    t = request_formatter(request, shop.lang)
    form, problem = await shop_review_form(request, slug, t)
    verified = not form.submitted_status and bool(form.values.get("invitation"))
    return _form_page(request, shop, t.lang, form, verified, problem)


routes = [
    Route("/shop-reviews/{shop}", every_shop_review, methods=["GET", "HEAD"]),
    Route("/shop-reviews/{shop}/write", write_form, methods=["GET"]),
    Route("/shop-reviews/{shop}/write", write, methods=["POST"]),
]
