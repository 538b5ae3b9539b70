"""Review invitations: the only way a review becomes "Verified buyer".

The shop's backend reports an order; each product in it gets a personal link
whose token is signed by this server and names the invitation, which is bound
to the shop, the order and the product, used once, and expires. A review sent
with a valid token is marked verified: a reasonable check that its writer
bought the product (RULES.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlencode

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.db.server_secrets import sign, verified
from socialproof.errors import FieldProblem, Invalid, Problem, ProblemKind
from socialproof.fields import is_address
from socialproof.i18n import LANGUAGES, N_
from socialproof.reviews import identifiers
from socialproof.reviews.input import AUTHOR_MAX, LINK_NOT_VALID, PRODUCT_NAME_MAX, URL, URL_MAX
from socialproof.reviews.products import PRODUCT_ID, upsert_product
from socialproof.sanitize import bounded
from socialproof.shops.registry import Shop

ORDER_REF = re.compile(r"[^\x00-\x1f]{1,100}")
MAX_PRODUCTS = 50


class Fault(StrEnum):
    """Why a review link can't be used."""

    FORGED = "forged"
    USED = "used"
    EXPIRED = "expired"


FAULTS = {
    Fault.FORGED: (ProblemKind.FORBIDDEN, LINK_NOT_VALID),
    Fault.USED: (
        ProblemKind.CONFLICT,
        N_("This review link has been used already. You can still write a review without it."),
    ),
    Fault.EXPIRED: (
        ProblemKind.FORBIDDEN,
        N_("This review link has expired. You can still write a review without it."),
    ),
}


class InvitationProblem(Problem):
    """A review link that can't be used; the shopper may still post without it.

    In-store codes (store_codes.py) are the same promise made at the counter: their
    problem is this one with its own sentences and field.
    """

    field = "invitation"  # the form field that carried it, dropped so that sending again posts unverified
    faults: Mapping[Any, tuple[ProblemKind, str]] = FAULTS

    def __init__(self, fault: StrEnum) -> None:
        self.kind, message = self.faults[fault]
        self.fault = fault
        super().__init__(message, {self.field: fault.value})


@dataclass(frozen=True)
class Invitation:
    id: int
    shop_id: int
    product: str
    name: str | None
    email: str | None
    month: str | None = None  # the month the shop reported the order ("2026-03"): the review's date of experience


def make_token(db: Database, invitation_id: int, shop_id: int, product: str, expires: datetime) -> str:
    return sign(db, "invitations", {"i": invitation_id, "s": shop_id, "p": product, "e": int(expires.timestamp())})


@dataclass(frozen=True)
class InvitationRequest:
    order: str
    products: list[dict[str, Any]]  # id, name, url, image, ids (Identifiers)
    email: str | None
    name: str | None
    lang: str | None  # the order's language, carried on the link; else the shopper's browser decides
    fulfilled_at: datetime | None = None  # review requests count their days from here, else from the report


FIELDS_NEED_ATTENTION = N_("The invitation request has fields that need attention.")


def parse_request(data: Any, problem: str = FIELDS_NEED_ATTENTION) -> InvitationRequest:
    """The merchant's JSON as an InvitationRequest, or a 422 (``problem``, each field named)."""
    errors: dict[str, FieldProblem] = {}
    if not isinstance(data, dict):
        raise Invalid(N_("Send a JSON object."), {"order": N_("required")})
    order = data.get("order")
    if not isinstance(order, str) or not ORDER_REF.fullmatch(order.strip()):
        errors["order"] = N_("the order reference: 1-100 characters")
    products = data.get("products")
    parsed: list[dict[str, Any]] = []
    if not isinstance(products, list) or not 1 <= len(products) <= MAX_PRODUCTS:
        errors["products"] = N_("a list of 1-50 products")
    else:
        for n, item in enumerate(products):
            if not isinstance(item, dict):
                errors[f"products[{n}]"] = N_("an object with id and name")
                continue
            pid, name = item.get("id"), item.get("name")
            if not isinstance(pid, str) or not PRODUCT_ID.fullmatch(pid):
                errors[f"products[{n}].id"] = N_("1-100 characters: letters, digits and . _ : -")
            name = bounded(name, PRODUCT_NAME_MAX) if isinstance(name, str) else None
            if not name:
                errors[f"products[{n}].name"] = N_("the product's name, 1-200 characters")
            for key in ("url", "image"):
                value = item.get(key)
                if value is not None and (
                    not isinstance(value, str) or len(value) > URL_MAX or not URL.fullmatch(value)
                ):
                    errors[f"products[{n}].{key}"] = N_("Give a full http or https address.")
            ids = identifiers.NONE
            try:
                ids = identifiers.parse(item, prefix=f"products[{n}].")
            except Invalid as bad:
                errors |= bad.errors
            if name and isinstance(pid, str):
                parsed.append({"id": pid, "name": name, "url": item.get("url"), "image": item.get("image"), "ids": ids})
    email = data.get("email")
    if email is not None and (not isinstance(email, str) or not is_address(email)):
        errors["email"] = N_("an e-mail address, or leave it out")
    name = data.get("name")
    if name is not None:
        name = bounded(name, AUTHOR_MAX) if isinstance(name, str) else None
        if name is None:
            errors["name"] = N_("the shopper's display name, at most 60 characters")
    lang = data.get("lang")
    if lang is not None and lang not in LANGUAGES:
        errors["lang"] = N_("fi, sv or en, or leave it out")
    fulfilled_at = None
    try:
        fulfilled_at = _moment(data.get("fulfilled_at"))
    except ValueError:
        errors["fulfilled_at"] = N_("a date and time in ISO 8601 with its time zone, or leave it out")
    if errors:
        raise Invalid(problem, errors)
    return InvitationRequest(str(order).strip(), parsed, email, name or None, lang, fulfilled_at)


