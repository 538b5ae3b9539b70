"""``socialproof shop``: create a shop, change its settings and trust profile, list, show and delete shops.

``shop show`` never prints a secret (API keys, platform secrets, tokens)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, Literal

import click

from socialproof.cli.support import database, db_option, resolve_db
from socialproof.config import Settings
from socialproof.db.engine import Database
from socialproof.photos import records as photo_records
from socialproof.photos.storage import LocalStorage
from socialproof.platforms import connections
from socialproof.platforms.connections import ENDPOINT, Platform
from socialproof.shops.logo import logo_png
from socialproof.shops.registry import ModerationMode, Shop, all_shops, require_shop
from socialproof.shops.removal import delete_shop
from socialproof.shops.trust import PROFILE_FIELDS


@click.group()
def shop() -> None:
    """Create shops, change their settings and trust profile, list, show and delete them."""


@shop.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="The shop's name as shoppers know it.")
@click.option(
    "--origin", "origins", multiple=True, help="A web origin of the shop, like https://shop.example.fi (repeatable)."
)
@click.option("--lang", default="fi", show_default=True, help="Default language of the widgets: fi, sv or en.")
@db_option
def shop_create(slug: str, name: str, origins: tuple[str, ...], lang: str, db_path: Path | str | None) -> None:
    """Create a shop; SLUG is 2-40 characters a-z, 0-9 and -."""
    from socialproof.shops.registry import create_shop

    with database(db_path) as db:
        created = create_shop(db, slug, name, origins, lang)
    click.echo(f"Created shop {created.slug} ({created.name}). Next: socialproof key create {created.slug}")


@shop.command("set")
@click.argument("slug")
@click.option("--name", default=None)
@click.option("--lang", default=None, help="Default language: fi, sv or en.")
@click.option("--origin", "origins", multiple=True, help="Replace the shop's web origins (repeatable).")
@click.option(
    "--moderation",
    type=click.Choice([mode.value for mode in ModerationMode]),
    default=None,
    help="pre: reviews wait for a moderator; post: published at once, moderated after. "
    "The same for every rating: there is no setting that treats ratings differently.",
)
@click.option(
    "--business-id", default=None, help="Finnish business ID (Y-tunnus) NNNNNNN-C; the check digit is verified."
)
@click.option("--country", default=None, help="Country of the business, e.g. FI.")
@click.option("--ships-from", default=None, help="Country orders ship from, e.g. FI.")
@click.option("--independent/--no-independent", default=None, help="An independent entrepreneur runs the shop.")
@click.option("--founder-name", default=None)
@click.option(
    "--founder-photo",
    default=None,
    callback=lambda _ctx, _param, value: photo_argument(value),
    help="The founder's photo: an image file (stored small, metadata removed) or an https:// address.",
)
@click.option("--greeting", default=None, help="A short greeting from the founder, plain text (300 characters).")
@click.option("--returns-days", type=int, default=None, help="Days to return an order.")
@click.option("--free-returns/--no-free-returns", default=None)
@click.option("--founded", type=int, default=None, help="Year the shop was founded.")
@click.option(
    "--purchase-threshold",
    type=int,
    default=None,
    help="Smallest 'ordered this week' count shown (at least 2; default 3).",
)
@click.option(
    "--viewer-threshold",
    type=int,
    default=None,
    help="Smallest 'others looking now' count shown (at least 1; default 2).",
)
@click.option("--accent", default=None, help="Accent colour #rrggbb; refused unless it meets WCAG AA on white.")
@click.option("--accent-dark", default=None, help="Accent colour in dark mode; WCAG AA on the dark background.")
@click.option("--radius", type=int, default=None, help="Corner radius in pixels, 0-24.")
@click.option("--font", default=None, help="The widgets' font, a CSS font list such as 'Georgia, serif'.")
@click.option(
    "--style",
    type=click.Choice(["page", "card"]),
    default=None,
    help="page: widgets take the page's font and colours, no panel (default); card: each on a panel of its own.",
)
@click.option("--reply-to", default=None, help="Where replies to the shop's mail go ('' for the server's From).")
@click.option(
    "--logo",
    default=None,
    help="The shop's logo for its mail to shoppers: a PNG, JPEG or WebP file (stored small, metadata removed); '' clears.",
)
@click.option(
    "--review-requests",
    type=click.Choice(["on", "off"]),
    default=None,
    help="Mail every buyer reported with an address a review request (needs the mail settings).",
)
@click.option("--request-after-days", type=int, default=None, help="Days after the order (or fulfilment): 0-90.")
@click.option(
    "--reminder-after-days", default=None, help="Days after the request for the one reminder, 0-90, or 'none'."
)
@click.option("--platform", type=click.Choice([p.value for p in Platform]), default=None, help="The shop's platform.")
@click.option("--platform-secret-stdin", is_flag=True, help="Read the secret the platform signs webhooks with.")
@click.option("--public-url", default=None, help="This server's public address, for the webhook endpoint.")
@db_option
def shop_set(
    slug: str,
    name: str | None,
    lang: str | None,
    origins: tuple[str, ...],
    moderation: str | None,
    purchase_threshold: int | None,
    viewer_threshold: int | None,
    accent: str | None,
    accent_dark: str | None,
    radius: int | None,
    font: str | None,
    style: str | None,
    reply_to: str | None,
    logo: str | None,
    review_requests: str | None,
    request_after_days: int | None,
    reminder_after_days: str | None,
    platform: str | None,
    platform_secret_stdin: bool,
    public_url: str | None,
    db_path: Path | str | None,
    **profile: Any,
) -> None:
    """Change a shop's settings and trust profile; give an empty value ('') to clear a text setting."""
    from socialproof.shops.registry import update_shop

    with database(db_path) as db:
        updated = update_shop(
            db,
            slug,
            name=name,
            lang=lang,
            origins=origins or None,
            moderation=moderation,
            purchase_threshold=purchase_threshold,
            viewer_threshold=viewer_threshold,
            reply_to=reply_to,
            review_requests=None if review_requests is None else review_requests == "on",
            request_after_days=request_after_days,
            reminder_after_days=_reminder_days(reminder_after_days),
            logo=None if logo is None else Path(logo) if logo else "",
            theme={
                k: v
                for k, v in {
                    "accent": accent,
                    "accent_dark": accent_dark,
                    "radius": radius,
                    "font": font,
                    "style": style,
                }.items()
                if v is not None
            },
            **profile,
        )
        if platform_secret_stdin and not platform:
            raise click.UsageError("--platform-secret-stdin needs --platform")
        if platform:
            secret = sys.stdin.readline() if platform_secret_stdin else ""
            connections.connect(db, updated, Platform(platform), secret)
    click.echo(
        f"Shop {updated.slug}: name {updated.name!r}, language {updated.lang}, "
        f"moderation {updated.moderation.value}, origins {', '.join(updated.origins) or '(none)'}"
    )
    if updated.logo:
        _png, width, height = logo_png(updated.logo)
        click.echo(f"Logo: stored here, {width} x {height} px")
    shown = profile_shown(updated)
    if shown:
        click.echo("Trust profile: " + ", ".join(f"{k.replace('_', '-')} {v}" for k, v in shown.items()))
    if updated.review_requests:
        reminder = updated.reminder_after_days
        click.echo(
            f"Review requests on: {updated.request_after_days} days after the order, "
            + ("no reminder" if reminder is None else f"one reminder {reminder} days after the request")
        )
    if platform:
        base = (
            public_url or Settings.from_env(db_path=resolve_db(db_path)).public_url or "https://YOUR-SERVER"
        ).rstrip("/")
        click.echo(f"Webhook endpoint to paste into {platform}: {base}{ENDPOINT.format(shop=slug, platform=platform)}")


