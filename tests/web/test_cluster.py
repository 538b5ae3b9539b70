"""Two `socialproof serve` nodes on one real PostgreSQL, real nginx in front (examples/cluster)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest

from socialproof.db.store import connect, transaction
from socialproof.mail import outbox
from socialproof.mail.outbox import MailKind
from tests.receiving import receiver
from tests.support import (
    NGINX,
    PASSWORD,
    Shops,
    answers,
    approve_over_http,
    free_port,
    live_servers,
    make_moderator,
    nginx_conf,
    stop,
    wait_until,
)

pytestmark = [pytest.mark.engine("postgresql"), pytest.mark.served]

MAX_AGE = 1  # seconds nginx may keep a widget


@dataclass
class Cluster:
    nginx: str
    nodes: list[str]
    processes: list[subprocess.Popen[bytes]]


@contextlib.contextmanager
def running_cluster(shops: Shops, tmp_path: Path) -> Iterator[Cluster]:
    """Two nodes on the test's database and nginx before them; all stopped at the end."""
    env = {
        "SOCIALPROOF_WIDGET_MAX_AGE": str(MAX_AGE),
        "SOCIALPROOF_PHOTO_DIR": str(tmp_path / "shared-photos"),
        "SOCIALPROOF_WEBHOOKS_ALLOW_LOOPBACK": "1",  # the test's receiver is on this machine
    }
    with contextlib.ExitStack() as stack:
        nodes = stack.enter_context(live_servers(2, shops.path, "--trusted-proxy", "127.0.0.2", env=env))
        listen = free_port()
        conf = nginx_conf(tmp_path, listen, [int(url.rsplit(":", 1)[1]) for url, _ in nodes])
        nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
        stack.callback(stop, nginx)
        url = f"http://127.0.0.1:{listen}"
        wait_until(lambda: answers(url), timeout=10, what="nginx to start")
        yield Cluster(url, [u for u, _ in nodes], [p for _, p in nodes])


@pytest.fixture
def cluster(shops: Shops, tmp_path: Path) -> Iterator[Cluster]:
    """A cluster of the test's own, for a test that kills a node."""
    shops.create("kahvi", "Kahvi Oy")
    with running_cluster(shops, tmp_path) as running:
        yield running


