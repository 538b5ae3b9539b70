"""Forgetting on schedule: heartbeats, rate-limit counters and old IP salts.

Run every minute by the app's lifespan; each step is a small indexed delete.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof import accounts, presence, ratelimit, shoppers

INTERVAL_SECONDS = 60


def purge(db: Database) -> dict[str, int]:
    return {
        "heartbeats": presence.purge_heartbeats(db),
        "rate_limits": ratelimit.purge(db),
        "ip_salts": shoppers.purge_salts(db),
        "admin_sessions": accounts.purge_sessions(db),
    }
