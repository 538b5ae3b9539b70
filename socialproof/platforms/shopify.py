"""Shopify's order webhooks (orders/paid, orders/fulfilled, orders/cancelled) as our Order.

Only the order's id, the customer's address, first name and locale, the line
items' product ids, titles and quantities, and the fulfilment time are read;
prices, addresses and phone numbers in the payload are ignored.
"""

from __future__ import annotations

from typing import Any

from socialproof.i18n import LANGUAGES
from socialproof.platforms.orders import Order, OrderState, lines, listed, order_id, parse

# The topics we listen to. What happened is read from the signed body, never from the topic header:
# Shopify doesn't sign the header, so a captured orders/paid body re-sent as orders/cancelled cancels nothing.
TOPICS = ("orders/paid", "orders/fulfilled", "orders/cancelled")
PAID_STATUSES = ("paid", "partially_refunded")


def state_of(payload: dict[str, Any]) -> OrderState | None:
    """What the order's own fields say happened to it; None while it is neither paid, fulfilled nor cancelled."""
    if payload.get("cancelled_at"):
        return OrderState.CANCELLED
    if payload.get("fulfillment_status") == "fulfilled":
        return OrderState.FULFILLED
    if payload.get("financial_status") in PAID_STATUSES:
        return OrderState.PAID
    return None


def order(topic: str, payload: Any) -> Order | None:
    """The order a webhook reports, or None for a topic or a state we don't act on."""
    if topic not in TOPICS:
        return None
    reference = order_id(payload, "Shopify")
    state = state_of(payload)
    if state is None:
        return None
    customer: dict[str, Any] = payload["customer"] if isinstance(payload.get("customer"), dict) else {}
    locale = str(payload.get("customer_locale") or "")[:2].lower()
    fulfilments = [f for f in listed(payload, "fulfillments") if isinstance(f, dict) and f.get("created_at")]
    products = lines(listed(payload, "line_items"), "title")
    if not products:
        return None  # nothing we know as a product (a gift card, a custom item)
    return parse(
        {
            "status": state.value,
            "order": reference,
            "email": payload.get("email") or customer.get("email") or None,
            "name": customer.get("first_name") or None,
            "lang": locale if locale in LANGUAGES else None,
            "fulfilled_at": fulfilments[-1]["created_at"] if state is OrderState.FULFILLED and fulfilments else None,
            "products": products,
        }
    )
