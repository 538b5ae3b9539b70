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
from socialproof.insights.funnel import Month, Period, funnel, totals
from socialproof.reviews.products import product_row_id, validate_product_id
from socialproof.shops.registry import Shop
from socialproof.web.requests import store
from socialproof.web.workspace.sessions import Session, for_shop, page

CSV_COLUMNS = ("month", "orders", "requested", "written", "published", "rate")


def _csv(months: list[Month]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for m in months:
        writer.writerow(
            [m.month, m.orders, m.requested, m.written, m.published, "" if m.rate is None else f"{m.rate:.3f}"]
        )
    return out.getvalue()


@for_shop
async def insights_page(request: Request, current: Session, shop: Shop) -> Response:
    chosen = request.query_params.get("period") or Period.MONTHS_12
    if chosen not in set(Period):
        raise Invalid(N_("Choose a period: %(periods)s."), {"period": one_of(Period)}, periods=", ".join(Period))
    period, product = Period(chosen), (request.query_params.get("product") or "").strip()

    def load(db: Database) -> list[Month]:
        if not product:
            return funnel(db, shop, period)
        row_id = product_row_id(db, shop.id, validate_product_id(product))
        if row_id is None:
            raise NotFound(N_("The shop has no product %(product)s."), product=repr(product))
        return funnel(db, shop, period, row_id)

    months = await store(request).read(load)
    if request.query_params.get("format") == "csv":
        name = f"{shop.slug}-funnel-{period.value}{'-' + product if product else ''}.csv"
        headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
        return Response(_csv(months), media_type="text/csv; charset=utf-8", headers=headers)
    return page(
        request,
        "insights.html",
        current,
        shop=shop,
        months=months,
        total=totals(months),
        periods=list(Period),
        period=period,
        product=product,
    )


routes = [Route("/admin/shops/{shop}/insights", insights_page, methods=["GET"])]
