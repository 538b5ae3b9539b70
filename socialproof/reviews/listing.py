"""Pages of approved reviews, as the public sees them.

Only approved reviews are ever counted or shown, and never a shopper's e-mail address.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from socialproof.db.engine import Database
from socialproof.photos import records as photo_records
from socialproof.reviews import provenance, replies, scales
from socialproof.reviews.summary import Summary


class Sort(StrEnum):
    NEWEST = "newest"
    HIGHEST = "highest"
    LOWEST = "lowest"
    HELPFUL = "helpful"


# The id breaks ties so that pages never overlap; each order is served by an
# index declared in migrations.py.
ORDER_BY = {
    Sort.NEWEST: "created_at DESC, id DESC",
    Sort.HIGHEST: "rating DESC, created_at DESC, id DESC",
    Sort.LOWEST: "rating ASC, created_at DESC, id DESC",
    Sort.HELPFUL: "helpful_count DESC, created_at DESC, id DESC",
}


@dataclass(frozen=True)
class Narrowing:
    """Terms (insights/language.py) each review of a list must use: a phrase buyers mention, the words searched.

    A ``common`` term is checked review by review as the list is read in order, where a page finds its
    reviews at once; a rare one through the set of reviews that use it, which is small. Which is which
    comes from the kept counts (insights/search.py), as does ``total`` when one term alone narrows the list;
    otherwise the list is counted up to ``cap``, and a page says "at least"."""

    terms: tuple[str, ...] = ()
    common: tuple[bool, ...] = ()
    ranked: tuple[str, ...] = ()  # reviews using these come first (a searched phrase, as written)
    total: int | None = None
    cap: int = 200  # past it a page says "at least 200": counting on costs every review of a common pair


NO_NARROWING = Narrowing()
USED_ROW_BY_ROW = " AND EXISTS (SELECT 1 FROM review_terms WHERE review_id = reviews.id AND term = ?)"
USED_BY_SET = " AND id IN (SELECT review_id FROM review_terms WHERE term = ?)"


def _where(stars: int | None, with_photos: bool, pooled: bool = False, terms: Sequence[bool] = ()) -> str:
    """``pooled``: the first parameter is a product group's row id, and every member's reviews count;
    ``terms``: the last parameters are terms the reviews must each use (True: a common one, see Narrowing)."""
    return (
        ("product_id IN (SELECT id FROM products WHERE group_id = ?)" if pooled else "product_id = ?")
        + " AND status = 'approved'"
        + (" AND has_photos = 1" if with_photos else "")
        + (" AND rating = ?" if stars else "")
        + "".join(USED_ROW_BY_ROW if common else USED_BY_SET for common in terms)
    )


# Keyset ("after this review") pagination: each order is its lead column (None for newest),
# which way it runs, then newest first and the id. A page after a cursor is the rest of the
# cursor's lead value plus the values beyond it: one or two index range scans, never an OFFSET.
LEAD: dict[Sort, tuple[str, str] | None] = {
    Sort.NEWEST: None,
    Sort.HIGHEST: ("rating", "<"),
    Sort.LOWEST: ("rating", ">"),
    Sort.HELPFUL: ("helpful_count", "<"),
}


@dataclass(frozen=True)
class KeysetCursor:
    """Where a page ended: opaque to clients, tied to the order it was made for."""

    sort: Sort
    lead: int | None
    created_at: str
    id: int

    def encode(self) -> str:
        raw = json.dumps([self.sort.value, self.lead, self.created_at, self.id], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str, sort: Sort) -> KeysetCursor:
        """The cursor in ``text``; ValueError if it is not one of ours for this order."""
        try:
            value = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            name, lead, created_at, row_id = value
            cursor = cls(Sort(name), lead, created_at, row_id)
        except (ValueError, TypeError) as e:
            raise ValueError("not a cursor") from e
        if cursor.sort is not sort or not isinstance(row_id, int) or not isinstance(created_at, str):
            raise ValueError("a cursor of another order")
        if (LEAD[sort] is None) != (lead is None) or not (lead is None or isinstance(lead, int)):
            raise ValueError("not a cursor")
        return cursor

    @classmethod
    def after(cls, sort: Sort, row: dict[str, Any]) -> KeysetCursor:
        lead = LEAD[sort]
        return cls(sort, row[lead[0]] if lead else None, row["created_at"], row["id"])


def seek_sql(
    sort: Sort, stars: int | None, with_photos: bool, beyond: bool, pooled: bool = False, terms: Sequence[bool] = ()
) -> str:
    """A page after a cursor; parameters: product row id, [stars], [lead], created_at, id, limit.

    ``beyond`` False: the cursor's own lead value, older than it; True: lead values past it."""
    lead = LEAD[sort]
    where = _where(stars, with_photos, pooled, terms)
    if lead is None:
        seek = "(created_at, id) < (?, ?)"
    elif beyond:
        seek = f"{lead[0]} {lead[1]} ?"
    else:
        seek = f"{lead[0]} = ? AND (created_at, id) < (?, ?)"
    return f"SELECT * FROM reviews WHERE {where} AND {seek} ORDER BY {ORDER_BY[sort]} LIMIT ?"


