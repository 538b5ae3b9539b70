"""A shop's webhook endpoints: where events go, which ones, in what form, and whether they are paused.

An endpoint is https on a public address. The operator may allow plain http
to this machine's loopback for development and tests (``loopback``), never
other private addresses. A Slack or Microsoft Teams incoming-webhook URL is
recognised and gets chat messages (chat.py) instead of signed JSON.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlsplit

from socialproof import clock, policy
from socialproof.db.engine import Database
from socialproof.errors import Conflict, FieldProblem, Invalid, Message, NotFound, one_of
from socialproof.i18n import N_
from socialproof.safety.addresses import Refused, check_address, check_host
from socialproof.shops.registry import Shop
from socialproof.webhooks import events
from socialproof.webhooks.events import EventType

E = TypeVar("E", bound=StrEnum)
URL_MAX = 2000
NOT_AN_ENDPOINT = N_("The endpoint must be an https address on the public internet.")


class EndpointKind(StrEnum):
    STANDARD = "standard"  # signed JSON, per the Standard Webhooks specification
    SLACK = "slack"
    TEAMS = "teams"


class EndpointStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"  # by hand, or after policy.WEBHOOK_PAUSE_AFTER of failures; only by hand again


def guess_kind(url: str) -> EndpointKind:
    host = (urlsplit(url).hostname or "").lower()
    if host == "hooks.slack.com":
        return EndpointKind.SLACK
    if host.endswith((".webhook.office.com", ".logic.azure.com", ".api.powerplatform.com")):
        return EndpointKind.TEAMS
    return EndpointKind.STANDARD


@dataclass(frozen=True)
class Endpoint:
    id: int
    shop_id: int
    url: str
    kind: EndpointKind
    events: tuple[EventType, ...]
    include_text: bool
    status: EndpointStatus
    secret: str
    paused_at: str | None
    failing_since: str | None
    created_at: str
    from_event: int = 0  # the newest event when it was added: it hears of later ones only

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Endpoint:
        return cls(
            row["id"],
            row["shop_id"],
            row["url"],
            EndpointKind(row["kind"]),
            tuple(EventType(e) for e in json.loads(row["events"])),
            bool(row["include_text"]),
            EndpointStatus(row["status"]),
            row["secret"],
            row["paused_at"],
            row["failing_since"],
            row["created_at"],
            row["from_event"],
        )

    def as_json(self, *, with_secret: bool = False) -> dict[str, Any]:
        shown = {
            "id": self.id,
            "url": self.url,
            "kind": self.kind.value,
            "events": [e.value for e in self.events],
            "include_text": self.include_text,
            "status": self.status.value,
            "paused_at": self.paused_at,
            "failing_since": self.failing_since,
            "created_at": self.created_at,
        }
        return shown | {"secret": self.secret} if with_secret else shown


@dataclass(frozen=True)
class Wanted:
    """An endpoint as asked for, checked; what register and change take."""

    url: str | None = None
    events: tuple[EventType, ...] | None = None
    kind: EndpointKind | None = None
    include_text: bool | None = None
    status: EndpointStatus | None = None


def check_url(url: str, *, loopback: bool) -> None:
    """Invalid unless the server may post to ``url`` (the sender checks again at every connection)."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    host = parts.hostname or ""
    if len(url) > URL_MAX or not host or parts.username is not None or port in (-1, 0) or not url.isprintable():
        raise Invalid(NOT_AN_ENDPOINT, {"url": N_("an https address, without a user name or password")})
    local = loopback and (host == "localhost" or _is_loopback(host))
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise Invalid(NOT_AN_ENDPOINT, {"url": N_("an https address")})
    try:
        if _is_ip(host):
            check_address(host, loopback=loopback)
        else:
            check_host(host, port or 443, loopback=loopback)
    except Refused as refused:
        raise Invalid(
            N_("The server does not post to %(url)s: %(problem)s."),
            {"url": N_("an address on the public internet")},
            url=url[:200],
            problem=str(refused),
        ) from None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    return _is_ip(host) and ipaddress.ip_address(host).is_loopback


