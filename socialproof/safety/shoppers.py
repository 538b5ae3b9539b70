"""Telling shoppers apart without cookies and without keeping their IP address.

Two signals, both hashed before they touch the database:
- a random visitor id that embed.js keeps in the shopper's localStorage,
  hashed with a secret of this server's own;
- the IP address, hashed with a salt that changes every day. Salts older than
  two days are deleted (housekeeping.py), after which an old hash can't be
  linked to an address by anyone, this server included.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlite_utils import Database

from socialproof import clock, policy
from socialproof.db.keys import server_secret

VISITOR_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
# User agents that announce a program, not a person: crawlers, audits, prerenderers, headless browsers.
AUTOMATED = re.compile(
    r"bot|crawl|spider|slurp|headless|lighthouse|pagespeed|chrome-lighthouse|prerender|pa11y|puppeteer|"
    r"playwright|phantomjs|selenium|webdriver|preview|facebookexternalhit",
    re.IGNORECASE,
)


def is_automated(user_agent: str | None) -> bool:
    """A request no person made by hand: it is never counted as someone "looking now"."""
    return bool(user_agent and AUTOMATED.search(user_agent))


def daily_salt(db: Database) -> bytes:
    day = clock.now().date().isoformat()
    rows = list(db.query("SELECT salt FROM ip_salts WHERE day = ?", [day]))
    if rows:
        return rows[0]["salt"]
    salt = secrets.token_bytes(32)
    db.execute("INSERT INTO ip_salts (day, salt) VALUES (?, ?)", [day, salt])
    return salt


def purge_salts(db: Database) -> int:
    oldest_kept = (clock.now().date() - timedelta(days=policy.IP_SALT_DAYS_KEPT - 1)).isoformat()
    return db.execute("DELETE FROM ip_salts WHERE day < ?", [oldest_kept]).rowcount


def _digest(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class Shopper:
    """A shopper as far as we can tell: hashes only."""

    visitor_hash: str | None
    ip_hash: str
    automated: bool = False  # by its user agent, a program (is_automated)


def identify(db: Database, visitor_id: str | None, ip: str | None, user_agent: str | None = "") -> Shopper:
    visitor_hash = None
    if visitor_id and VISITOR_ID.fullmatch(visitor_id):
        visitor_hash = _digest(server_secret(db, "visitor"), visitor_id)
    return Shopper(visitor_hash, _digest(daily_salt(db), ip or "unknown"), is_automated(user_agent))
