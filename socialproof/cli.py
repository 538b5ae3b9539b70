"""The ``socialproof`` command line (../shared/CONTRACT.md lists its commands).

Every command takes ``--db PATH``; without it SOCIALPROOF_DB, and without that
./socialproof.db. A missing database is created and migrated. Errors print one
line to stderr and exit non-zero.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any, Literal

import click

from socialproof.cli_audit import audit_command
from socialproof.cli_database import backup_command, doctor, migrate_to
from socialproof.cli_keys import key
from socialproof.cli_mail import mail
from socialproof.cli_portability import export_command, feed_command, import_command
from socialproof.cli_products import product
from socialproof.cli_shops import profile_shown, shop_delete, shop_list, shop_show
from socialproof.cli_support import database, db_option, port_free, resolve_db
from socialproof.cli_webhooks import webhooks
from socialproof.config import Settings
from socialproof.platforms import connections
from socialproof.platforms.connections import ENDPOINT, Platform
from socialproof.shops.registry import ModerationMode


@click.group()
@db_option
@click.version_option(package_name="socialproof")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | str | None) -> None:
    """socialproof: product reviews, shopper photos and honest trust signals for web shops."""
    ctx.obj = {"db_path": db_path}


DEMO_DB = "socialproof-demo.db"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@db_option
def demo(host: str, port: int, db_path: Path | str | None) -> None:
    """Create a demo coffee shop and serve its product page with the widgets embedded.

    The demo has a database of its own (./socialproof-demo.db unless --db names one), never the
    one `serve` uses by default."""
    import uvicorn

    from socialproof.app import create_app
    from socialproof.demo.seed import DEMO_MODERATOR, DEMO_SHOP, seed
    from socialproof.photos.storage import LocalStorage
    from socialproof.web.serving import uvicorn_options

    port_free(host, port)
    path = resolve_db(db_path, DEMO_DB)  # never the production default, where `serve` would find it
    settings = Settings.from_env(db_path=path)
    with database(path) as db:
        key, password = seed(db, LocalStorage(settings.photo_path))
    url = f"http://{host}:{port}/"
    click.echo(f"Demo shop '{DEMO_SHOP}' in {path}")
    click.echo(f"Moderation API key for this run: {key}")
    click.echo(f"Moderation workspace: {url}admin  e-mail {DEMO_MODERATOR}  password {password}")
    click.echo(f"  curl -H 'Authorization: Bearer {key}' {url}api/v1/shops/{DEMO_SHOP}/moderation")
    click.echo(f"Open the demo shop page: {url}  (Ctrl+C stops)")
    uvicorn.run(create_app(settings, demo_page=True), host=host, port=port, log_level="warning", **uvicorn_options(()))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="ADDR",
    help="A proxy whose X-Forwarded-For is believed (repeatable) [env SOCIALPROOF_TRUSTED_PROXY, "
    "comma-separated]; by default none is, so no client can choose its own address.",
)
@click.option("--access-log/--no-access-log", default=False, show_default=True, help="Log a line for every request.")
@db_option
def serve(
    host: str, port: int, workers: int, trusted_proxies: tuple[str, ...], access_log: bool, db_path: Path | str | None
) -> None:
    """Serve the database for real."""
    import uvicorn

    from socialproof.web.serving import uvicorn_options

    port_free(host, port)
    path = resolve_db(db_path)
    path = path.resolve() if isinstance(path, Path) else path
    with database(path):
        pass  # migrate once here, not in every worker at the same moment
    os.environ["SOCIALPROOF_DB"] = str(path)
    proxies = trusted_proxies or tuple(p.strip() for p in Settings.from_env().trusted_proxy.split(",") if p.strip())
    click.echo(f"socialproof serving {path} on http://{host}:{port}/ with {workers} worker(s)")
    uvicorn.run(
        "socialproof.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        **uvicorn_options(proxies, access_log=access_log),
    )


@cli.group()
def shop() -> None:
    """Create shops, change their settings, list and show them."""


shop.add_command(shop_list)
shop.add_command(shop_show)
shop.add_command(shop_delete)


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
@click.option("--reply-to", default=None, help="Where replies to the shop's mail go ('' for the server's From).")
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
    reply_to: str | None,
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
            theme={
                k: v
                for k, v in {"accent": accent, "accent_dark": accent_dark, "radius": radius, "font": font}.items()
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


@cli.group()
def moderator() -> None:
    """Accounts for the moderation workspace at /admin."""


@moderator.command("create")
@click.argument("email")
@click.option("--shop", "shops", multiple=True, help="A shop the moderator works on (repeatable).")
@click.option("--admin", is_flag=True, help="Works on every shop.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt.")
@db_option
def moderator_create(
    email: str, shops: tuple[str, ...], admin: bool, password_stdin: bool, db_path: Path | str | None
) -> None:
    """Create a moderator account; the password is read from stdin or a prompt, and stored hashed (argon2)."""
    from socialproof.moderation.accounts import create_moderator

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with database(db_path) as db:
        created = create_moderator(db, email, password, shops, admin)
    scope = "every shop" if created.is_admin else ", ".join(shops)
    click.echo(f"Created moderator {created.email} for {scope}. They sign in at /admin.")


@moderator.command("set")
@click.argument("email")
@click.option(
    "--digest",
    type=click.Choice(["immediately", "daily", "never"]),
    required=True,
    help="How often mail says which shops have reviews waiting: immediately (at most every 15 minutes), "
    "daily (the default), or never.",
)
@click.option("--lang", default=None, help="The digest's language: fi, sv or en.")
@db_option
def moderator_set(email: str, digest: str, lang: str | None, db_path: Path | str | None) -> None:
    """Change a moderator's mail settings."""
    from socialproof.moderation.digests import choose

    with database(db_path) as db:
        chosen = choose(db, email, digest, lang)
    click.echo(f"Moderator {email}: digest {chosen.value}.")


@cli.group()
def privacy() -> None:
    """What is held about an e-mail address: export it, or erase it."""


@privacy.command("export")
@click.argument("email")
@db_option
def privacy_export(email: str, db_path: Path | str | None) -> None:
    """Print everything held about EMAIL, as JSON."""
    import json

    from socialproof.safety import privacy as privacy_module

    with database(db_path) as db:
        data = privacy_module.export(db, email)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@privacy.command("erase")
@click.argument("email")
@db_option
def privacy_erase(email: str, db_path: Path | str | None) -> None:
    """Anonymise EMAIL's reviews (ratings stay in the averages), remove its address, words and photos."""
    from socialproof.photos.storage import LocalStorage
    from socialproof.safety import privacy as privacy_module

    path = resolve_db(db_path)
    with database(path) as db:
        counts = privacy_module.erase(db, email, LocalStorage(Settings.from_env(db_path=path).photo_path))
    click.echo(
        f"Erased: {counts['reviews']} review(s) anonymised, {counts['photos']} photo(s) and "
        f"{counts['invitations']} invitation(s)' details and {counts['mail']} message(s) in the outbox removed. "
        "The erasure is logged without the address."
    )


cli.add_command(key)
cli.add_command(mail)
cli.add_command(webhooks)
cli.add_command(migrate_to)
cli.add_command(backup_command)
cli.add_command(doctor)
cli.add_command(audit_command)
cli.add_command(import_command)
cli.add_command(export_command)
cli.add_command(product)
cli.add_command(feed_command)


def main() -> None:
    cli(prog_name="socialproof")
