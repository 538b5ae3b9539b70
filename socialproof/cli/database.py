"""The database itself: ``backup`` (SQLite), ``doctor`` (either engine), ``migrate-to`` (SQLite to PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import click
from sqlite_utils import Database as SqliteDatabase

from socialproof.cli.support import database, db_option, resolve_db
from socialproof.config import Settings, location
from socialproof.db.engine import Engine, engine_of_location
from socialproof.db.store import open_migrated


@click.command("migrate-to")
@click.argument("url")
@db_option
def migrate_to(url: str, db_path: Path | str | None) -> None:
    """Copy this SQLite database whole into the empty PostgreSQL database at URL, and check the copy."""
    import psycopg  # here, not at the top: every other command would load PostgreSQL's driver for nothing

    from socialproof.db import postgres, to_postgresql

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
        moved = to_postgresql.move(source, target, progress=click.echo)
    except (to_postgresql.NotEmpty, to_postgresql.Mismatch) as e:
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


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def backup_command(path: Path, db_path: Path | str | None) -> None:
    """Write a consistent copy of the database, also while it is being served."""
    from socialproof.db.backup import backup

    source = resolve_db(db_path)
    if isinstance(source, str):
        raise click.ClickException("PostgreSQL is backed up with its own tools: pg_dump, or base backups (README)")
    if not source.exists():
        raise click.ClickException(f"there is no database at {source}")
    try:
        pages = backup(source, path)
    except Exception as e:  # an unwritable destination, a file that isn't SQLite
        raise click.ClickException(f"the backup failed: {e}") from None
    click.echo(
        f"Backed up {source} to {path} ({pages} pages). Photos: copy {Settings.from_env(db_path=source).photo_path}"
    )


@click.command()
@click.option("--repair", is_flag=True, help="Recount the numbers that drifted and store the recount.")
@db_option
def doctor(repair: bool, db_path: Path | str | None) -> None:
    """Recount every kept rating and count from the reviews; report drift (exit 1), or --repair it."""
    from socialproof.insights import language, rollups
    from socialproof.reviews import aggregates

    with database(db_path) as db:
        drift: list[object] = [*aggregates.check(db), *rollups.check(db)]
        for line in drift:
            click.echo(f"drift: {line}")
        if drift and repair:
            aggregates.repair(db)
            rollups.repair(db)
            click.echo(f"Repaired {len(drift)} kept numbers; a recount now agrees.")
        elif not drift:
            click.echo("Every kept number agrees with a recount of the reviews.")
    click.echo(language.finnish())
    if drift and not repair:
        raise SystemExit(1)
