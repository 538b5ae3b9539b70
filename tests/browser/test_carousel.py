"""The carousel in Chromium: keyboard only, turning by itself only when asked, and never under reduced motion."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import DemoServer, shop_page, wait_for_widgets
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

HOST = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Paahtimo</title></head>
<body><h1>Paahtimo Pohjola</h1><div data-socialproof="carousel"{rotate}></div>
<script src="{server}/embed.js" data-shop="paahtimo" async></script></body></html>"""
SCROLLED = (
    "document.querySelector('[data-socialproof=carousel]').shadowRoot.querySelector('[data-sp-track]').scrollLeft"
)


def scrolled(page: Page) -> float:
    return page.evaluate(SCROLLED)


def test_keyboard_alone_turns_the_slides_and_nothing_turns_by_itself(browser: Browser, demo_server: DemoServer):
    with shop_page(HOST.format(lang="en", rotate="", server=demo_server.url)) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.clock.install()
        page.goto(url)
        wait_for_widgets(page, 1)
        carousel = page.locator("[data-socialproof=carousel]")
        expect(carousel.get_by_role("button", name="Stop turning the slides")).to_be_hidden()  # not asked to turn
        page.clock.run_for(60_000)
        assert scrolled(page) == 0
        next_button = carousel.get_by_role("button", name="Next review")
        for _ in range(10):  # Tab from the page's start until focus reaches it
            page.keyboard.press("Tab")
            if next_button.evaluate("b => b.getRootNode().activeElement === b"):
                break
        page.keyboard.press("Enter")
        page.clock.run_for(2_000)  # the smooth scroll's frames
        page.wait_for_function(f"{SCROLLED} > 100")
        assert carousel.get_by_role("group").first.get_attribute("aria-label") == "1 of 10"
        context.close()


def test_asked_to_turn_it_stops_on_hover_on_focus_and_on_its_button(browser: Browser, demo_server: DemoServer):
    with shop_page(HOST.format(lang="en", rotate=' data-rotate="6"', server=demo_server.url)) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.clock.install()
        page.goto(url)
        wait_for_widgets(page, 1)
        carousel = page.locator("[data-socialproof=carousel]")
        track = carousel.locator("[data-sp-track]")
        assert track.get_attribute("aria-live") == "off"  # slides that turn by themselves are not read out
        page.clock.run_for(6_500)
        turned = scrolled(page)
        assert turned > 100
        page.mouse.move(10, 10)
        carousel.hover()
        page.clock.run_for(30_000)
        assert scrolled(page) == turned  # held while the pointer is over it
        page.mouse.move(5, 790)
        stop = carousel.get_by_role("button", name="Stop turning the slides")
        stop.focus()
        page.clock.run_for(30_000)
        assert scrolled(page) == turned  # held while focus is in it
        stop.click()
        expect(carousel.get_by_role("button", name="Start turning the slides")).to_be_visible()
        page.locator("h1").click()  # focus leaves, the pointer is away: stopped all the same
        page.clock.run_for(30_000)
        assert scrolled(page) == turned and track.get_attribute("aria-live") == "polite"
        context.close()


def test_reduced_motion_never_turns_and_the_carousel_passes_axe(browser: Browser, demo_server: DemoServer):
    for scheme, width, lang in (("light", 1280, "fi"), ("dark", 360, "sv")):
        with shop_page(HOST.format(lang=lang, rotate=' data-rotate="6"', server=demo_server.url)) as url:
            context = browser.new_context(
                reduced_motion="reduce", color_scheme=scheme, viewport={"width": width, "height": 800}
            )
            page = context.new_page()
            page.clock.install()
            page.goto(url)
            wait_for_widgets(page, 1)
            page.clock.run_for(60_000)
            assert scrolled(page) == 0
            assert page.locator("[data-socialproof=carousel] [data-sp-rotate]").is_hidden()
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            assert violations(page) == []
            context.close()
