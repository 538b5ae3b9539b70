"""``socialproof product set``: what a product is called and the identifiers search engines match it by."""

from __future__ import annotations

from pathlib import Path

import click

from socialproof.cli.support import database, db_option
from socialproof.reviews import identifiers
from socialproof.reviews.products import page_url, product_info, upsert_product, validate_product_id
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
    db_path: Path | str | None,
) -> None:
    """Set a product's name, page and identifiers (each optional; what is not given stays as it was)."""
    with database(db_path) as db:
        ids = identifiers.parse({"gtin": gtin, "mpn": mpn, "sku": sku, "brand": brand})
        page = page_url(url) if url is not None else None
        shop = require_shop(db, slug)
        upsert_product(db, shop.id, validate_product_id(product_id), name, page, ids=ids)
        info = product_info(db, shop.id, product_id)
    known = ", ".join(f"{n} {info[n]}" for n in identifiers.NAMES if info.get(n)) or "no identifiers"
    at = f" at {info['url']}" if info.get("url") else ""
    click.echo(f"Product {product_id} of {slug}: {info.get('name') or 'no name'}{at}; {known}.")
