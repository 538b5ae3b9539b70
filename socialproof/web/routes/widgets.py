"""Widget fragments: one at a time, all of a page's at once, and the review form's post.

A fragment fetched by a script or a merchant's server is bare HTML to place in
a page; the same URL opened in a browser tab (Sec-Fetch-Dest: document) is
wrapped in a small page, so every widget also works with JavaScript off.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.display.content import CLOCK_WIDGETS, FormState, Links, WidgetQuery, render_widget
from socialproof.errors import Invalid, NotFound, Problem, Unreadable
from socialproof.i18n import N_, Formatter, formatter
from socialproof.questions.input import QuestionInput, parse_question
from socialproof.reviews import identifiers
from socialproof.reviews.input import ReviewInput
from socialproof.reviews.invitations import InvitationProblem
from socialproof.reviews.products import keep_page_seen, page_seen
from socialproof.safety import formguard
from socialproof.sanitize import printable
from socialproof.shop_reviews.writing import ShopReviewInput, parse_shop_review
from socialproof.shops.registry import Shop, require_shop
from socialproof.shops.theme import theme_css
from socialproof.web import state
from socialproof.web.assets import IMMUTABLE
from socialproof.web.cache.answers import cached_answer, render_cache
from socialproof.web.cache.entries import STAMP_SLOT, Rendered, dumps
from socialproof.web.cache.memory import PRESENCE_LIFETIME
from socialproof.web.problems import request_language
from socialproof.web.requests import base_url, form_stamp, read_form, settings, store
from socialproof.web.routes.questions_api import read_question, store_question
from socialproof.web.routes.shop_reviews_api import store_shop_review
from socialproof.web.routes.submission import parsed_review, read_review, store_review
from socialproof.web.widget_requests import HTML, as_document, widget_query

log = logging.getLogger("socialproof")
MAX_BATCH = 40
T = TypeVar("T")
Saver = Callable[[T], Awaitable[FormState]]  # stores what a shopper's form sent; the form's thank-you


async def shop_theme(request: Request) -> Response:
    def build(db: Database, shop: Shop) -> Rendered:
        return Rendered(theme_css(shop.theme).encode(), "text/css; charset=utf-8")

    return await cached_answer(request, request.path_params["shop"], build, max_age=settings(request).widget_max_age)


async def founder_photo(request: Request) -> Response:
    """The portrait a shop keeps in its settings, as an image (Links.founder_photo names it by content)."""
    slug, digest = request.path_params["shop"], request.path_params["digest"]
    shop = await store(request).read(lambda db: render_cache(request).shop(db, slug))
    uri = shop.profile.founder_photo or ""
    named = Links(base_url(request), slug).founder_photo(uri)
    if not uri.startswith("data:image/jpeg;base64,") or not named.endswith(f"/founder.{digest}.jpg"):
        raise NotFound(N_("There is no such file; its address may be from an older version."))
    return Response(
        base64.b64decode(uri.partition(",")[2]), media_type="image/jpeg", headers={"Cache-Control": IMMUTABLE}
    )


def lifetime(widgets: list[str]) -> float | None:
    """How long a render of these widgets stays true with no change in the feed."""
    return PRESENCE_LIFETIME if CLOCK_WIDGETS.intersection(widgets) else None


async def fragment(request: Request) -> Response:
    slug, widget = request.path_params["shop"], request.path_params["widget"]
    links_base, config = base_url(request), settings(request)

    def build(db: Database, shop: Shop) -> Rendered:
        q = widget_query(shop, widget, request.query_params)
        html = render_widget(db, shop, q, Links(links_base, slug), config, form_stamp=STAMP_SLOT)
        return Rendered(as_document(request, shop, q, html).encode(), HTML, lifetime([widget]))

    return await cached_answer(request, slug, build, max_age=config.widget_max_age, robots=True)


def css_for(request: Request, theme: str) -> dict[str, Any]:
    """The widgets' stylesheet with the shop's theme, its hash (the script keeps it by that), and where its
    parts end (UTF-16 units): the rules every widget needs, then the sections', then the theme. The script
    parses the first part and the theme at once, the sections' part when it first draws a section."""
    assets = state(request).assets
    css = assets.widget_css.text + theme_css(theme)
    css_hash = hashlib.blake2b(css.encode(), digest_size=8).hexdigest()
    return {"css": css, "css_hash": css_hash, "css_split": list(assets.widget_css_split)}


