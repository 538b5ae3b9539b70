"""``socialproof moderator``: accounts for the moderation workspace at /admin, and their mail."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from socialproof.cli.support import database, db_option


@click.group()
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
