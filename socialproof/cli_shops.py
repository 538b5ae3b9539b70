"""``socialproof shop list``, ``shop show SLUG`` (what the server holds of each shop, never its secrets)
and ``shop delete SLUG``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from socialproof.cli_support import database, db_option, resolve_db
from socialproof.config import Settings
from socialproof.db.engine import Database
from socialproof.photos import records as photo_records
from socialproof.photos.storage import LocalStorage
from socialproof.platforms import connections
from socialproof.shops.registry import Shop, all_shops, require_shop
from socialproof.shops.removal import delete_shop
from socialproof.shops.trust import PROFILE_FIELDS


@click.command("list")
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


@click.command("show")
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


@click.command("delete")
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
