"""The audit log: every change of a review's status and every shop action, with its reason.

Written in the same transaction as the change itself, by whichever part
makes the change (reviews, replies, reports, moderation); never edited.
"""

from __future__ import annotations

from enum import StrEnum

from socialproof import clock
from socialproof.db.engine import Database


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
) -> None:
    db.table("moderation_log").insert(
        {
            "shop_id": shop_id,
            "review_id": review_id,
            "photo_id": photo_id,
            "actor": actor,
            "action": action.value,
            "reason": reason,
            "from_status": from_status,
            "to_status": to_status,
            "created_at": clock.now_iso(),
        }
    )
