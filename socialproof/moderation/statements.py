"""Statements of reasons: a writer whose review is not published, or has words removed, is told why.

What the EU's Digital Services Act (Art. 17) asks of a host that removes or
restricts content, for every writer who left a way to reach them: which
review (or review of the shop, or question), what was decided, the rule in
plain words, and how to object (reply: the answer goes to the shop). The mail
quotes nothing the writer typed but their own title.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from socialproof.audit import RejectReason, Subject, subject_parts
from socialproof.db.engine import Database
from socialproof.i18n import LANGUAGES, N_, formatter
from socialproof.mail import outbox
from socialproof.mail.compose import Mail, from_template, shop_of
from socialproof.mail.outbox import MailKind, Queued, Withheld
from socialproof.reviews import listing
from socialproof.shops.registry import Shop

REJECTED, REDACTED = "rejected", "redacted"
# Each policy reason in the words a writer reads it in (of a review, of the shop, a question).
REASONS = {
    RejectReason.SPAM: N_("It is spam or advertising."),
    RejectReason.OFFENSIVE: N_("It contains offensive or abusive language."),
    RejectReason.PERSONAL_DATA: N_("It contains personal data, such as a name, an address or a phone number."),
    RejectReason.OFF_TOPIC: N_("It is not about the product or the shop's service."),
    RejectReason.NOT_GENUINE: N_("It does not appear to come from a real experience."),
}


@dataclass(frozen=True)
class Words:
    """How a statement names what it is about: a product's review, a review of the shop, a question."""

    subject: str  # the mail's subject: %(product)s, %(shop)s
    wrote: str  # what the writer sent, and when: %(product)s, %(shop)s, %(date)s
    decisions: Mapping[str, str]
    why_mailed: str  # the footer: how the address came to be known


REVIEW = Words(
    N_("About your review of %(product)s at %(shop)s"),
    N_("You wrote a review of %(product)s on %(date)s."),
    {
        REJECTED: N_("Your review will not be published."),
        REDACTED: N_("Your review is published with some of its words removed: the shop replaced them with […]."),
    },
    N_(
        "You get this message because you gave your e-mail address with your review. It is the only one about this decision."
    ),
)
WORDS: dict[Subject | None, Words] = {
    None: REVIEW,
    Subject.SHOP_REVIEW: Words(
        N_("About your review of %(shop)s"),
        N_("You wrote a review of %(shop)s on %(date)s."),
        REVIEW.decisions,
        N_(
            "You get this message because you wrote the review through the link %(shop)s sent you after your order. It is the only one about this decision."
        ),
    ),
    Subject.QUESTION: Words(
        N_("About your question about %(product)s at %(shop)s"),
        N_("You asked a question about %(product)s on %(date)s."),
        {REJECTED: N_("Your question will not be published.")},
        N_(
            "You get this message because you gave your e-mail address with your question. It is the only one about this decision."
        ),
    ),
}


def queue(db: Database, shop: Shop, review: dict[str, Any], decision: str, reason: RejectReason) -> None:
    """Tell a product review's writer, when they gave an address (the review's own row, before or after the decision)."""
    if not review.get("email"):
        return
    lang = review["lang"] if review["lang"] in LANGUAGES else shop.lang
    ref = {"review": review["id"], "decision": decision, "reason": reason.value}
    outbox.enqueue(db, shop.id, MailKind.STATEMENT, review["email"], lang, ref)


def queue_about(
    db: Database, shop: Shop, subject: str, row: dict[str, Any], reason: RejectReason, product: str | None = None
) -> None:
    """Tell the writer of a review of the shop, or a question (``subject``), that it is refused, when their
    address is known. The mail carries what it names, so it needs nothing of a package above this one."""
    if not row.get("email"):
        return
    lang = row["lang"] if row["lang"] in LANGUAGES else shop.lang
    ref = {
        "subject": subject,
        "product": product,
        "title": row.get("title") or "",
        "written": row["created_at"],
        "decision": REJECTED,
        "reason": reason.value,
    }
    outbox.enqueue(db, shop.id, MailKind.STATEMENT, row["email"], lang, ref)


def _about(db: Database, shop: Shop, ref: dict[str, Any]) -> tuple[Words, str, str, str]:
    """What the statement is about: its words, the product (or the shop), the title and when it was written."""
    if "subject" in ref:
        parts = subject_parts(ref["subject"])
        return WORDS[parts[0] if parts else None], ref["product"] or shop.name, ref["title"], ref["written"]
    review = listing.named(db, shop.id, ref["review"])
    if review is None or review.erased:
        raise Withheld("the review was erased")
    return REVIEW, review.product, review.title, review.created_at


def compose(db: Database, queued: Queued, public_url: str) -> Mail:
    shop = shop_of(db, queued)
    words, product, title, written = _about(db, shop, queued.ref)
    t = formatter(queued.lang)
    named = {"product": product, "shop": shop.name}
    return from_template(
        queued.lang,
        "statement",
        t.gettext(words.subject) % named,
        shop=shop,
        wrote=t.gettext(words.wrote) % (named | {"date": t.date(written)}),
        title=title,
        decision=t.gettext(words.decisions[queued.ref["decision"]]),
        reason=t.gettext(REASONS[RejectReason(queued.ref["reason"])]),
        why_mailed=t.gettext(words.why_mailed) % named,
    )


COMPOSERS = {MailKind.STATEMENT: compose}
