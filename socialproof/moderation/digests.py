"""Moderator digests: a short mail saying which shops have reviews waiting, so none waits unseen.

Each moderator chooses how often (``Digest``): at the sender's next run
after something new arrives and then at most every 15 minutes, once a day
(the default), or never. The digest is planned before each sender run and
composed when sent, from the counts then, so it never reports what a
colleague has cleared meanwhile. It names shops, counts and the oldest
waiting time, and links into the queue; it carries no review text (that may
hold personal data, and spam words would get the digest filtered as spam).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from socialproof import clock, policy
from socialproof.db.engine import Database
from socialproof.errors import Invalid, NotFound, one_of
from socialproof.i18n import LANGUAGES, N_, formatter
from socialproof.mail import outbox
from socialproof.mail.compose import Mail, from_template
from socialproof.mail.outbox import MailKind, Queued, Withheld
from socialproof.shops.registry import all_shops


class Digest(StrEnum):
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    NEVER = "never"


GAPS = {Digest.IMMEDIATELY: policy.DIGEST_IMMEDIATE_GAP, Digest.DAILY: policy.DIGEST_DAILY_GAP}


@dataclass(frozen=True)
class Waiting:
    slug: str
    name: str
    pending: int
    reported: int
    oldest: str | None  # when the longest-waiting review was written
    newest: str | None  # when the latest review or report came in


def choose(db: Database, email: str, digest: str, lang: str | None = None) -> Digest:
    """Set how often a moderator hears of waiting reviews (and in which language)."""
    try:
        chosen = Digest(digest)
    except ValueError:
        raise Invalid(N_("Choose immediately, daily or never."), {"digest": one_of(tuple(Digest))}) from None
    if lang is not None and lang not in LANGUAGES:
        raise Invalid(N_("fi, sv or en"), {"lang": one_of(LANGUAGES)})
    changed = db.execute(
        "UPDATE moderators SET digest = ?, digest_lang = coalesce(?, digest_lang) WHERE email = ?",
        [chosen.value, lang, email.strip()],
    ).rowcount
    if not changed:
        raise NotFound(N_("There is no moderator %(email)s."), email=email)
    return chosen


def preference(db: Database, moderator_id: int) -> tuple[Digest, str]:
    row = db.execute("SELECT digest, digest_lang FROM moderators WHERE id = ?", [moderator_id]).fetchone()
    return Digest(row[0]), row[1]


def waiting(db: Database, moderator_id: int) -> list[Waiting]:
    """The moderator's shops that have reviews pending or reported, with their counts."""
    admin, shop_ids = _scope(db, moderator_id)
    found = []
    for shop in all_shops(db):
        if not admin and shop.id not in shop_ids:
            continue
        pending, oldest, newest_review = db.execute(
            "SELECT count(*), min(created_at), max(created_at) FROM reviews WHERE shop_id = ? AND status = 'pending'",
            [shop.id],
        ).fetchone()
        reported, newest_report = db.execute(
            "SELECT count(DISTINCT r.id), max(x.created_at) FROM reviews r JOIN reports x ON x.review_id = r.id "
            "WHERE r.shop_id = ? AND r.open_reports > 0 AND x.resolved_at IS NULL",
            [shop.id],
        ).fetchone()
        if pending or reported:
            newest = max(filter(None, (newest_review, newest_report)), default=None)
            found.append(Waiting(shop.slug, shop.name, pending, reported, oldest, newest))
    return found


def _scope(db: Database, moderator_id: int) -> tuple[bool, set[int]]:
    (admin,) = db.execute("SELECT is_admin FROM moderators WHERE id = ?", [moderator_id]).fetchone()
    shops = {r[0] for r in db.execute("SELECT shop_id FROM moderator_shops WHERE moderator_id = ?", [moderator_id])}
    return bool(admin), shops


def plan(db: Database) -> int:
    """Queue the digests that are due now; how many (run before each sender run, in a write)."""
    now = clock.now()
    planned = 0
    for row in db.query(
        "SELECT id, email, digest, digest_lang, digest_sent_at FROM moderators WHERE digest != ?", [Digest.NEVER.value]
    ):
        last = datetime.fromisoformat(row["digest_sent_at"]) if row["digest_sent_at"] else None
        chosen = Digest(row["digest"])
        if last is not None and now - last < GAPS[chosen]:
            continue
        found = waiting(db, row["id"])
        if not found:
            continue
        if (
            chosen is Digest.IMMEDIATELY
            and last is not None
            and all(w.newest is None or datetime.fromisoformat(w.newest) <= last for w in found)
        ):
            continue  # nothing new since the last digest: "immediately" is about arrivals
        outbox.enqueue(db, None, MailKind.DIGEST, row["email"], row["digest_lang"], {"moderator": row["id"]})
        db.execute("UPDATE moderators SET digest_sent_at = ? WHERE id = ?", [now.isoformat(), row["id"]])
        planned += 1
    return planned


def compose(db: Database, queued: Queued, public_url: str) -> Mail:
    found = waiting(db, queued.ref["moderator"])
    if not found:
        raise Withheld("nothing waits any more")
    t = formatter(queued.lang)
    total = sum(w.pending + w.reported for w in found)
    subject = t.ngettext(
        "%(num)d review waits for you in socialproof", "%(num)d reviews wait for you in socialproof", total
    ) % {"num": total}
    shops: list[dict[str, Any]] = [
        {
            "name": w.name,
            "pending": w.pending,
            "reported": w.reported,
            "oldest": t.date(w.oldest) if w.oldest else None,
            "queue": f"{public_url}/admin/shops/{w.slug}?lang={queued.lang}",
            "reports": f"{public_url}/admin/shops/{w.slug}?view=reported&lang={queued.lang}",
        }
        for w in found
    ]
    return from_template(queued.lang, "digest", subject, shops=shops, settings=f"{public_url}/admin/account")


COMPOSERS = {MailKind.DIGEST: compose}
