"""Forgetting on schedule: heartbeats, rate-limit counters, old IP salts, old changes and delivery logs.

Run every minute by serve (jobs/schedule.py); each step is a small indexed delete.
"""

from __future__ import annotations

from socialproof import clock, policy
from socialproof.db import feed
from socialproof.db.engine import Database, alone
from socialproof.moderation import accounts
from socialproof.platforms import connections
from socialproof.safety import ratelimit, shoppers
from socialproof.signals import presence
from socialproof.webhooks import deliveries, events

INTERVAL_SECONDS = 60


def purge_old_details(db: Database) -> int:
    now = clock.now()
    cutoff = (now - policy.DETAILS_KEPT).isoformat()
    forgotten = db.execute(
        "UPDATE reports SET ip_hash = '', visitor_hash = NULL WHERE resolved_at < ? AND ip_hash != ''", [cutoff]
    ).rowcount
    forgotten += db.execute(
        "UPDATE invitations SET email = NULL, name = NULL WHERE expires_at < ? AND "
        "(email IS NOT NULL OR name IS NOT NULL)",
        [cutoff],
    ).rowcount
    forgotten += db.execute(
        "DELETE FROM dropped_posts WHERE day < ?", [(now - policy.COUNTS_KEPT).date().isoformat()]
    ).rowcount
    return forgotten


def purge(db: Database) -> dict[str, int]:
    """One sweep; with several nodes on one PostgreSQL, the node that comes second while one sweeps skips."""
    if not alone(db, "housekeeping"):
        return {}
    return {
        "old_details": purge_old_details(db),
        "heartbeats": presence.purge_heartbeats(db),
        "rate_limits": ratelimit.purge(db),
        "ip_salts": shoppers.purge_salts(db),
        "admin_sessions": accounts.purge_sessions(db),
        "changes": feed.forget_old(db),
        "hook_deliveries": connections.forget_old_deliveries(db),
        "shop_events": events.forget_old(db),
        "webhook_deliveries": deliveries.forget_old(db),
    }
