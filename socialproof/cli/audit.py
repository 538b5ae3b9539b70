"""``socialproof audit verify``: prove the audit log untouched, or say where it was changed."""

from __future__ import annotations

from pathlib import Path

import click

from socialproof import audit
from socialproof.cli.support import database, db_option
from socialproof.shops.registry import all_shops, require_shop


@click.group("audit")
def audit_command() -> None:
    """The audit log of moderation: a hash chain per shop."""


@audit_command.command("verify")
@click.argument("slug", required=False)
@db_option
def verify(slug: str | None, db_path: Path | str | None) -> None:
    """Recompute each shop's chain (or SLUG's) from its entries; exit 1 where one does not hold."""
    broken = False
    with database(db_path) as db:
        shops = [require_shop(db, slug)] if slug else all_shops(db)
        for shop in shops:
            verdict = audit.verify(db, shop.id)
            if verdict.intact:
                click.echo(f"{shop.slug}: {verdict.length} entries, intact; head {verdict.head}")
                continue
            broken = True
            click.echo(f"{shop.slug}: the chain breaks at entry {verdict.broken_at} of {verdict.length}: {verdict.why}")
    if broken:
        raise SystemExit(1)
