"""Helpers shared by test modules, so that no test module imports another."""

from __future__ import annotations

import contextlib
import http.server
import importlib.util
import json
import mimetypes
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from click.testing import CliRunner
from starlette.applications import Starlette

from socialproof import clock
from socialproof.cli import cli
from socialproof.db.store import connect, open_migrated, transaction
from socialproof.questions import buyers
from socialproof.resources import EXAMPLES_DIR
from socialproof.safety import formguard
from socialproof.shops.api_keys import create_api_key
from socialproof.shops.registry import create_shop, update_shop
from tests.client import TestClient

PASSWORD = "correct horse battery"
CURRENT_TEST: Any = None  # the running test's item (conftest.current_test)


def starting_a_process(what: str) -> None:
    """A test that starts ``what`` beside itself must say so (`pytest.mark.served`), so that the fast loop
    (`-m "not browser and not served"`) leaves it out instead of slowing down."""
    if CURRENT_TEST is not None and CURRENT_TEST.get_closest_marker("served") is None:
        raise AssertionError(f"{CURRENT_TEST.nodeid} starts {what}: mark it @pytest.mark.served")


LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def structured(html: str) -> list[Any]:
    """The schema.org blocks of a page."""
    return [json.loads(block) for block in LD.findall(html)]


def text(html: str) -> str:
    """Roughly what a reader sees: tags dropped, whitespace folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def moving_clock(monkeypatch: pytest.MonkeyPatch, start: datetime) -> Callable[..., None]:
    """The project's clock stopped at ``start``; the function returned moves it forward: travel(days=14)."""
    offset = [timedelta()]
    monkeypatch.setattr(clock, "now", lambda: start + offset[0])

    def to(**delta: float) -> None:
        offset[0] += timedelta(**delta)

    return to


