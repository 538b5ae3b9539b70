"""SQLite and PostgreSQL side by side: ``python scripts/benchmark_engines.py [--reviews 100000] [--seconds 5]``.

- the move: an SQLite database of ``--reviews`` reviews copied by ``socialproof migrate-to``;
- writes: review submissions and heartbeats per second, on SQLite (one node; two worker
  processes on the one file) and on PostgreSQL (one node; two nodes on one database);
- reads: a widget fragment from the render cache under wrk, which should not depend on the engine.

Clients are many shoppers: each request names its own address in X-Forwarded-For (the
server trusts the benchmark as its proxy) and spreads over 50 shops, so the per-shopper
and per-shop limits, which would otherwise answer 429, stay out of the figures. The load
generator is Python on the same two cores, so these are ratios between engines on one
machine, not a ceiling. Figures go in the closing notes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmark import build, wrk  # noqa: E402  (beside this script)

from socialproof.db.store import open_migrated  # noqa: E402
from socialproof.shops.registry import create_shop  # noqa: E402
from tests.postgres import running  # noqa: E402
from tests.support import live_servers  # noqa: E402

SHOPS = 50
CONCURRENCY = 16


def migrate_time(reviews: int, tmp: Path, url: str) -> float:
    source = tmp / "move.db"
    build(source, reviews)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "socialproof", "migrate-to", url, "--db", str(source)], capture_output=True, text=True
    )
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return elapsed


def prepare(location: Path | str) -> None:
    with open_migrated(location) as db:
        for n in range(SHOPS):
            create_shop(db, f"shop{n:02d}", f"Shop {n}")


async def hammer(bases: list[str], kind: str, seconds: float) -> float:
    """Requests answered 2xx per second, CONCURRENCY at a time, spread over the nodes."""
    done = 0
    deadline = time.monotonic() + seconds
    rng = random.Random(7)

    async def one(client: httpx.AsyncClient) -> None:
        nonlocal done
        while time.monotonic() < deadline:
            base, shop = rng.choice(bases), f"shop{rng.randrange(SHOPS):02d}"
            forwarded = {"X-Forwarded-For": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"}
            visitor = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=22))
            if kind == "review":
                path = f"/api/v1/shops/{shop}/products/p{rng.randrange(100)}/reviews"
                body = {"rating": 5, "body": "Hyvää kahvia, nopea toimitus.", "author_name": "Anni", "visitor": visitor}
            else:
                path = f"/api/v1/shops/{shop}/products/p{rng.randrange(100)}/heartbeat"
                body = {"visitor": visitor}
            answer = await client.post(base + path, json=body, headers=forwarded)
            done += answer.status_code < 300

    async with httpx.AsyncClient(timeout=30) as client:
        await asyncio.gather(*(one(client) for _ in range(CONCURRENCY)))
    return done / seconds


@contextlib.contextmanager
def nodes(location: Path | str, count: int, workers: int, tmp: Path) -> Iterator[list[str]]:
    args = ("--workers", str(workers), "--trusted-proxy", "127.0.0.1")
    with live_servers(count, location, *args, env={"SOCIALPROOF_PHOTO_DIR": str(tmp / "photos")}) as started:
        yield [url for url, _ in started]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, running() as server:
        tmp = Path(folder)
        url = server.fresh_database(migrated=False)
        print(f"migrate-to, {options.reviews:,} reviews: {migrate_time(options.reviews, tmp, url):.1f} s")
        lite, pg_one, pg_two = tmp / "bench.db", server.fresh_database(), server.fresh_database()
        for location in (lite, pg_one, pg_two):
            prepare(location)
        setups: list[tuple[str, Path | str, int, int]] = [
            ("SQLite, one node", lite, 1, 1),
            ("SQLite, two workers on one file", lite, 1, 2),
            ("PostgreSQL, one node", pg_one, 1, 1),
            ("PostgreSQL, two nodes", pg_two, 2, 1),
        ]
        for label, location, count, workers in setups:
            with nodes(location, count, workers, tmp) as bases:
                reviews = asyncio.run(hammer(bases, "review", options.seconds))
                beats = asyncio.run(hammer(bases, "heartbeat", options.seconds))
                fragment, p99 = wrk(f"{bases[0]}/w/shop01/stars?product=p1", int(options.seconds))
            print(
                f"{label}: {reviews:,.0f} review submissions/s, {beats:,.0f} heartbeats/s; "
                f"a kept fragment {fragment:,.0f}/s (p99 {p99:.1f} ms) from one node under wrk"
            )


if __name__ == "__main__":
    main()
