"""The stand-alone review page that review invitations and in-store codes lead to.

Phone first and complete on its own: no shop page, no script. ``?rating=5``
preselects the stars, so a link in an e-mail can be one tap. A link or code that
is forged, used or expired still leads to a form: the shopper may post an
unverified review. ``/review/{shop}`` is where a code's QR image leads, and where
a code is typed from a receipt: it opens the product's page, or lists a basket's.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.display.content import FormState, Links, WidgetQuery, photo_limits
from socialproof.display.render import render
from socialproof.reviews import invitations, provenance, scales, store_codes
from socialproof.reviews.products import product_info, validate_product_id
from socialproof.shops.registry import Shop, require_shop
from socialproof.web import state
from socialproof.web.requests import base_url, form_stamp, request_formatter, settings, store
from socialproof.web.routes.widgets import review_form
from socialproof.web.widget_requests import theme_url

# The page runs no script and posts only to itself.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
# A page for one person (a review form, their own review, an unsubscribe): never cached, nor sent onward.
PRIVATE_PAGE = {"Cache-Control": "no-store", "Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer"}


def _page(
    request: Request,
    shop: Shop,
    product: str,
    lang: str,
    form: FormState,
    *,
    verified: str | None,
    problem: str | None,
    info: dict[str, Any],
) -> Response:
    q = WidgetQuery("reviews", product, lang)
    html = render(
        lang,
        "review_page.html",
        shop=shop,
        q=q,
        links=Links(base_url(request), shop.slug),
        form=form,
        form_action=str(
            request.url.include_query_params(lang=lang).remove_query_params(["invitation", "code", "rating"])
        ),
        css_url=base_url(request) + state(request).assets.widget_css.url,
        verified=verified,
        problem=problem,
        product_name=info.get("name") or product,
        product_image=info.get("image_url"),
        scales=info["scales"],
        limits=photo_limits(settings(request)),
        theme_url=theme_url(request, shop),
        form_stamp=form_stamp(request),
    )
    return HTMLResponse(html, headers=PRIVATE_PAGE)


async def _load(
    request: Request, token: str | None = None, code: str | None = None
) -> tuple[Shop, Any, dict[str, Any]]:
    """The shop, what its review link or code is worth, and what we know of the product."""
    slug, product = request.path_params["shop"], request.path_params["product"]

    def load(db: Database) -> Any:
        shop = require_shop(db, slug)
        validate_product_id(product)
        if token:
            found: Any = invitations.peek(db, shop, product, token)
        else:
            found = store_codes.peek(db, shop.id, product, code) if code else None
        info = product_info(db, shop.id, product)
        return shop, found, info | {"scales": scales.asked_by(db, info.get("id"))}

    return await store(request).read(load)


async def show(request: Request) -> Response:
    product, token = request.path_params["product"], request.query_params.get("invitation")
    code = request.query_params.get("code")
    shop, found, info = await _load(request, token, code)
    t = request_formatter(request, shop.lang)
    values = {}
    if request.query_params.get("rating", "") in ("1", "2", "3", "4", "5"):
        values["rating"] = request.query_params["rating"]
    verified = None
    if isinstance(found, invitations.Invitation):
        verified = provenance.INVITATION
        values["invitation"] = token or ""
        values["author_name"] = found.name or ""
    elif isinstance(found, store_codes.Code):
        verified = store_codes.SOURCE
        values["code"] = store_codes.normalized(code or "")
    problem = found.in_language(t)[0] if isinstance(found, invitations.InvitationProblem) else None
    return _page(
        request, shop, product, t.lang, FormState(values=values), verified=verified, problem=problem, info=info
    )


async def submit(request: Request) -> Response:
    product = request.path_params["product"]
    shop, _, info = await _load(request)
    t = request_formatter(request, shop.lang)
    form, problem = await review_form(request, shop.slug, product, t)
    verified = None
    if not form.submitted_status:  # still to be sent: the form still carries what verifies it
        if form.values.get("invitation"):
            verified = provenance.INVITATION
        elif form.values.get("code"):
            verified = store_codes.SOURCE
    return _page(request, shop, product, t.lang, form, verified=verified, problem=problem, info=info)


routes = [
    Route("/review/{shop}/{product}", show, methods=["GET"]),
    Route("/review/{shop}/{product}", submit, methods=["POST"]),
]