async def batch(request: Request) -> Response:
    """Every placeholder on a page in one request: ``?w=stars~P1&w=reviews~P1~en~Product name``.

    ``css=HASH`` says the script holds the stylesheet of that hash already: if it
    is still the current one, the answer leaves it out (it is 15 KB, on every page view).
    """
    slug, items = request.path_params["shop"], request.query_params.getlist("w")
    if not items or len(items) > MAX_BATCH:
        raise Unreadable(
            N_("Name 1-%(max)s widgets as w=WIDGET~PRODUCT[~LANG[~NAME]]."), {"w": N_("1-%(max)s items")}, max=MAX_BATCH
        )
    links_base, config = base_url(request), settings(request)
    # p=PRODUCT~GTIN~MPN~SKU~BRAND: a product's identifiers from the page, once per product (brand last: the rest).
    ids = {
        product: dict(zip(identifiers.NAMES, (values + ["", "", "", ""])[:4], strict=True))
        for product, *values in (p.split("~", 4) for p in request.query_params.getlist("p")[:MAX_BATCH])
    }

    # u=PAGE: the page's address, which embed.js sends where a reviews widget is (cross-site, a browser
    # tells only the origin). A page with one product's reviews is that product's page (page_seen).
    page = request.query_params.get("u", "")
    reviewed = {item.split("~")[1] for item in items if item.startswith("reviews~")}
    page_product = next(iter(reviewed)) if page and len(reviewed) == 1 else None
    to_keep: list[tuple[int, str, str]] = []  # (shop, product, page), found while rendering: no read of its own

    def build(db: Database, shop: Shop) -> Rendered:
        links = Links(links_base, slug)
        rendered: list[dict[str, Any]] = []
        names = []
        for item in items:
            widget, product, lang, name = (item.split("~", 3) + ["", "", ""])[:4]
            names.append(widget)
            # One mistyped placeholder must not blank the others on the page.
            try:
                q = widget_query(
                    shop,
                    widget,
                    {},
                    lang=lang or request.query_params.get("lang"),
                    product=product,
                    product_name=name,
                    product_ids=ids.get(product, {}),
                )
                rendered.append({"html": render_widget(db, shop, q, links, config, form_stamp=STAMP_SLOT)})
            except Problem as e:
                message, errors = e.in_language(request_language(request))
                rendered.append({"error": message, **({"errors": errors} if errors else {})})
        if page_product and (url := page_seen(db, shop.id, shop.origins, page_product, page)):
            to_keep.append((shop.id, page_product, url))
        styles = css_for(request, shop.theme)
        if request.query_params.get("css") == styles["css_hash"]:
            styles = {"css_hash": styles["css_hash"]}
        return Rendered(dumps(styles | {"widgets": rendered}), "application/json", lifetime(names))

    answer = await cached_answer(request, slug, build, max_age=config.widget_max_age)
    if to_keep:
        shop_id, product, url = to_keep[0]
        try:
            await store(request).write(lambda db: keep_page_seen(db, shop_id, product, url))
        except Exception:  # the widgets are answered all the same; the next view that renders them tries again
            log.exception("keeping the page %s of product %s of shop %s failed", url, product, slug)
    return answer


async def shopper_post(
    request: Request, slug: str, t: Formatter, data: Mapping[str, Any], parsed: Awaitable[T], save: Saver[T]
) -> tuple[FormState, str | None]:
    """What a shopper's form post comes to: the form's new state, and what went wrong with its link.

    Mistakes are shown inline in the form, so its answer is a page (200), not an API error. A bot is
    thanked with nothing stored (counted), so it learns nothing. A review link or in-store code that
    can't be used is dropped from the form, so sending again posts unverified.
    """
    # Echoed into the form exactly as typed, less what no HTML page may hold (NUL and its kin).
    values = {k: printable(v) for k, v in data.items() if isinstance(v, str)}
    try:
        parsed_input = await parsed
        bot = formguard.verdict(state(request).form_key, data)
        if bot:
            await store(request).write(lambda db: formguard.count_drop(db, require_shop(db, slug).id, bot))
            return FormState(submitted_status="pending"), None
        return await save(parsed_input), None
    except Invalid as e:
        return FormState(values=values, errors=e.in_language(t)[1]), None
    except InvitationProblem as problem:
        values.pop(problem.field, None)
        return FormState(values=values), problem.in_language(t)[0]


