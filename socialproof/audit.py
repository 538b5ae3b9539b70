"""The audit log: every change of a review's status and every shop action, with its reason.

Written in the same transaction as the change itself, by whichever part
makes the change (reviews, replies, reports, moderation); never edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from socialproof import clock
from socialproof.db import chain
from socialproof.db.engine import Database, Engine, engine_of


class Action(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    PUBLISH = "publish"  # the system published a review of a post-moderated shop
    REPLY = "reply"
    REPLY_EDIT = "reply-edit"
    REPLY_REMOVE = "reply-remove"
    REDACT = "redact"  # personal data removed from the text; nothing else may be edited
    REPORT = "report"  # a shopper reported the review
    BLOCKLIST = "blocklist"  # the shop's flagged words changed
    WRITER_EDIT = "writer-edit"  # the writer corrected their words through their own link
    IMPORT = "import"  # reviews brought in from another service's export, one entry per file (its hash)
    WITHDRAW = "withdraw"  # the writer withdrew their review: erased, no longer shown or counted
    MODE = "mode"  # the shop's moderation mode changed (from_status, to_status: the modes)
    CODES = "codes"  # a batch of in-store review codes was made (reviews/store_codes.py)
    CODES_REVOKE = "codes-revoke"  # a batch of in-store codes was withdrawn: its unused codes are refused
    ANSWER = "answer"  # the shop answered a shopper's question (subject: the answer)


class ActorKind(StrEnum):
    """Who made a change. Stored as ``kind:detail`` in the log's actor column (detail may be empty)."""

    MODERATOR = "moderator"  # detail: the moderator's e-mail, in the workspace
    API_KEY = "api-key"  # detail: the key's public prefix, the shop's own system
    COMMAND_LINE = "cli"  # detail: the command, run by whoever runs the server
    SYSTEM = "system"  # detail: the rule that acted, such as post-moderation
    SHOPPER = "shopper"  # a shopper who reported a review
    WRITER = "writer"  # the review's writer, through their own link


# Entries written before the actor had a kind, read as what they were.
_OLDER_ACTORS = {"settings": (ActorKind.COMMAND_LINE, "shop set"), "demo-moderator": (ActorKind.MODERATOR, "demo")}


def actor(kind: ActorKind, detail: str = "") -> str:
    return f"{kind.value}:{detail}" if detail else kind.value


def actor_parts(value: str) -> tuple[ActorKind | None, str]:
    """A stored actor as (kind, detail); (None, the raw value) for one no kind explains."""
    if value in _OLDER_ACTORS:
        return _OLDER_ACTORS[value]
    kind, _, detail = value.partition(":")
    try:
        return ActorKind(kind), detail
    except ValueError:
        return None, value


class Subject(StrEnum):
    """What an entry is about when it is not a review: stored as ``kind:id`` in the log's subject column."""

    QUESTION = "question"
    ANSWER = "answer"
    SHOP_REVIEW = "shop-review"


def about(kind: Subject, row_id: int) -> str:
    return f"{kind.value}:{row_id}"


def subject_parts(value: str) -> tuple[Subject, int] | None:
    """A stored subject as (kind, id); None for one no kind explains."""
    kind, _, row_id = value.partition(":")
    try:
        return Subject(kind), int(row_id)
    except ValueError:
        return None


class RejectReason(StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    PERSONAL_DATA = "personal-data"
    OFF_TOPIC = "off-topic"
    NOT_GENUINE = "not-genuine"


REASONS = ", ".join(r.value for r in RejectReason)


def log_action(
    db: Database,
    shop_id: int,
    review_id: int | None,
    actor: str,
    action: Action,
    reason: str | None,
    from_status: str | None,
    to_status: str | None,
    photo_id: int | None = None,
    subject: str | None = None,
) -> None:
    """``subject`` (``about(...)``) names what an entry that is not about a review is about."""
    entry = {
        "shop_id": shop_id,
        "review_id": review_id,
        "photo_id": photo_id,
        "subject": subject,
        "actor": actor,
        "action": action.value,
        "reason": reason,
        "from_status": from_status,
        "to_status": to_status,
        "created_at": clock.now_iso(),
    }
    previous = chain.head(db, shop_id)  # the caller's write transaction: no entry can come between
    db.table("moderation_log").insert(entry | {"prev_hash": previous, "entry_hash": chain.seal(previous, entry)})


def published_at_once(db: Database, shop_id: int, *, review_id: int | None = None, subject: str | None = None) -> None:
    """Log what the shop's mode published as it came (post-moderation): a review, or another ``subject``."""
    by = actor(ActorKind.SYSTEM, "post-moderation")
    log_action(db, shop_id, review_id, by, Action.PUBLISH, None, "pending", "approved", subject=subject)


@dataclass(frozen=True)
class Verdict:
    """What a check of one shop's audit chain found."""

    length: int
    head: str
    broken_at: int | None  # the first entry that does not hold, if any
    why: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(db: Database, shop_id: int) -> Verdict:
    """Recompute a shop's whole chain from the entries' contents and compare it with what is stored."""
    rows = list(db.query("SELECT * FROM moderation_log WHERE shop_id = ? ORDER BY id", [shop_id]))
    expected = chain.GENESIS
    for row, link in zip(rows, chain.sealed_in_order(rows), strict=True):
        if row["prev_hash"] != expected:
            why = "it does not follow the entry before it (one was removed, added or reordered)"
            return Verdict(len(rows), chain.head(db, shop_id), int(row["id"]), why)
        if row["entry_hash"] != link.entry_hash:
            return Verdict(len(rows), chain.head(db, shop_id), int(row["id"]), "its contents were changed")
        expected = row["entry_hash"]
    return Verdict(len(rows), expected, None)


def erase_shop_log(db: Database, shop_id: int) -> Verdict:
    """Remove a deleted shop's whole log, in the caller's transaction; what it was (length, head), for the receipt.

    The log refuses deletes by a trigger, so no review's history can lose an entry; a shop
    deleted whole takes its log with it, the trigger held off for this one statement.
    """
    was = verify(db, shop_id)
    if engine_of(db) is Engine.POSTGRESQL:
        db.execute("ALTER TABLE moderation_log DISABLE TRIGGER moderation_log_no_delete")
        db.execute("DELETE FROM moderation_log WHERE shop_id = ?", [shop_id])
        db.execute("ALTER TABLE moderation_log ENABLE TRIGGER moderation_log_no_delete")
    else:
        guard = next(db.query("SELECT sql FROM sqlite_master WHERE name = 'moderation_log_no_delete'"))["sql"]
        db.execute("DROP TRIGGER moderation_log_no_delete")
        db.execute("DELETE FROM moderation_log WHERE shop_id = ?", [shop_id])
        db.execute(guard)
    return was
