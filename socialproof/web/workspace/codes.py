"""The workspace's in-store codes page: make a sheet of codes, see how many were used, withdraw a batch."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.display import code_sheet
from socialproof.errors import Invalid, NotFound, one_of
from socialproof.fields import ascii_int
from socialproof.i18n import N_
from socialproof.reviews import store_codes
from socialproof.reviews.products import product_info
from socialproof.shops.registry import Shop
from socialproof.web.problems import request_language
from socialproof.web.requests import base_url, store
from socialproof.web.workspace.sessions import Session, checked_form, first, for_shop, page, product_ids

SHEETS = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}  # what the page offers to download


class BatchState(StrEnum):
    IN_USE = "in-use"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


STATE_LABELS = {
    BatchState.IN_USE: N_("In use"),
    BatchState.EXPIRED: N_("Expired"),
    BatchState.WITHDRAWN: N_("Withdrawn"),
}


def state_of(batch: store_codes.Batch) -> BatchState:
    if batch.revoked_at is not None:
        return BatchState.WITHDRAWN
    return BatchState.EXPIRED if clock.now() > datetime.fromisoformat(batch.expires_at) else BatchState.IN_USE


async def _page(request: Request, current: Session, shop: Shop, *, status: int = 200, **context: Any) -> Response:
    def load(db: Database) -> dict[str, Any]:
        found = store_codes.batches(db, shop.id)
        names = {p: product_info(db, shop.id, p).get("name") or p for b in found for p in b.products}
        return {"batches": [(b, state_of(b)) for b in found], "names": names}

    return page(
        request,
        "codes.html",
        current,
        status=status,
        shop=shop,
        state_labels=STATE_LABELS,
        in_use=BatchState.IN_USE,
        max_count=store_codes.MAX_COUNT,
        max_days=store_codes.MAX_EXPIRES_DAYS,
        default_days=store_codes.DEFAULT_EXPIRES_DAYS,
        pdf_max=code_sheet.PDF_MAX,
        done=request.query_params.get("done", ""),
        **{"problem": None, "errors": {}, "typed": {}} | (await store(request).read(load)) | context,
    )


@for_shop
async def codes_page(request: Request, current: Session, shop: Shop) -> Response:
    return await _page(request, current, shop)


def _number(text: str, field: str, message: str) -> int:
    """A whole number as typed (fields.ascii_int: no signs, no other scripts' digits); its range is create's."""
    number = ascii_int(text, 0, 10**9)
    if number is None:
        raise Invalid(N_("Check the codes' settings."), {field: message})
    return number


@for_shop
async def make(request: Request, current: Session, shop: Shop) -> Response:
    """Make a batch and answer with its sheet to download; the page again, saying why, when it can't."""
    form = await checked_form(request, current)
    typed = {name: first(form, name) for name in ("count", "products", "expires_days", "format")}
    fmt = typed["format"] if typed["format"] in SHEETS else "pdf"
    try:
        count = _number(typed["count"], "count", N_("Write how many codes, as a number."))
        days = _number(
            typed["expires_days"] or str(store_codes.DEFAULT_EXPIRES_DAYS),
            "expires_days",
            N_("Write the days as a number."),
        )
        products = product_ids(typed["products"])
        code_sheet.check_size(fmt, count)
        by = current.actor
        batch, made = await store(request).write(
            lambda db: store_codes.create(db, shop.id, count, products, days, by=by)
        )
    except Invalid as problem:
        message, errors = problem.in_language(request_language(request))
        return await _page(request, current, shop, status=422, problem=message, errors=errors, typed=typed)
    found = code_sheet.labels(base_url(request), shop.slug, made)
    if fmt == "pdf":
        body = await run_in_threadpool(code_sheet.pdf, found, shop.name, shop.lang)
    else:
        body = code_sheet.csv(found)
    name = f"{shop.slug}-codes-{batch.id}.{fmt}"
    return Response(
        body,
        media_type=SHEETS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@for_shop
async def revoke(request: Request, current: Session, shop: Shop) -> Response:
    form, batch_id = await checked_form(request, current), request.path_params["id"]
    if first(form, "action") != "withdraw":
        raise Invalid(N_("Choose what to do with the batch."), {"action": one_of(["withdraw"])})
    by = current.actor

    def withdraw(db: Database) -> None:
        if not store_codes.batches(db, shop.id, batch_id):
            raise NotFound(N_("There is no such batch of codes."))
        store_codes.revoke(db, shop.id, batch_id, by=by)  # already withdrawn: nothing more to do

    await store(request).write(withdraw)
    return RedirectResponse(f"/admin/shops/{shop.slug}/codes?done=withdrawn#batch-{batch_id}", status_code=303)


routes = [
    Route("/admin/shops/{shop}/codes", codes_page, methods=["GET"]),
    Route("/admin/shops/{shop}/codes", make, methods=["POST"]),
    Route("/admin/shops/{shop}/codes/{id:id}", revoke, methods=["POST"]),
]
