"""Review requests: the shop's buyers are asked by mail, each the same way, never selected.

When the shop reports an order with an address and has requests on, one
request is queued for the order, due ``request_after_days`` after the order
(or its fulfilment). Sending it queues the one reminder, so the two never go
in one run. What they say is decided when they are due, against the rules:

- a product the address was asked about in the last 12 months, or already
  reviewed, is left out; a message with nothing left is withheld;
- at most ``SOLICITED_CAP`` requests and reminders reach an address from one
  shop in ``SOLICITED_WINDOW_DAYS``: a request over the cap waits, a reminder
  over it is withheld;
- an address that unsubscribed gets nothing (mail/sender.py checks every message).

Nothing here looks at ratings, prices, products or who the buyer is: every
order with an address is asked (RULES.md: no selecting happy customers).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from socialproof import clock, policy
from socialproof.db.engine import Database
from socialproof.i18n import LANGUAGES, formatter
from socialproof.mail import outbox, suppression
from socialproof.mail.compose import Composer, Inline, Mail, from_template, shop_of
from socialproof.mail.outbox import SOLICITED, MailKind, Postponed, Queued, Withheld
from socialproof.reviews.invitations import InvitationRequest, make_token
from socialproof.reviews.products import pictures
from socialproof.shops.registry import Shop


@dataclass(frozen=True)
class Asked:
    """One product of the order, as a request names it."""

    invitation: int
    product: str
    name: str
    expires: datetime
    product_row: int  # its picture, when the shop gave one, travels in the mail (never a remote image)


def schedule(db: Database, shop: Shop, order: InvitationRequest, fresh: list[int], link_days: int) -> int | None:
    """Queue the order's request, if the shop asks for them; the outbox id, or None.

    Only the invitations this report made (``fresh``) are asked about: an
    order reported while requests were off is never mailed later, and
    reporting an order twice queues nothing new.
    """
    if not shop.review_requests or not order.email or not fresh:
        return None
    reported = clock.now()
    due = (order.fulfilled_at or reported) + timedelta(days=shop.request_after_days)
    lang = order.lang or shop.lang
    request_id = outbox.enqueue(
        db, shop.id, MailKind.REQUEST, order.email, lang, {"order": order.order}, max(due, reported)
    )
    # The links must outlive the reminder: the invitation lasts link_days from the last mail.
    expires = max(due, reported) + timedelta(days=(shop.reminder_after_days or 0) + link_days)
    marks = ", ".join("?" for _ in fresh)
    db.execute(
        "UPDATE invitations SET request_id = ?, lang = ?, "
        f"expires_at = CASE WHEN expires_at > ? THEN expires_at ELSE ? END WHERE id IN ({marks})",
        [request_id, lang, expires.isoformat(), expires.isoformat(), *fresh],
    )
    return request_id


def _products(db: Database, shop: Shop, queued: Queued, request_id: int, column: str) -> list[Asked]:
    """The order's products still worth asking about (``column``: requested_at or reminded_at)."""
    year_ago = (clock.now() - policy.REQUEST_PER_PRODUCT).isoformat()
    rows = db.query(
        f"""SELECT i.id, p.external_id, coalesce(p.name, p.external_id) AS name, i.expires_at, i.product_id
        FROM invitations i JOIN products p ON p.id = i.product_id
        WHERE i.request_id = ? AND i.shop_id = ? AND i.used_at IS NULL AND i.{column} IS NULL
          AND i.expires_at > ?
          AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.product_id = i.product_id
                          AND r.email = ? COLLATE NOCASE AND r.erased = 0)
          AND (? = 'reminded_at' OR NOT EXISTS (
                SELECT 1 FROM invitations o WHERE o.shop_id = i.shop_id AND o.product_id = i.product_id
                AND o.email = ? COLLATE NOCASE AND o.requested_at > ?))
        ORDER BY i.id""",
        [request_id, shop.id, clock.now_iso(), queued.recipient, column, queued.recipient, year_ago],
    )
    return [
        Asked(r["id"], r["external_id"], r["name"], datetime.fromisoformat(r["expires_at"]), r["product_id"])
        for r in rows
    ]


def over_cap(db: Database, shop: Shop, queued: Queued) -> datetime | None:
    """When the address may be asked again, if the cap is reached now; else None."""
    days = policy.SOLICITED_WINDOW_DAYS
    sent = outbox.sent_since(db, shop.id, queued.recipient, SOLICITED, days)
    if len(sent) < policy.SOLICITED_CAP:
        return None
    return sent[policy.SOLICITED_CAP - 1] + timedelta(days=days)


# What the request adds for the order as a whole, beside its products: the link to review the
# shop (shop_reviews/ordered.py, a package above this one: the mail job hands it in).
OrderLink = Callable[[Database, Shop, str, datetime, str, str], dict[str, Any] | None]