def photo_argument(value: str | None) -> str | Path | None:
    """An address stays an address; anything else names a local file (only the command line reads files)."""
    return Path(value) if value and not re.match(r"[a-z]+://", value) else value


def _reminder_days(value: str | None) -> int | Literal["none"] | None:
    if value is None:
        return None
    if value == "none":
        return "none"
    try:
        return int(value)
    except ValueError:
        raise click.BadParameter("a number of days, or 'none'", param_hint="--reminder-after-days") from None


@shop.command("list")
@db_option
def shop_list(db_path: Path | str | None) -> None:
    """The shops, a line each: slug, name, language, moderation and origins."""
    with database(db_path) as db:
        shops = all_shops(db)
    if not shops:
        click.echo("No shops yet: socialproof shop create SLUG --name NAME")
    for shop in shops:
        origins = " ".join(shop.origins) or "(no origins: writes from pages are refused)"
        click.echo(f"{shop.slug}\t{shop.name}\t{shop.lang}\t{shop.moderation.value}-moderated\t{origins}")


@shop.command("show")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="The settings as one JSON object.")
@db_option
def shop_show(slug: str, as_json: bool, db_path: Path | str | None) -> None:
    """One shop's settings, without secrets (API keys, platform secrets and tokens are never shown)."""
    with database(db_path) as db:
        shown = settings_of(db, require_shop(db, slug))
    if as_json:
        click.echo(json.dumps(shown, ensure_ascii=False, indent=1))
        return
    for name, value in shown.items():
        click.echo(f"{name}: {_text(value)}")