def _moment(value: Any) -> datetime | None:
    """An ISO 8601 moment with its zone, as UTC; None when absent; ValueError when not one."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    if moment is None or moment.tzinfo is None:
        raise ValueError(value)
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class Created:
    links: list[dict[str, str]]  # what the API answers: a review link per product
    fresh: list[int]  # the invitations this report made (not there from an earlier report of the order)


def create_invitations(db: Database, shop: Shop, request: InvitationRequest, base_url: str, days: int) -> Created:
    """A review link per product; asking again for the same order and product gives the same invitation."""
    now = clock.now()
    expires = now + timedelta(days=days)
    order, email, name = request.order, request.email, request.name
    links, fresh = [], []
    for product in request.products:
        pid = str(product["id"])
        product_row = upsert_product(
            db, shop.id, pid, product["name"], product["url"], product["image"], product["ids"]
        )
        inserted = db.execute(
            "INSERT INTO invitations (shop_id, order_ref, product_id, email, name, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, order_ref, product_id) DO NOTHING",
            [shop.id, order, product_row, email, name, now.isoformat(), expires.isoformat()],
        ).rowcount
        row = next(
            db.query(
                "SELECT id, expires_at FROM invitations WHERE shop_id = ? AND order_ref = ? AND product_id = ?",
                [shop.id, order, product_row],
            )
        )
        token = make_token(db, row["id"], shop.id, pid, datetime.fromisoformat(row["expires_at"]))
        query = {"invitation": token} | ({"lang": request.lang} if request.lang else {})
        url = f"{base_url}/review/{shop.slug}/{quote(pid, safe='')}?" + urlencode(query)
        links.append({"product": pid, "url": url})
        if inserted:
            fresh.append(row["id"])
    return Created(links, fresh)


def redeem(db: Database, shop: Shop, product: str, token: str) -> Invitation:
    """The invitation a token stands for, or the 4xx that says why it can't be used."""
    forged = InvitationProblem(Fault.FORGED)
    claims = verified(db, "invitations", token)
    if claims is None or claims.get("s") != shop.id or claims.get("p") != product:
        raise forged
    rows = list(
        db.query(
            "SELECT i.*, p.external_id FROM invitations i JOIN products p ON p.id = i.product_id "
            "WHERE i.id = ? AND i.shop_id = ?",
            [claims.get("i"), shop.id],
        )
    )
    if not rows or rows[0]["external_id"] != product:
        raise forged
    row = rows[0]
    if row["used_at"] is not None:
        raise InvitationProblem(Fault.USED)
    if clock.now() > datetime.fromisoformat(row["expires_at"]):
        raise InvitationProblem(Fault.EXPIRED)
    return Invitation(row["id"], shop.id, product, row["name"], row["email"], row["created_at"][:7])


def peek(db: Database, shop: Shop, product: str, token: str) -> Invitation | InvitationProblem:
    """Like redeem, for showing the review page: the problem is returned, not raised."""
    try:
        return redeem(db, shop, product, token)
    except InvitationProblem as problem:
        return problem


def mark_used(db: Database, invitation: Invitation) -> None:
    db.execute("UPDATE invitations SET used_at = ? WHERE id = ?", [clock.now_iso(), invitation.id])


def shop_invites(db: Database, shop_id: int) -> bool:
    """Whether the shop verifies buyers at all: it has sent invitations."""
    return bool(list(db.query("SELECT 1 FROM invitations WHERE shop_id = ? LIMIT 1", [shop_id])))
