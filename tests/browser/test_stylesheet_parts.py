"""The widgets' stylesheet in two parts: every widget's rules at once, the sections' when one is drawn."""

from __future__ import annotations

import httpx2 as httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import DemoServer, shop_page

pytestmark = pytest.mark.browser

# The small widgets at the top, a section far below them.
PAGE = """<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Aamukahvi</title></head><body>
<div data-socialproof="stars" data-product="aamukahvi"></div>
<div data-socialproof="recommend" data-product="aamukahvi"></div>
<div data-socialproof="activity" data-product="aamukahvi"></div>
<div data-socialproof="badge"></div>
<div style="height: 400vh"></div>
<div data-socialproof="reviews" data-product="aamukahvi"></div>
<script src="{server}/embed.js" data-shop="paahtimo" async></script></body></html>"""
SMALL = ("stars", "recommend", "activity", "badge")
# Every computed style of every element in a widget: all a shopper can see of it.
LOOKS = """(host) => [...host.shadowRoot.querySelectorAll('*')].map((el) => {
  const style = getComputedStyle(el);
  return el.tagName + ' ' + [...style].map((name) => name + ':' + style.getPropertyValue(name)).join(';');
})"""
WITH_THE_WHOLE_STYLESHEET = """(host, css) => {
  const whole = new CSSStyleSheet();
  whole.replaceSync(css);
  host.shadowRoot.adoptedStyleSheets = [whole];
}"""
SHEETS = "(host) => host.shadowRoot.adoptedStyleSheets.length"


def test_small_widgets_look_the_same_without_the_sections_rules_which_wait_for_a_section(
    page: Page, demo_server: DemoServer
):
    whole = httpx.get(demo_server.url + "/w/paahtimo", params={"w": "stars~aamukahvi"}).json()["css"]
    with shop_page(PAGE.format(server=demo_server.url)) as url:
        page.goto(url)
        page.wait_for_function(f"document.querySelectorAll('[data-sp-state=ready]').length === {len(SMALL)}")
        reviews = page.locator('[data-socialproof="reviews"]')
        expect(reviews).to_have_attribute("data-sp-state", "waiting")
        for widget in SMALL:
            host = page.locator(f'[data-socialproof="{widget}"]')
            assert host.evaluate(SHEETS) == 1, widget  # every widget's rules and the theme, nothing more
            drawn = host.evaluate(LOOKS)
            host.evaluate(WITH_THE_WHOLE_STYLESHEET, whole)
            assert host.evaluate(LOOKS) == drawn, f"a rule the {widget} widget needs is in the sections' part"
        reviews.scroll_into_view_if_needed()
        expect(reviews).to_have_attribute("data-sp-state", "ready")
        assert reviews.evaluate(SHEETS) == 2
        first = reviews.locator(".sp-review").first
        assert first.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"  # the sections' rules
