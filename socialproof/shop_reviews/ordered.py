"""The review-request mail's link to review the shop: one "Verified buyer" review of the shop per order.

The link's token is signed by this server and names the shop, the order and when
it expires; the order is the shop's own reference, the one its invitations carry.
It is used up by the review it brings (``UNIQUE (shop_id, order_ref)``), so an order
gives one verified review of the shop, however many products it had. A link that
can't be used is refused with the same sentences as a product's review link, and
the shopper may still write an unverified review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.db.server_secrets import sign, verified
from socialproof.reviews.invitations import Fault, InvitationProblem
from socialproof.reviews.review_requests import star_links
from socialproof.shops.registry import Shop

SECRET = "shop_reviews"  # its own secret: a product's review link can't stand for the shop, nor the other way


@dataclass(frozen=True)
class OrderLink:
    order: str
    name: str | None  # the buyer's name and address as the shop reported the order
    email: str | None
    month: str | None = None  # the month the shop first reported the order: the review's date of experience


def make_token(db: Database, shop_id: int, order: str, expires: datetime) -> str:
    return sign(db, SECRET, {"s": shop_id, "o": order, "e": int(expires.timestamp())})


def reviewed(db: Database, shop_id: int, order: str) -> bool:
    """Whether the order's review of the shop is written already."""
    found = db.query("SELECT 1 FROM shop_reviews WHERE shop_id = ? AND order_ref = ?", [shop_id, order])
    return next(found, None) is not None


def mail_link(
    db: Database, shop: Shop, order: str, expires: datetime, lang: str, public_url: str
) -> dict[str, Any] | None:
    """The review-request mail's link to review the shop for ``order``; None once that review is written."""
    if reviewed(db, shop.id, order):
        return None
    token = make_token(db, shop.id, order, expires)
    return star_links(f"{public_url}/shop-reviews/{shop.slug}/write?", {"invitation": token, "lang": lang})


def redeem(db: Database, shop: Shop, token: str) -> OrderLink:
    """The order a token stands for, or the 4xx that says why it can't be used."""
    claims = verified(db, SECRET, token)
    order = claims.get("o") if claims else None
    if claims is None or claims.get("s") != shop.id or not isinstance(order, str):
        raise InvitationProblem(Fault.FORGED)
    buyer = next(
        db.query(
            "SELECT name, email, (SELECT min(created_at) FROM invitations WHERE shop_id = ? AND order_ref = ?) AS first "
            "FROM invitations WHERE shop_id = ? AND order_ref = ? ORDER BY id DESC LIMIT 1",
            [shop.id, order, shop.id, order],
        ),
        None,
    )
    if buyer is None:  # signed for an order this database no longer holds (the shop was restored, say)
        raise InvitationProblem(Fault.FORGED)
    if reviewed(db, shop.id, order):
        raise InvitationProblem(Fault.USED)
    if not isinstance(claims.get("e"), int) or clock.now().timestamp() > claims["e"]:
        raise InvitationProblem(Fault.EXPIRED)
    return OrderLink(order, buyer["name"], buyer["email"], buyer["first"][:7])


def peek(db: Database, shop: Shop, token: str) -> OrderLink | InvitationProblem:
    """Like redeem, for showing the form: the problem is returned, not raised."""
    try:
        return redeem(db, shop, token)
    except InvitationProblem as problem:
        return problem
