"""Shops: who a merchant is to socialproof, and their settings."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from socialproof import clock, policy
from socialproof.audit import Action, ActorKind, actor, log_action
from socialproof.db.engine import Database
from socialproof.errors import Conflict, Invalid, Message, NotFound, one_of
from socialproof.fields import is_address
from socialproof.i18n import LANGUAGES, N_
from socialproof.sanitize import bounded
from socialproof.shops.logo import logo_data_uri
from socialproof.shops.theme import theme_changes
from socialproof.shops.trust import PROFILE_FIELDS, TrustProfile, profile_changes

NAME_MAX = 120
SLUG_PATTERN = re.compile(r"[a-z0-9-]{2,40}")


class ModerationMode(StrEnum):
    PRE = "pre"  # a review waits for a moderator before it is published
    POST = "post"  # a review is published at once and moderated after


@dataclass(frozen=True)
class Shop:
    id: int
    slug: str
    name: str
    lang: str
    origins: tuple[str, ...]
    moderation: ModerationMode
    profile: TrustProfile = TrustProfile()
    purchase_threshold: int = policy.PURCHASE_THRESHOLD_DEFAULT
    viewer_threshold: int = policy.VIEWER_THRESHOLD_DEFAULT
    theme: str = "{}"  # JSON, see theme.py
    reply_to: str | None = None  # where replies to the shop's mail go; None: to the server's From
    review_requests: bool = False  # mail buyers a review request (reviews/review_requests.py)
    request_after_days: int = policy.REQUEST_AFTER_DAYS_DEFAULT
    reminder_after_days: int | None = policy.REMINDER_AFTER_DAYS_DEFAULT  # None: no reminder
    logo: str | None = None  # a PNG data URI (logo.py): the top of its mail to shoppers

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Shop:
        return cls(
            id=row["id"],
            slug=row["slug"],
            name=row["name"],
            lang=row["lang"],
            origins=tuple(json.loads(row["origins"])),
            moderation=ModerationMode(row["moderation"]),
            profile=TrustProfile.from_row(row),
            purchase_threshold=row["purchase_threshold"],
            viewer_threshold=row["viewer_threshold"],
            theme=row.get("theme") or "{}",
            reply_to=row.get("reply_to"),
            review_requests=bool(row.get("review_requests")),
            request_after_days=row.get("request_after_days", policy.REQUEST_AFTER_DAYS_DEFAULT),
            reminder_after_days=row.get("reminder_after_days"),
            logo=row.get("logo"),
        )


def validate_slug(slug: str) -> str:
    if not SLUG_PATTERN.fullmatch(slug):
        raise Invalid(
            N_("Invalid shop slug %(slug)s: use 2-40 lower-case letters, digits and hyphens."),
            {"slug": N_("2-40 characters a-z, 0-9 and -")},
            slug=repr(slug),
        )
    return slug


def normalize_origin(origin: str) -> str:
    """'https://Shop.example.fi/' -> 'https://shop.example.fi'."""
    parts = urlsplit(origin.strip())
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise Invalid(
            N_("Invalid origin %(origin)s: give scheme and host only, like https://shop.example.fi."),
            {"origin": N_("scheme and host, like https://shop.example.fi")},
            origin=repr(origin),
        )
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


def validate_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise Invalid(
            N_("Unsupported language %(lang)s: use one of %(langs)s."),
            {"lang": one_of(LANGUAGES)},
            lang=repr(lang),
            langs=", ".join(LANGUAGES),
        )
    return lang


def _checked_name(raw: str) -> str:
    name = bounded(raw, NAME_MAX)  # one line: it stands in mail subjects, which refuse line breaks
    if not name:
        raise Invalid(
            N_("A shop needs a name of 1-%(max)s characters."), {"name": N_("1-%(max)s characters")}, max=NAME_MAX
        )
    return name


def get_shop(db: Database, slug: str) -> Shop | None:
    if not SLUG_PATTERN.fullmatch(slug):  # no shop has such a name (and PostgreSQL refuses a NUL in one)
        return None
    rows = list(db.query("SELECT * FROM shops WHERE slug = ?", [slug]))
    return Shop.from_row(rows[0]) if rows else None


def shop_by_id(db: Database, shop_id: int) -> Shop | None:
    rows = list(db.query("SELECT * FROM shops WHERE id = ?", [shop_id]))
    return Shop.from_row(rows[0]) if rows else None


def all_shops(db: Database) -> list[Shop]:
    return [Shop.from_row(row) for row in db.query("SELECT * FROM shops ORDER BY name")]


def require_shop(db: Database, slug: str) -> Shop:
    shop = get_shop(db, slug)
    if shop is None:
        raise NotFound(N_("There is no shop %(slug)s."), slug=repr(slug))
    return shop


def create_shop(db: Database, slug: str, name: str, origins: tuple[str, ...] = (), lang: str = "fi") -> Shop:
    validate_slug(slug)
    validate_lang(lang)
    name = _checked_name(name)
    if get_shop(db, slug) is not None:
        raise Conflict(N_("A shop %(slug)s exists already."), slug=repr(slug))
    db.table("shops").insert(
        {
            "slug": slug,
            "name": name,
            "lang": lang,
            "origins": json.dumps(sorted({normalize_origin(o) for o in origins})),
            "moderation": ModerationMode.PRE.value,
            "created_at": clock.now_iso(),
        }
    )
    return require_shop(db, slug)


def update_shop(
    db: Database,
    slug: str,
    *,
    name: str | None = None,
    lang: str | None = None,
    origins: tuple[str, ...] | None = None,
    moderation: str | None = None,
    purchase_threshold: int | None = None,
    viewer_threshold: int | None = None,
    theme: dict[str, Any] | None = None,
    reply_to: str | None = None,
    review_requests: bool | None = None,
    request_after_days: int | None = None,
    reminder_after_days: int | Literal["none"] | None = None,
    logo: Path | bytes | Literal[""] | None = None,
    by: str = actor(ActorKind.COMMAND_LINE, "shop set"),
    **profile: Any,
) -> Shop:
    """Change settings; ``profile`` takes the trust profile's fields (see trust.py); ``by`` signs the log."""
    shop = require_shop(db, slug)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown shop settings: {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = profile_changes(**profile)
    if name is not None:
        changes["name"] = _checked_name(name)
    if lang is not None:
        changes["lang"] = validate_lang(lang)
    if origins is not None:
        changes["origins"] = json.dumps(sorted({normalize_origin(o) for o in origins}))
    if moderation is not None:
        try:
            changes["moderation"] = ModerationMode(moderation).value
        except ValueError:
            raise Invalid(N_("Moderation is 'pre' or 'post'."), {"moderation": N_("pre or post")}) from None
    thresholds = (
        ("purchase_threshold", purchase_threshold, policy.PURCHASE_THRESHOLD_MIN,
         N_("The purchase threshold is at least %(num)s, so no one buyer can be picked out.")),
        ("viewer_threshold", viewer_threshold, policy.VIEWER_THRESHOLD_MIN,
         N_("The viewer threshold is at least %(num)s.")),
    )  # fmt: skip
    for field, value, minimum, message in thresholds:
        if value is not None:
            if value < minimum:
                raise Invalid(message, {field: N_("%(num)s or more")}, num=minimum)
            changes[field] = value
    if reply_to is not None:
        if reply_to and not is_address(reply_to):
            raise Invalid(N_("Replies need an e-mail address, or '' for none."), {"reply_to": N_("an e-mail address")})
        changes["reply_to"] = reply_to or None
    changes |= _request_changes(review_requests, request_after_days, reminder_after_days)
    if logo is not None:
        stored = logo_data_uri(logo) if logo != "" else None
        if isinstance(stored, Message):
            raise Invalid(N_("The logo was not changed."), {"logo": stored})
        changes["logo"] = stored
    if theme:
        changes["theme"] = json.dumps(theme_changes(json.loads(shop.theme), **theme))
    if changes:
        db.table("shops").update(shop.id, changes)
    if changes.get("moderation", shop.moderation) != shop.moderation:  # the integrity report shows when
        log_action(db, shop.id, None, by, Action.MODE, None, shop.moderation.value, changes["moderation"])
    return require_shop(db, slug)


def _request_changes(
    on: bool | None, after_days: int | None, reminder_days: int | Literal["none"] | None
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    days = N_("0-%(max)s days")
    if on is not None:
        changes["review_requests"] = int(on)
    if after_days is not None:
        if not 0 <= after_days <= policy.REQUEST_DAYS_MAX:
            raise Invalid(
                N_("Review requests go 0-%(max)s days after the order."),
                {"request_after_days": days},
                max=policy.REQUEST_DAYS_MAX,
            )
        changes["request_after_days"] = after_days
    if reminder_days == "none":
        changes["reminder_after_days"] = None
    elif reminder_days is not None:
        if not 0 <= reminder_days <= policy.REQUEST_DAYS_MAX:
            raise Invalid(
                N_("A reminder goes 0-%(max)s days after the request, or give 'none'."),
                {"reminder_after_days": days},
                max=policy.REQUEST_DAYS_MAX,
            )
        changes["reminder_after_days"] = reminder_days
    return changes
