"""``socialproof group``: products whose reviews are pooled (sizes, roasts, colours of one product), each labelled."""

from __future__ import annotations

from pathlib import Path

import click

from socialproof.cli.support import database, db_option
from socialproof.reviews import groups
from socialproof.shops.registry import require_shop


@click.group()
def group() -> None:
    """Product groups: every member's widgets show the group's reviews, each saying which product it is about."""


@group.command("set")
@click.argument("slug")
@click.argument("group_id", metavar="GROUP")
@click.option(
    "--product", "products", multiple=True, required=True, help="A member (repeat); the list replaces the one before."
)
@click.option("--name", default=None, help='The group\'s name as shoppers read it ("Tumma paahto").')
@db_option
def group_set(
    slug: str, group_id: str, products: tuple[str, ...], name: str | None, db_path: Path | str | None
) -> None:
    """Make GROUP hold exactly these products; a product in another group moves here."""
    with database(db_path) as db:
        shop = require_shop(db, slug)
        made, moved = groups.set_group(db, shop.id, group_id, products, name)
        summary = groups.summary(db, made)
    click.echo(f"Group {made.key} of {slug} ({made.label()}): {', '.join(made.members)}.")
    for product, before in moved:
        click.echo(f"{product} moved here from group {before}.")
    click.echo(f"Its reviews together: {summary.count}, average {summary.average or '-'}.")


@group.command("list")
@click.argument("slug")
@db_option
def group_list(slug: str, db_path: Path | str | None) -> None:
    """The shop's groups and their products."""
    with database(db_path) as db:
        shop = require_shop(db, slug)
        found = groups.of_shop(db, shop.id)
    if not found:
        click.echo(f"{slug} has no product groups yet.")
    for made in found:
        click.echo(f"{made.key} ({made.label()}): {', '.join(made.members) or 'no products'}")


@group.command("remove")
@click.argument("slug")
@click.argument("group_id", metavar="GROUP")
@db_option
def group_remove(slug: str, group_id: str, db_path: Path | str | None) -> None:
    """Ungroup: the products stay, each with its own reviews again."""
    with database(db_path) as db:
        shop = require_shop(db, slug)
        gone = groups.remove_group(db, shop.id, group_id)
    if gone is None:
        raise click.ClickException(f"{slug} has no group {group_id!r}")
    click.echo(f"Group {group_id} of {slug} removed; {', '.join(gone.members) or 'no products'} stand on their own.")