def fill_reviews(db: Any, reviews: int) -> None:
    """One shop 'bench', 1,000 products and ``reviews`` reviews, a fifth on one popular product (SQLite, bulk),
    written one after another from January 2024 to the end of November 2026; each approved one was decided
    and published five hours after it was written."""
    rng = random.Random(7)
    first, step = (
        datetime(2024, 1, 1, tzinfo=UTC),
        (datetime(2026, 11, 30, tzinfo=UTC) - datetime(2024, 1, 1, tzinfo=UTC)) / max(reviews, 1),
    )

    def at(n: int, hours: int = 0) -> str:
        return (first + n * step + timedelta(hours=hours)).isoformat(timespec="microseconds")

    shop = create_shop(db, "bench", "Bench")
    with db.atomic():
        db.table("products").insert_all(
            {"shop_id": shop.id, "external_id": f"p{i}", "created_at": "2026-01-01T00:00:00+00:00"} for i in range(1000)
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
                at(n),
                at(n, 5) if n % 10 else None,
                at(n, 5) if n % 10 else None,
            )
            for n in range(reviews)
        )
        db.conn.executemany(
            "INSERT INTO reviews (shop_id, product_id, rating, title, body, author_name, lang, status, "
            "created_at, published_at, moderated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def approve_over_http(base: str, shops: Shops, review_id: int, shop: str = "kahvi") -> None:
    """A moderator's approval through the moderation API of the server at ``base``."""
    approved = httpx.post(
        f"{base}/api/v1/shops/{shop}/reviews/{review_id}/moderation",
        json={"action": "approve"},
        headers=shops.auth(shop),
    )
    assert approved.status_code == 200, approved.text


def everything_stored(location: Path | str) -> bytes:
    """Every byte the database holds: an SQLite file with its log, or each PostgreSQL row as text."""
    if isinstance(location, Path):
        wal = location.with_name(location.name + "-wal")
        return location.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    with connect(location) as db:
        tables = [r["t"] for r in db.query("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'")]
        return b"\n".join(str(row).encode() for t in tables for row in db.execute(f'SELECT "{t}"::text FROM "{t}"'))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_moderator(db_path: Path, email: str, *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["moderator", "create", email, *args, "--password-stdin", "--db", str(db_path)], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output + result.stderr
    return email


def sign_in(client: TestClient, email: str, password: str = PASSWORD, **headers: str) -> httpx.Response:
    return client.post(
        "/admin/login",
        data={"email": email, "password": password, "next": "/admin"},
        headers=headers,
        follow_redirects=False,
    )


class Moderator:
    """A moderator signed in to the workspace, posting its forms with their token."""

    def __init__(self, client: TestClient, email: str) -> None:
        self.client = client.beside(follow_redirects=False)
        assert sign_in(self.client, email).status_code == 303

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return self.client.get(path, **kwargs)  # type: ignore[arg-type]

    def csrf(self) -> str:
        match = re.search(r'name="csrf" value="([^"]+)"', self.get("/admin/stats").text)
        assert match
        return match.group(1)

    def post(self, path: str, data: dict[str, object] | None = None, **kwargs: object) -> httpx.Response:
        return self.client.post(path, data={"csrf": self.csrf()} | (data or {}), **kwargs)  # type: ignore[arg-type]


@contextmanager
def live_server(
    db_path: Path | str, *args: str, env: dict[str, str] | None = None, log: Path | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`socialproof serve` as a user runs it, on a free loopback port; stopped at the end."""
    with live_servers(1, db_path, *args, env=env, log=log) as (first,):
        yield first


@contextmanager
def live_servers(
    count: int, db_path: Path | str, *args: str, env: dict[str, str] | None = None, log: Path | None = None
) -> Iterator[list[tuple[str, subprocess.Popen[bytes]]]]:
    """``count`` servers on one database, started at the same moment (nodes of a cluster)."""
    starting_a_process("`socialproof serve`")
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(log.open("wb")) if log else subprocess.DEVNULL
        started = []
        for _ in range(count):
            port = free_port()
            command = [sys.executable, "-m", "socialproof", "serve", "--port", str(port), "--db", str(db_path), *args]
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=os.environ | (env or {}))
            stack.callback(stop, process)
            started.append((f"http://127.0.0.1:{port}", process))
        for url, _ in started:
            wait_until(lambda u=url: answers(u), timeout=20, what="the server to start")
        yield started


def stop(process: subprocess.Popen[Any]) -> None:
    """Stop a server the test started: politely, then for certain."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def answers(url: str) -> bool:
    """Whether a socialproof server at ``url`` serves its script yet."""
    try:
        return httpx.get(f"{url}/embed.js", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def wait_until(condition, *, timeout: float, what: str, interval: float = 0.05) -> None:  # type: ignore[no-untyped-def]
    """Poll ``condition`` until it holds; fail the test, naming ``what``, if it doesn't within ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def heartbeats(shops: Shops) -> int:
    """Heartbeats written to the database (the app writes them in batches: signals/beats.py)."""
    return int(shops.sql("SELECT count(*) AS n FROM heartbeats")[0]["n"])


def shown(client: TestClient, url: str, condition: Callable[[str], bool]) -> str:
    """The page at ``url`` once ``condition`` holds for its text.

    A change made outside the app (the CLI, another worker) reaches the app's
    render cache through the change feed within a second, not at once."""
    seen: list[str] = []

    def check() -> bool:
        seen[:] = [client.get(url).text]
        return condition(seen[0])

    wait_until(check, timeout=3, what=f"{url} to show the change")
    return seen[0]


class Shops:
    """Shops created for a test, with their API keys."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.keys: dict[str, str] = {}
        self.made = 0
        # One connection a thread for all of a test's helper calls, not one a call: opening one reads the
        # whole schema, ~5 ms for its eighty triggers, and a test run makes thousands of these calls.
        self._local = threading.local()
        self._opened: list[Any] = []

    @property
    def _database(self) -> Any:
        database = getattr(self._local, "database", None)
        if database is None:
            database = self._local.database = connect(self.path)
            self._opened.append(database)
        return database

    def close(self) -> None:
        for database in self._opened:
            database.close()
        self._opened.clear()
        self._local = threading.local()

    @classmethod
    def on_new_database(cls, path: Path) -> Shops:
        """Shops of a new installation: its database migrated from nothing, as `serve` would at first start."""
        open_migrated(path).close()
        return cls(path)

    def fresh(self, name: str = "Kahvi Oy", **settings: Any) -> str:
        """A shop of the test's own in a database other tests share: its slug."""
        self.made += 1
        slug = f"kahvi{self.made}"
        self.create(slug, name, **settings)
        return slug

    def create(self, slug: str, name: str | None = None, **settings: Any) -> str:
        with transaction(self._database) as database:  # already migrated: a copy of the template
            create_shop(database, slug, name or slug.title())
            if settings:
                update_shop(database, slug, **settings)
            self.keys[slug] = create_api_key(database, slug)
        return self.keys[slug]

    def auth(self, slug: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[slug]}"}

    def execute(self, statement: str, params: list[Any] | None = None) -> None:
        """A write behind the application's back, committed."""
        with transaction(self._database) as database:
            database.execute(statement, params or [])

    def sql(self, query: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        return list(self._database.query(query, params or []))


def as_person(client: TestClient, **fields: Any) -> dict[str, Any]:
    """Form fields as a person's browser sends them: with the form's stamp, from ten seconds ago."""
    assert isinstance(client.app, Starlette)
    return {"started": formguard.stamp(client.app.state.socialproof.form_key, clock.now().timestamp() - 10)} | fields


def review(**overrides: Any) -> dict[str, Any]:
    return {"rating": 5, "title": "Hyvää", "body": "Maistuu hyvältä.", "author_name": "Anni"} | overrides


def post_review(client: TestClient, product: str = "P1", shop: str = "kahvi", **overrides: Any) -> dict[str, Any]:
    """A review from a shopper of its own (a fresh visitor id), so tests don't meet the per-shopper limit."""
    body = {"visitor": secrets.token_urlsafe(16)} | review(**overrides)
    response = client.post(f"/api/v1/shops/{shop}/products/{product}/reviews", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def approve(client: TestClient, shops: Shops, review_id: int, shop: str = "kahvi") -> None:
    response = client.post(
        f"/api/v1/shops/{shop}/reviews/{review_id}/moderation", json={"action": "approve"}, headers=shops.auth(shop)
    )
    assert response.status_code == 200, response.text


def published(client: TestClient, shops: Shops, product: str = "P1", **overrides: Any) -> int:
    """Submit and approve a review; its id."""
    review_id = post_review(client, product, **overrides)["id"]
    approve(client, shops, review_id)
    return review_id


def load_example():  # type: ignore[no-untyped-def]
    """examples/ssr_shop.py as a module, the way a merchant's server would run it."""
    spec = importlib.util.spec_from_file_location("ssr_shop", EXAMPLES_DIR / "ssr_shop.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PROXY_ADDRESS = "127.0.0.2"  # nginx connects from here; a direct client comes from 127.0.0.1


def nginx_conf(folder: Path, listen: int, upstream: int | list[int], workers: int = 1) -> Path:
    """The shipped config with this test's ports and folders, inside the smallest nginx.conf.

    Several upstream ports: the cluster's upstream block (examples/cluster) in place of the one-node block.
    """
    site = (EXAMPLES_DIR / "nginx" / "socialproof.conf").read_text()
    site = site.replace("/var/cache/nginx/socialproof", str(folder / "cache"))
    if isinstance(upstream, list):
        block = (EXAMPLES_DIR / "cluster" / "upstream.conf").read_text()
        for default, port in zip(("8001", "8002"), upstream, strict=True):
            block = block.replace(f"server 127.0.0.1:{default} ", f"server 127.0.0.1:{port} ")
        site = re.sub(r"upstream socialproof \{.*?\n\}\n", "", site, flags=re.DOTALL)
        site = block + "\n" + site
        assert all(f":{port} " in site for port in upstream), "the shipped cluster config changed shape"
    else:
        site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
        assert f":{upstream};" in site, "the shipped config changed shape"
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};\n    proxy_bind {PROXY_ADDRESS};")
    assert f":{listen};" in site, "the shipped config changed shape"
    (folder / "socialproof.conf").write_text(site)
    temp = folder / "temp"
    temp.mkdir()
    user = "user root root;" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""{user}
daemon off;
master_process on;
worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/socialproof.conf;
}}
"""
    )
    return conf


@contextmanager
def serving(files: dict[str, bytes], trickle: tuple[str, ...] = ()) -> Iterator[str]:
    """``files`` (path → body) served over http on a free loopback port, 404 for the rest; the base URL.
    A path without a known extension is served as an HTML page. A path in ``trickle`` answers 200
    and then sends its body a byte every 0.2 s (for at most 20 s), as a server that hardly moves."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path in trickle:
                self.send_response(200)
                self.send_header("Content-Length", "100000")
                self.end_headers()
                for _ in range(100):
                    try:
                        self.wfile.write(b"x")
                        self.wfile.flush()
                    except OSError:  # the client gave up: as it should
                        return
                    time.sleep(0.2)
                return
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            kind = mimetypes.guess_type(self.path)[0] or "text/html; charset=utf-8"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def until_refused(post: Callable[[int], httpx.Response]) -> list[int]:
    """Status codes of posts until the first 429 (40 at most). The limit is a bucket of 20 that refills
    one every 3 s, so on a slow machine the 21st may pass; the burst of 20 always does."""
    codes: list[int] = []
    for n in range(40):
        codes.append(post(n).status_code)
        if codes[-1] == 429:
            break
    return codes


def answer_link(db: Any, shop_slug: str, product: str, email: str = "ostaja@example.fi") -> str:
    """The path a buyer's answer request mail links to, for the newest published question about ``product``,
    made as questions/buyers.py makes it (a buyer who was sent a review request)."""
    with transaction(db):
        shop_id, product_id = next(
            db.query(
                "SELECT s.id AS shop, p.id AS product FROM shops s JOIN products p ON p.shop_id = s.id "
                "WHERE s.slug = ? AND p.external_id = ?",
                [shop_slug, product],
            )
        ).values()
        question = next(
            db.query(
                "SELECT id FROM questions WHERE product_id = ? AND status = 'approved' ORDER BY id DESC LIMIT 1",
                [product_id],
            )
        )["id"]
        moment = clock.now_iso()
        invitation = (
            db.table("invitations")
            .insert(
                {
                    "shop_id": shop_id,
                    "order_ref": f"answer-{email}-{question}",
                    "product_id": product_id,
                    "email": email,
                    "name": "Mikko Ostaja",
                    "created_at": moment,
                    "expires_at": moment,
                    "requested_at": moment,
                }
            )
            .last_pk
        )
        request = (
            db.table("answer_requests")
            .insert({"shop_id": shop_id, "question_id": question, "invitation_id": invitation, "created_at": moment})
            .last_pk
        )
        return f"/answer/{buyers.token(db, request)}"
