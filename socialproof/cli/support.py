"""What every command shares: the --db option and the database it opens, errors as one line."""

from __future__ import annotations

import errno
import os
import socket
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from socialproof.config import DEFAULT_DB, Settings, location
from socialproof.db.engine import Database
from socialproof.db.store import Write, open_migrated, transaction, writing
from socialproof.errors import Problem
from socialproof.i18n import formatter


class Location(click.ParamType):
    """An SQLite file's path or a PostgreSQL URL (see config.location)."""

    name = "path|url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path | str:
        return location(value)


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_path",
        type=Location(),
        default=None,
        help="SQLite database file or postgresql:// URL [env SOCIALPROOF_DB; default ./socialproof.db]",
    )(f)


def resolve_db(db_path: Path | str | None, default: str = DEFAULT_DB) -> Path | str:
    """``--db``, the group's ``--db``, SOCIALPROOF_DB, or ``default``: the first given."""
    ctx = click.get_current_context()
    group_db = (ctx.find_root().obj or {}).get("db_path")
    return db_path or group_db or location(os.environ.get("SOCIALPROOF_DB") or default)


def port_free(host: str, port: int) -> None:
    """One line and exit 1 if ``host:port`` can't be listened on: checked before anything is created
    or printed, so nobody is sent to whatever else answers there."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise click.ClickException(f"port {port} is in use; choose another with --port") from None
        raise click.ClickException(f"can't listen on {host}:{port}: {e.strerror}") from None


def one_line(problem: Problem) -> click.ClickException:
    """A domain problem as the one line on stderr every command prints."""
    message, errors = problem.in_language(formatter("en"))
    details = "; ".join(f"{field}: {text}" for field, text in errors.items())
    return click.ClickException(f"{message} ({details})" if details else message)


@contextmanager
def database(db_path: Path | str | None) -> Iterator[Database]:
    """The migrated database; a domain error becomes one line on stderr and exit 1."""
    path = resolve_db(db_path)
    try:
        db = open_migrated(path)
    except Exception as e:  # an unreadable path or a file that isn't SQLite
        raise click.ClickException(f"cannot open the database {path}: {e}") from None
    try:
        with transaction(db):
            yield db
    except Problem as e:
        raise one_line(e) from None
    except database_errors() as e:  # e.g. still locked after the busy timeout: one line, not a traceback
        raise click.ClickException(f"database error: {e}; nothing was changed") from None
    finally:
        db.close()


T = TypeVar("T")


def database_errors() -> tuple[type[Exception], ...]:
    """What either engine raises: PostgreSQL's driver is loaded only by a PostgreSQL connection."""
    psycopg = sys.modules.get("psycopg")
    return (sqlite3.Error, psycopg.Error) if psycopg is not None else (sqlite3.Error,)


def one_pass(db_path: Path | str | None, job: Callable[[Write, Settings], T]) -> T:
    """One run of a job serve runs on a schedule (jobs/), for cron when the server's own sender is off."""
    path = resolve_db(db_path)
    with writing(path) as write:
        return job(write, Settings.from_env(db_path=path))
