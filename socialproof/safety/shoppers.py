"""Telling shoppers apart without cookies and without keeping their IP address.

Two signals, both hashed before they touch the database:
- a random visitor id that embed.js keeps in the shopper's localStorage,
  hashed with a secret of this server's own;
- the IP address, hashed with a salt that changes every day. Salts older than
  two days are deleted (jobs/housekeeping.py), after which an old hash can't be
  linked to an address by anyone, this server included.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from socialproof import clock, policy
from socialproof.db.engine import Database
from socialproof.db.server_secrets import existing_secret, server_secret

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


def _todays_salt(db: Database) -> bytes | None:
    rows = list(db.query("SELECT salt FROM ip_salts WHERE day = ?", [clock.now().date().isoformat()]))
    return rows[0]["salt"] if rows else None


def daily_salt(db: Database) -> bytes:
    salt = _todays_salt(db)
    if salt is not None:
        return salt
    salt = secrets.token_bytes(32)
    db.execute("INSERT INTO ip_salts (day, salt) VALUES (?, ?)", [clock.now().date().isoformat(), salt])
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
    """The shopper, on the writer: creates the day's salt and the visitor secret when they are new."""
    hasher = Hasher.of(db, creating=True)
    assert hasher is not None and hasher.secret is not None  # made just now if they were missing
    shopper = hasher.shopper(visitor_id, ip, user_agent)
    assert shopper is not None
    return shopper


@dataclass(frozen=True)
class Hasher:
    """The day's salt and the visitor secret, to hash shoppers with in memory (signals/beats.py).

    Neither changes once made, so a copy stays right for its day."""

    day: date
    salt: bytes
    secret: bytes | None  # made with the first visitor id ever seen

    @classmethod
    def of(cls, db: Database, *, creating: bool = False) -> Hasher | None:
        """Today's keys; None before today's salt exists, unless ``creating`` (the writer) makes them."""
        if creating:
            return cls(clock.now().date(), daily_salt(db), server_secret(db, "visitor"))
        salt = _todays_salt(db)
        return cls(clock.now().date(), salt, existing_secret(db, "visitor")) if salt is not None else None

    def shopper(self, visitor_id: str | None, ip: str | None, user_agent: str | None = "") -> Shopper | None:
        """Hashes only; None for a visitor id when there is no secret yet to hash it with."""
        visitor_hash = None
        if visitor_id and VISITOR_ID.fullmatch(visitor_id):
            if self.secret is None:
                return None
            visitor_hash = _digest(self.secret, visitor_id)
        return Shopper(visitor_hash, _digest(self.salt, ip or "unknown"), is_automated(user_agent))
