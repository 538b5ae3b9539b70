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
from sqlite_utils import Database
from sqlite_utils import Database as SqliteDatabase

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from socialproof.db.store import open_migrated
from socialproof.insights import search, topics
from socialproof.insights import tables as insights
from socialproof.insights.scope import Period, Scope
from socialproof.reviews.listing import KeysetCursor, Sort, list_reviews, page_sql
from socialproof.reviews.products import product_row_id
from socialproof.reviews.summary import Summary, product_summary
from socialproof.shops.registry import create_shop, get_shop
from tests.support import fill_reviews  # noqa: E402  (the same database the tests fill)


def _sqlite(path: Path) -> SqliteDatabase:
    """These benchmarks fill SQLite with its bulk-insert calls."""
    db = open_migrated(path)
    assert isinstance(db, SqliteDatabase)
    return db


def build(path: Path, reviews: int) -> None:
    with _sqlite(path) as db:
        fill_reviews(db, reviews)
        fill_terms(db)
        db.execute("ANALYZE")


def fill_terms(db: SqliteDatabase, per_review: int = 6, vocabulary: int = 3000) -> None:
    """The words of every review, as Insights' background job would have stored them: six of a vocabulary of
    3,000 words and phrases, the common ones far more often (Zipf), so the roll-up holds a real spread."""
    rng = random.Random(11)
    weights = [1 / (rank + 1) for rank in range(vocabulary)]
    terms = [f"sana{n}" if n % 4 else f"sana{n} pari{n}" for n in range(vocabulary)]
    with db.atomic():
        last = db.execute("SELECT max(id) FROM reviews").fetchone()[0]
        for first in range(1, last + 1, 10_000):
            rows = [
                (review_id, term, term)
                for review_id in range(first, min(first + 10_000, last + 1))
                for term in set(rng.choices(terms, weights, k=per_review))
            ]
            db.conn.executemany("INSERT OR IGNORE INTO review_terms (review_id, term, shown) VALUES (?, ?, ?)", rows)
        db.execute("DELETE FROM terms_pending")


def searched(db: SqliteDatabase, hot: Summary, hot_id: int | None) -> None:
    """Search within the popular product's reviews (the budget: 20 ms at the 95th percentile) and its
    topics, as the widget and the API ask for them (fill_terms' words: sana1 common, sana2999 rare)."""
    rows = [hot_id] if hot_id else []
    cases = (("a common word", ("sana1",)), ("a rare word", ("sana2999",)), ("two common words", ("sana1", "sana2")))
    for label, words in cases:

        def found(words: tuple[str, ...] = words) -> object:  # as the API does: a plan from kept counts, a page
            narrowing = search.plan(db, 1, rows, hot.count, words, (), 5)
            return list_reviews(db, hot, hot_id, page=1, per_page=5, narrowing=narrowing)

        timed(f"search, {label}, popular", found, 100)
    timed("what buyers mention, popular", lambda: topics.of_products(db, 1, [hot_id or 0], "fi"), 50)


def timed(label: str, fn: Callable[[], object], runs: int) -> None:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"| {label} | {statistics.median(samples):.2f} | {p95:.2f} |")


# Heartbeats from a crowd of BEAT_VISITORS shoppers, each with their own address, looking at one
# product in each of BEAT_SHOPS shops and beating in turn: the count holds steady, as a real crowd's
# does, and no one beats faster than the rate limits allow (at 10,000 req/s each beats every 4 s).
BEAT_SHOPS, BEAT_VISITORS = 20, 40_000
HEARTBEATS_LUA = f"""
local threads = 0
function setup(thread) thread:set("base", threads * {BEAT_VISITORS // 2}); threads = threads + 1 end
local n = 0
function init(args) n = base end
request = function()
  n = (n + 1) % {BEAT_VISITORS}
  local ip = "10." .. (n % 256) .. "." .. (math.floor(n / 256) % 256) .. ".1"
  local headers = {{["Content-Type"] = "application/x-www-form-urlencoded", ["X-Forwarded-For"] = ip}}
  local path = "/w/beat" .. (n % {BEAT_SHOPS}) .. "/activity?product=p1"
  return wrk.format("POST", path, headers, "visitor=benchmarkvisitor" .. n)
end
"""


def wrk(url: str, seconds: int, *headers: str, script: Path | None = None) -> tuple[float, float]:
    """Requests per second and p99 latency (ms) from wrk, 32 connections on 2 threads."""
    args = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", *[a for h in headers for a in ("-H", h)]]
    args += ["-s", str(script), url] if script else [url]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    refused = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if refused:
        print(f"({refused.group(1)} answers were not 2xx/3xx: {url})")
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