@pytest.fixture(scope="module")
def shared_cluster(shared_shops: Shops, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One cluster for the tests that only use it; each works in a shop of its own (``shop``)."""
    with running_cluster(shared_shops, tmp_path_factory.mktemp("cluster")) as running:
        yield running


@pytest.fixture
def shop(shared_shops: Shops) -> str:
    return shared_shops.fresh()


def submit(base: str, n: int = 0, shop: str = "kahvi") -> httpx.Response:
    return httpx.post(
        f"{base}/api/v1/shops/{shop}/products/P1/reviews",
        json={"rating": 5, "body": f"Hyvää kahvia {n}.", "author_name": "Anni", "visitor": f"visitor-{n:012d}"},
        timeout=10,
    )


def test_a_review_sent_to_one_node_and_approved_on_the_other_shows_through_nginx(shared_cluster, shared_shops, shop):
    cluster = shared_cluster
    a, b = cluster.nodes
    assert "Ei vielä arvosteluja" in httpx.get(f"{cluster.nginx}/w/{shop}/stars?product=P1").text
    posted = submit(a, shop=shop)
    assert posted.status_code == 201, posted.text
    approve_over_http(b, shared_shops, posted.json()["id"], shop)
    wait_until(
        lambda: "1 arvostelu" in httpx.get(f"{cluster.nginx}/w/{shop}/stars?product=P1").text,
        timeout=2 * MAX_AGE + 2,
        what="the approval through nginx",
    )
    for node in cluster.nodes:  # each node's own cache followed the feed too
        wait_until(
            lambda n=node: "1 arvostelu" in httpx.get(f"{n}/w/{shop}/stars?product=P1").text,
            timeout=3,
            what="each node's own fragment",
        )


def test_a_moderator_signed_in_on_one_node_works_on_the_other(shared_cluster, shared_shops, shop):
    a, b = shared_cluster.nodes
    moderator = make_moderator(shared_shops.path, f"mod@{shop}.example", "--shop", shop)
    signed = httpx.post(
        f"{a}/admin/login", data={"email": moderator, "password": PASSWORD, "next": "/admin"}, follow_redirects=False
    )
    assert signed.status_code == 303, signed.text
    page = httpx.get(f"{b}/admin/shops/{shop}", cookies=signed.cookies, follow_redirects=False)
    assert page.status_code == 200 and "Kahvi Oy" in page.text


def test_looking_now_counts_shoppers_on_both_nodes(shared_cluster, shop):
    for node, visitor in zip(shared_cluster.nodes, ("looker-one-aaaaaaaa", "looker-two-bbbbbbbb"), strict=True):
        beat = httpx.post(f"{node}/api/v1/shops/{shop}/products/P1/heartbeat", json={"visitor": visitor})
        assert beat.status_code in (200, 204), beat.text

    def looking(node: str) -> int:
        return httpx.get(f"{node}/api/v1/shops/{shop}/products/P1/activity").json()["viewers_now"]

    for node in shared_cluster.nodes:
        wait_until(lambda n=node: looking(n) == 2, timeout=8, what="both nodes' heartbeats on each node")


def test_rate_limits_count_a_shoppers_writes_on_both_nodes(shared_cluster, shop):
    """Twenty recommendations a window per shopper: spread over two nodes, still twenty (a flush apart)."""
    answered = []
    # The shopper's own address: no other test of the shared cluster recommends from it.
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.9")) as shopper:
        for n in range(40):
            node = shared_cluster.nodes[n % 2]
            answered.append(
                shopper.post(
                    f"{node}/api/v1/shops/{shop}/products/P1/recommendations", json={"visitor": f"rec-{n:04d}"}
                )
            )
    codes = [r.status_code for r in answered]
    assert 429 in codes and codes.count(200) <= 21, codes


def test_every_review_answered_201_survives_a_node_killed_mid_burst(cluster, shops):
    a, b = cluster.nodes
    stored: list[int] = []
    failures: list[str] = []

    def burst(base: str, first: int) -> None:
        for n in range(first, first + 20):  # 40 in all: within one address's 50 in ten minutes
            try:
                answer = submit(base, n)
            except httpx.TransportError as e:
                failures.append(type(e).__name__)
                continue
            if answer.status_code == 201:
                stored.append(answer.json()["id"])
            else:
                failures.append(answer.text)

    threads = [threading.Thread(target=burst, args=(a, 0)), threading.Thread(target=burst, args=(b, 100))]
    for t in threads:
        t.start()
    wait_until(lambda: len(stored) >= 10, timeout=20, what="the burst to be under way")
    os.kill(cluster.processes[0].pid, signal.SIGKILL)
    for t in threads:
        t.join(timeout=60)
    ids = {r["id"] for r in shops.sql("SELECT id FROM reviews")}
    assert len(stored) >= 20 and set(stored) <= ids, failures
    assert httpx.get(f"{b}/api/v1/shops/kahvi/summary").status_code == 200  # the other node goes on
    assert httpx.get(f"{cluster.nginx}/w/kahvi/stars?product=P1").status_code == 200  # and nginx sends there


def test_mail_due_when_both_nodes_start_goes_out_once(shops, tmp_path, inbox):
    shops.create("kahvi", "Kahvi Oy")
    with connect(shops.path) as db, transaction(db):
        shop_id = db.execute("SELECT id FROM shops WHERE slug = 'kahvi'").fetchone()[0]
        for n in range(10):
            outbox.enqueue(db, shop_id, MailKind.TEST, f"ostaja{n}@example.fi", "fi")
    with running_cluster(shops, tmp_path):  # both nodes' senders run as they start
        wait_until(
            lambda: shops.sql("SELECT count(*) AS n FROM outbox WHERE status = 'sent'")[0]["n"] == 10,
            timeout=20,
            what="the ten messages to be sent",
        )
    assert sorted(m["To"] for m in inbox.received) == sorted(f"ostaja{n}@example.fi" for n in range(10))


def test_each_webhook_event_is_posted_once_though_both_nodes_send(shared_cluster, shared_shops, shop):
    a, b = shared_cluster.nodes
    with receiver() as box:
        made = httpx.post(
            f"{a}/api/v1/shops/{shop}/webhooks",
            json={"url": box.url + "/hook", "events": ["review.submitted", "review.published"]},
            headers=shared_shops.auth(shop),
        )
        assert made.status_code == 201, made.text
        ids = [submit(node, n, shop).json()["id"] for n, node in enumerate((a, b, a, b, a, b))]
        for review_id in ids:
            approve_over_http(b, shared_shops, review_id, shop)
        box.wait_for(12, timeout=20)  # both nodes post every two seconds
        delivered = (
            "SELECT count(*) AS n FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
            "JOIN shops s ON s.id = w.shop_id WHERE d.status = 'delivered' AND s.slug = ?"
        )
        wait_until(
            lambda: shared_shops.sql(delivered, [shop])[0]["n"] == 12,
            timeout=10,
            what="every delivery to be recorded",
        )
        posted = sorted((r.json()["type"], r.json()["data"]["review"]["id"]) for r in box.received)
    assert posted == sorted((t, i) for i in ids for t in ("review.submitted", "review.published"))
