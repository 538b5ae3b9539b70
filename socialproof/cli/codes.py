"""``socialproof codes``: in-store review codes, printed for receipts, shelves and thank-you cards."""

from __future__ import annotations

from pathlib import Path

import click

from socialproof.audit import ActorKind, actor
from socialproof.cli.support import database, db_option, resolve_db
from socialproof.config import Settings
from socialproof.display import code_sheet
from socialproof.reviews import store_codes
from socialproof.shops.registry import require_shop

CLI_ACTOR = actor(ActorKind.COMMAND_LINE, "codes create")


@click.group()
def codes() -> None:
    """In-store review codes: each gives one "Verified buyer (in store)" review."""


@codes.command("create")
@click.argument("slug")
@click.option("--count", type=int, required=True, help=f"How many codes (1-{store_codes.MAX_COUNT}).")
@click.option(
    "--product",
    "products",
    multiple=True,
    help="A product the codes are for; repeat for a basket (each product reviewed once). None: any product.",
)
@click.option(
    "--expires-days",
    type=int,
    default=store_codes.DEFAULT_EXPIRES_DAYS,
    show_default=True,
    help="Days the codes can be used.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(code_sheet.FORMATS),
    required=True,
    help="pdf: A4 sheets of 3x7 labels; png, svg: a folder with a label per code; csv: one review URL per line.",
)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The file (or for png and svg, folder).")
@click.option("--public-url", default=None, help="This server's public address [env SOCIALPROOF_PUBLIC_URL].")
@db_option
def create(
    slug: str,
    count: int,
    products: tuple[str, ...],
    expires_days: int,
    fmt: str,
    out: Path,
    public_url: str | None,
    db_path: Path | str | None,
) -> None:
    """Make a batch of signed single-use codes and print them, without the server running."""
    base = (public_url or Settings.from_env(db_path=resolve_db(db_path)).public_url or "").rstrip("/")
    if not base:
        raise click.ClickException(
            "give --public-url (or set SOCIALPROOF_PUBLIC_URL): the codes lead shoppers to this server there"
        )
    if fmt in ("png", "svg") and out.exists() and not out.is_dir():
        raise click.ClickException(f"{out} is a file: png and svg write a folder with a file per code")
    with database(db_path) as db:
        shop = require_shop(db, slug)
        code_sheet.check_size(fmt, count)
        batch, made = store_codes.create(db, shop.id, count, products, expires_days, by=CLI_ACTOR)
        found = code_sheet.labels(base, slug, made)
        # Written inside the transaction: a sheet that can't be written leaves no batch behind.
        try:
            written = code_sheet.write(fmt, out, found, shop.name, shop.lang)
        except OSError as e:
            raise click.ClickException(f"cannot write {out}: {e.strerror or e}; no codes were made") from None
    what = ", ".join(batch.products) if batch.products else "any product"
    where = written[0] if len(written) == 1 else f"{out}/ ({len(written)} files)"
    click.echo(f"Batch {batch.id}: {count} codes for {what} of {slug}, valid until {batch.expires_at[:10]}: {where}")
