"""Deleting a shop: every row that is the shop's, in one transaction, children before parents.

The list below is the one place that says what a shop owns; tests/shops/test_removal.py
fails when a table that leads to ``shops`` is missing from it. Kept on purpose:
``changes`` (the rows this deletion's own triggers write there tell every server's
render cache to drop the shop; the feed forgets them after its retention) and
moderator accounts (a moderator may work on other shops; only the link goes).
Photo files are not rows: the caller removes the files ``Removed.photo_hashes`` names,
after the commit, so a rollback never leaves rows pointing at deleted files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from socialproof.audit import erase_shop_log
from socialproof.db.engine import Database
from socialproof.shops.registry import require_shop

BY_SHOP = "shop_id = ?"
OF_REVIEWS = "review_id IN (SELECT id FROM reviews WHERE shop_id = ?)"
OF_PRODUCTS = "product_id IN (SELECT id FROM products WHERE shop_id = ?)"
OF_WEBHOOKS = "webhook_id IN (SELECT id FROM webhooks WHERE shop_id = ?)"
OF_QUESTIONS = "question_id IN (SELECT id FROM questions WHERE shop_id = ?)"
OF_ANSWERS = "answer_id IN (SELECT id FROM answers WHERE shop_id = ?)"
OF_CODE_BATCHES = "batch_id IN (SELECT id FROM store_code_batches WHERE shop_id = ?)"
OF_SCALES = "scale_id IN (SELECT id FROM scales WHERE shop_id = ?)"

# (table, which of its rows are the shop's), in the order they can go.
OWNED = (
    ("webhook_deliveries", OF_WEBHOOKS),
    ("webhooks", BY_SHOP),
    ("hook_deliveries", BY_SHOP),
    ("orders", BY_SHOP),
    ("platform_connections", BY_SHOP),
    ("imports", BY_SHOP),
    ("suppressions", BY_SHOP),
    ("outbox", BY_SHOP),
    ("review_scales", OF_REVIEWS),
    ("scale_products", OF_SCALES),
    ("scale_groups", OF_SCALES),
    ("scales", BY_SHOP),
    ("helpful_votes", OF_REVIEWS),
    ("replies", OF_REVIEWS),
    ("reports", OF_REVIEWS),
    ("photos", BY_SHOP),
    ("terms_pending", OF_REVIEWS),
    ("review_terms", OF_REVIEWS),
    ("reviews", BY_SHOP),
    ("shop_reviews", BY_SHOP),
    ("answer_requests", BY_SHOP),
    ("question_reports", OF_QUESTIONS),
    ("answer_votes", OF_ANSWERS),
    ("question_votes", OF_QUESTIONS),
    ("answers", BY_SHOP),
    ("questions", BY_SHOP),
    ("review_months", BY_SHOP),  # after the reviews, whose deletion counts down their rows
    ("decision_months", BY_SHOP),
    ("term_months", BY_SHOP),
    ("term_totals", BY_SHOP),
    ("topic_totals", BY_SHOP),  # likewise
    ("invitations", BY_SHOP),
    ("store_codes_used", BY_SHOP),
    ("store_code_products", OF_CODE_BATCHES),
    ("store_code_batches", BY_SHOP),
    ("recommendations", BY_SHOP),
    ("purchase_events", BY_SHOP),
    ("signal_months", BY_SHOP),  # after the votes and recommendations, whose deletion counts down their rows
    ("heartbeats", OF_PRODUCTS),
    ("product_stats", OF_PRODUCTS),
    ("products", BY_SHOP),
    ("product_groups", BY_SHOP),  # after its products, which would otherwise each be changed to point nowhere
    ("api_keys", BY_SHOP),
    ("moderator_shops", BY_SHOP),
    ("dropped_posts", BY_SHOP),
    ("shop_stats", BY_SHOP),
    ("shop_events", BY_SHOP),  # after the rows whose triggers write events
)
KEPT = ("changes",)


@dataclass
class Removed:
    slug: str
    rows: dict[str, int] = field(default_factory=dict)
    log_entries: int = 0
    log_head: str = ""  # the deleted audit chain's last hash, for the owner's records
    photo_hashes: set[str] = field(default_factory=set)  # files no other shop's photo uses


def delete_shop(db: Database, slug: str) -> Removed:
    """Everything of the shop, gone in the caller's transaction; NotFound for a shop that isn't there."""
    shop = require_shop(db, slug)
    removed = Removed(slug)
    hashes = {
        r["content_hash"] for r in db.query("SELECT DISTINCT content_hash FROM photos WHERE shop_id = ?", [shop.id])
    }
    for table, rows in OWNED:
        removed.rows[table] = db.execute(f"DELETE FROM {table} WHERE {rows}", [shop.id]).rowcount
    was = erase_shop_log(db, shop.id)
    removed.log_entries, removed.log_head = was.length, was.head
    db.execute("DELETE FROM shops WHERE id = ?", [shop.id])
    removed.photo_hashes = {
        h
        for h in hashes
        if not next(db.query("SELECT 1 AS used FROM photos WHERE content_hash = ? LIMIT 1", [h]), None)
    }
    return removed
