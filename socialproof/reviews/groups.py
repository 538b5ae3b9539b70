"""Product groups: the sizes and roasts of one coffee, whose reviews are read together, each labelled.

A group is one shop's; a product is in at most one group (``products.group_id``). Pooling is honest
only when every review says what it was about and every number says what it counts: the widgets
label the reviews of the other members and give the product's own figures beside the group's, and
structured data carries only what is about the product itself (display/).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.errors import Invalid, Number
from socialproof.i18n import N_
from socialproof.reviews.input import PRODUCT_NAME_MAX
from socialproof.reviews.products import upsert_product, validate_product_id
from socialproof.reviews.summary import Summary, product_summary, summary_of_group
from socialproof.sanitize import bounded

MEMBERS_MAX = 100  # sizes and colours of one product; past this it is a category, not a product


@dataclass(frozen=True)
class Group:
    id: int
    key: str  # as the merchant names it (GROUP in `group set` and the API's path)
    name: str | None  # as shoppers read it
    members: tuple[str, ...]  # its products' ids, in the order they were given

    def label(self) -> str:
        return self.name or self.key

    def as_json(self, summary: Summary | None = None) -> dict[str, Any]:
        shown: dict[str, Any] = {"id": self.key, "name": self.name, "products": list(self.members)}
        if summary is not None:
            shown |= {"review_count": summary.count, "rating_average": summary.average}
        return shown


def set_group(
    db: Database, shop_id: int, key: str, products: Sequence[str], name: str | None = None
) -> tuple[Group, list[tuple[str, str]]]:
    """Make the group hold exactly ``products`` (created on first sight); those that were in another
    group of the shop move, and are returned as (product, the group it left)."""
    validate_product_id(key)
    wanted = list(dict.fromkeys(validate_product_id(p) for p in products))
    if not wanted:
        raise Invalid(N_("A group needs at least one product."))
    if len(wanted) > MEMBERS_MAX:
        raise Invalid(N_("A group holds at most %(max)s products."), max=Number(MEMBERS_MAX))
    clean_name = bounded(name, PRODUCT_NAME_MAX) if name is not None else None
    if name is not None and clean_name is None:
        raise Invalid(N_("The group's name is at most %(max)s characters."), max=Number(PRODUCT_NAME_MAX))
    now = clock.now_iso()
    found = _row(db, shop_id, key)
    if found is None:
        db.execute(
            "INSERT INTO product_groups (shop_id, external_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            [shop_id, key, clean_name or None, now, now],
        )
        found = _row(db, shop_id, key)
        assert found is not None
    else:  # the change feed hears of every set, so each member's widgets are drawn again
        name_now = found["name"] if name is None else clean_name or None
        db.execute("UPDATE product_groups SET name = ?, updated_at = ? WHERE id = ?", [name_now, now, found["id"]])
    ids = [upsert_product(db, shop_id, product) for product in wanted]
    marks = ", ".join("?" * len(ids))
    moved = [
        (row["external_id"], row["group_key"])
        for row in db.query(
            "SELECT p.external_id, g.external_id AS group_key FROM products p JOIN product_groups g "
            f"ON g.id = p.group_id WHERE p.id IN ({marks}) AND p.group_id != ?",
            [*ids, found["id"]],
        )
    ]
    db.execute(f"UPDATE products SET group_id = NULL WHERE group_id = ? AND id NOT IN ({marks})", [found["id"], *ids])
    db.execute(f"UPDATE products SET group_id = ? WHERE id IN ({marks})", [found["id"], *ids])
    group = get_group(db, shop_id, key)
    assert group is not None
    return group, moved


def _row(db: Database, shop_id: int, key: str) -> dict[str, Any] | None:
    return next(db.query("SELECT * FROM product_groups WHERE shop_id = ? AND external_id = ?", [shop_id, key]), None)


def _group(db: Database, row: dict[str, Any]) -> Group:
    members = db.query("SELECT external_id FROM products WHERE group_id = ? ORDER BY id", [row["id"]])
    return Group(row["id"], row["external_id"], row["name"], tuple(m["external_id"] for m in members))


def get_group(db: Database, shop_id: int, key: str) -> Group | None:
    row = _row(db, shop_id, key)
    return _group(db, row) if row else None


def of_shop(db: Database, shop_id: int) -> list[Group]:
    rows = db.query("SELECT * FROM product_groups WHERE shop_id = ? ORDER BY external_id", [shop_id])
    return [_group(db, row) for row in rows]


def group_of(db: Database, product_id: int | None) -> Group | None:
    """The group a product (its row id) is in, if any."""
    if product_id is None:
        return None
    row = next(
        db.query("SELECT g.* FROM product_groups g JOIN products p ON p.group_id = g.id WHERE p.id = ?", [product_id]),
        None,
    )
    return _group(db, row) if row else None


def remove_group(db: Database, shop_id: int, key: str) -> Group | None:
    """Ungroup: the products stay, each with its own reviews again; the group that was, or None."""
    group = get_group(db, shop_id, key)
    if group is not None:
        db.execute("UPDATE products SET group_id = NULL WHERE group_id = ?", [group.id])
        db.execute("DELETE FROM product_groups WHERE id = ?", [group.id])
    return group


def summary(db: Database, group: Group) -> Summary:
    """The group's numbers: its members' kept numbers added up (a row each, never a recount)."""
    return summary_of_group(db, group.id, group.key)


@dataclass(frozen=True)
class Pool:
    """Which reviews a product's lists and numbers take: its group's, unless it has none or the reader
    asked for the product's own (``only=product``). Both sets of numbers are kept, to show side by side."""

    own: Summary
    group: Group | None
    group_summary: Summary | None
    only_product: bool

    @property
    def pooled(self) -> bool:
        return self.group is not None and not self.only_product

    @property
    def summary(self) -> Summary:
        return self.group_summary if self.pooled and self.group_summary is not None else self.own

    @property
    def group_id(self) -> int | None:
        return self.group.id if self.pooled and self.group is not None else None


def pool(db: Database, shop_id: int, product: str, product_id: int | None, only_product: bool = False) -> Pool:
    group = group_of(db, product_id)
    return Pool(
        product_summary(db, shop_id, product),
        group,
        summary(db, group) if group is not None else None,
        only_product,
    )


def parse_request(data: Any) -> tuple[list[str], str | None]:
    """The merchant API's ``{"products": [...], "name"?}``; Invalid naming each field at fault."""
    errors: dict[str, str] = {}
    products = data.get("products") if isinstance(data, dict) else None
    if not isinstance(products, list) or not products or not all(isinstance(p, str) for p in products):
        errors["products"] = N_("a list of the group's product ids, at least one")
    name = data.get("name") if isinstance(data, dict) else None
    if name is not None and not isinstance(name, str):
        errors["name"] = N_("the group's name as shoppers read it, or leave it out")
    if errors:
        raise Invalid(N_("The group can't be set as sent."), errors)
    assert isinstance(products, list)
    return products, name


def product_rows(db: Database, chosen: Pool, product_id: int | None) -> list[int]:
    """The product rows whose reviews a list reads: the group's members when pooled, else the product's own."""
    if chosen.group_id is not None:
        return [
            row["id"] for row in db.query("SELECT id FROM products WHERE group_id = ? ORDER BY id", [chosen.group_id])
        ]
    return [product_id] if product_id is not None else []
