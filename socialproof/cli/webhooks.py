"""``socialproof webhooks``: a shop's endpoints, their delivery log, and one sender run (from cron)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from socialproof.cli.support import database, db_option, one_line, one_pass
from socialproof.config import Settings
from socialproof.errors import Problem
from socialproof.shops.registry import require_shop
from socialproof.webhooks import deliveries, endpoints, sending
from socialproof.webhooks.endpoints import EndpointKind, EndpointStatus
from socialproof.webhooks.events import EventType


@click.group()
def webhooks() -> None:
    """Events out: endpoints that hear of a shop's reviews (Standard Webhooks, Slack or Teams)."""


def _loopback() -> bool:
    return bool(Settings.from_env().webhooks_allow_loopback)


def _show(endpoint: endpoints.Endpoint) -> str:
    events = ", ".join(e.value for e in endpoint.events)
    return f"{endpoint.id}\t{endpoint.status.value}\t{endpoint.kind.value}\t{endpoint.url}\t{events}"


@webhooks.command("add")
@click.argument("slug")
@click.argument("url")
@click.option(
    "--event",
    "chosen",
    multiple=True,
    type=click.Choice([e.value for e in EventType]),
    help="An event to send (repeatable). Default: every event.",
)
@click.option("--kind", type=click.Choice([k.value for k in EndpointKind]), help="Default: guessed from the address.")
@click.option("--with-text", is_flag=True, help="Slack and Teams: quote the review's words and writer.")
@db_option
def add(
    slug: str, url: str, chosen: tuple[str, ...], kind: str | None, with_text: bool, db_path: Path | str | None
) -> None:
    """Send SLUG's events to URL; prints the signing secret alone on the last line."""
    data = {"url": url, "events": list(chosen) or [e.value for e in EventType], "kind": kind, "include_text": with_text}
    wanted = _parsed(data)
    with database(db_path) as db:
        endpoint = endpoints.register(db, require_shop(db, slug), wanted)
    click.echo(_show(endpoint))
    click.echo("Receivers verify the webhook-signature header with this secret (shown by `webhooks show` too):")
    click.echo(endpoint.secret)


def _parsed(data: dict[str, Any]) -> endpoints.Wanted:
    try:
        return endpoints.parse(data, loopback=_loopback())
    except Problem as problem:  # checked before the database opens: resolving a name takes time
        raise one_line(problem) from None


@webhooks.command("list")
@click.argument("slug")
@db_option
def list_command(slug: str, db_path: Path | str | None) -> None:
    """SLUG's endpoints: id, status, kind, address, events."""
    with database(db_path) as db:
        for endpoint in endpoints.of_shop(db, require_shop(db, slug)):
            click.echo(_show(endpoint))


@webhooks.command("show")
@click.argument("slug")
@click.argument("endpoint_id", type=int)
@db_option
def show(slug: str, endpoint_id: int, db_path: Path | str | None) -> None:
    """One endpoint as JSON, with its secret."""
    with database(db_path) as db:
        endpoint = endpoints.get(db, require_shop(db, slug), endpoint_id)
    click.echo(json.dumps(endpoint.as_json(with_secret=True), indent=2))


def _set_status(slug: str, endpoint_id: int, status: EndpointStatus, db_path: Path | str | None) -> None:
    with database(db_path) as db:
        endpoint = endpoints.change(db, require_shop(db, slug), endpoint_id, endpoints.Wanted(status=status))
    click.echo(_show(endpoint))


@webhooks.command("resume")
@click.argument("slug")
@click.argument("endpoint_id", type=int)
@db_option
def resume(slug: str, endpoint_id: int, db_path: Path | str | None) -> None:
    """Turn a paused endpoint on again; what waited is sent at the next run."""
    _set_status(slug, endpoint_id, EndpointStatus.ACTIVE, db_path)


@webhooks.command("pause")
@click.argument("slug")
@click.argument("endpoint_id", type=int)
@db_option
def pause(slug: str, endpoint_id: int, db_path: Path | str | None) -> None:
    """Stop sending to an endpoint until it is resumed."""
    _set_status(slug, endpoint_id, EndpointStatus.PAUSED, db_path)


@webhooks.command("remove")
@click.argument("slug")
@click.argument("endpoint_id", type=int)
@db_option
def remove(slug: str, endpoint_id: int, db_path: Path | str | None) -> None:
    """Remove an endpoint and its delivery log."""
    with database(db_path) as db:
        endpoints.remove(db, require_shop(db, slug), endpoint_id)
    click.echo(f"removed webhook {endpoint_id}")


@webhooks.command("log")
@click.argument("slug")
@click.argument("endpoint_id", type=int)
@db_option
def log(slug: str, endpoint_id: int, db_path: Path | str | None) -> None:
    """The endpoint's latest deliveries: id, event, status, attempts, answer, when."""
    with database(db_path) as db:
        shop = require_shop(db, slug)
        endpoints.get(db, shop, endpoint_id)
        rows = deliveries.log(db, shop, endpoint_id)
    for d in rows:
        answer = d["response_code"] or d["error"] or ""
        click.echo(f"{d['id']}\t{d['type']}\t{d['status']}\t{d['attempts']}\t{answer}\t{d['last_attempt_at'] or ''}")


@webhooks.command("send-again")
@click.argument("slug")
@click.argument("endpoint_id", type=int)
@click.argument("delivery_id", type=int)
@db_option
def send_again(slug: str, endpoint_id: int, delivery_id: int, db_path: Path | str | None) -> None:
    """Queue a delivery again (same id and body), for the next run."""
    with database(db_path) as db:
        deliveries.send_again(db, require_shop(db, slug), endpoint_id, delivery_id)
    click.echo(f"delivery {delivery_id} queued again")


@webhooks.command("send-due")
@db_option
def send_due(db_path: Path | str | None) -> None:
    """Post every delivery that is due now, and say how each went (for cron, with the server's sender off)."""
    outcomes = one_pass(
        db_path,
        lambda write, config: sending.run(write, config.public_url, loopback=bool(config.webhooks_allow_loopback)),
    )
    for o in outcomes:
        click.echo(f"{o.id}\t{o.status.value}\t{o.code or ''}\t{o.error or ''}")
    click.echo(f"{len(outcomes)} deliveries tried, {sum(o.status == 'delivered' for o in outcomes)} delivered")