def _seek(
    db: Database,
    sort: Sort,
    params: list[Any],
    after: KeysetCursor,
    limit: int,
    stars: int | None,
    photos: bool,
    pooled: bool,
    terms: Sequence[bool],
) -> list[dict[str, Any]]:
    if LEAD[sort] is None:
        sql = seek_sql(sort, stars, photos, False, pooled, terms)
        return list(db.query(sql, params + [after.created_at, after.id, limit]))
    sql = seek_sql(sort, stars, photos, False, pooled, terms)
    rows = list(db.query(sql, params + [after.lead, after.created_at, after.id, limit]))
    if len(rows) < limit:
        rows += db.query(seek_sql(sort, stars, photos, True, pooled, terms), params + [after.lead, limit - len(rows)])
    return rows


def page_sql(
    sort: Sort,
    stars: int | None,
    with_photos: bool = False,
    pooled: bool = False,
    terms: Sequence[bool] = (),
    ranked: int = 0,
) -> str:
    """A page of a product's (or a group's) approved reviews; parameters: its row id, [stars], [terms], [the
    ``ranked`` terms that put a review first: a searched phrase used as written], limit, offset."""
    where = _where(stars, with_photos, pooled, terms)
    marks = ", ".join("?" * ranked)
    rank = (
        f"(SELECT count(*) FROM review_terms WHERE review_id = reviews.id AND term IN ({marks})) DESC, "
        if ranked
        else ""
    )
    return f"SELECT * FROM reviews WHERE {where} ORDER BY {rank}{ORDER_BY[sort]} LIMIT ? OFFSET ?"


def count_sql(
    stars: int | None, with_photos: bool, pooled: bool = False, terms: Sequence[bool] = (), cap: bool = False
) -> str:
    """How many reviews a filter that the summary can't answer leaves (with photos and stars, or terms);
    with ``cap``, up to the last parameter."""
    where = _where(stars, with_photos, pooled, terms)
    if cap:
        return f"SELECT count(*) AS n FROM (SELECT 1 FROM reviews WHERE {where} LIMIT ?) AS found"
    return f"SELECT count(*) AS n FROM reviews WHERE {where}"


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    page: int
    pages: int
    total: int
    next: KeysetCursor | None = None  # where the next page starts, when there is one
    answers: Mapping[int, scales.Answers] = field(default_factory=dict)  # each review's, for showing in a language
    about: Mapping[int, str] = field(default_factory=dict)  # pooled: review id → the other member's name
    at_least: bool = False  # the total is a floor: more reviews than that use the words searched for

    def as_json(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "page": self.page,
            "pages": self.pages,
            "total": self.total,
            "next": self.next.encode() if self.next else None,
        } | ({"total_at_least": True} if self.at_least else {})


def review_json(
    row: dict[str, Any],
    product: str,
    photos: Sequence[dict[str, Any]] = (),
    reply: dict[str, Any] | None = None,
    answers: scales.Answers = (),
) -> dict[str, Any]:
    """A review as the public sees it: never the e-mail address; ``photos`` already in their public form."""
    return {
        "id": row["id"],
        "product": product,
        "rating": row["rating"],
        "title": row["title"],
        "body": row["body"],
        "author_name": row["author_name"],
        "created_at": row["created_at"],
        "published_at": row["published_at"],
        "experienced_at": row["experienced_at"],
        "lang": row["lang"],
        "recommend": None if row["recommend"] is None else bool(row["recommend"]),
        "verified": bool(row["verified"]),
        "source": row["source"],
        "imported_from": provenance.service_name(row["source"]),
        "verified_at_source": bool(row["verified_at_source"]),
        "helpful": row["helpful_count"],
        "photos": list(photos),
        "edited_by_shop": bool(row["edited_by_shop"]),
        "edited_by_writer": bool(row["edited_by_writer"]),
        "erased": bool(row["erased"]),
        "reply": {"body": reply["body"], "created_at": reply["created_at"]} if reply else None,
        "scales": scales.as_json(answers),
    }