def star_links(page: str, query: dict[str, str]) -> dict[str, Any]:
    """A review page's link, and one per star rating that opens it with those stars chosen (one tap)."""
    return {
        "url": page + urlencode(query),
        "stars": [(n, page + urlencode(query | {"rating": str(n)})) for n in range(1, 6)],
    }


def _links(db: Database, shop: Shop, lang: str, public_url: str, asked: Asked, pictured: bool) -> dict[str, Any]:
    token = make_token(db, asked.invitation, shop.id, asked.product, asked.expires)
    page = f"{public_url}/review/{shop.slug}/{quote(asked.product, safe='')}?"
    image = f"cid:{_picture_cid(asked)}" if pictured else None
    return {"name": asked.name, "image": image} | star_links(page, {"invitation": token, "lang": lang})


def _picture_cid(asked: Asked) -> str:
    return f"product-{asked.product_row}@socialproof"


def first_name(db: Database, request_id: int) -> str | None:
    """The name the order gave, its first word: "Hi Anni" rather than "Hi Anni Virtanen"."""
    row = db.execute(
        "SELECT name FROM invitations WHERE request_id = ? AND name IS NOT NULL ORDER BY id LIMIT 1", [request_id]
    ).fetchone()
    return row[0].split()[0] if row and row[0].split() else None


def _order_link(db: Database, shop: Shop, request_id: int, lang: str, public_url: str, link: OrderLink) -> Any:
    order = next(
        db.query(
            "SELECT order_ref, max(expires_at) AS expires FROM invitations WHERE request_id = ? GROUP BY order_ref",
            [request_id],
        ),
        None,
    )
    return (
        link(db, shop, order["order_ref"], datetime.fromisoformat(order["expires"]), lang, public_url)
        if order
        else None
    )


def _compose(db: Database, queued: Queued, public_url: str, *, reminder: bool, order_link: OrderLink | None) -> Mail:
    shop = shop_of(db, queued)
    request_id = queued.ref["request"] if reminder else queued.id
    asked = _products(db, shop, queued, request_id, "reminded_at" if reminder else "requested_at")
    if not asked:
        raise Withheld("every product of the order is reviewed, expired, or was asked about within 12 months")
    free_again = over_cap(db, shop, queued)
    if free_again is not None:
        if reminder:
            raise Withheld(f"the address had {policy.SOLICITED_CAP} requests in {policy.SOLICITED_WINDOW_DAYS} days")
        raise Postponed(
            free_again,
            f"the address had {policy.SOLICITED_CAP} requests in the last {policy.SOLICITED_WINDOW_DAYS} days",
        )
    t = formatter(queued.lang)
    ordered = db.execute("SELECT min(created_at) FROM invitations WHERE request_id = ?", [request_id]).fetchone()[0]
    subject = (
        t.gettext("A reminder: how did your order from %(shop)s turn out?")
        if reminder
        else t.gettext("How did your order from %(shop)s turn out?")
    ) % {"shop": shop.name}
    unsubscribe = f"{public_url}/mail/unsubscribe/{suppression.unsubscribe_token(db, shop.id, queued.recipient)}"
    shown = pictures(db, [a.product_row for a in asked])
    mail = from_template(
        queued.lang,
        "request",
        subject,
        inline=[Inline(_picture_cid(a), shown[a.product_row], "jpeg") for a in asked if a.product_row in shown],
        shop=shop,
        first_name=first_name(db, request_id),
        all_reviews=f"{public_url}/reviews/{shop.slug}?lang={queued.lang}",
        products=[_links(db, shop, queued.lang, public_url, a, a.product_row in shown) for a in asked],
        shop_review=_order_link(db, shop, request_id, queued.lang, public_url, order_link) if order_link else None,
        ordered=t.date(ordered),
        reminder=reminder,
        unsubscribe=unsubscribe,
        cap=policy.SOLICITED_CAP,
        days=policy.SOLICITED_WINDOW_DAYS,
    )
    ids = [a.invitation for a in asked]

    def mark(db: Database) -> None:
        now = clock.now_iso()
        marks = ", ".join("?" for _ in ids)
        column = "reminded_at" if reminder else "requested_at"
        db.execute(f"UPDATE invitations SET {column} = ? WHERE id IN ({marks})", [now, *ids])
        if not reminder and shop.reminder_after_days is not None:
            due = clock.now() + timedelta(days=shop.reminder_after_days)
            lang = queued.lang if queued.lang in LANGUAGES else shop.lang
            outbox.enqueue(db, shop.id, MailKind.REMINDER, queued.recipient, lang, {"request": queued.id}, due)

    return replace(mail, unsubscribe_url=unsubscribe, on_sent=mark)


def composers(order_link: OrderLink | None = None) -> Mapping[MailKind, Composer]:
    """The request and its reminder, each also linking to ``order_link``'s page when it gives one."""
    return {
        MailKind.REQUEST: functools.partial(_compose, reminder=False, order_link=order_link),
        MailKind.REMINDER: functools.partial(_compose, reminder=True, order_link=order_link),
    }
