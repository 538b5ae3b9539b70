"""``socialproof key``: API keys for a shop's own systems, and this server's public key for signed exports."""

from __future__ import annotations

from pathlib import Path

import click

from socialproof.cli.support import database, db_option
from socialproof.portability.signing import public_key
from socialproof.shops.api_keys import create_api_key


@click.group()
def key() -> None:
    """API keys for a shop's own systems, and this server's public key for signed exports."""


@key.command("public")
@db_option
def key_public(db_path: Path | str | None) -> None:
    """This server's public key: name it with 'import --trust-key' where its exports are imported."""
    with database(db_path) as db:
        click.echo(public_key(db))


@key.command("create")
@click.argument("slug")
@db_option
def key_create(slug: str, db_path: Path | str | None) -> None:
    """Create an API key; it is printed once, alone on the last line, and stored only hashed."""
    with database(db_path) as db:
        new_key = create_api_key(db, slug)
    click.echo(f"API key for {slug} (shown once; store it now):")
    click.echo(new_key)
