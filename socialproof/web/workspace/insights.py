"""The workspace's Insights: what the shop's stored events say, over a chosen period (insights/)."""

from __future__ import annotations

import csv
import io
import math

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.display import charts
from socialproof.errors import Invalid, NotFound, one_of
from socialproof.fields import MAX_PAGE, ascii_int
from socialproof.i18n import N_
from socialproof.insights import activity, answers, funnel, language, moderation, products, ratings, tables, words
from socialproof.insights.products import ProductSort
from socialproof.insights.scope import Period, Scope
from socialproof.insights.tables import TABLES, Figures
from socialproof.insights.words import Band
from socialproof.reviews.products import product_row_id, validate_product_id
from socialproof.shops.registry import Shop
from socialproof.web.requests import store
from socialproof.web.workspace.sessions import Session, for_shop, page


def _choice(request: Request, name: str, choices: list[str], default: str) -> str:
    """A query parameter that must be one of ``choices``; a clear 422 naming them otherwise."""
    value = request.query_params.get(name) or default
    if value not in choices:
        raise Invalid(N_("Choose one of: %(choices)s."), {name: one_of(choices)}, choices=", ".join(choices))
    return value


def _csv(rows: list[list[object]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _charts(f: Figures) -> dict[str, charts.Chart]:
    """The charts beside the tables: the funnel side by side, ratings stacked by star, answers as a share,
    decisions stacked published on rejected, and shoppers' signals side by side."""
    return {
        "funnel": charts.bars(
            [(m.month, (m.orders, m.written, m.published)) for m in f.funnel], ("a", "b", "c"), stacked=False
        ),
        "ratings": charts.bars([(r.month, r.stars) for r in f.ratings], ("1", "2", "3", "4", "5"), stacked=True),
        "answers": charts.bars(
            [(a.month, (a.answered_share or 0.0,)) for a in f.answers], ("b",), stacked=False, percent=True
        ),
        "decisions": charts.bars(
            [(d.month, (sum(d.published), sum(d.rejected))) for d in f.decisions], ("c", "1"), stacked=True
        ),
        "activity": charts.bars(
            [(a.month, (a.recommended, a.reviews_recommending, a.helpful_votes)) for a in f.activity],
            ("a", "b", "c"),
            stacked=False,
        ),
    }


def _scope_of(request: Request, shop: Shop) -> tuple[Period, str]:
    period = Period(_choice(request, "period", [p.value for p in Period], Period.MONTHS_12.value))
    return period, (request.query_params.get("product") or "").strip()


def _scope(db: Database, shop: Shop, period: Period, product: str) -> Scope:
    row_id = None
    if product:
        row_id = product_row_id(db, shop.id, validate_product_id(product))
        if row_id is None:
            raise NotFound(N_("The shop has no product %(product)s."), product=repr(product))
    return Scope(shop.id, period, row_id)


@for_shop
async def insights_page(request: Request, current: Session, shop: Shop) -> Response:
    period, product = _scope_of(request, shop)
    table = _choice(request, "table", list(TABLES), next(iter(TABLES)))
    sort = ProductSort(_choice(request, "sort", [s.value for s in ProductSort], ProductSort.COUNT.value))

    def load(db: Database) -> Figures:
        return tables.load(db, _scope(db, shop, period, product), sort)

    figures = await store(request).read(load)
    if request.query_params.get("format") == "csv":
        name = f"{shop.slug}-{table}-{period.value}{'-' + product if product else ''}.csv"
        headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
        return Response(_csv(TABLES[table](figures)), media_type="text/csv; charset=utf-8", headers=headers)
    return page(
        request,
        "insights.html",
        current,
        shop=shop,
        f=figures,
        charts=_charts(figures),
        total=funnel.totals(figures.funnel),
        rated_total=ratings.overall(figures.ratings),
        fell=products.fell(figures.products),
        decided=moderation.overall(figures.decisions),
        longest=moderation.LONGEST,
        answered=answers.overall(figures.answers),
        activity_total=activity.overall(figures.activity),
        periods=list(Period),
        period=period,
        product=product,
        sort=sort,
        sorts=list(ProductSort),
    )


@for_shop
async def reviews_using(request: Request, current: Session, shop: Shop) -> Response:
    """The published reviews behind one word or phrase of the Insights page, newest first."""
    period, product = _scope_of(request, shop)
    lang = _choice(request, "language", list(language.LANGUAGES), "fi")  # the reviews'; ?lang= is the page's
    band = Band(_choice(request, "band", [b.value for b in Band], Band.LOW.value))
    term = (request.query_params.get("term") or "").strip()
    if not term or len(term) > TERM_MAX:
        raise Invalid(N_("Choose a word from the Insights page."), {"term": N_("a word or a phrase")})
    number = ascii_int(request.query_params.get("page"), 1, MAX_PAGE) or 1

    def load(db: Database) -> tuple[list[dict[str, object]], int]:
        return words.reviews_using(db, _scope(db, shop, period, product), lang, band, term, number)

    found, total = await store(request).read(load)
    return page(
        request,
        "insights_reviews.html",
        current,
        shop=shop,
        reviews=found,
        total=total,
        pages=max(1, math.ceil(total / words.PAGE)),
        page_number=number,
        term=term,
        written_in=lang,
        band=band,
        period=period,
        product=product,
    )


TERM_MAX = 200  # two base forms and a space: far more than any word


routes = [
    Route("/admin/shops/{shop}/insights", insights_page, methods=["GET"]),
    Route("/admin/shops/{shop}/insights/reviews", reviews_using, methods=["GET"]),
]
