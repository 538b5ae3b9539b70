"""The ``socialproof`` command line (docs/CONTRACT.md lists its commands): a module per command group.

Every command takes ``--db PATH``; without it SOCIALPROOF_DB, and without that
./socialproof.db. A missing database is created and migrated. Errors print one
line to stderr and exit non-zero (support.py).
"""

from __future__ import annotations

from pathlib import Path

import click

from socialproof.cli.audit import audit_command
from socialproof.cli.codes import codes
from socialproof.cli.database import backup_command, doctor, migrate_to
from socialproof.cli.groups import group
from socialproof.cli.keys import key
from socialproof.cli.mail import mail
from socialproof.cli.moderators import moderator
from socialproof.cli.portability import export_command, feed_command, import_command
from socialproof.cli.privacy import privacy
from socialproof.cli.products import product
from socialproof.cli.scales import scale
from socialproof.cli.serving import demo, serve
from socialproof.cli.shops import shop
from socialproof.cli.support import db_option
from socialproof.cli.webhooks import webhooks


@click.group()
@db_option
@click.version_option(package_name="socialproof")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | str | None) -> None:
    """socialproof: product reviews, shopper photos and honest trust signals for web shops."""
    ctx.obj = {"db_path": db_path}


for command in (
    scale,
    group,
    demo,
    serve,
    shop,
    key,
    moderator,
    privacy,
    mail,
    webhooks,
    import_command,
    export_command,
    feed_command,
    product,
    codes,
    audit_command,
    backup_command,
    doctor,
    migrate_to,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="socialproof")
