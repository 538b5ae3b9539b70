"""Statements of reasons: a writer whose review is not published, or has words removed, is told why.

What the EU's Digital Services Act (Art. 17) asks of a host that removes or
restricts content, for every writer who left a way to reach them: which
review, what was decided, the rule in plain words, and how to object (reply:
the answer goes to the shop). The mail quotes nothing the writer typed but
their own title.
"""

from __future__ import annotations

from typing import Any

from socialproof.audit import RejectReason
from socialproof.db.engine import Database
from socialproof.i18n import LANGUAGES, N_, formatter
from socialproof.mail import outbox
from socialproof.mail.compose import Mail, from_template, shop_of
from socialproof.mail.outbox import MailKind, Queued, Withheld
from socialproof.reviews import listing
from socialproof.shops.registry import Shop

REJECTED, REDACTED = "rejected", "redacted"
DECISIONS = {
    REJECTED: N_("Your review will not be published."),
    REDACTED: N_("Your review is published with some of its words removed: the shop replaced them with […]."),
}
# Each policy reason in the words a writer reads it in.
REASONS = {
    RejectReason.SPAM: N_("It is spam or advertising, not a review of the product."),
    RejectReason.OFFENSIVE: N_("It contains offensive or abusive language."),
    RejectReason.PERSONAL_DATA: N_("It contains personal data, such as a name, an address or a phone number."),
    RejectReason.OFF_TOPIC: N_("It is not about the product or the shop's service."),
    RejectReason.NOT_GENUINE: N_("It does not appear to come from a real experience of the product."),
}


def queue(db: Database, shop: Shop, review: dict[str, Any], decision: str, reason: RejectReason) -> None:
    """Tell the writer, when they gave an address (the review's own row, before or after the decision)."""
    if not review.get("email"):
        return
    lang = review["lang"] if review["lang"] in LANGUAGES else shop.lang
    ref = {"review": review["id"], "decision": decision, "reason": reason.value}
    outbox.enqueue(db, shop.id, MailKind.STATEMENT, review["email"], lang, ref)


def compose(db: Database, queued: Queued, public_url: str) -> Mail:
    shop = shop_of(db, queued)
    review = listing.named(db, shop.id, queued.ref["review"])
    if review is None or review.erased:
        raise Withheld("the review was erased")
    t = formatter(queued.lang)
    subject = t.gettext("About your review of %(product)s at %(shop)s") % {"product": review.product, "shop": shop.name}
    return from_template(
        queued.lang,
        "statement",
        subject,
        shop=shop,
        product=review.product,
        title=review.title,
        written=t.date(review.created_at),
        decision=t.gettext(DECISIONS[queued.ref["decision"]]),
        reason=t.gettext(REASONS[RejectReason(queued.ref["reason"])]),
    )


COMPOSERS = {MailKind.STATEMENT: compose}
