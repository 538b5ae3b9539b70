"""The shop's public integrity report as a page: /trust/{shop}, in the reader's language.

The same figures as ``GET /api/v1/shops/{shop}/integrity`` (moderation/integrity.py),
counted from stored reviews, decisions and the audit log; linked from every
disclosure ("How reviews are checked"). A public page like a widget: cached, and
dropped when the shop's reviews change.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.display.render import render
from socialproof.moderation import integrity
from socialproof.reviews.provenance import named
from socialproof.shops.registry import Shop
from socialproof.web import state
from socialproof.web.cache.answers import cached_answer
from socialproof.web.cache.entries import Rendered
from socialproof.web.requests import base_url, request_formatter
from socialproof.web.widget_requests import HTML, theme_url

MAX_AGE = 300
LIFETIME = 3600.0  # the twelve months move on: rendered again at least hourly


async def trust_report(request: Request) -> Response:
    slug = request.path_params["shop"]

    def build(db: Database, shop: Shop) -> Rendered:
        lang = request_formatter(request, shop.lang).lang
        report = integrity.report(db, shop)
        html = render(
            lang,
            "trust_report.html",
            shop=shop,
            r=report,
            imported={named(k): n for k, n in report["imported"].items()},
            json_url=f"{base_url(request)}/api/v1/shops/{shop.slug}/integrity",
            css_url=base_url(request) + state(request).assets.widget_css.url,
            theme_url=theme_url(request, shop),
        )
        return Rendered(html.encode(), HTML, lifetime=LIFETIME)

    return await cached_answer(request, slug, build, max_age=MAX_AGE)


routes = [Route("/trust/{shop}", trust_report, methods=["GET", "HEAD"])]
