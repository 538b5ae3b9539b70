"""``socialproof migrate-to``: from SQLite on one machine to PostgreSQL shared by several nodes."""

from __future__ import annotations

from pathlib import Path

import click
import psycopg
from sqlite_utils import Database as SqliteDatabase

from socialproof.cli_support import db_option, resolve_db
from socialproof.config import Settings, location
from socialproof.db import moving, postgres
from socialproof.db.engine import Engine, engine_of_location
from socialproof.db.store import open_migrated


@click.command("migrate-to")
@click.argument("url")
@db_option
def migrate_to(url: str, db_path: Path | str | None) -> None:
    """Copy this SQLite database whole into the empty PostgreSQL database at URL, and check the copy."""
    source_path = resolve_db(db_path)
    if engine_of_location(url) is not Engine.POSTGRESQL:
        raise click.ClickException("the target must be a postgresql:// URL")
    if not isinstance(source_path, Path) or not source_path.exists():
        raise click.ClickException(f"there is no SQLite database at {source_path}")
    source = open_migrated(source_path)
    try:
        target = postgres.connect(str(location(url)))
    except psycopg.Error as e:
        source.close()
        raise click.ClickException(f"cannot reach PostgreSQL: {e}") from None
    try:
        assert isinstance(source, SqliteDatabase)
        moved = moving.move(source, target, progress=click.echo)
    except (moving.NotEmpty, moving.Mismatch) as e:
        raise click.ClickException(f"{e}; nothing was copied") from None
    except psycopg.Error as e:
        raise click.ClickException(f"PostgreSQL refused the copy: {e}; nothing was copied") from None
    finally:
        source.close()
        target.close()
    total = sum(moved.rows.values())
    click.echo(f"Copied {total} rows in {len(moved.rows)} tables in {moved.seconds:.1f} s; the counts agree.")
    for line in moved.aggregates:
        click.echo(f"checked: {line}")
    photos = Settings.from_env(db_path=source_path).photo_path
    click.echo(
        f"Photos stay in {photos}: set SOCIALPROOF_PHOTO_DIR={photos} (a folder every node shares) "
        f"and SOCIALPROOF_DB to the URL, then start the nodes."
    )
