"""The mail that tells a shop's moderators an endpoint was paused after failing for days.

Sent to each moderator of the shop (to the administrators when it has none),
in their own language. It names the address and the last answer, and links
to the workspace page where the endpoint is turned on again by hand: a
receiver that was down for three days should be looked at before it gets a
backlog.
"""

from __future__ import annotations

from socialproof.db.engine import Database
from socialproof.i18n import formatter
from socialproof.mail import outbox
from socialproof.mail.compose import Mail, from_template, shop_of
from socialproof.mail.outbox import MailKind, Queued, Withheld
from socialproof.policy import WEBHOOK_PAUSE_AFTER


def queue(db: Database, shop_id: int, webhook_id: int) -> int:
    """Queue the notice for everyone who looks after the shop; how many."""
    rows = (
        db.execute(
            "SELECT m.email, m.digest_lang FROM moderators m JOIN moderator_shops s ON s.moderator_id = m.id "
            "WHERE s.shop_id = ? ORDER BY m.id",
            [shop_id],
        ).fetchall()
        or db.execute("SELECT email, digest_lang FROM moderators WHERE is_admin = 1 ORDER BY id").fetchall()
    )
    for email, lang in rows:
        outbox.enqueue(db, shop_id, MailKind.WEBHOOK_PAUSED, email, lang, {"webhook": webhook_id})
    return len(rows)


def compose(db: Database, queued: Queued, public_url: str) -> Mail:
    shop = shop_of(db, queued)
    row = db.execute(
        "SELECT w.url, w.status, (SELECT last_error FROM webhook_deliveries d WHERE d.webhook_id = w.id "
        "AND d.last_error IS NOT NULL ORDER BY d.last_attempt_at DESC LIMIT 1) FROM webhooks w WHERE w.id = ?",
        [queued.ref["webhook"]],
    ).fetchone()
    if row is None or row[1] != "paused":
        raise Withheld("the webhook was removed or turned on again")
    url, _, last_error = row
    t = formatter(queued.lang)
    subject = t.gettext("Webhook paused for %(shop)s") % {"shop": shop.name}
    return from_template(
        queued.lang,
        "webhook_paused",
        subject,
        shop=shop,
        url=url,
        days=WEBHOOK_PAUSE_AFTER.days,
        last_error=last_error,
        page=f"{public_url}/admin/shops/{shop.slug}/webhooks?lang={queued.lang}",
    )


COMPOSERS = {MailKind.WEBHOOK_PAUSED: compose}