def parse(data: Any, *, loopback: bool, partial: bool = False) -> Wanted:
    """An endpoint from the API's or the workspace's fields; every problem at once."""
    if not isinstance(data, Mapping):
        raise Invalid(N_("Send a JSON object."))
    errors: dict[str, FieldProblem] = {}
    detail: Message | None = None  # the address's own sentence says most: it leads when it is at fault
    url = data.get("url")
    if url is not None or not partial:
        if not isinstance(url, str) or not url.strip():
            errors["url"] = N_("required")
        else:
            url = url.strip()
            try:
                check_url(url, loopback=loopback)
            except Invalid as problem:
                detail, errors = problem.detail, errors | problem.errors
    chosen = data.get("events")
    wanted: tuple[EventType, ...] | None = None
    if chosen is not None or not partial:
        known = {e.value for e in EventType}
        if not isinstance(chosen, list) or not chosen or not all(isinstance(e, str) and e in known for e in chosen):
            errors["events"] = one_of(known)
        else:
            wanted = tuple(EventType(e) for e in dict.fromkeys(chosen))
    kind = _choice(data, "kind", EndpointKind, errors)
    status = _choice(data, "status", EndpointStatus, errors)
    include_text = data.get("include_text")
    if include_text is not None and not isinstance(include_text, bool):
        errors["include_text"] = N_("true or false")
    if errors:
        raise Invalid(detail or N_("The webhook needs attention."), errors)
    return Wanted(url if isinstance(url, str) else None, wanted, kind, include_text, status)


def _choice(data: Mapping[str, Any], name: str, enum: type[E], errors: dict[str, FieldProblem]) -> E | None:
    value = data.get(name)
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        errors[name] = one_of(e.value for e in enum)
        return None


def new_secret() -> str:
    """whsec_ and 24 random bytes in base64, the form Standard Webhooks libraries read."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def register(db: Database, shop: Shop, wanted: Wanted) -> Endpoint:
    assert wanted.url is not None and wanted.events is not None  # parse() without partial
    (count,) = db.execute("SELECT count(*) FROM webhooks WHERE shop_id = ?", [shop.id]).fetchone()
    if count >= policy.WEBHOOKS_PER_SHOP:
        raise Conflict(N_("A shop can have %(max)s webhooks; remove one first."), max=policy.WEBHOOKS_PER_SHOP)
    if db.execute("SELECT 1 FROM webhooks WHERE shop_id = ? AND url = ?", [shop.id, wanted.url]).fetchone():
        raise Conflict(N_("This shop already sends webhooks to that address."), {"url": N_("already registered")})
    (endpoint_id,) = db.execute(
        "INSERT INTO webhooks (shop_id, url, kind, events, include_text, secret, from_event, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            shop.id,
            wanted.url,
            (wanted.kind or guess_kind(wanted.url)).value,
            json.dumps([e.value for e in wanted.events]),
            int(bool(wanted.include_text)),
            new_secret(),
            events.latest(db),  # it hears of what happens from now on
            clock.now_iso(),
        ],
    ).fetchone()
    return get(db, shop, int(endpoint_id))


def get(db: Database, shop: Shop, endpoint_id: int) -> Endpoint:
    row = next(db.query("SELECT * FROM webhooks WHERE id = ? AND shop_id = ?", [endpoint_id, shop.id]), None)
    if row is None:
        raise NotFound(N_("This shop has no webhook %(id)s."), id=endpoint_id)
    return Endpoint.from_row(row)


def of_shop(db: Database, shop: Shop) -> list[Endpoint]:
    return [Endpoint.from_row(r) for r in db.query("SELECT * FROM webhooks WHERE shop_id = ? ORDER BY id", [shop.id])]


def change(db: Database, shop: Shop, endpoint_id: int, wanted: Wanted) -> Endpoint:
    """Change what an endpoint hears or how; turning a paused one on again sends what waited."""
    before = get(db, shop, endpoint_id)
    values: dict[str, Any] = {}
    if wanted.url is not None and wanted.url != before.url:
        raise Invalid(N_("An endpoint's address can't change; add a new one."), {"url": N_("as it was")})
    if wanted.events is not None:
        values["events"] = json.dumps([e.value for e in wanted.events])
    if wanted.kind is not None:
        values["kind"] = wanted.kind.value
    if wanted.include_text is not None:
        values["include_text"] = int(wanted.include_text)
    if wanted.status is EndpointStatus.PAUSED and before.status is EndpointStatus.ACTIVE:
        values |= {"status": EndpointStatus.PAUSED.value, "paused_at": clock.now_iso()}
    elif wanted.status is EndpointStatus.ACTIVE and before.status is EndpointStatus.PAUSED:
        values |= {"status": EndpointStatus.ACTIVE.value, "paused_at": None, "failing_since": None}
        db.execute(  # what waited goes now, not at the end of a backoff that ran while paused
            "UPDATE webhook_deliveries SET next_at = ? WHERE webhook_id = ? AND status = 'queued'",
            [clock.now_iso(), endpoint_id],
        )
    if values:
        db.table("webhooks").update(endpoint_id, values)
    return get(db, shop, endpoint_id)


def remove(db: Database, shop: Shop, endpoint_id: int) -> None:
    get(db, shop, endpoint_id)
    db.execute("DELETE FROM webhook_deliveries WHERE webhook_id = ?", [endpoint_id])
    db.execute("DELETE FROM webhooks WHERE id = ?", [endpoint_id])
