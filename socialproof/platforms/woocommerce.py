"""WooCommerce's order webhooks (order.created, order.updated) as our Order.

It acts when an order's status becomes ``completed`` (fulfilled), and on
``cancelled`` or ``refunded``; other statuses are acknowledged and left.
WooCommerce sends ``webhook_id=N`` once when a webhook is created: a ping.
"""

from __future__ import annotations

from typing import Any

from socialproof.platforms.orders import Order, OrderState, lines, listed, order_id, parse

STATES = {"completed": OrderState.FULFILLED, "cancelled": OrderState.CANCELLED, "refunded": OrderState.CANCELLED}


def order(payload: Any) -> Order | None:
    reference = order_id(payload, "WooCommerce")
    state = STATES.get(str(payload.get("status")))
    if state is None:
        return None
    billing: dict[str, Any] = payload["billing"] if isinstance(payload.get("billing"), dict) else {}
    products = lines(listed(payload, "line_items"), "name")
    if not products:
        return None
    completed = payload.get("date_completed_gmt")
    return parse(
        {
            "status": state.value,
            "order": reference,
            "email": billing.get("email") or None,
            "name": billing.get("first_name") or None,
            "fulfilled_at": f"{completed}+00:00" if completed and state is OrderState.FULFILLED else None,
            "products": products,
        }
    )
