"""The badge on a shop's own page: fixed in a corner of a wide screen and hideable; on a phone, in its place."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import DemoServer, shop_page, wait_for_widgets
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

ROWS = "".join(f'<p class="row"><button>{n}a</button><button>{n}b</button></p>' for n in range(12))
HOST = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Kahvila</title>
<style>body {{ margin: 0; font-family: Georgia, serif; }} .row {{ display: flex; justify-content: space-between;
margin: 0; padding: 8px; }} button {{ min-width: 44px; min-height: 44px; }}</style></head>
<body><h1>Kahvila</h1>{rows}<footer><div data-socialproof="badge" data-position="bottom-right"></div></footer>
<script src="{server}/embed.js" data-shop="paahtimo" async></script></body></html>"""


def test_on_a_wide_screen_the_badge_sits_in_the_corner_and_stays_hidden_once_hidden(
    browser: Browser, demo_server: DemoServer
):
    with shop_page(HOST.format(lang="en", rows=ROWS, server=demo_server.url)) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(url)
        wait_for_widgets(page, 1)
        badge = page.locator("[data-socialproof=badge]")
        box = badge.bounding_box()
        assert box and round(box["x"] + box["width"]) == 1280 - 16 and round(box["y"] + box["height"]) == 800 - 16
        link = badge.get_by_role("link")
        expect(link).to_have_accessible_name("Rated 4.1 out of 5, 15 reviews")
        assert link.get_attribute("href") == f"{demo_server.url}/reviews/paahtimo?lang=en"
        badge.get_by_role("button", name="Hide the rating badge").click()
        expect(badge).to_be_hidden()
        page.reload()
        wait_for_widgets(page, 1)
        expect(badge).to_be_hidden()  # for the rest of the visit
        other = context.browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        other.goto(url)
        wait_for_widgets(other, 1)
        expect(other.locator("[data-socialproof=badge]")).to_be_visible()  # another visit sees it again
        context.close()


def test_on_a_phone_the_badge_stays_in_its_place_compact_and_covers_no_button(
    browser: Browser, demo_server: DemoServer
):
    with shop_page(HOST.format(lang="fi", rows=ROWS, server=demo_server.url)) as url:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.goto(url)
        wait_for_widgets(page, 1)
        badge = page.locator("[data-socialproof=badge]")
        assert badge.evaluate("n => getComputedStyle(n).position") == "static"
        expect(badge.get_by_role("button")).to_be_hidden()
        expect(badge.get_by_role("link")).to_have_accessible_name("Arvosana 4,1 / 5, 15 arvostelua")
        assert badge.locator(".sp-badge-count").bounding_box()["width"] <= 1  # read out, not shown
        for y in (0, 10_000):  # at the top and at the end of the page
            page.evaluate(f"window.scrollTo(0, {y})")
            covered = page.evaluate("""() => [...document.querySelectorAll('button')].filter(b => {
                const r = b.getBoundingClientRect(); if (r.bottom < 0 || r.top > innerHeight) return false;
                return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) !== b; }).length""")
            assert covered == 0
        context.close()


@pytest.mark.parametrize("scheme, width, lang", [("light", 1280, "fi"), ("dark", 1280, "sv"), ("dark", 360, "en")])
def test_the_badge_passes_axe(browser: Browser, demo_server: DemoServer, scheme: str, width: int, lang: str):
    with shop_page(HOST.format(lang=lang, rows="", server=demo_server.url)) as url:
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(url)
        wait_for_widgets(page, 1)
        assert violations(page) == []
        context.close()
