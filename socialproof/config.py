"""Every setting in one place, with the help text that documents it.

Settings come from the command line or from ``SOCIALPROOF_*`` environment
variables (the name upper-cased); the README's configuration table is this
list.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_DB = "socialproof.db"
SHARED_PHOTOS = "socialproof-photos"
URL_SCHEMES = ("postgresql://", "postgres://")  # a database named by these is PostgreSQL


def _setting(default: Any, help: str, *, secret: bool = False) -> Any:
    return field(default=default, repr=not secret, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    db_path: Path | str = _setting(
        Path(DEFAULT_DB),
        "The database: an SQLite file's path (created if missing), or a postgresql://user@host/name URL "
        "for a PostgreSQL database shared by several nodes. Either is migrated at start.",
    )
    public_url: str = _setting(
        "",
        "The URL shoppers reach this server at (e.g. https://reviews.example.fi). "
        "Empty: taken from each request, which is right unless a proxy rewrites the host.",
    )
    reader_threads: int = _setting(
        4, "Threads that serve read-only queries (on PostgreSQL, each holds one pooled connection)."
    )
    widget_max_age: int = _setting(
        30,
        "Seconds a browser or CDN may keep a widget or summary; it may serve it stale as "
        "long again while revalidating, so a moderation decision shows within twice this.",
    )
    render_cache_mb: int = _setting(
        64,
        "Megabytes of rendered widgets and summaries each server process keeps (with their compressed "
        "forms); they are dropped when their shop changes, so this bounds memory, not freshness.",
    )
    embed_max_age: int = _setting(300, "Seconds a browser may keep /embed.js before revalidating.")
    widget_page_size: int = _setting(5, "Reviews per page in the reviews widget.")
    api_page_size: int = _setting(20, "Reviews per page in the JSON API.")
    max_json_bytes: int = _setting(64 * 1024, "Largest JSON or text-only form body accepted, in bytes.")
    import_max_bytes: int = _setting(50 * 1024 * 1024, "Largest review file the import API accepts, in bytes.")
    invitation_days: int = _setting(90, "Days a review invitation link stays valid.")
    photo_dir: str = _setting("", "Folder for shoppers' photos. Empty: beside the database, as NAME-photos/.")
    photo_max_bytes: int = _setting(10 * 1024 * 1024, "Largest photo file accepted, in bytes.")
    photo_max_pixels: int = _setting(40_000_000, "Largest photo accepted, in pixels (width times height).")
    photos_per_review: int = _setting(5, "Photos a shopper may attach to one review.")
    admin_session_hours: int = _setting(12, "Hours a moderator stays signed in to the workspace.")
    body_seconds: int = _setting(
        30, "Seconds a request's whole body may take to arrive; a slower one is answered 408 and closed."
    )
    uploads_in_flight: int = _setting(
        2,
        "Photo uploads one server process reads and decodes at once; more wait for a free place "
        "(their bodies stay in the network buffers), and past upload_wait_seconds get 503 with Retry-After. "
        "Each place may hold about 50 MB of photos and 150 MB while one is decoded.",
    )
    upload_wait_seconds: int = _setting(20, "Seconds an upload may wait for one of uploads_in_flight's places.")
    trusted_proxy: str = _setting(
        "",
        "Comma-separated addresses of the proxies whose X-Forwarded-For is believed "
        "(serve --trusted-proxy). Empty: none; every client is its own address.",
    )

    smtp_host: str = _setting("", "The SMTP server mail goes through. Empty: no mail is sent.")
    smtp_port: int = _setting(587, "Its port: 587 for STARTTLS, 465 for implicit TLS, 25 for a local relay.")
    smtp_tls: str = _setting("starttls", "starttls, tls (implicit, port 465) or none (a relay on this machine only).")
    smtp_user: str = _setting("", "The SMTP user name. Empty: no login.")
    smtp_password: str = _setting(
        "", "The SMTP password, from the environment only (prefer SOCIALPROOF_SMTP_PASSWORD_FILE).", secret=True
    )
    smtp_password_file: str = _setting("", "A file holding the SMTP password (read at start; never the command line).")
    mail_from: str = _setting("", "The From address of mail, e.g. Reviews <reviews@example.fi>. Sending requires it.")
    mail_sender: str = _setting(
        "on", "on: `serve` sends due mail every minute; off: run `socialproof mail send-due` from cron instead."
    )
    webhook_sender: str = _setting(
        "on", "on: `serve` posts due webhooks every few seconds; off: run `socialproof webhooks send-due` instead."
    )
    webhooks_allow_loopback: int = _setting(
        0,
        "1: webhook endpoints may be plain http on this machine's loopback (development and tests). "
        "0: https on public addresses only.",
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "db_path", location(self.db_path))

    @property
    def sends_mail(self) -> bool:
        """Whether mail can go out: a server to send through, an address to send from, links to give."""
        return bool(self.smtp_host and self.mail_from and self.public_url)

    @property
    def photo_path(self) -> Path:
        if self.photo_dir:
            return Path(self.photo_dir)
        if isinstance(self.db_path, str):  # PostgreSQL: several nodes need photo_dir set to a shared folder
            return Path(SHARED_PHOTOS)
        return self.db_path.parent / f"{self.db_path.stem}-photos"

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Settings from SOCIALPROOF_* variables, then explicit overrides."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = os.environ.get(f"SOCIALPROOF_{f.name.upper()}")
            if f.name == "db_path":
                raw = os.environ.get("SOCIALPROOF_DB", raw)
            if raw is not None and raw != "":
                values[f.name] = _coerce(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def location(value: Path | str) -> Path | str:
    """A ``postgresql://`` URL stays as written (a Path would fold its ``//``); anything else is a file's path."""
    if str(value).startswith(URL_SCHEMES):
        return str(value)
    return Path(value)


def _coerce(f: dataclasses.Field, raw: str) -> Any:
    if f.name == "db_path":
        return location(raw)
    if f.type in ("int", int):
        return int(raw)
    if f.type in ("Path", Path):
        return Path(raw)
    return raw


def settings_help() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting."""
    rows = []
    for f in dataclasses.fields(Settings):
        name = "SOCIALPROOF_DB" if f.name == "db_path" else f"SOCIALPROOF_{f.name.upper()}"
        rows.append((name, str(f.default), f.metadata["help"]))
    return rows
