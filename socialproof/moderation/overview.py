"""What the moderation workspace shows: the queue, one review in full, statistics, the log.

Pages of the workspace (web/workspace/) render these; nothing here decides
anything on its own. Hints are computed when shown, so an edited block list
applies at once.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from socialproof.audit import Action, log_action
from socialproof.db.engine import Database
from socialproof.moderation import hints, reports
from socialproof.photos import records as photo_records
from socialproof.reviews import provenance, replies
from socialproof.reviews.status import ReviewStatus
from socialproof.shops.registry import Shop

PAGE = 20


class View(StrEnum):
    PENDING = "pending"
    REPORTED = "reported"
    APPROVED = "approved"
    REJECTED = "rejected"
    ALL = "all"


@dataclass(frozen=True)
class Filters:
    view: View = View.PENDING
    product: str = ""
    rating: int | None = None
    verified: bool | None = None
    search: str = ""
    page: int = 1

    def where(self, shop_id: int) -> tuple[str, list[Any]]:
        clauses: list[str] = ["r.shop_id = ?"]
        params: list[Any] = [shop_id]
        if self.view is View.REPORTED:
            clauses.append("r.open_reports > 0")
        elif self.view is not View.ALL:
            clauses.append("r.status = ?")
            params.append(self.view.value)
        if self.product:
            clauses.append("p.external_id = ?")
            params.append(self.product)
        if self.rating:
            clauses.append("r.rating = ?")
            params.append(self.rating)
        if self.verified is not None:
            clauses.append("r.verified = ?")
            params.append(int(self.verified))
        if self.search:
            like = "%" + self.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                "(r.title LIKE ? ESCAPE '\\' OR r.body LIKE ? ESCAPE '\\' OR r.author_name LIKE ? ESCAPE '\\')"
            )
            params += [like, like, like]
        return " AND ".join(clauses), params


@dataclass
class Item:
    review: dict[str, Any]
    photos: list[dict[str, Any]] = field(default_factory=list)
    hints: list[hints.Hint] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    reply: dict[str, Any] | None = None


def shop_blocklists(db: Database, shop: Shop) -> dict[str, list[str]]:
    return json.loads(next(db.query("SELECT blocklist FROM shops WHERE id = ?", [shop.id]))["blocklist"])


def set_blocklists(db: Database, shop: Shop, lists: dict[str, list[str]], actor: str) -> None:
    """The shop's flagged words, by language ("all" for every language); logged, as every shop action is."""
    db.table("shops").update(shop.id, {"blocklist": json.dumps(lists, ensure_ascii=False)})
    log_action(db, shop.id, None, actor, Action.BLOCKLIST, None, None, None)


def _repeated(db: Database, review: dict[str, Any]) -> bool:
    """The same words from the same shopper (or the same e-mail) in another review of the shop."""
    if not review["body_hash"]:
        return False
    return bool(
        list(
            db.query(
                "SELECT 1 FROM reviews WHERE shop_id = ? AND body_hash = ? AND id != ? AND "
                "((shopper_hash IS NOT NULL AND shopper_hash = ?) OR (email IS NOT NULL AND email = ?)) LIMIT 1",
                [review["shop_id"], review["body_hash"], review["id"], review["shopper_hash"], review["email"]],
            )
        )
    )


def _items(db: Database, shop: Shop, rows: list[dict[str, Any]], base_url: str) -> list[Item]:
    ids = [row["id"] for row in rows]
    photos = photo_records.of_reviews(db, ids, visible_only=False)
    reply_rows = replies.of_reviews(db, ids)
    lists = shop_blocklists(db, shop)
    items = []
    for row in rows:
        text = " ".join((row["title"], row["body"], row["author_name"]))
        items.append(
            Item(
                review=row | {"imported_from": provenance.service_name(row["source"])},
                photos=[photo_records.moderator_json(p, base_url, shop.slug) for p in photos[row["id"]]],
                hints=hints.find(
                    text, lists.get(row["lang"], []) + lists.get("all", []), _repeated(db, row), row["body"]
                ),
                reports=reports.open_reports(db, row["id"]) if row["open_reports"] else [],
                reply=reply_rows.get(row["id"]),
            )
        )
    return items


