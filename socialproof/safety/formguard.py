"""Cheap bot traps on the review form: a honeypot field and a minimum fill time.

The form carries a field people never see (bots fill every field) and a
stamp of when it was rendered, signed so it can't be made up. A post that
fills the honeypot, has no valid stamp, or comes back faster than a person
types is answered exactly like an accepted review, so the bot learns nothing,
and then dropped; each drop is counted per shop and day. These traps apply to
the HTML forms; the JSON API is for programs and has its rate limits.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Mapping

from socialproof import clock, policy
from socialproof.db.engine import Database
from socialproof.fields import SQLITE_MAX_ID, ascii_int

HONEYPOT = "website"
STAMP = "started"


def stamp(key: bytes, now: float | None = None) -> str:
    return _signed(key, int(now if now is not None else clock.now().timestamp()))


@functools.lru_cache(maxsize=16)  # every answer within the same second carries the same stamp
def _signed(key: bytes, moment: int) -> str:
    return f"{moment}.{_signature(key, moment)}"


def _signature(key: bytes, moment: int) -> str:
    return hmac.new(key, str(moment).encode(), hashlib.sha256).hexdigest()[:24]


def verdict(key: bytes, fields: Mapping[str, object], now: float | None = None) -> str | None:
    """Why a form post is a bot's ('honeypot', 'no-stamp', 'too-fast'), or None for a person's."""
    if str(fields.get(HONEYPOT) or "").strip():
        return "honeypot"
    moment, _, signature = str(fields.get(STAMP) or "").partition(".")
    started = ascii_int(moment, 0, SQLITE_MAX_ID)
    if started is None:
        return "no-stamp"
    expected = _signature(key, started)
    # compared as bytes: compare_digest refuses str with non-ASCII characters
    if not hmac.compare_digest(signature.encode("utf-8", "replace"), expected.encode()):
        return "no-stamp"
    age = (now if now is not None else clock.now().timestamp()) - started
    if age < policy.FORM_MIN_SECONDS or age > policy.FORM_MAX_AGE_SECONDS:
        return "too-fast"
    return None


def count_drop(db: Database, shop_id: int, reason: str) -> None:
    db.execute(
        "INSERT INTO dropped_posts (shop_id, day, reason, count) VALUES (?, ?, ?, 1) "
        "ON CONFLICT (shop_id, day, reason) DO UPDATE SET count = dropped_posts.count + 1",
        [shop_id, clock.now().date().isoformat(), reason],
    )
