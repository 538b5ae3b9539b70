"""``socialproof privacy``: what is held about an e-mail address, exported or erased."""

from __future__ import annotations

from pathlib import Path

import click

from socialproof.cli.support import database, db_option, resolve_db
from socialproof.config import Settings


@click.group()
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
    """Anonymise EMAIL's reviews (ratings stay in the averages), remove its address, words, questions,
    reviews of the shop and photos."""
    from socialproof.photos.storage import LocalStorage
    from socialproof.safety import privacy as privacy_module

    path = resolve_db(db_path)
    with database(path) as db:
        counts = privacy_module.erase(db, email, LocalStorage(Settings.from_env(db_path=path).photo_path))
    click.echo(
        f"Erased: {counts['reviews']} review(s) anonymised, {counts['questions']} question(s), "
        f"{counts['answers']} answer(s), {counts['shop_reviews']} review(s) of the shop, "
        f"{counts['photos']} photo(s) and {counts['invitations']} invitation(s)' details and {counts['mail']} message(s) in the outbox removed. "
        "The erasure is logged without the address."
    )