def page(db: Database, shop: Shop, filters: Filters, base_url: str) -> tuple[list[Item], int, int]:
    """A page of reviews under ``filters``: items, total and pages. Waiting ones oldest first."""
    where, params = filters.where(shop.id)
    total = next(
        db.query(f"SELECT count(*) AS n FROM reviews r JOIN products p ON p.id = r.product_id WHERE {where}", params)
    )["n"]
    order = "r.created_at, r.id" if filters.view in (View.PENDING, View.REPORTED) else "r.created_at DESC, r.id DESC"
    rows = list(
        db.query(
            f"SELECT r.*, p.external_id AS product, p.name AS product_name FROM reviews r "
            f"JOIN products p ON p.id = r.product_id WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            params + [PAGE, (filters.page - 1) * PAGE],
        )
    )
    return _items(db, shop, rows, base_url), total, max(1, math.ceil(total / PAGE))


def one(db: Database, shop: Shop, review_id: int, base_url: str) -> tuple[Item, list[dict[str, Any]]] | None:
    """One review in full, and its history from the audit log."""
    rows = list(
        db.query(
            "SELECT r.*, p.external_id AS product, p.name AS product_name FROM reviews r "
            "JOIN products p ON p.id = r.product_id WHERE r.id = ? AND r.shop_id = ?",
            [review_id, shop.id],
        )
    )
    if not rows:
        return None
    history = list(db.query("SELECT * FROM moderation_log WHERE review_id = ? ORDER BY id", [review_id]))
    return _items(db, shop, rows, base_url)[0], history


def products(db: Database, shop: Shop) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT external_id, name FROM products WHERE shop_id = ? ORDER BY coalesce(name, external_id)", [shop.id]
        )
    )


def stats(db: Database, shop: Shop) -> dict[str, Any]:
    """Decisions at each star rating and for each reason: suppression by rating would show here."""
    by_rating: dict[int, dict[str, Any]] = {r: {status.value: 0 for status in ReviewStatus} for r in range(5, 0, -1)}
    reasons: dict[str, dict[int, int]] = {}
    for row in db.query(
        "SELECT rating, status, rejection_reason, count(*) AS n FROM reviews WHERE shop_id = ? "
        "GROUP BY rating, status, rejection_reason",
        [shop.id],
    ):
        by_rating[row["rating"]][row["status"]] += row["n"]
        if row["status"] == ReviewStatus.REJECTED:
            by_reason = reasons.setdefault(row["rejection_reason"] or "", {})
            by_reason[row["rating"]] = by_reason.get(row["rating"], 0) + row["n"]
    for counts in by_rating.values():
        decided = counts[ReviewStatus.APPROVED] + counts[ReviewStatus.REJECTED]
        counts["rejected_share"] = counts[ReviewStatus.REJECTED] / decided if decided else None
    return {"by_rating": by_rating, "reasons": reasons}


def log(db: Database, shop: Shop, page: int, per_page: int = 50) -> tuple[list[dict[str, Any]], int]:
    total = next(db.query("SELECT count(*) AS n FROM moderation_log WHERE shop_id = ?", [shop.id]))["n"]
    rows = list(
        db.query(
            "SELECT * FROM moderation_log WHERE shop_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            [shop.id, per_page, (page - 1) * per_page],
        )
    )
    return rows, max(1, math.ceil(total / per_page))


def counts(db: Database, shop_id: int) -> dict[str, int]:
    row = next(
        db.query(
            "SELECT count(*) FILTER (WHERE status = 'pending') AS pending, "
            "count(*) FILTER (WHERE open_reports > 0) AS reported "
            "FROM reviews WHERE shop_id = ?",
            [shop_id],
        )
    )
    return {"pending": row["pending"] or 0, "reported": row["reported"] or 0}
