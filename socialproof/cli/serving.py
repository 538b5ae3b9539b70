"""``socialproof demo`` and ``socialproof serve``: the demo shop, and the database served for real."""

from __future__ import annotations

import os
from pathlib import Path

import click

from socialproof.cli.support import database, db_option, port_free, resolve_db
from socialproof.config import Settings

DEMO_DB = "socialproof-demo.db"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@db_option
def demo(host: str, port: int, db_path: Path | str | None) -> None:
    """Create a demo coffee shop and serve its product page with the widgets embedded.

    The demo has a database of its own (./socialproof-demo.db unless --db names one), never the
    one `serve` uses by default."""
    import uvicorn

    from socialproof.app import create_app
    from socialproof.demo.seed import DEMO_MODERATOR, DEMO_SHOP, seed
    from socialproof.photos.storage import LocalStorage
    from socialproof.reviews import store_codes
    from socialproof.shops.registry import require_shop
    from socialproof.web.serving import uvicorn_options

    port_free(host, port)
    path = resolve_db(db_path, DEMO_DB)  # never the production default, where `serve` would find it
    settings = Settings.from_env(db_path=path)
    with database(path) as db:
        key, password = seed(db, LocalStorage(settings.photo_path))
        shop_id = require_shop(db, DEMO_SHOP).id
        counter_code = store_codes.an_unused_code(db, shop_id, store_codes.batches(db, shop_id)[-1])
    url = f"http://{host}:{port}/"
    click.echo(f"Demo shop '{DEMO_SHOP}' in {path}")
    click.echo(f"Moderation API key for this run: {key}")
    click.echo(f"Moderation workspace: {url}admin  e-mail {DEMO_MODERATOR}  password {password}")
    click.echo(f"  curl -H 'Authorization: Bearer {key}' {url}api/v1/shops/{DEMO_SHOP}/moderation")
    if counter_code:  # the seeded batch is the oldest; its codes run out only if someone uses all twenty
        click.echo(
            f"A code from the roastery's counter, to review as a buyer in store: {url}review/{DEMO_SHOP}?code={counter_code}"
        )
    click.echo(f"Open the demo shop page: {url}  (Ctrl+C stops)")
    uvicorn.run(create_app(settings, demo_page=True), host=host, port=port, log_level="warning", **uvicorn_options(()))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="ADDR",
    help="A proxy whose X-Forwarded-For is believed (repeatable) [env SOCIALPROOF_TRUSTED_PROXY, "
    "comma-separated]; by default none is, so no client can choose its own address.",
)
@click.option("--access-log/--no-access-log", default=False, show_default=True, help="Log a line for every request.")
@db_option
def serve(
    host: str, port: int, workers: int, trusted_proxies: tuple[str, ...], access_log: bool, db_path: Path | str | None
) -> None:
    """Serve the database for real."""
    import uvicorn

    from socialproof.web.serving import uvicorn_options

    port_free(host, port)
    path = resolve_db(db_path)
    path = path.resolve() if isinstance(path, Path) else path
    with database(path):
        pass  # migrate once here, not in every worker at the same moment
    os.environ["SOCIALPROOF_DB"] = str(path)
    proxies = trusted_proxies or tuple(p.strip() for p in Settings.from_env().trusted_proxy.split(",") if p.strip())
    click.echo(f"socialproof serving {path} on http://{host}:{port}/ with {workers} worker(s)")
    uvicorn.run(
        "socialproof.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        **uvicorn_options(proxies, access_log=access_log),
    )