def load(path: Path, seconds: int, tmp: Path) -> None:
    """socialproof (one worker) against bare Starlette, alternating, under wrk; then nginx in front."""
    ours, bare = 8765, 8766
    with _sqlite(path) as db:
        for n in range(BEAT_SHOPS):
            if get_shop(db, f"beat{n}") is None:
                create_shop(db, f"beat{n}", f"Heartbeats {n}")
    beats_lua = tmp / "heartbeats.lua"
    beats_lua.write_text(HEARTBEATS_LUA)
    # X-Forwarded-For believed from wrk (on 127.0.0.1), so each heartbeat comes from its own address
    server = serve("socialproof", "serve", "--port", str(ours), "--db", str(path), "--trusted-proxy", "127.0.0.1")
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
            ("heartbeats (the activity widget's form post)", "/", ()),
        ]
        print("\n| under wrk, 32 connections, one worker | req/s | vs bare | p99 ms | bare p99 ms |")
        print("| --- | --- | --- | --- | --- |")
        for label, url, headers in cases:
            httpx.get(base + url)  # warm: the first render is a cache miss
            script = beats_lua if label.startswith("heartbeats") else None
            ratios = []
            for _ in range(2):  # alternating rounds
                ours_rps, ours_p99 = wrk(base + url, seconds, *headers, script=script)
                bare_rps, bare_p99 = wrk(other + "/", seconds)
                ratios.append((ours_rps, ours_rps / bare_rps, ours_p99, bare_p99))
            rps, ratio, p99, bare_p99 = max(ratios, key=lambda r: r[1])
            print(f"| {label} | {rps:,.0f} | {ratio:.2f}x | {p99:.1f} | {bare_p99:.1f} |")
        print(f"\nserver memory with a warm cache: {rss_mb(server.pid):.0f} MB RSS")
        behind_nginx(base + "/w/bench/stars?product=p500", ours, seconds, tmp)
    finally:
        for process in (server, yardstick):
            process.terminate()
            process.wait()


def behind_nginx(direct: str, upstream: int, seconds: int, tmp: Path) -> None:
    """The shipped nginx config in front of the same worker: a cached fragment, against the worker alone."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.support import NGINX, nginx_conf

    listen = 8767
    folder = tmp / "nginx"
    folder.mkdir()
    conf = nginx_conf(folder, listen, upstream, workers=2)
    nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(folder)], stderr=subprocess.DEVNULL)
    try:
        url = direct.replace(f":{upstream}/", f":{listen}/")
        for _ in range(100):
            try:
                if httpx.get(url).headers.get("x-cache-status") == "HIT":
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        wrk(url, 1)  # warm: nginx's first second opens its upstream connections and cache files
        alone, alone_p99 = wrk(direct, seconds)
        cached, cached_p99 = wrk(url, seconds)
        print(
            f"\n| stars fragment | req/s | p99 ms |\n| --- | --- | --- |\n| one worker alone | {alone:,.0f} | {alone_p99:.1f} |"
        )
        print(f"| nginx (2 workers) in front, cached | {cached:,.0f} ({cached / alone:.1f}x) | {cached_p99:.1f} |")
    finally:
        nginx.terminate()
        nginx.wait()


def ten_reviews(db: Database, shop_id: int) -> None:
    """A product with 10 approved reviews, as the cache-miss budget compares against."""
    if product_row_id(db, shop_id, "p-ten") is not None:
        return
    with db.atomic():
        db.table("products").insert(
            {"shop_id": shop_id, "external_id": "p-ten", "created_at": "2026-01-01T00:00:00+00:00"}
        )
        product = product_row_id(db, shop_id, "p-ten")
        db.conn.executemany(
            "INSERT INTO reviews (shop_id, product_id, rating, title, body, author_name, lang, status, created_at) "
            "VALUES (?, ?, 4, 'Title', 'A review body of ordinary length.', 'Name', 'fi', 'approved', ?)",
            [(shop_id, product, f"2026-02-01T00:00:00.{n:06d}+00:00") for n in range(10)],
        )


def cache_miss(path: Path) -> None:
    """The first render after a change: the reviews widget, popular product against one with 10 reviews."""
    from socialproof.config import Settings
    from socialproof.display.content import Links, WidgetQuery, render_widget
    from socialproof.shops.registry import require_shop

    with _sqlite(path) as db:
        shop = require_shop(db, "bench")
        ten_reviews(db, shop.id)
        for product in ("p0", "p-ten"):
            q = WidgetQuery("reviews", product, "fi")
            render = functools.partial(render_widget, db, shop, q, Links("http://x", "bench"), Settings(db_path=path))
            timed(f"reviews widget render (cache miss), {product}", render, 50)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=4, help="each wrk round")
    parser.add_argument("--db", type=Path, help="build the database here and keep it; reused when it exists")
    parser.add_argument("--shopper", action="store_true", help="also what the widgets cost a phone (shopper_cost.py)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        if not path.exists():
            start = time.perf_counter()
            build(path, args.reviews)
            print(f"built {args.reviews:,} reviews in {time.perf_counter() - start:.1f} s", end=", ")
        print(f"{path.stat().st_size / 1e6:.0f} MB\n")

        print("| in process (ms) | median | p95 |\n| --- | --- | --- |")
        with _sqlite(path) as db:
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
            if hot.count >= 5000:  # page 1,000 exists
                # what the widget's "next" links and the API's `next` do: seek past the page before
                last = next(db.query(page_sql(Sort.NEWEST, None), [hot_id, 1, 999 * 5 - 1]))
                after = KeysetCursor.after(Sort.NEWEST, last)
                timed(
                    "page 1000 after a cursor, newest, popular",
                    lambda: list_reviews(db, hot, hot_id, page=1000, per_page=5, after=after),
                    200,
                )
            searched(db, hot, hot_id)
            for period in Period:  # the budget: each Insights page under 300 ms at a million reviews
                timed(f"insights page, {period.value}", functools.partial(insights.load, db, Scope(1, period)), 5)
            timed(
                "insights page, 12m, popular product", lambda: insights.load(db, Scope(1, Period.MONTHS_12, hot_id)), 5
            )
        cache_miss(path)
        load(path, args.seconds, Path(tmp))

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
    if args.shopper:  # a browser of its own, after the server figures: nothing else then loads the machine
        print()
        subprocess.run([sys.executable, str(Path(__file__).with_name("shopper_cost.py"))], check=True)


if __name__ == "__main__":
    main()
