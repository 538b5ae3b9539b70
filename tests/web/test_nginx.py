"""Real nginx in front of `socialproof serve`, with the shipped config (examples/nginx/socialproof.conf)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.support import (
    NGINX,
    PROXY_ADDRESS,
    Shops,
    approve_over_http,
    free_port,
    live_server,
    nginx_conf,
    stop,
    until_refused,
    wait_until,
)

pytestmark = pytest.mark.served  # starts processes beside the test

MAX_AGE = 2  # seconds widgets may be kept, short so the test sees a decision arrive


@contextmanager
def running_site(shops: Shops, folder: Path) -> Iterator[tuple[str, str, subprocess.Popen[bytes]]]:
    """(nginx's URL, socialproof's own URL, socialproof's process), both running over ``shops``' database."""
    env = {"SOCIALPROOF_WIDGET_MAX_AGE": str(MAX_AGE)}
    with live_server(shops.path, "--trusted-proxy", PROXY_ADDRESS, env=env) as (origin, process):
        listen = free_port()
        conf = nginx_conf(folder, listen, int(origin.rsplit(":", 1)[1]))
        nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(folder)], stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{listen}"
        try:
            wait_until(lambda: _answers(url), timeout=10, what="nginx to start")
            yield url, origin, process
        finally:
            stop(nginx)


@pytest.fixture
def own_site(shops: Shops, tmp_path: Path) -> Iterator[tuple[str, str, subprocess.Popen[bytes]]]:
    """A site of the test's own, for a test that stops socialproof; its shop is 'kahvi'."""
    shops.create("kahvi", "Kahvi Oy")
    with running_site(shops, tmp_path) as running:
        yield running


@pytest.fixture(scope="module")
def shared_site(shared_shops: Shops, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(nginx's URL, socialproof's own URL) shared by the module's tests that only read and write: each
    in a shop of its own, and from an address of its own where it spends a rate limit (kept per address)."""
    with running_site(shared_shops, tmp_path_factory.mktemp("nginx")) as (url, origin, _process):
        yield url, origin


@pytest.fixture
def shop(shared_shops: Shops) -> str:
    return shared_shops.fresh()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url + "/robots.txt", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def review_and_approve(base: str, shops: Shops, shop: str, rating: int) -> None:
    posted = httpx.post(
        f"{base}/api/v1/shops/{shop}/products/P1/reviews",
        json={"rating": rating, "body": "Hyvää kahvia.", "author_name": "Anni"},
    )
    assert posted.status_code == 201, posted.text
    approve_over_http(base, shops, posted.json()["id"], shop)


def stars(url: str, shop: str = "kahvi") -> httpx.Response:
    return httpx.get(f"{url}/w/{shop}/stars?product=P1", timeout=5)


def test_nginx_serves_the_cached_fragment_while_socialproof_is_down(own_site):
    url, _origin, process = own_site
    first = stars(url)
    assert first.status_code == 200 and first.headers["x-cache-status"] == "MISS"
    assert stars(url).headers["x-cache-status"] == "HIT"
    stop(process)
    down = stars(url)
    assert down.status_code == 200 and down.text == first.text
    assert down.headers["x-cache-status"] in ("HIT", "STALE")


def test_a_decision_shows_through_the_cache_within_max_age(shared_site, shared_shops, shop):
    url, _origin = shared_site
    assert "Ei vielä arvosteluja" in stars(url, shop).text
    review_and_approve(url, shared_shops, shop, 5)  # writes pass through nginx
    # max-age, then one stale answer while nginx revalidates in the background
    wait_until(
        lambda: "1 arvostelu" in stars(url, shop).text, timeout=2 * MAX_AGE + 3, what="the decision through nginx"
    )
    assert re.search(r"\"[0-9a-f]+\"", stars(url, shop).headers["etag"])


def test_rate_limits_count_each_shopper_behind_the_proxy_not_the_proxy(shared_site, shop):
    url, _origin = shared_site
    recommend = f"{url}/api/v1/shops/{shop}/recommendations"
    codes = until_refused(lambda _: httpx.post(recommend))  # 20 a minute per address
    assert codes[:20] == [200] * 20 and codes[-1] == 429
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.3")) as neighbour:
        assert neighbour.post(recommend).status_code == 200  # another shopper, through the same nginx


def test_a_direct_client_cannot_choose_its_address(shared_site, shop):
    _url, origin = shared_site
    recommend = f"{origin}/api/v1/shops/{shop}/recommendations"
    # From an address of its own: the test beside it spends 127.0.0.1's recommendations through nginx.
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.4")) as direct:
        codes = until_refused(lambda i: direct.post(recommend, headers={"X-Forwarded-For": f"10.0.0.{i}"}))
    assert codes[:20] == [200] * 20 and codes[-1] == 429 and len(codes) < 40  # all counted as 127.0.0.4