@shop.command("delete")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Delete without asking (for scripts); otherwise type the slug to confirm.")
@db_option
def shop_delete(slug: str, yes: bool, db_path: Path | str | None) -> None:
    """Delete a shop and everything of it: reviews, photos, keys, mail, webhooks, its audit log.

    Export first if you may want them: socialproof export SLUG --include-unpublished.
    """
    with database(db_path) as db:
        shop = require_shop(db, slug)  # a mistyped slug is refused before anything is asked
    if not yes:
        click.echo(f"This deletes {shop.name} ({slug}) and everything of it; it can't be undone.", err=True)
        if click.prompt("Type the shop's slug to delete it", err=True, default="", show_default=False) != slug:
            raise click.ClickException("not deleted: the slug typed did not match")
    with database(db_path) as db:
        removed = delete_shop(db, slug)
    storage = LocalStorage(Settings.from_env(db_path=resolve_db(db_path)).photo_path)
    files = [name for digest in sorted(removed.photo_hashes) for name in photo_records.file_names(digest)]
    for name in files:  # after the commit: no row is left pointing at them
        storage.delete(name)
    counts = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in removed.rows.items() if n)
    click.echo(f"Deleted shop {slug}: {counts or 'nothing but its settings'}. Photo files removed: {len(files)}.")
    click.echo(f"Its audit log had {removed.log_entries} entries; the last hash was {removed.log_head}.")


def profile_shown(shop: Shop) -> dict[str, Any]:
    """The trust profile's settings that are set, as a person reads them: a stored photo is named,
    not printed as kilobytes of base64."""
    profile = {name: getattr(shop.profile, name) for name in PROFILE_FIELDS}
    if isinstance(profile.get("founder_photo"), str) and profile["founder_photo"].startswith("data:"):
        profile["founder_photo"] = "(a photo stored here, 160 px)"
    return {name: value for name, value in profile.items() if value not in (None, "", False)}


def settings_of(db: Database, shop: Shop) -> dict[str, Any]:
    return {
        "slug": shop.slug,
        "name": shop.name,
        "lang": shop.lang,
        "origins": list(shop.origins),
        "moderation": shop.moderation.value,
        "reply_to": shop.reply_to,
        "review_requests": shop.review_requests,
        "request_after_days": shop.request_after_days,
        "reminder_after_days": shop.reminder_after_days,
        "theme": json.loads(shop.theme),
        "logo": "(a logo stored here, {} x {} px)".format(*logo_png(shop.logo)[1:]) if shop.logo else None,
        "platforms": [p.value for p in connections.connected(db, shop)],
        **profile_shown(shop),
    }


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
    if isinstance(value, bool):
        return "on" if value else "off"
    return "-" if value is None else str(value)
