"""Moderator accounts and their sessions.

Passwords are hashed with argon2id. A session is a row here, named by a
random id in a signed cookie: logging out deletes the row, so a copied cookie
dies with it, and sessions expire on their own.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from socialproof import clock, policy
from socialproof.db.engine import Database
from socialproof.db.server_secrets import existing_secret, server_secret
from socialproof.db.store import insert
from socialproof.errors import Conflict, Invalid, plural
from socialproof.i18n import N_
from socialproof.shops.registry import require_shop

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """What an unknown e-mail's password is checked against: as long a check as a real one, so response
    times don't tell which addresses have accounts. Made at its first need, not at import, where every
    command and every server start paid for a full-cost hash (0.14 s) that few of them ever use."""
    return _hasher.hash("not a password anyone has")


@dataclass(frozen=True)
class Moderator:
    id: int
    email: str
    is_admin: bool
    shop_ids: frozenset[int]

    def can_moderate(self, shop_id: int) -> bool:
        return self.is_admin or shop_id in self.shop_ids


def create_moderator(
    db: Database, email: str, password: str, shops: tuple[str, ...] = (), admin: bool = False
) -> Moderator:
    email = email.strip()
    if not EMAIL.fullmatch(email):
        raise Invalid(N_("Invalid e-mail address %(email)s."), {"email": N_("an e-mail address")}, email=repr(email))
    _check_password(password)
    if not shops and not admin:
        raise Invalid(
            N_("Name the shops the moderator works on (--shop), or make them an admin (--admin)."),
            {"shop": N_("at least one, or --admin")},
        )
    shop_ids = [require_shop(db, slug).id for slug in shops]
    if list(db.query("SELECT 1 FROM moderators WHERE email = ?", [email])):
        raise Conflict(N_("A moderator %(email)s exists already."), email=email)
    moderator_id = insert(
        db,
        "moderators",
        {
            "email": email,
            "password_hash": _hasher.hash(password),
            "is_admin": int(admin),
            "created_at": clock.now_iso(),
        },
    )
    for shop_id in shop_ids:
        db.table("moderator_shops").insert({"moderator_id": moderator_id, "shop_id": shop_id})
    moderator = get_moderator(db, moderator_id)
    assert moderator is not None
    return moderator


def _check_password(password: str) -> None:
    if len(password) < policy.PASSWORD_MIN:
        raise Invalid(
            plural(
                "The password needs at least %(num)s character.",
                "The password needs at least %(num)s characters.",
                policy.PASSWORD_MIN,
            ),
            {"password": plural("at least %(num)s character", "at least %(num)s characters", policy.PASSWORD_MIN)},
        )


def set_password(db: Database, email: str, password: str) -> None:
    _check_password(password)
    db.execute("UPDATE moderators SET password_hash = ? WHERE email = ?", [_hasher.hash(password), email])


def get_moderator(db: Database, moderator_id: int) -> Moderator | None:
    rows = list(db.query("SELECT id, email, is_admin FROM moderators WHERE id = ?", [moderator_id]))
    if not rows:
        return None
    shops = {
        r["shop_id"] for r in db.query("SELECT shop_id FROM moderator_shops WHERE moderator_id = ?", [moderator_id])
    }
    return Moderator(rows[0]["id"], rows[0]["email"], bool(rows[0]["is_admin"]), frozenset(shops))


def authenticate(db: Database, email: str, password: str) -> Moderator | None:
    rows = list(db.query("SELECT id, password_hash FROM moderators WHERE email = ?", [email.strip()]))
    try:
        _hasher.verify(rows[0]["password_hash"] if rows else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    return get_moderator(db, rows[0]["id"]) if rows else None


def _sign(db: Database, value: str) -> str:
    return hmac.new(server_secret(db, "session"), value.encode(), hashlib.sha256).hexdigest()


def start_session(db: Database, moderator: Moderator, hours: int) -> str:
    """A new session; its signed cookie value."""
    session_id = secrets.token_urlsafe(32)
    now = clock.now()
    db.table("admin_sessions").insert(
        {
            "id": session_id,
            "moderator_id": moderator.id,
            "created_at": now.isoformat(),
            "expires_at": (now + timedelta(hours=hours)).isoformat(),
        }
    )
    return f"{session_id}.{_sign(db, session_id)}"


def session_id(db: Database, cookie: str | None) -> str | None:
    """The session a cookie names, if its signature holds (reader-safe)."""
    value, _, signature = (cookie or "").partition(".")
    key = existing_secret(db, "session")
    if not value or key is None:
        return None
    expected = hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
    return value if hmac.compare_digest(signature, expected) else None


def session_moderator(db: Database, cookie: str | None) -> Moderator | None:
    sid = session_id(db, cookie)
    if sid is None:
        return None
    rows = list(db.query("SELECT moderator_id, expires_at FROM admin_sessions WHERE id = ?", [sid]))
    if not rows or datetime.fromisoformat(rows[0]["expires_at"]) < clock.now():
        return None
    return get_moderator(db, rows[0]["moderator_id"])


def end_session(db: Database, cookie: str | None) -> None:
    sid = session_id(db, cookie)
    if sid:
        db.execute("DELETE FROM admin_sessions WHERE id = ?", [sid])


def purge_sessions(db: Database) -> int:
    return db.execute("DELETE FROM admin_sessions WHERE expires_at < ?", [clock.now_iso()]).rowcount


def csrf_token(db: Database, cookie: str | None) -> str:
    """The token every form of this session carries: forged cross-site posts lack it."""
    sid = session_id(db, cookie) or ""
    key = existing_secret(db, "session") or b""
    return hmac.new(key, f"csrf:{sid}".encode(), hashlib.sha256).hexdigest()
