"""Server-rendered widgets in a real browser: readable with JavaScript off, alive with it on.

The example shop (examples/ssr_shop.py) runs for real on its own port, as a
merchant would run it, inlining widgets it fetches from the demo server.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx2 as httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, expect

from tests.browser.support import DemoServer
from tests.support import free_port, load_example, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def shop_url(demo_server: DemoServer) -> Iterator[str]:
    app = load_example().make_app(demo_server.url, fetch=lambda url: httpx.get(url).text)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started, timeout=10, what="the example shop to start")
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=10)


def test_reviews_are_on_the_page_with_javascript_off(browser: Browser, shop_url: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(shop_url)
    reviews = page.locator('[data-socialproof="reviews"]')
    expect(reviews.get_by_role("heading", name="Asiakkaiden arvostelut")).to_be_visible()
    expect(reviews).to_contain_text("Surprisingly good as a latte too.")
    expect(page.locator('[data-socialproof="stars"]')).to_contain_text("arvostelua")
    assert page.evaluate("document.querySelectorAll('script[type=\"application/ld+json\"]').length") == 1
    context.close()


def test_embed_js_brings_inlined_widgets_to_life_without_fetching_them(
    browser: Browser, shop_url: str, demo_server: DemoServer
):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.url.startswith(demo_server.url) else None)
    page.goto(shop_url)
    page.wait_for_function("document.querySelectorAll('[data-sp-state=ready]').length === 2")
    assert not [url for url in requests if "/w/paahtimo?" in url], requests
    reviews = page.locator('[data-socialproof="reviews"]')
    reviews.get_by_role("link", name="Seuraava sivu").click()
    expect(reviews).to_contain_text("Sivu 2 /")
    assert page.url == shop_url
    expect(reviews.get_by_role("heading", name="Asiakkaiden arvostelut")).to_have_css("font-size", "22px")
    # What crawlers read is the page's own DOM: still one aggregate for the product.
    assert page.evaluate("document.querySelectorAll('script[type=\"application/ld+json\"]').length") == 1
    context.close()
