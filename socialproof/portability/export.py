"""A shop's reviews out, in socialproof's documented schema (``socialproof.review/1``), a batch at a time.

What goes out is what the shop would need to carry on elsewhere: each
review with its status and reason, reply, photo links, where it came from
and the evidence it was verified. Batches of BATCH rows keep a large shop
out of memory; the caller streams the text as it comes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from socialproof.db.engine import Database
from socialproof.photos import records as photo_records
from socialproof.portability import signing
from socialproof.reviews import identifiers, replies, scales, store_codes
from socialproof.reviews.status import ReviewStatus
from socialproof.shops.registry import Shop

SCHEMA = "socialproof.review/1"
BATCH = 500
CSV_COLUMNS = (
    "schema", "id", "product", "product_name", "product_url", "gtin", "mpn", "sku", "brand", "rating", "title", "body", "author_name", "email",
    "lang", "status", "rejection_reason", "created_at", "published_at", "experienced_at", "verified", "verified_by", "source",
    "source_id", "verified_at_source", "erased", "reply_body", "reply_created_at", "photos", "scales",
)  # fmt: skip


def records(db: Database, shop: Shop, base_url: str, include_unpublished: bool) -> Iterator[dict[str, Any]]:
    """Every review of the shop as an export record, oldest first."""
    where = "" if include_unpublished else f" AND r.status = '{ReviewStatus.APPROVED.value}'"
    last = 0
    while True:
        batch = list(
            db.query(
                "SELECT r.*, p.external_id AS product, p.name AS product_name, p.url AS product_url, "
                "p.gtin, p.mpn, p.sku, p.brand FROM reviews r "
                f"JOIN products p ON p.id = r.product_id WHERE r.shop_id = ? AND r.id > ?{where} ORDER BY r.id LIMIT ?",
                [shop.id, last, BATCH],
            )
        )
        if not batch:
            return
        ids = [row["id"] for row in batch]
        photos = photo_records.of_reviews(db, ids, visible_only=not include_unpublished)
        answers, chosen = replies.of_reviews(db, ids), scales.answers_of(db, ids)
        for row in batch:
            reply = answers.get(row["id"])
            yield {
                "schema": SCHEMA,
                "id": row["id"],
                "product": row["product"],
                "product_name": row["product_name"],
                "product_url": row["product_url"],
                **{name: row[name] for name in identifiers.NAMES},
                "rating": row["rating"],
                "title": row["title"],
                "body": row["body"],
                "author_name": row["author_name"],
                "email": row["email"],
                "lang": row["lang"],
                "status": row["status"],
                "rejection_reason": row["rejection_reason"],
                "created_at": row["created_at"],
                "published_at": row["published_at"],
                "experienced_at": row["experienced_at"],
                "verified": bool(row["verified"]),
                "verified_by": (store_codes.SOURCE if row["source"] == store_codes.SOURCE else "invitation")
                if row["verified"]
                else None,
                "source": row["source"],
                "source_id": row["source_id"],
                "verified_at_source": bool(row["verified_at_source"]),
                "erased": bool(row["erased"]),
                "reply": {"body": reply["body"], "created_at": reply["created_at"]} if reply else None,
                "photos": [photo_records.public_json(p, base_url)["url"] for p in photos.get(row["id"], [])],
                "scales": scales.as_json(chosen.get(row["id"], [])),
            }
        last = ids[-1]


def jsonl(db: Database, shop: Shop, base_url: str, include_unpublished: bool) -> Iterator[str]:
    """JSON lines, each record signed by this server (signing.py): our "verified" can travel."""
    signer = signing.Signer(db)
    for record in records(db, shop, base_url, include_unpublished):
        yield json.dumps(signer.signed(record), ensure_ascii=False) + "\n"


# A cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(...) can send the
# row's e-mail column anywhere): such cells get a leading apostrophe, as OWASP's CSV injection advice says.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(db: Database, shop: Shop, base_url: str, include_unpublished: bool) -> Iterator[str]:
    """For spreadsheets: text that would run as a formula is marked as text. JSON lines carry it exact."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in records(db, shop, base_url, include_unpublished):
        reply = record.pop("reply") or {}
        record |= {"reply_body": reply.get("body", ""), "reply_created_at": reply.get("created_at", "")}
        record["photos"] = " ".join(record["photos"])
        record["scales"] = json.dumps(record["scales"], ensure_ascii=False) if record["scales"] else ""
        writer.writerow({k: _cell(v) for k, v in record.items()})
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    if out.getvalue():
        yield out.getvalue()


FORMATS: dict[str, Callable[[Database, Shop, str, bool], Iterator[str]]] = {"jsonl": jsonl, "csv": as_csv}
