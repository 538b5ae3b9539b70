"""An order's life as the platform reports it: paid, fulfilled, cancelled; each report applied once.

A paid or fulfilled order records its purchases (for "ordered this week")
once, and its invitations and review request as the invitations API does
(only when the shop asks for requests). Fulfilment moves a request not yet
sent to count its days from the fulfilment. A cancelled or refunded order
withdraws the mail not yet sent and ends its review links. The same report
twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.errors import Invalid, one_of
from socialproof.fields import ascii_int
from socialproof.i18n import LANGUAGES, N_
from socialproof.mail import outbox
from socialproof.mail.outbox import Status
from socialproof.reviews import invitations, review_requests
from socialproof.reviews.invitations import InvitationRequest
from socialproof.shops.registry import Shop
from socialproof.signals import presence

QUANTITY_MAX = 1000


class OrderState(StrEnum):
    PAID = "paid"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Order:
    state: OrderState
    request: InvitationRequest  # reference, products, customer: what the invitations API takes
    quantities: dict[str, int]  # product id → how many


def order_id(payload: Any, platform: str) -> str:
    """A platform order's id, as text: a whole number or a string, never null, true or 1.5."""
    if not isinstance(payload, dict):
        raise Invalid(N_("This is not an order from %(platform)s."), {"id": N_("required")}, platform=platform)
    value = payload.get("id")
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip():
        raise Invalid(
            N_("This is not an order from %(platform)s."),
            {"id": N_("the order's id: a number or text")},
            platform=platform,
        )
    return str(value).strip()


def listed(payload: dict[str, Any], field: str) -> list[Any]:
    """``payload[field]``, which must be a list when it is there at all."""
    value = payload.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid(N_("The order's %(field)s should be a list."), {field: N_("a list")}, field=field)
    return value


def lines(items: list[Any], name: str) -> list[dict[str, Any]]:
    """A platform's line items as our products: product id, ``name``'s title, quantity, SKU; nothing else.
    Items without a product (a gift card, a custom line) are left out."""
    return [
        {"id": str(item["product_id"]), "name": str(item.get(name) or item["product_id"])[:200],
         "quantity": item.get("quantity", 1), **({"sku": item["sku"]} if item.get("sku") else {})}
        for item in items
        if isinstance(item, dict) and isinstance(item.get("product_id"), (int, str)) and item.get("product_id")
    ]  # fmt: skip


ORDER_FIELDS = N_("The order has fields that need attention.")


def parse(data: Any) -> Order:
    """Our own order shape (the invitations API's, plus ``status`` and each product's ``quantity``).

    As the contract has it: ``status`` may be left out (with ``fulfilled_at`` the order is fulfilled,
    without it paid); ``order`` may be a number, as platforms number their orders; ``lang`` may be a
    region tag (``fi-FI`` is Finnish), and a language we don't speak falls back to the shop's.
    """
    if not isinstance(data, dict):
        raise Invalid(N_("Send a JSON object."), {"order": N_("required")})
    data = dict(data)
    state = data.get("status")
    if state is None:
        state = OrderState.FULFILLED.value if data.get("fulfilled_at") else OrderState.PAID.value
    if not isinstance(state, str) or state not in set(OrderState):
        raise Invalid(ORDER_FIELDS, {"status": one_of(s.value for s in OrderState)})
    if isinstance(data.get("order"), int) and not isinstance(data.get("order"), bool):
        data["order"] = str(data["order"])
    if "lang" in data:
        data["lang"] = language_of(data["lang"])
    request = invitations.parse_request(data, ORDER_FIELDS)
    quantities: dict[str, int] = {}
    for n, item in enumerate(data["products"]):
        quantity = ascii_int(item.get("quantity", 1), 1, QUANTITY_MAX)
        if quantity is None:
            raise Invalid(ORDER_FIELDS, {f"products[{n}].quantity": N_("1-1000")})
        quantities[str(item["id"])] = quantities.get(str(item["id"]), 0) + quantity
    return Order(OrderState(state), request, quantities)


def language_of(tag: Any) -> str | None:
    """One of our languages from a tag such as ``fi-FI`` or ``sv_SE``; None (the shop's) for any other."""
    if not isinstance(tag, str):
        return None
    primary = tag.replace("_", "-").split("-", 1)[0].strip().lower()
    return primary if primary in LANGUAGES else None


def apply(db: Database, shop: Shop, order: Order, base_url: str, link_days: int) -> str:
    """Apply one report of the order; what it did, in a word (for the platform's delivery log)."""
    ref = order.request.order
    row = db.execute("SELECT state, purchases_recorded FROM orders WHERE shop_id = ? AND order_ref = ?", [shop.id, ref])
    known = row.fetchone()
    if known and known[0] == OrderState.CANCELLED:
        return "already cancelled"
    if known and known[0] == order.state:
        return "unchanged"
    now = clock.now_iso()
    db.execute(
        "INSERT INTO orders (shop_id, order_ref, state, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (shop_id, order_ref) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
        [shop.id, ref, order.state.value, now],
    )
    if order.state is OrderState.CANCELLED:
        _withdraw(db, shop, ref)
        return "cancelled"
    if not (known and known[1]):
        for product, quantity in order.quantities.items():
            presence.record_purchase(db, shop, product, quantity, None)
        db.execute("UPDATE orders SET purchases_recorded = 1 WHERE shop_id = ? AND order_ref = ?", [shop.id, ref])
    created = invitations.create_invitations(db, shop, order.request, base_url, link_days)
    if (
        review_requests.schedule(db, shop, order.request, created.fresh, link_days) is None
        and order.request.fulfilled_at
    ):
        _count_from_fulfilment(db, shop, order.request)
    return order.state.value


def _count_from_fulfilment(db: Database, shop: Shop, request: InvitationRequest) -> None:
    """A request queued at payment waits its days from the fulfilment instead, when that comes."""
    assert request.fulfilled_at is not None
    due = max(request.fulfilled_at + timedelta(days=shop.request_after_days), clock.now())
    for (request_id,) in db.execute(
        "SELECT DISTINCT request_id FROM invitations WHERE shop_id = ? AND order_ref = ? AND request_id IS NOT NULL",
        [shop.id, request.order],
    ).fetchall():
        if outbox.status_of(db, request_id).get("status") == Status.QUEUED:
            outbox.postpone(db, request_id, due, "counted from the fulfilment")


def _withdraw(db: Database, shop: Shop, ref: str) -> None:
    rows = db.execute(
        "SELECT DISTINCT request_id FROM invitations WHERE shop_id = ? AND order_ref = ? AND request_id IS NOT NULL",
        [shop.id, ref],
    ).fetchall()
    for (request_id,) in rows:
        if outbox.status_of(db, request_id).get("status") == Status.QUEUED:
            outbox.withhold(db, request_id, "the order was cancelled")
    db.execute(
        "UPDATE invitations SET expires_at = ? WHERE shop_id = ? AND order_ref = ? AND used_at IS NULL",
        [clock.now_iso(), shop.id, ref],
    )
