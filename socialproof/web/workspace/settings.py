"""The shop's settings page: moderation mode, trust profile, theme, words to flag.

Each section is its own form and saves through the same domain calls as
``socialproof shop set``, so the workspace refuses exactly what the command line
refuses; a refused form comes back with what was typed and why, nothing saved.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.errors import Invalid, one_of
from socialproof.i18n import LANGUAGES, N_
from socialproof.moderation import overview
from socialproof.policy import CONTRAST_AA
from socialproof.sanitize import plain_text
from socialproof.shops import trust
from socialproof.shops.registry import ModerationMode, Shop, update_shop
from socialproof.shops.theme import DARK_BACKGROUND, LIGHT_BACKGROUND, RADIUS_MAX
from socialproof.web.problems import request_language
from socialproof.web.requests import Upload, store
from socialproof.web.workspace.sessions import Session, checked_form_with_file, first, for_shop, page, saved

WORDS_MAX = 500
PHOTO_FILE, LOGO_FILE = "founder_photo_file", "logo_file"  # each section's one file
TEXT_FIELDS = ("country", "ships_from", "founder_name", "greeting", "business_id")
NUMBER_FIELDS = ("returns_days", "founded")
FLAG_FIELDS = ("independent", "free_returns")  # yes, no, or not said
THEME_FIELDS = ("accent", "accent_dark", "radius", "font", "style")


class Section(StrEnum):
    MODERATION = "moderation"
    PROFILE = "profile"
    THEME = "theme"
    WORDS = "words"


def _number(typed: str) -> int | str:
    """A whole number as a number; anything else as typed, for the domain to refuse in its own words."""
    return int(typed) if typed.strip().isascii() and typed.strip().isdigit() else typed.strip()


def _profile(form: dict[str, list[str]], upload: Upload | None, shop: Shop) -> dict[str, Any]:
    changes: dict[str, Any] = {name: first(form, name).strip() for name in TEXT_FIELDS}
    changes["greeting"] = first(form, "greeting")  # its line breaks are kept
    changes |= {name: _number(first(form, name)) for name in NUMBER_FIELDS}
    changes |= {name: {"yes": True, "no": False}.get(first(form, name), "") for name in FLAG_FIELDS}
    current = shop.profile.founder_photo or ""
    address = first(form, "founder_photo_url").strip()
    if first(form, "founder_photo_remove") == "on":
        changes["founder_photo"] = ""
    elif upload is not None:
        changes["founder_photo"] = upload.data  # bytes: an image to check, never a name of a file here
    elif address != (current if current.startswith("https://") else ""):
        changes["founder_photo"] = address
    return changes


def _theme(form: dict[str, list[str]]) -> dict[str, Any]:
    typed = {name: first(form, name).strip() for name in THEME_FIELDS}
    return typed | {"radius": _number(typed["radius"]) if typed["radius"] else ""}


def _logo(form: dict[str, list[str]], upload: Upload | None) -> bytes | Literal[""] | None:
    """The logo's change: bytes to check (never the name of a file here), '' to remove it, None to keep it."""
    if first(form, "logo_remove") == "on":
        return ""
    return upload.data if upload is not None else None


def _words(form: dict[str, list[str]]) -> dict[str, list[str]]:
    lists = {}
    for lang in (*LANGUAGES, "all"):
        words = [plain_text(w)[:60] for w in first(form, f"words_{lang}").splitlines()]
        lists[lang] = sorted({w for w in words if w})[:WORDS_MAX]
    return lists


async def _page(request: Request, current: Session, shop: Shop, *, status: int = 200, **context: Any) -> Response:
    lists = await store(request).read(lambda db: overview.shop_blocklists(db, shop))
    return page(
        request,
        "settings.html",
        current,
        status=status,
        shop=shop,
        profile=shop.profile,
        theme=json.loads(shop.theme),
        lists=lists,
        langs=LANGUAGES,
        modes=ModerationMode,
        radius_max=RADIUS_MAX,
        contrast_needed=CONTRAST_AA,
        backgrounds=(LIGHT_BACKGROUND, DARK_BACKGROUND),
        greeting_max=trust.GREETING_MAX,
        done=request.query_params.get("done", ""),
        **{"problem": None, "errors": {}, "typed": {}, "section": None} | context,
    )


@for_shop
async def settings_page(request: Request, current: Session, shop: Shop) -> Response:
    return await _page(request, current, shop)


@for_shop
async def save_settings(request: Request, current: Session, shop: Shop) -> Response:
    form, upload = await checked_form_with_file(request, current, (PHOTO_FILE, LOGO_FILE))
    section = first(form, "section") or Section.WORDS  # the words' form, before sections had names
    if section not in set(Section):
        raise Invalid(N_("Choose which settings to save."), {"section": one_of(Section)})
    typed = {name: values[0] for name, values in form.items() if name != "csrf"}

    def save(db: Database) -> None:
        if section == Section.WORDS:
            overview.set_blocklists(db, shop, _words(form), current.actor)
        elif section == Section.MODERATION:
            update_shop(db, shop.slug, moderation=first(form, "moderation"), by=current.actor)
        elif section == Section.PROFILE:
            update_shop(db, shop.slug, by=current.actor, **_profile(form, upload, shop))
        else:
            update_shop(db, shop.slug, theme=_theme(form), logo=_logo(form, upload), by=current.actor)

    try:
        await store(request).write(save)
    except Invalid as problem:  # the page again, with what was typed and why not
        message, errors = problem.in_language(request_language(request))
        return await _page(
            request, current, shop, status=422, problem=message, errors=errors, typed=typed, section=section
        )
    return saved(f"/admin/shops/{shop.slug}/settings", section)


routes = [
    Route("/admin/shops/{shop}/settings", settings_page, methods=["GET"]),
    Route("/admin/shops/{shop}/settings", save_settings, methods=["POST"]),
]