def list_reviews(
    db: Database,
    summary: Summary,
    product_id: int | None,
    *,
    page: int,
    per_page: int,
    sort: Sort = Sort.NEWEST,
    stars: int | None = None,
    with_photos: bool = False,
    base_url: str = "",
    after: KeysetCursor | None = None,
    group_id: int | None = None,
    narrowing: Narrowing = NO_NARROWING,
) -> Page:
    """One page of a product's approved reviews, with their public photos; ``product_id`` is the
    product's row (products.product_row_id), None for a product never named, which has none.
    ``after`` (the cursor the page before ended at) makes page N cost what page 1 costs;
    ``page`` is then only its number, for showing. With ``group_id`` the page is of every member
    of the product's group (``summary`` then the group's): ``Page.about`` names the product of each
    review that is about another member. ``narrowing``: only the reviews that use its terms (paged by number
    when it ranks them)."""
    pooled, by_terms, ranked = group_id is not None and product_id is not None, narrowing.common, narrowing.ranked
    params: list[Any] = [group_id if pooled else product_id] + ([stars] if stars else []) + list(narrowing.terms)
    at_least = False
    if product_id is None:
        total = 0
    elif by_terms and narrowing.total is not None and not stars and not with_photos:
        total = narrowing.total
    elif by_terms:
        counted = next(
            db.query(count_sql(stars, with_photos, pooled, by_terms, cap=True), params + [narrowing.cap + 1])
        )
        total, at_least = min(counted["n"], narrowing.cap), counted["n"] > narrowing.cap
    elif with_photos and stars:
        total = next(db.query(count_sql(stars, with_photos, pooled), params))["n"]
    elif with_photos:
        total = summary.with_photos
    else:  # the summary has counted already
        total = summary.distribution.get(stars, 0) if stars else summary.count
    pages = max(1, math.ceil(total / per_page))
    if total == 0:
        return Page([], page, pages, total)
    if after is not None and not ranked:
        rows = _seek(db, sort, params, after, per_page, stars, with_photos, pooled, by_terms)
    else:
        sql = page_sql(sort, stars, with_photos, pooled, by_terms, len(ranked))
        rows = list(db.query(sql, params + list(ranked) + [per_page, (page - 1) * per_page]))
    ids = [row["id"] for row in rows]
    members = _members(db, {row["product_id"] for row in rows}) if pooled else {}
    last = KeysetCursor.after(sort, rows[-1]) if rows and page < pages and not ranked else None
    photos, reply_rows, answers = (
        photo_records.of_reviews(db, ids),
        replies.of_reviews(db, ids),
        scales.answers_of(db, ids),
    )
    return Page(
        [
            review_json(
                row,
                members[row["product_id"]][0] if row["product_id"] in members else summary.product,
                [photo_records.public_json(p, base_url) for p in photos[row["id"]]],
                reply_rows.get(row["id"]),
                answers.get(row["id"], []),
            )
            for row in rows
        ],
        page,
        pages,
        total,
        last,
        answers,
        {row["id"]: members[row["product_id"]][1] for row in rows if pooled and row["product_id"] != product_id},
        at_least,
    )


def _members(db: Database, product_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Each product row's id and name, for naming the product of each review on a pooled page."""
    if not product_ids:
        return {}
    marks = ", ".join("?" * len(product_ids))
    rows = db.query(
        f"SELECT id, external_id, coalesce(name, external_id) AS name FROM products WHERE id IN ({marks})",
        list(product_ids),
    )
    return {row["id"]: (row["external_id"], row["name"]) for row in rows}


@dataclass(frozen=True)
class Named:
    """A review as a mail about it names it: the writer's own title and the product's name."""

    title: str
    status: str
    erased: bool
    created_at: str
    product: str


def named(db: Database, shop_id: int, review_id: int) -> Named | None:
    row = db.execute(
        "SELECT r.title, r.status, r.erased, r.created_at, coalesce(p.name, p.external_id) FROM reviews r "
        "JOIN products p ON p.id = r.product_id WHERE r.id = ? AND r.shop_id = ?",
        [review_id, shop_id],
    ).fetchone()
    return None if row is None else Named(row[0], row[1], bool(row[2]), row[3], row[4])