async def review_form(request: Request, slug: str, product: str, t: Formatter) -> tuple[FormState, str | None]:
    """Store a review posted from a form (shopper_post says what comes of it)."""
    data, uploads = await read_review(request, json_allowed=False)

    async def save(review: ReviewInput) -> FormState:
        result = await store_review(request, slug, product, review, uploads, t, data.get("visitor"))
        return FormState(submitted_status=result["status"], manage_url=result["manage_url"])

    return await shopper_post(request, slug, t, data, parsed_review(data, t), save)


async def post_review(request: Request) -> Response:
    """The review form's target; answers with the widget showing a thank-you or the errors."""
    slug = request.path_params["shop"]
    shop = await store(request).read(lambda db: require_shop(db, slug))
    q = widget_query(shop, "reviews", request.query_params)
    form, problem = await review_form(request, slug, q.product or "", formatter(q.lang))
    if problem:
        form.errors["invitation"] = problem
    return await with_form(request, shop, q, form)


async def with_form(request: Request, shop: Shop, q: WidgetQuery, form: FormState) -> Response:
    """The widget again after its form was posted: the thank-you or the mistakes, never kept in a cache."""
    links, config = Links(base_url(request), shop.slug), settings(request)
    html = await store(request).read(
        lambda db: render_widget(db, shop, q, links, config, form=form, form_stamp=form_stamp(request))
    )
    return HTMLResponse(as_document(request, shop, q, html), headers={"Cache-Control": "no-store"})


async def question_form(request: Request, slug: str, product: str, t: Formatter) -> FormState:
    """Store a question posted from the widget's form (shopper_post says what comes of it)."""
    data = await read_question(request)

    async def save(question: QuestionInput) -> FormState:
        result = await store_question(request, slug, product, question, data.get("visitor"))
        return FormState(submitted_status=result["status"])

    parsed = run_in_threadpool(parse_question, data, t.lang)
    return (await shopper_post(request, slug, t, data, parsed, save))[0]


async def post_question(request: Request) -> Response:
    """The question form's target; answers with the widget showing a thank-you or the errors."""
    slug = request.path_params["shop"]
    shop = await store(request).read(lambda db: require_shop(db, slug))
    q = widget_query(shop, "questions", request.query_params)
    return await with_form(request, shop, q, await question_form(request, slug, q.product or "", formatter(q.lang)))


async def shop_review_form(request: Request, slug: str, t: Formatter) -> tuple[FormState, str | None]:
    """Store a review of the shop posted from a form (shopper_post says what comes of it, and of its order's link)."""
    data = await read_form(request, settings(request).max_json_bytes)

    async def save(review: ShopReviewInput) -> FormState:
        return FormState(
            submitted_status=(await store_shop_review(request, slug, review, data.get("visitor")))["status"]
        )

    parsed = run_in_threadpool(parse_shop_review, data, t.lang)
    return await shopper_post(request, slug, t, data, parsed, save)


async def post_shop_review(request: Request) -> Response:
    """The trust widget's form to review the shop; answers with the widget showing a thank-you or the errors."""
    slug = request.path_params["shop"]
    shop = await store(request).read(lambda db: require_shop(db, slug))
    q = widget_query(shop, "trust", request.query_params)
    form, problem = await shop_review_form(request, slug, formatter(q.lang))
    if problem:
        form.errors["invitation"] = problem
    return await with_form(request, shop, replace(q, write=True), form)


routes = [
    Route("/w/{shop}", batch, methods=["GET"]),
    Route("/w/{shop}/trust", post_shop_review, methods=["POST"]),
    Route("/w/{shop}/reviews", post_review, methods=["POST"]),
    Route("/w/{shop}/questions", post_question, methods=["POST"]),
    Route("/w/{shop}/theme.css", shop_theme, methods=["GET"]),
    Route("/w/{shop}/founder.{digest}.jpg", founder_photo, methods=["GET"]),
    Route("/w/{shop}/{widget}", fragment, methods=["GET"]),
]
