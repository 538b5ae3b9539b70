"""Storing an import's checked reviews: in short batches, so the one writer is never held for long.

The whole file is read and checked first (importer.py), outside any
transaction: a file with a refused row stores nothing unless the operator
says --partial. Then each batch of ``policy.IMPORT_BATCH`` reviews is one
short write, so shoppers' reviews to every shop go on being written between
them. Should the server stop midway, importing the same file again finishes
the job: what came in already counts as "imported before".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from socialproof import clock, policy
from socialproof.audit import Action, log_action
from socialproof.db.engine import Database
from socialproof.db.store import insert
from socialproof.errors import Invalid, plural
from socialproof.photos import records as photo_records
from socialproof.photos.process import Photo
from socialproof.photos.records import PhotoStatus
from socialproof.portability.importer import Incoming, Plan, Refusal, Report
from socialproof.reviews import provenance, scales
from socialproof.reviews.input import text_hash
from socialproof.reviews.products import upsert_product
from socialproof.reviews.status import ReviewStatus
from socialproof.shops.registry import Shop

Key = tuple[str, str]  # (source, id at the source): what makes a review the same one again


def refuse_whole(plan: Plan) -> Invalid:
    """The refusal of a file with refused rows: the first ``policy.REPORT_LINES_MAX`` named, and how many."""
    named = plan.refused[: policy.REPORT_LINES_MAX]
    errors = {f"line {r.line}": r.why for r in named}
    if len(plan.refused) > len(named):
        more = len(plan.refused) - len(named)
        errors["more"] = plural("and %(num)s more row", "and %(num)s more rows", more)
    return Invalid(
        plural(
            "%(num)s row can't be imported, so nothing was: correct it, or import the rest with --partial.",
            "%(num)s rows can't be imported, so nothing was: correct them, or import the rest with --partial.",
            len(plan.refused),
        ),
        errors,
    )


def start(plan: Plan, dry_run: bool, photo_problems: Sequence[Refusal] = ()) -> Report:
    """The report before any batch: what the reading found."""
    report = Report(plan.service, plan.file_hash, dry_run, refused=list(plan.refused))
    report.photo_problems, report.about_shop = list(photo_problems), len(plan.about_shop)
    report.addresses_dropped = plan.addresses_dropped
    return report


def batches(plan: Plan) -> Iterator[list[Incoming]]:
    for first in range(0, len(plan.reviews), policy.IMPORT_BATCH):
        yield plan.reviews[first : first + policy.IMPORT_BATCH]


def store_batch(
    db: Database,
    shop: Shop,
    plan: Plan,
    reviews: Sequence[Incoming],
    seen: frozenset[Key],
    photos: Mapping[int, Sequence[Photo]],
    dry_run: bool,
) -> tuple[Report, set[Key]]:
    """Bring one batch in (the caller's short transaction), or count what would come in (a dry run);
    its counts and the keys it brought. Repeatable: it changes nothing outside the transaction."""
    counted, brought = Report(plan.service, plan.file_hash, dry_run), set()
    for review in reviews:
        key = (review.source, review.source_id)
        if key in seen or key in brought or _known(db, shop, review):
            counted.already += 1  # a row the file holds twice comes in once, like a re-import
            continue
        brought.add(key)
        counted.reviews += 1
        counted.per_product[review.product] += 1
        counted.replies += bool(review.reply)
        counted.waiting += review.status is ReviewStatus.PENDING
        counted.rejected += review.status is ReviewStatus.REJECTED
        fetched = photos.get(review.line, ())
        counted.photos += len(review.photo_urls) if dry_run else len(fetched)
        if not dry_run:
            _insert(db, shop, review, fetched)
    return counted, brought


def record(db: Database, shop: Shop, plan: Plan, report: Report, actor: str) -> None:
    """The import in the audit log (with the file's hash) and in the shop's list of imports."""
    log_action(
        db, shop.id, None, actor, Action.IMPORT, provenance.import_entry(plan.service, plan.file_hash), None, None
    )
    db.table("imports").insert(
        {
            "shop_id": shop.id,
            "service": plan.service.value,
            "file_hash": plan.file_hash,
            "reviews": report.reviews,
            "replies": report.replies,
            "photos": report.photos,
            "refused": len(report.refused),
            "created_at": clock.now_iso(),
        }
    )


def _known(db: Database, shop: Shop, review: Incoming) -> bool:
    found = db.execute(
        "SELECT 1 FROM reviews WHERE shop_id = ? AND source = ? AND source_id = ?",
        [shop.id, review.source, review.source_id],
    ).fetchone()
    return found is not None


def _insert(db: Database, shop: Shop, review: Incoming, photos: Sequence[Photo]) -> None:
    product_id = upsert_product(db, shop.id, review.product, review.product_name, ids=review.ids)
    approved = review.status is ReviewStatus.APPROVED
    row: dict[str, Any] = {
        "shop_id": shop.id,
        "product_id": product_id,
        "rating": review.rating,
        "title": review.title,
        "body": review.body,
        "author_name": review.author,
        "email": review.email,
        "lang": review.lang,
        "status": review.status.value,
        "rejection_reason": review.reason.value if review.reason else None,
        "created_at": review.created_at,
        "published_at": review.created_at if approved else None,
        "moderated_at": None,
        "verified": int(review.verified),  # our own check, only from a signed export; the file's is verified_at_source
        "verified_at_source": int(review.verified_at_source),
        "experienced_at": review.experienced_at,
        "source": review.source,
        "source_id": review.source_id,
        "body_hash": text_hash(review.body),
    }
    review_id = insert(db, "reviews", row)
    scales.record(db, review_id, review.scales)
    if review.reply:
        db.table("replies").insert(
            {"review_id": review_id, "body": review.reply, "created_at": review.reply_at, "updated_at": review.reply_at}
        )
    if photos:
        photo_records.attach(db, shop.id, product_id, review_id, photos, PhotoStatus(review.status.value))
