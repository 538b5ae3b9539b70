"""Rate limits on shoppers' writes: fixed windows counted in SQLite.

Counted in the database rather than in memory so that every worker process
shares one count. Keys carry hashes only (see shoppers.py). A hit runs in the
same transaction as the write it guards.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof import clock
from socialproof.errors import ApiError
from socialproof.i18n import N_
from socialproof.shoppers import Shopper

SHOPPER_LIMITS = {  # action -> (writes, per seconds), per hashed shopper
    "recommend": (20, 60),
    "helpful": (30, 60),
    "heartbeat": (20, 60),
    "report": (10, 600),
    "review": (5, 600),
}
# What one shop takes from everyone together in an hour: a flood against one
# shop stops there, and its shoppers' other shops are untouched.
SHOP_LIMITS = {"review": 300, "recommend": 3000, "helpful": 3000, "report": 300, "heartbeat": 30000}


def record(db: Database, key: str, window_seconds: int) -> tuple[int, int]:
    """Count one more action under ``key``: how many in this window, and seconds until it ends."""
    now = clock.now().timestamp()
    window_end = (int(now // window_seconds) + 1) * window_seconds
    db.execute(
        "INSERT INTO rate_limits (key, window_end, count) VALUES (?, ?, 1) "
        "ON CONFLICT (key, window_end) DO UPDATE SET count = count + 1", [key, window_end])
    used = next(db.query("SELECT count FROM rate_limits WHERE key = ? AND window_end = ?",
                         [key, window_end]))["count"]
    return used, int(window_end - now) + 1


def hit(db: Database, key: str, limit: int, window_seconds: int, message: str) -> None:
    """Count one more action under ``key``; 429 with Retry-After once over ``limit``."""
    used, retry_after = record(db, key, window_seconds)
    if used > limit:
        raise ApiError(429, message, headers={"Retry-After": str(retry_after)})


def blocked_for(db: Database, key: str, limit: int, window_seconds: int) -> int | None:
    """Seconds until ``key`` may act again, if it has used up its window; read-only."""
    now = clock.now().timestamp()
    window_end = (int(now // window_seconds) + 1) * window_seconds
    rows = list(db.query("SELECT count FROM rate_limits WHERE key = ? AND window_end = ?", [key, window_end]))
    return int(window_end - now) + 1 if rows and rows[0]["count"] >= limit else None


def guard_shopper(db: Database, action: str, shopper: Shopper) -> None:
    """The action's limit per shopper, and ten times it per address: one office or
    household behind one address is many shoppers, each with their own visitor id."""
    limit, seconds = SHOPPER_LIMITS[action]
    message = N_("Too many requests from this shopper; wait a moment and try again.")
    if shopper.visitor_hash:
        hit(db, f"{action}:v:{shopper.visitor_hash}", limit, seconds, message)
        hit(db, f"{action}:ip:{shopper.ip_hash}", limit * 10, seconds, message)
    else:
        hit(db, f"{action}:ip:{shopper.ip_hash}", limit, seconds, message)


def guard_shop(db: Database, action: str, shop_id: int) -> None:
    hit(db, f"{action}:shop:{shop_id}", SHOP_LIMITS[action], 3600,
        N_("This shop is receiving too many requests; try again in a while."))


def purge(db: Database) -> int:
    """Forget the counters of windows that have ended."""
    return db.execute("DELETE FROM rate_limits WHERE window_end < ?", [int(clock.now().timestamp())]).rowcount
