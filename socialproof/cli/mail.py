"""``socialproof mail``: prove the mail settings work; send what is due (from cron, with the sender off)."""

from __future__ import annotations

from pathlib import Path

import click

from socialproof.cli.support import database, db_option, one_pass, resolve_db
from socialproof.config import Settings
from socialproof.db.store import writing
from socialproof.fields import is_address
from socialproof.jobs import mail as mail_job
from socialproof.mail import outbox
from socialproof.mail.outbox import MailKind, Status
from socialproof.mail.transport import Smtp
from socialproof.shops.registry import require_shop


@click.group()
def mail() -> None:
    """Mail through the SMTP server SOCIALPROOF_SMTP_* name."""


def configured(settings: Settings) -> Smtp:
    """The SMTP server, or the one line saying which setting is missing."""
    smtp = Smtp.configured(settings)
    if smtp is None:
        raise click.ClickException(
            "no SMTP server is set: set SOCIALPROOF_SMTP_HOST (and SOCIALPROOF_SMTP_PORT, _TLS, _USER, "
            "_PASSWORD_FILE) and SOCIALPROOF_MAIL_FROM"
        )
    if not settings.mail_from:
        raise click.ClickException("set SOCIALPROOF_MAIL_FROM, the address mail is sent from")
    if not settings.public_url:
        raise click.ClickException("mail carries links: set SOCIALPROOF_PUBLIC_URL, the address shoppers reach")
    return smtp


@mail.command("test")
@click.argument("slug")
@click.argument("address")
@db_option
def mail_test(slug: str, address: str, db_path: Path | str | None) -> None:
    """Send a test message for shop SLUG to ADDRESS, now, and say how it went."""
    path = resolve_db(db_path)
    settings = Settings.from_env(db_path=path)
    smtp = configured(settings)
    if not is_address(address):
        raise click.ClickException(f"{address!r} is not an e-mail address")
    with database(path) as db:
        shop = require_shop(db, slug)
        queued = outbox.enqueue(db, shop.id, MailKind.TEST, address, shop.lang)
    with writing(path) as write:
        (outcome,) = mail_job.run(write, smtp, settings.public_url, only=queued)
        if outcome.status is Status.QUEUED:  # a test is answered now: never kept to arrive stale later
            write(lambda db: outbox.failed(db, queued, f"a test is not tried again: {outcome.reason}", permanent=True))
    if outcome.status is not Status.SENT:
        raise click.ClickException(f"{smtp.host}:{smtp.port} did not take the test message: {outcome.reason}")
    click.echo(f"Sent a test message to {address} through {smtp.host}:{smtp.port}.")


@mail.command("send-due")
@db_option
def mail_send_due(db_path: Path | str | None) -> None:
    """Send every message that is due now (run it from cron when SOCIALPROOF_MAIL_SENDER=off)."""
    outcomes = one_pass(db_path, lambda write, settings: mail_job.run(write, configured(settings), settings.public_url))
    counts = {status: sum(o.status is status for o in outcomes) for status in Status}
    click.echo(
        f"Sent {counts[Status.SENT]}; {counts[Status.QUEUED]} to try again later; "
        f"{counts[Status.WITHHELD]} withheld by the rules; {counts[Status.FAILED]} given up."
    )


@mail.command("retry")
@click.argument("slug", required=False)
@db_option
def mail_retry(slug: str | None, db_path: Path | str | None) -> None:
    """Queue the mail given up on (of shop SLUG, or of every shop) again, after the SMTP server is back.

    Each message is checked again when it is sent: one whose purpose has passed is withheld, not sent late.
    """
    with database(resolve_db(db_path)) as db:
        shop_id = require_shop(db, slug).id if slug else None
        count = outbox.send_again(db, shop_id)
    click.echo(f"Queued {count} given-up message(s) to be sent again; `mail send-due` (or `serve`) sends them.")
