"""WooCommerce's order webhooks (order.created, order.updated) as our Order.

It acts when an order's status becomes ``completed`` (fulfilled), and on
``cancelled`` or ``refunded``; other statuses are acknowledged and left.
WooCommerce sends ``webhook_id=N`` once when a webhook is created: a ping.
"""

from __future__ import annotations

from typing import Any

from socialproof.errors import Invalid
from socialproof.i18n import N_
from socialproof.platforms.orders import Order, OrderState, lines, parse

STATES = {"completed": OrderState.FULFILLED, "cancelled": OrderState.CANCELLED, "refunded": OrderState.CANCELLED}


def order(payload: Any) -> Order | None:
    if not isinstance(payload, dict) or "id" not in payload:
        raise Invalid(N_("This is not a WooCommerce order."), {"id": N_("required")})
    state = STATES.get(str(payload.get("status")))
    if state is None:
        return None
    billing: dict[str, Any] = payload["billing"] if isinstance(payload.get("billing"), dict) else {}
    products = lines(payload.get("line_items"), "name")
    if not products:
        return None
    completed = payload.get("date_completed_gmt")
    return parse(
        {
            "status": state.value,
            "order": str(payload["id"]),
            "email": billing.get("email") or None,
            "name": billing.get("first_name") or None,
            "fulfilled_at": f"{completed}+00:00" if completed and state is OrderState.FULFILLED else None,
            "products": products,
        }
    )
