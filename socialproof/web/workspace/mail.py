"""The workspace's mail pages: a moderator's digest choice, and a shop's mail (status, requests, outbox)."""

from __future__ import annotations

from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.errors import Invalid, one_of
from socialproof.fields import ascii_int
from socialproof.i18n import N_
from socialproof.mail import outbox, suppression
from socialproof.mail.outbox import MailKind, Status
from socialproof.moderation import digests
from socialproof.platforms import connections
from socialproof.platforms.connections import ENDPOINT, Platform
from socialproof.policy import REQUEST_DAYS_MAX
from socialproof.shops.registry import Shop, update_shop
from socialproof.web.requests import base_url, settings, store
from socialproof.web.workspace.sessions import (
    Session,
    admin_lang,
    checked_form,
    first,
    for_shop,
    page,
    saved,
    signed_in,
)

KIND_LABELS = {
    MailKind.TEST: N_("Test message"),
    MailKind.STATEMENT: N_("Statement of reasons"),
    MailKind.REQUEST: N_("Review request"),
    MailKind.REMINDER: N_("Reminder"),
    MailKind.CONFIRMATION: N_("Review confirmation"),
    MailKind.DIGEST: N_("Moderator digest"),
    MailKind.WEBHOOK_PAUSED: N_("Webhook paused"),
}
STATUS_LABELS = {
    Status.QUEUED: N_("Waiting to be sent"),
    Status.SENDING: N_("Being sent"),
    Status.SENT: N_("Sent"),
    Status.FAILED: N_("Not delivered"),
    Status.WITHHELD: N_("Withheld by the rules"),
}


@signed_in
async def account_page(request: Request, current: Session) -> Response:
    chosen, _ = await store(request).read(lambda db: digests.preference(db, current.moderator.id))
    done = request.query_params.get("done", "")
    return page(request, "account.html", current, digest=chosen, choices=list(digests.Digest), done=done)


@signed_in
async def save_account(request: Request, current: Session) -> Response:
    form = await checked_form(request, current)
    chosen, lang = first(form, "digest"), admin_lang(request)
    await store(request).write(lambda db: digests.choose(db, current.moderator.email, chosen, lang))
    return saved("/admin/account")


@for_shop
async def mail_page(request: Request, current: Session, shop: Shop) -> Response:
    config = settings(request)

    def load(db: Database) -> dict[str, Any]:
        rows = outbox.recent(db, shop.id)
        for row in rows:
            row["recipient"] = outbox.masked(row["recipient"])
        return {
            "messages": rows,
            "suppressed": suppression.count(db, shop.id),
            "connected": connections.connected(db, shop),
        }

    return page(
        request,
        "mail.html",
        current,
        shop=shop,
        sends=config.sends_mail,
        missing=[name for name in ("smtp_host", "mail_from", "public_url") if not getattr(config, name)],
        sender_on=config.mail_sender != "off",
        kinds=KIND_LABELS,
        statuses=STATUS_LABELS,
        days_max=REQUEST_DAYS_MAX,
        done=request.query_params.get("done", ""),
        platforms=list(Platform),
        endpoints={p: base_url(request) + ENDPOINT.format(shop=shop.slug, platform=p.value) for p in Platform},
        **await store(request).read(load),
    )


@for_shop
async def save_platform(request: Request, current: Session, shop: Shop) -> Response:
    """The secret the shop's platform signs its order webhooks with (never shown again)."""
    form = await checked_form(request, current)
    chosen, secret = first(form, "platform"), first(form, "secret")
    if chosen not in set(Platform):
        raise Invalid(N_("Choose the shop's platform."), {"platform": one_of(p.value for p in Platform)})
    await store(request).write(lambda db: connections.connect(db, shop, Platform(chosen), secret))
    return saved(f"/admin/shops/{shop.slug}/mail", "platform")


@for_shop
async def save_requests(request: Request, current: Session, shop: Shop) -> Response:
    form = await checked_form(request, current)
    on = first(form, "review_requests") == "on"
    after = _days(first(form, "request_after_days"), "request_after_days")
    reminder_text = first(form, "reminder_after_days").strip()
    reminder: int | Literal["none"] = _days(reminder_text, "reminder_after_days") if reminder_text else "none"
    await store(request).write(
        lambda db: update_shop(
            db, shop.slug, review_requests=on, request_after_days=after, reminder_after_days=reminder
        )
    )
    return saved(f"/admin/shops/{shop.slug}/mail")


def _days(text: str, field: str) -> int:
    """A number of days as typed; the range is update_shop's to check."""
    days = ascii_int(text.strip(), 0, 10_000)
    if days is None:
        raise Invalid(N_("Give a number of days."), {field: N_("a number of days")})
    return days


routes = [
    Route("/admin/account", account_page, methods=["GET"]),
    Route("/admin/account", save_account, methods=["POST"]),
    Route("/admin/shops/{shop}/mail", mail_page, methods=["GET"]),
    Route("/admin/shops/{shop}/mail", save_requests, methods=["POST"]),
    Route("/admin/shops/{shop}/platform", save_platform, methods=["POST"]),
]
