"""Timings on a large database: ``python scripts/benchmark.py [--reviews 1000000] [--seconds 4]``.

Builds a throw-away database with one shop, 1,000 products and a million
reviews (a fifth of them on one popular product), then times the queries a
widget makes in process, and loads the server with wrk (Debian's package)
against a bare Starlette app (scripts/bare_app.py, the same uvicorn options)
in alternating rounds, so every figure is a ratio measured on the same machine
in the same run. Figures go in the closing notes and the README; they are not
asserted anywhere, because timings on a shared machine are not repeatable
enough to fail a build on.
"""

from __future__ import annotations

import argparse
import functools
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx2 as httpx

from socialproof.db.store import open_migrated
from socialproof.reviews.listing import Cursor, Sort, list_reviews, page_sql
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


def wrk(url: str, seconds: int, *headers: str) -> tuple[float, float]:
    """Requests per second and p99 latency (ms) from wrk, 32 connections on 2 threads."""
    args = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", *[a for h in headers for a in ("-H", h)], url]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    return rps, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def serve(*command: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def ready(base: str) -> None:
    for _ in range(100):
        try:
            httpx.get(base + "/embed.js")
            return
        except httpx.TransportError:
            time.sleep(0.1)


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]


def load(path: Path, seconds: int) -> None:
    """socialproof (one worker) against bare Starlette, alternating, under wrk."""
    ours, bare = 8765, 8766
    server = serve("socialproof", "serve", "--port", str(ours), "--db", str(path))
    yardstick = serve(
        "uvicorn",
        "--app-dir",
        str(Path(__file__).parent),
        "bare_app:app",
        "--port",
        str(bare),
        "--http",
        "httptools",
        "--no-access-log",
        "--no-server-header",
    )
    try:
        base, other = f"http://127.0.0.1:{ours}", f"http://127.0.0.1:{bare}"
        ready(base)
        ready(other)
        page = "&".join(
            f"w={w}"
            for w in (
                "stars~p500",
                "reviews~p500",
                "activity~p500",
                "recommend~p500",
                "gallery~p500",
                "trust~",
                "stars~p1",
                "stars~p2",
                "stars~p3",
            )
        )
        batch = f"/w/bench?{page}"
        etag = httpx.get(base + batch).headers["etag"]
        cases = [
            ("stars fragment", "/w/bench/stars?product=p500", ()),
            ("reviews fragment, 5 shown", "/w/bench/reviews?product=p500", ()),
            ("batch of 9 widgets, brotli", batch, ("Accept-Encoding: br",)),
            ("batch revalidated (304)", batch, (f"If-None-Match: {etag}",)),
            ("summary JSON, popular product", "/api/v1/shops/bench/products/p0/summary", ()),
            ("embed.js, brotli", "/embed.js", ("Accept-Encoding: br",)),
        ]
        print("\n| under wrk, 32 connections, one worker | req/s | vs bare | p99 ms | bare p99 ms |")
        print("| --- | --- | --- | --- | --- |")
        for label, url, headers in cases:
            httpx.get(base + url)  # warm: the first render is a cache miss
            ratios = []
            for _ in range(2):  # alternating rounds
                ours_rps, ours_p99 = wrk(base + url, seconds, *headers)
                bare_rps, bare_p99 = wrk(other + "/", seconds)
                ratios.append((ours_rps, ours_rps / bare_rps, ours_p99, bare_p99))
            rps, ratio, p99, bare_p99 = max(ratios, key=lambda r: r[1])
            print(f"| {label} | {rps:,.0f} | {ratio:.2f}x | {p99:.1f} | {bare_p99:.1f} |")
        print(f"\nserver memory with a warm cache: {rss_mb(server.pid):.0f} MB RSS")
    finally:
        for process in (server, yardstick):
            process.terminate()
            process.wait()


def cache_miss(path: Path) -> None:
    """The first render after a change: the reviews widget, popular product against a small one."""
    from socialproof.config import Settings
    from socialproof.display.content import Links, WidgetQuery, render_widget
    from socialproof.shops.registry import require_shop

    with open_migrated(path) as db:
        shop = require_shop(db, "bench")
        for product in ("p0", "p500"):
            q = WidgetQuery("reviews", product, "fi")
            render = functools.partial(render_widget, db, shop, q, Links("http://x", "bench"), Settings(db_path=path))
            timed(f"reviews widget render (cache miss), {product}", render, 50)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=4, help="each wrk round")
    parser.add_argument("--db", type=Path, help="build the database here and keep it; reused when it exists")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        if not path.exists():
            start = time.perf_counter()
            build(path, args.reviews)
            print(f"built {args.reviews:,} reviews in {time.perf_counter() - start:.1f} s", end=", ")
        print(f"{path.stat().st_size / 1e6:.0f} MB\n")

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
            # what the widget's "next" links and the API's `next` do: seek past the page before
            last = next(db.query(page_sql(Sort.NEWEST, None), [hot_id, 1, 999 * 5 - 1]))
            after = Cursor.after(Sort.NEWEST, last)
            timed(
                "page 1000 after a cursor, newest, popular",
                lambda: list_reviews(db, hot, hot_id, page=1000, per_page=5, after=after),
                200,
            )
        cache_miss(path)
        load(path, args.seconds)

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
