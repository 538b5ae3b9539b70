"""Timings on a large database: ``python scripts/benchmark.py [--reviews 1000000]``.

Builds a throw-away database with one shop, 1,000 products and a million
reviews (a fifth of them on one popular product), then times the queries a
widget makes, in process and over HTTP through uvicorn. Figures go in the
closing notes; they are not asserted anywhere, because timings on a shared
machine are not repeatable enough to fail a build on.
"""

from __future__ import annotations

import argparse
import functools
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx2 as httpx

from socialproof.db.store import open_migrated
from socialproof.reviews.listing import Sort, list_reviews
from socialproof.reviews.products import product_row_id
from socialproof.reviews.summary import product_summary
from socialproof.shops.registry import create_shop


def build(path: Path, reviews: int) -> None:
    rng = random.Random(7)
    with open_migrated(path) as db:
        shop = create_shop(db, "bench", "Bench")
        with db.atomic():
            db.table("products").insert_all(
                {"shop_id": shop.id, "external_id": f"p{i}", "created_at": "2026-01-01T00:00:00+00:00"}
                for i in range(1000)
            )
            rows = (
                (
                    shop.id,
                    1 if n % 5 == 0 else rng.randrange(2, 1001),
                    rng.choice((5, 5, 5, 4, 4, 3, 2, 1)),
                    "Title",
                    "A review body of ordinary length, a sentence or two.",
                    "Name",
                    "fi",
                    "approved" if n % 10 else "pending",
                    f"2026-01-01T00:00:00.{n:06d}+00:00",
                )
                for n in range(reviews)
            )
            db.conn.executemany(
                "INSERT INTO reviews (shop_id, product_id, rating, title, body, author_name, lang, status, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        db.execute("ANALYZE")


def timed(label: str, fn: Callable[[], object], runs: int) -> None:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"| {label} | {statistics.median(samples):.2f} | {p95:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        build(path, args.reviews)
        print(
            f"built {args.reviews:,} reviews in {time.perf_counter() - start:.1f} s, "
            f"{path.stat().st_size / 1e6:.0f} MB\n"
        )

        print("| in process (ms) | median | p95 |\n| --- | --- | --- |")
        with open_migrated(path) as db:
            hot, hot_id = product_summary(db, 1, "p0"), product_row_id(db, 1, "p0")
            small = product_summary(db, 1, "p500")
            print(f"| (popular product: {hot.count:,} approved; small one: {small.count:,}) | | |")
            timed("summary, popular product", lambda: product_summary(db, 1, "p0"), 50)
            timed("summary, small product", lambda: product_summary(db, 1, "p500"), 200)
            for sort in Sort:
                timed(
                    f"page 1, {sort.value}, popular",
                    functools.partial(list_reviews, db, hot, hot_id, page=1, per_page=5, sort=sort),
                    200,
                )
            timed(
                "page 1, 5 stars only, popular", lambda: list_reviews(db, hot, hot_id, page=1, per_page=5, stars=5), 200
            )
            timed("page 1000, newest, popular", lambda: list_reviews(db, hot, hot_id, page=1000, per_page=5), 50)

        port = 8765
        server = subprocess.Popen(
            [sys.executable, "-m", "socialproof", "serve", "--port", str(port), "--db", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base) as client:
                for _ in range(100):
                    try:
                        client.get("/embed.js")
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                batch = "/w/bench?w=stars~p0&w=reviews~p0&w=stars~p1&w=stars~p2"
                etag = client.get(batch).headers["etag"]
                print("\n| over HTTP, one client (ms) | median | p95 |\n| --- | --- | --- |")
                timed("batch: 4 widgets on a popular product, rendered", lambda: client.get(batch), args.requests)
                timed(
                    "batch, revalidated (304)",
                    lambda: client.get(batch, headers={"If-None-Match": etag}),
                    args.requests,
                )
                timed(
                    "summary JSON, small product",
                    lambda: client.get("/api/v1/shops/bench/products/p500/summary"),
                    args.requests,
                )
                timed("embed.js", lambda: client.get("/embed.js"), args.requests)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
