"""``socialproof import`` and ``socialproof export``: bring a shop's reviews in from another service, take them out."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from socialproof.audit import ActorKind, actor
from socialproof.cli.support import database, db_option, one_line, resolve_db
from socialproof.config import Settings
from socialproof.db.engine import Database
from socialproof.errors import Problem
from socialproof.i18n import LANGUAGES, formatter
from socialproof.photos.storage import LocalStorage
from socialproof.portability import export as exporting
from socialproof.portability import fetching, google_feed, reporting
from socialproof.portability.bringing import Options, bring_in
from socialproof.portability.reading import DayOrder
from socialproof.reviews.provenance import Service
from socialproof.shops.registry import require_shop


@click.command("import")
@click.argument("slug")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--from",
    "service",
    type=click.Choice(["auto", *(s.value for s in Service)]),
    default="auto",
    show_default=True,
    help="The service that wrote the file; auto tells it from the columns.",
)
@click.option("--dry-run", is_flag=True, help="Check the file and report what would come in; store nothing.")
@click.option(
    "--partial", is_flag=True, help="Import the good rows even if some are refused (default: all or nothing)."
)
@click.option("--photos", type=click.Choice(["fetch", "skip"]), default="fetch", show_default=True)
@click.option("--photos-from-private", is_flag=True, help="Also fetch photos from private and loopback addresses.")
@click.option(
    "--dates",
    type=click.Choice([o.value for o in DayOrder]),
    default=None,
    help="How to read 03/04/2024 when the file can't tell: dmy or mdy.",
)
@click.option(
    "--trust-key",
    "trust_keys",
    multiple=True,
    help="Public key (ed25519:…) of the socialproof server that signed the export: its records keep 'verified'.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help="The report's language.")
@db_option
def import_command(
    slug: str,
    file: Any,
    service: str,
    dry_run: bool,
    partial: bool,
    photos: str,
    photos_from_private: bool,
    dates: str | None,
    trust_keys: tuple[str, ...],
    as_json: bool,
    lang: str,
    db_path: Path | str | None,
) -> None:
    """Import every review of FILE (an export of Judge.me, Yotpo, Okendo, Loox, Shopify, WooCommerce or socialproof)."""
    data = file.read()
    settings = Settings.from_env(db_path=resolve_db(db_path))
    limits = fetching.Limits(
        settings.photo_max_bytes, settings.photo_max_pixels, settings.photos_per_review, photos_from_private
    )
    options = Options(
        service=None if service == "auto" else Service(service),
        dates=DayOrder(dates) if dates else None,
        dry_run=dry_run,
        partial=partial,
        fetch_photos=photos == "fetch",
        trusted_keys=trust_keys,
    )

    def write(fn: Callable[[Database], Any]) -> Any:
        with database(db_path) as db:
            return fn(db)

    try:  # the file is read outside any transaction: its refusal is one line too
        storage = LocalStorage(settings.photo_path)
        report = bring_in(write, storage, limits, slug, data, options, actor(ActorKind.COMMAND_LINE, "import"))
    except Problem as problem:
        raise one_line(problem) from None
    t = formatter(lang)
    click.echo(
        json.dumps(reporting.as_json(report, t), ensure_ascii=False, indent=1)
        if as_json
        else reporting.as_text(report, t)
    )


@click.command("export")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(list(exporting.FORMATS)), default="jsonl", show_default=True)
@click.option("--include-unpublished", is_flag=True, help="Also reviews waiting for a decision and rejected ones.")
@click.option("--public-url", default=None, help="Base of the photo links [env SOCIALPROOF_PUBLIC_URL].")
@db_option
def export_command(
    slug: str, fmt: str, include_unpublished: bool, public_url: str | None, db_path: Path | str | None
) -> None:
    """Every review of the shop to standard output, in socialproof's documented export schema."""
    settings = Settings.from_env(db_path=resolve_db(db_path))
    base = (public_url or settings.public_url or "").rstrip("/")
    with database(db_path) as db:
        shop = require_shop(db, slug)
        for chunk in exporting.FORMATS[fmt](db, shop, base, include_unpublished):
            sys.stdout.write(chunk)


class _FeedGroup(click.Group):
    """``feed SLUG`` (the first spelling, kept) is ``feed url SLUG`` (the contract's)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["url", *args]
        return super().parse_args(ctx, args)


@click.group("feed", cls=_FeedGroup)
def feed_command() -> None:
    """The shop's Google product-review feed: ``feed url SLUG`` prints its URL."""


@feed_command.command("url")
@click.argument("slug")
@click.option("--rotate", is_flag=True, help="Make a new URL; the old one stops working at once.")
@click.option("--public-url", default=None, help="This server's public address [env SOCIALPROOF_PUBLIC_URL].")
@db_option
def feed_url(slug: str, rotate: bool, public_url: str | None, db_path: Path | str | None) -> None:
    """The URL of the shop's Google product-review feed, to give Merchant Center, alone on the last line."""
    base = (public_url or Settings.from_env(db_path=resolve_db(db_path)).public_url or "").rstrip("/")
    if not base:
        raise click.ClickException(
            "give --public-url (or set SOCIALPROOF_PUBLIC_URL): Google fetches the feed from there"
        )
    with database(db_path) as db:
        shop = require_shop(db, slug)
        link = google_feed.rotate(db, shop, base) if rotate else google_feed.url(db, shop, base)
    click.echo(link)
