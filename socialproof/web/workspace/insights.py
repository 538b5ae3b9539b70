"""The workspace's Insights: what the shop's stored events say, over a chosen period (insights/)."""

from __future__ import annotations

import csv
import io

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.errors import Invalid, NotFound, one_of
from socialproof.i18n import N_
from socialproof.insights import ratings
from socialproof.insights.funnel import Month, Period, funnel, totals
from socialproof.insights.ratings import RatingMonth
from socialproof.reviews.products import product_row_id, validate_product_id
from socialproof.shops.registry import Shop
from socialproof.web.requests import store
from socialproof.web.workspace.sessions import Session, for_shop, page

TABLES = ("funnel", "ratings")


def _rows(table: str, months: list[Month], rated: list[RatingMonth]) -> list[list[object]]:
    """A table as CSV rows, its header first; the page shows the same figures."""
    if table == "ratings":
        head: list[object] = ["month", "stars_1", "stars_2", "stars_3", "stars_4", "stars_5", "reviews", "average"]
        return [head] + [[r.month, *r.stars, r.count, _decimal(r.average, 2)] for r in rated]
    head = ["month", "orders", "requested", "written", "published", "rate"]
    return [head] + [[m.month, m.orders, m.requested, m.written, m.published, _decimal(m.rate, 3)] for m in months]


def _decimal(value: float | None, places: int) -> str:
    return "" if value is None else f"{value:.{places}f}"


def _csv(rows: list[list[object]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@for_shop
async def insights_page(request: Request, current: Session, shop: Shop) -> Response:
    chosen = request.query_params.get("period") or Period.MONTHS_12
    if chosen not in set(Period):
        raise Invalid(N_("Choose a period: %(periods)s."), {"period": one_of(Period)}, periods=", ".join(Period))
    period, product = Period(chosen), (request.query_params.get("product") or "").strip()

    table = request.query_params.get("table") or TABLES[0]
    if table not in TABLES:
        raise Invalid(N_("Choose a table: %(tables)s."), {"table": one_of(TABLES)}, tables=", ".join(TABLES))

    def load(db: Database) -> tuple[list[Month], list[RatingMonth]]:
        row_id = None
        if product:
            row_id = product_row_id(db, shop.id, validate_product_id(product))
            if row_id is None:
                raise NotFound(N_("The shop has no product %(product)s."), product=repr(product))
        return funnel(db, shop, period, row_id), ratings.by_month(db, shop, period, row_id)

    months, rated = await store(request).read(load)
    if request.query_params.get("format") == "csv":
        name = f"{shop.slug}-{table}-{period.value}{'-' + product if product else ''}.csv"
        headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
        return Response(_csv(_rows(table, months, rated)), media_type="text/csv; charset=utf-8", headers=headers)
    return page(
        request,
        "insights.html",
        current,
        shop=shop,
        months=months,
        total=totals(months),
        rated=rated,
        rated_total=ratings.overall(rated),
        periods=list(Period),
        period=period,
        product=product,
    )


routes = [Route("/admin/shops/{shop}/insights", insights_page, methods=["GET"])]
