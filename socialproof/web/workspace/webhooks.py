"""The workspace's webhooks page: a shop's endpoints, their delivery log, send again, pause and resume."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.errors import Invalid, one_of
from socialproof.i18n import N_
from socialproof.policy import WEBHOOK_PAUSE_AFTER, WEBHOOK_RETRIES, WEBHOOK_TIMEOUT_SECONDS
from socialproof.shops.registry import Shop
from socialproof.web.problems import request_language
from socialproof.web.requests import settings, store
from socialproof.web.workspace.sessions import Session, checked_form, first, for_shop, page, saved
from socialproof.webhooks import deliveries, endpoints
from socialproof.webhooks.deliveries import DeliveryStatus
from socialproof.webhooks.endpoints import EndpointKind, EndpointStatus, Wanted
from socialproof.webhooks.events import EventType

EVENT_LABELS = {
    EventType.REVIEW_SUBMITTED: N_("A review is written"),
    EventType.REVIEW_PUBLISHED: N_("A review is published"),
    EventType.REVIEW_REJECTED: N_("A review is rejected"),
    EventType.REVIEW_EDITED: N_("A review's words change"),
    EventType.REVIEW_WITHDRAWN: N_("A review is withdrawn"),
    EventType.REVIEW_REPORTED: N_("A review is reported"),
    EventType.REPLY_PUBLISHED: N_("The shop's reply is published"),
    EventType.PHOTO_PUBLISHED: N_("A shopper's photo is published"),
    EventType.IMPORT_FINISHED: N_("An import is finished"),
}
KIND_LABELS = {
    EndpointKind.STANDARD: N_("Signed JSON (Standard Webhooks)"),
    EndpointKind.SLACK: N_("Slack message"),
    EndpointKind.TEAMS: N_("Microsoft Teams message"),
}
DELIVERY_LABELS = {
    DeliveryStatus.QUEUED: N_("Waiting"),
    DeliveryStatus.SENDING: N_("Being sent"),
    DeliveryStatus.DELIVERED: N_("Delivered"),
    DeliveryStatus.FAILED: N_("Given up"),
}
ACTIONS = ("pause", "resume", "remove")


async def _page(request: Request, current: Session, shop: Shop, *, status: int = 200, **context: Any) -> Response:
    def load(db: Database) -> dict[str, Any]:
        found = endpoints.of_shop(db, shop)
        return {"hooks": found, "logs": {e.id: deliveries.log(db, shop, e.id, limit=20) for e in found}}

    return page(
        request,
        "webhooks.html",
        current,
        status=status,
        shop=shop,
        event_labels=EVENT_LABELS,
        kind_labels=KIND_LABELS,
        delivery_labels=DELIVERY_LABELS,
        retries=len(WEBHOOK_RETRIES),
        retry_hours=round(sum(w.total_seconds() for w in WEBHOOK_RETRIES) / 3600),
        timeout=WEBHOOK_TIMEOUT_SECONDS,
        pause_days=WEBHOOK_PAUSE_AFTER.days,
        paused=EndpointStatus.PAUSED,
        done=request.query_params.get("done", ""),
        **{"problem": None, "errors": {}, "typed": None} | (await store(request).read(load)) | context,
    )


@for_shop
async def webhooks_page(request: Request, current: Session, shop: Shop) -> Response:
    return await _page(request, current, shop)


@for_shop
async def add(request: Request, current: Session, shop: Shop) -> Response:
    form = await checked_form(request, current)
    typed = {
        "url": first(form, "url"),
        "events": form.get("events", []),
        "kind": first(form, "kind") or None,
        "include_text": first(form, "include_text") == "on",
    }
    loopback = bool(settings(request).webhooks_allow_loopback)
    try:
        wanted = await run_in_threadpool(endpoints.parse, typed, loopback=loopback)
        await store(request).write(lambda db: endpoints.register(db, shop, wanted))
    except Invalid as problem:  # the page again, with what was typed and why not
        message, errors = problem.in_language(request_language(request))
        return await _page(request, current, shop, status=422, problem=message, errors=errors, typed=typed)
    return saved(f"/admin/shops/{shop.slug}/webhooks")


@for_shop
async def act(request: Request, current: Session, shop: Shop) -> Response:
    form, endpoint_id = await checked_form(request, current), request.path_params["id"]
    action = first(form, "action")
    if action not in ACTIONS:
        raise Invalid(N_("Choose what to do with the webhook."), {"action": one_of(ACTIONS)})

    def apply(db: Database) -> None:
        if action == "remove":
            endpoints.remove(db, shop, endpoint_id)
        else:
            status = EndpointStatus.PAUSED if action == "pause" else EndpointStatus.ACTIVE
            endpoints.change(db, shop, endpoint_id, Wanted(status=status))

    await store(request).write(apply)
    return saved(f"/admin/shops/{shop.slug}/webhooks")


@for_shop
async def send_again(request: Request, current: Session, shop: Shop) -> Response:
    await checked_form(request, current)
    endpoint_id, delivery_id = request.path_params["id"], request.path_params["delivery"]
    await store(request).write(lambda db: deliveries.send_again(db, shop, endpoint_id, delivery_id))
    return saved(f"/admin/shops/{shop.slug}/webhooks", f"hook-{endpoint_id}")


routes = [
    Route("/admin/shops/{shop}/webhooks", webhooks_page, methods=["GET"]),
    Route("/admin/shops/{shop}/webhooks", add, methods=["POST"]),
    Route("/admin/shops/{shop}/webhooks/{id:id}", act, methods=["POST"]),
    Route("/admin/shops/{shop}/webhooks/{id:id}/deliveries/{delivery:id}", send_again, methods=["POST"]),
]
