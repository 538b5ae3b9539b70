"""What socialproof holds about an e-mail address: all of it, on request, and its erasure.

An erasure anonymises the author of every review written with the address,
removes the words (they may name the writer), the address itself and the
photos, and keeps the rating, which stays in the average. Each request is
logged by a hash of the address, never the address.
"""

from __future__ import annotations

import hashlib
from typing import Any

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.mail import outbox
from socialproof.photos import records as photo_records
from socialproof.photos.storage import PhotoStorage


def _hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _log(db: Database, action: str, email: str, counts: dict[str, int]) -> None:
    db.table("privacy_log").insert(
        {"action": action, "email_hash": _hash(email), "counts": str(counts), "created_at": clock.now_iso()}
    )


def export(db: Database, email: str) -> dict[str, Any]:
    """Everything held about the address, as data."""
    reviews = list(
        db.query(
            "SELECT r.id, s.slug AS shop, p.external_id AS product, r.rating, r.title, r.body, r.author_name, r.email, "
            "r.recommend, r.lang, r.status, r.verified, r.created_at, r.published_at FROM reviews r "
            "JOIN shops s ON s.id = r.shop_id JOIN products p ON p.id = r.product_id WHERE lower(r.email) = lower(?) "
            "ORDER BY r.id",
            [email.strip()],
        )
    )
    photos = photo_records.of_reviews(db, [r["id"] for r in reviews], visible_only=False)
    for review in reviews:
        review["photos"] = [
            {"file": photo_records.file_names(p["content_hash"])[0], "status": p["status"]}
            for p in photos[review["id"]]
        ]
        replies = list(db.query("SELECT body, created_at FROM replies WHERE review_id = ?", [review["id"]]))
        review["shop_reply"] = replies[0] if replies else None
    invitations = list(
        db.query(
            "SELECT s.slug AS shop, i.order_ref, p.external_id AS product, i.name, i.email, i.created_at, i.expires_at, "
            "i.used_at FROM invitations i JOIN shops s ON s.id = i.shop_id JOIN products p ON p.id = i.product_id "
            "WHERE lower(i.email) = lower(?) ORDER BY i.id",
            [email.strip()],
        )
    )
    questions = list(
        db.query(
            "SELECT q.id, s.slug AS shop, p.external_id AS product, q.body, q.author_name, q.email, q.lang, q.status, "
            "q.created_at FROM questions q JOIN shops s ON s.id = q.shop_id JOIN products p ON p.id = q.product_id "
            "WHERE lower(q.email) = lower(?) ORDER BY q.id",
            [email.strip()],
        )
    )
    answers = list(  # answers written through the links mailed to the address (questions/buyers.py)
        db.query(
            "SELECT a.id, s.slug AS shop, a.question_id, a.body, a.author_name, a.status, a.created_at "
            "FROM answer_requests r JOIN invitations i ON i.id = r.invitation_id JOIN answers a ON a.id = r.answer_id "
            "JOIN shops s ON s.id = a.shop_id WHERE lower(i.email) = lower(?) ORDER BY a.id",
            [email.strip()],
        )
    )
    shop_reviews = list(  # written through the link in a review request to the address (shop_reviews/ordered.py)
        db.query(
            "SELECT r.id, s.slug AS shop, r.order_ref, r.rating, r.title, r.body, r.author_name, r.email, r.lang, "
            "r.status, r.verified, r.reply AS shop_reply, r.created_at, r.published_at FROM shop_reviews r "
            "JOIN shops s ON s.id = r.shop_id WHERE lower(r.email) = lower(?) ORDER BY r.id",
            [email.strip()],
        )
    )
    moderators = list(
        db.query("SELECT email, is_admin, created_at FROM moderators WHERE lower(email) = lower(?)", [email.strip()])
    )
    _log(db, "export", email, {"reviews": len(reviews), "questions": len(questions), "invitations": len(invitations)})
    return {
        "email": email.strip(),
        "exported_at": clock.now_iso(),
        "reviews": reviews,
        "questions": questions,
        "answers": answers,
        "shop_reviews": shop_reviews,
        "invitations": invitations,
        "moderator_accounts": moderators,
        "mail": outbox.held_for(db, email),
        "not_held": "IP addresses are never stored; shoppers' devices are known only by daily-changing hashes.",
    }


def erase(db: Database, email: str, storage: PhotoStorage) -> dict[str, int]:
    """Anonymise the address's reviews (the ratings stay), drop its photos, questions, reviews of the shop and
    invitations' details."""
    ids = [r["id"] for r in db.query("SELECT id FROM reviews WHERE lower(email) = lower(?)", [email.strip()])]
    photos = erase_reviews(db, ids, storage)
    # An answer through a link mailed to the address goes with the address's details.
    answered = list(
        db.query(
            "SELECT r.answer_id, r.question_id FROM answer_requests r JOIN invitations i ON i.id = r.invitation_id "
            "WHERE lower(i.email) = lower(?) AND r.answer_id IS NOT NULL",
            [email.strip()],
        )
    )
    for row in answered:  # the question is answered while another answer to it is shown
        db.execute("DELETE FROM answers WHERE id = ?", [row["answer_id"]])
        db.execute(
            "UPDATE questions SET answered_at = (SELECT min(published_at) FROM answers a WHERE a.question_id = ? "
            "AND a.status = 'approved') WHERE id = ?",
            [row["question_id"], row["question_id"]],
        )
    invitations = db.execute(
        "UPDATE invitations SET email = NULL, name = NULL WHERE lower(email) = lower(?)", [email.strip()]
    ).rowcount
    # A question is its words: erased with its answers, which mean nothing without it.
    asked = [r["id"] for r in db.query("SELECT id FROM questions WHERE lower(email) = lower(?)", [email.strip()])]
    for question_id in asked:
        db.execute("DELETE FROM answers WHERE question_id = ?", [question_id])
        db.execute("DELETE FROM questions WHERE id = ?", [question_id])
    # A review of the shop has no photos or votes to keep whole: it goes, and with it its rating.
    shop_reviews = db.execute("DELETE FROM shop_reviews WHERE lower(email) = lower(?)", [email.strip()]).rowcount
    counts = {
        "reviews": len(ids),
        "shop_reviews": shop_reviews,
        "questions": len(asked),
        "answers": len(answered),
        "photos": photos,
        "invitations": invitations,
        "mail": outbox.forget(db, email),
    }
    _log(db, "erase", email, counts)
    return counts


def erase_reviews(db: Database, ids: list[int], storage: PhotoStorage) -> int:
    """Empty these reviews of everything personal and drop their photos (files no other review shares); how many photos."""
    photos = photo_records.of_reviews(db, ids, visible_only=False)
    hashes = {p["content_hash"] for rows in photos.values() for p in rows}
    for review_id in ids:
        db.execute(
            "UPDATE reviews SET author_name = '', title = '', body = '', email = NULL, shopper_hash = NULL, "
            "erased = 1, has_photos = 0 WHERE id = ?",
            [review_id],
        )
        db.execute("DELETE FROM photos WHERE review_id = ?", [review_id])
    for content_hash in hashes:
        if not list(db.query("SELECT 1 FROM photos WHERE content_hash = ? LIMIT 1", [content_hash])):
            for name in photo_records.file_names(content_hash):
                storage.delete(name)
    return sum(len(rows) for rows in photos.values())
