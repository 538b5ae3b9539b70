"""``socialproof product set``: what a product is called and the identifiers search engines match it by."""

from __future__ import annotations

from pathlib import Path

import click

from socialproof.cli.support import database, db_option, resolve_db
from socialproof.config import Settings
from socialproof.photos.process import Photo, PhotoRefused
from socialproof.portability.fetching import Limits, fetch_one
from socialproof.reviews import identifiers
from socialproof.reviews.input import URL, URL_MAX
from socialproof.reviews.products import page_url, product_info, set_picture, upsert_product, validate_product_id
from socialproof.safety.addresses import Refused
from socialproof.shops.registry import require_shop


@click.group()
def product() -> None:
    """A shop's products."""


@product.command("set")
@click.argument("slug")
@click.argument("product_id")
@click.option("--name", default=None, help="The product's name, as shoppers know it.")
@click.option(
    "--url", default=None, help="The product's page (http or https): for the feed, the reviews page and mail."
)
@click.option("--gtin", default=None, help="GTIN (EAN/UPC): 8, 12, 13 or 14 digits; the check digit is checked.")
@click.option("--mpn", default=None, help="The manufacturer's part number.")
@click.option("--sku", default=None, help="The shop's own stock-keeping unit.")
@click.option("--brand", default=None, help="The brand the product is sold under.")
@click.option(
    "--image",
    default=None,
    help="The product's picture (http or https): fetched once, re-encoded, and shown in mail from this server.",
)
@click.option("--image-from-private", is_flag=True, help="Allow the picture from a private or loopback address.")
@db_option
def product_set(
    slug: str,
    product_id: str,
    name: str | None,
    url: str | None,
    gtin: str | None,
    mpn: str | None,
    sku: str | None,
    brand: str | None,
    image: str | None,
    image_from_private: bool,
    db_path: Path | str | None,
) -> None:
    """Set a product's name, page, picture and identifiers (each optional; what is not given stays as it was)."""
    picture = _picture(image, image_from_private, db_path) if image is not None else None
    with database(db_path) as db:
        ids = identifiers.parse({"gtin": gtin, "mpn": mpn, "sku": sku, "brand": brand})
        page = page_url(url) if url is not None else None
        shop = require_shop(db, slug)
        upsert_product(db, shop.id, validate_product_id(product_id), name, page, image, ids=ids)
        if picture is not None:
            set_picture(db, shop.id, product_id, picture.small)
        info = product_info(db, shop.id, product_id)
    known = ", ".join(f"{n} {info[n]}" for n in identifiers.NAMES if info.get(n)) or "no identifiers"
    at = f" at {info['url']}" if info.get("url") else ""
    click.echo(f"Product {product_id} of {slug}: {info.get('name') or 'no name'}{at}; {known}.")
    if picture is not None:
        click.echo(f"Its picture is stored here ({picture.width} x {picture.height} px, metadata removed).")


def _picture(url: str, allow_private: bool, db_path: Path | str | None) -> Photo:
    """The picture at ``url``, fetched once through the photo pipeline, or a one-line error."""
    if len(url) > URL_MAX or not URL.fullmatch(url):
        raise click.BadParameter("a full http or https address", param_hint="--image")
    config = Settings.from_env(db_path=resolve_db(db_path))
    limits = Limits(config.photo_max_bytes, config.photo_max_pixels, 1, allow_private, "--image-from-private")
    try:
        return fetch_one(url, limits)
    except Refused as e:
        raise click.ClickException(f"the picture was not fetched: {e}") from None
    except PhotoRefused as e:
        raise click.ClickException(f"the picture was not stored: {e.reason.replace('-', ' ')}") from None
