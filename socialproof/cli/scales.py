"""``socialproof scale``: the attribute scales a product's reviews may answer ("Koko: Pieni | Sopiva | Suuri")."""

from __future__ import annotations

from pathlib import Path

import click

from socialproof.cli.support import database, db_option
from socialproof.db.engine import Database
from socialproof.reviews import groups, scales
from socialproof.reviews.products import upsert_product, validate_product_id
from socialproof.shops.registry import require_shop


@click.group()
def scale() -> None:
    """Attribute scales: a few questions a review may answer, shown as how buyers answered them."""


@scale.command("set")
@click.argument("slug")
@click.argument("name")
@click.option("--labels", required=True, help='Its 3 or 5 points, first to last, in the shop\'s language: "A|B|C".')
@click.option("--product", "products", multiple=True, help="A product whose reviews ask it (repeat).")
@click.option(
    "--group", "group_keys", multiple=True, help="A product group all of whose products ask it, members to come too."
)
@click.option(
    "--translation",
    "translations",
    nargs=3,
    multiple=True,
    metavar="LANG NAME LABELS",
    help='The scale in another language: --translation sv Storlek "Liten|Lagom|Stor" (repeat per language).',
)
@db_option
def scale_set(
    slug: str,
    name: str,
    labels: str,
    products: tuple[str, ...],
    group_keys: tuple[str, ...],
    translations: tuple[tuple[str, str, str], ...],
    db_path: Path | str | None,
) -> None:
    """Make a scale, or change its labels and what asks it (--product and --group, when given, replace the
    lists before). Up to three scales a product; answers are optional."""
    with database(db_path) as db:
        shop = require_shop(db, slug)
        product_ids = [upsert_product(db, shop.id, validate_product_id(p)) for p in products]
        group_ids = [_group_id(db, shop.id, slug, key) for key in group_keys]
        points = scales.parse_labels(labels)
        other = {lang: (other_name, scales.parse_labels(text, len(points))) for lang, other_name, text in translations}
        made = scales.define(db, shop.id, shop.lang, name, points, product_ids, other, group_ids)
        asked = {s.name: products for s, products in scales.of_shop(db, shop.id)}[made.name]
    click.echo(f"Scale {made.name} of {slug}: {' | '.join(made.labels[made.lang])}.")
    click.echo(f"Asked by: {', '.join(asked)}." if asked else "No product asks it yet: give --product or --group.")


def _group_id(db: Database, shop_id: int, slug: str, key: str) -> int:
    found = groups.get_group(db, shop_id, key)
    if found is None:
        raise click.ClickException(f"{slug} has no group {key!r}: make it with `socialproof group set`")
    return found.id


@scale.command("list")
@click.argument("slug")
@db_option
def scale_list(slug: str, db_path: Path | str | None) -> None:
    """The shop's scales, their labels in each language and the products that ask them."""
    with database(db_path) as db:
        shop = require_shop(db, slug)
        found = scales.of_shop(db, shop.id)
    if not found:
        click.echo(f"{slug} has no scales yet.")
    for made, products in found:
        for lang, labels in made.labels.items():
            click.echo(f"{made.name} [{lang}] {made.name_in(lang)}: {' | '.join(labels)}")
        click.echo(f"  asked by: {', '.join(products) or 'no product'}")


@scale.command("remove")
@click.argument("slug")
@click.argument("name")
@db_option
def scale_remove(slug: str, name: str, db_path: Path | str | None) -> None:
    """Remove a scale and every answer to it: the reviews stay, without it."""
    with database(db_path) as db:
        shop = require_shop(db, slug)
        known = [s.name for s, _ in scales.of_shop(db, shop.id)]
        if name not in known:
            raise click.ClickException(
                f"{slug} has no scale {name!r}" + (f" (it has {', '.join(known)})" if known else "")
            )
        answers = scales.remove(db, shop.id, name)
    click.echo(f"Scale {name} of {slug} removed, with {answers} answer{'' if answers == 1 else 's'}.")
