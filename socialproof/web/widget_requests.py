"""What a widget request asks for, and the page its fragment is answered as.

Shared by the widget routes and by the heartbeat answers sent before routing
(heartbeats.py), so it lives beside them rather than in a route module.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request

from socialproof.audit import subject_parts
from socialproof.display.content import WIDGETS, WidgetQuery
from socialproof.display.labels import REVIEW_MARK
from socialproof.display.render import render
from socialproof.errors import NotFound
from socialproof.i18n import N_, choose, formatter
from socialproof.insights.topics import TOPIC_MAX
from socialproof.questions.listing import SEARCH_MAX
from socialproof.reviews import identifiers
from socialproof.reviews.products import validate_product_id
from socialproof.sanitize import plain_text
from socialproof.shops.registry import Shop
from socialproof.shops.theme import theme_css
from socialproof.web import state
from socialproof.web.requests import base_url, cursor_param, listing_params, only_product

HTML = "text/html; charset=utf-8"


def widget_query(
    shop: Shop,
    widget: str,
    params: Mapping[str, str],
    lang: str | None = None,
    product: str | None = None,
    product_name: str | None = None,
    product_ids: Mapping[str, str] | None = None,
) -> WidgetQuery:
    if widget not in WIDGETS:
        raise NotFound(
            N_("There is no widget %(widget)s; try one of %(widgets)s."),
            widget=repr(widget),
            widgets=", ".join(WIDGETS),
        )
    lang = choose(lang, params.get("lang"), default=shop.lang)
    t = formatter(lang)
    product = product if product is not None else params.get("product")
    needs_product, _ = WIDGETS[widget]
    if needs_product or product:
        validate_product_id(product or "")
    page, sort, stars, with_photos = listing_params(params, t)
    after = cursor_param(params, sort, t)
    raw_name = product_name if product_name is not None else params.get("name", "")
    name = plain_text(raw_name[:400])[:200] or None  # cut before cleaning: the work stays bounded
    ids = identifiers.parse(product_ids if product_ids is not None else params)
    search = plain_text(params.get("q", "")[: SEARCH_MAX * 2])[:SEARCH_MAX]
    report = _report_mark(params.get("report", "")[:40])
    write = params.get("write") == "1"
    only = only_product(params, t)
    topic = plain_text(params.get("topic", "")[: TOPIC_MAX * 2])[:TOPIC_MAX]
    return WidgetQuery(
        widget,
        product or None,
        lang,
        page,
        sort,
        stars,
        with_photos,
        name,
        after,
        ids,
        search,
        report,
        write,
        only,
        topic,
    )


def _report_mark(value: str) -> str:
    """The review ("review:12"), question or answer whose report form was asked for; anything else opens none."""
    kind, _, row = value.partition(":")
    if (kind == REVIEW_MARK and row.isdecimal()) or subject_parts(value) is not None:
        return value
    return ""


STRUCTURED = '<script type="application/ld+json">'


def as_document(request: Request, shop: Shop, q: WidgetQuery, fragment: str) -> str:
    """The fragment as asked for: bare, for server-side inlining (?ssr=1), or as a page in a browser tab."""
    css_url = base_url(request) + state(request).assets.widget_css.url
    if request.query_params.get("ssr") == "1":
        structured = ""
        if fragment.startswith(STRUCTURED):  # tojson escapes "<", so the first "</script>" closes it
            end = fragment.index("</script>") + len("</script>")
            structured, fragment = fragment[:end], fragment[end:]
        return render(
            q.lang,
            "_ssr.html",
            structured=structured,
            fragment=fragment,
            css_url=css_url,
            theme_url=theme_url(request, shop),
        )
    if request.headers.get("sec-fetch-dest") != "document":
        return fragment
    return render(
        q.lang,
        "_document.html",
        shop=shop,
        fragment=fragment,
        css_url=css_url,
        theme_url=theme_url(request, shop),
        page_theme=request.query_params.get("theme", ""),
    )


def theme_url(request: Request, shop: Shop) -> str | None:
    """The shop's own look as a stylesheet, for pages and inlined widgets; None without one."""
    return f"{base_url(request)}/w/{shop.slug}/theme.css" if theme_css(shop.theme) else None
