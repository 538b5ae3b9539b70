"""Widgets that belong to the page: its font and colours, no panel, its scheme, whatever the system says."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.support import DemoServer, open_everything, shop_page, wait_for_widgets
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Paahtimo</title><style>
body {{ margin: 0; padding: 0 24px; font-family: {font}; color: {text}; background: {background}; }}
main {{ max-width: {width}; }}</style></head><body><main><h1>Aamukahvi</h1>
<div data-socialproof="stars" data-product="aamukahvi"></div>
<div data-socialproof="recommend" data-product="aamukahvi"></div>
<div data-socialproof="reviews" data-product="aamukahvi"></div>
<div data-socialproof="trust"></div></main>
<script src="{server}/embed.js" data-shop="paahtimo"{theme} async></script></body></html>"""
LIGHT_SERIF = {"font": "Georgia, serif", "text": "#2d1f14", "background": "#fbf6ee", "width": "60rem"}
DARK = {"font": "Verdana, sans-serif", "text": "#ececec", "background": "#121212", "width": "60rem"}
NARROW = {"font": "'Trebuchet MS', sans-serif", "text": "#222222", "background": "#ffffff", "width": "20rem"}
LOOK = """[...document.querySelectorAll('[data-socialproof]')].map(n => {
    const sp = n.shadowRoot.querySelector('.sp'), s = getComputedStyle(sp);
    return [n.dataset.socialproof, n.dataset.spScheme || n.dataset.theme, s.fontFamily, s.color, s.backgroundColor,
            Math.round(sp.getBoundingClientRect().left - n.getBoundingClientRect().left)]; })"""


def looks(browser: Browser, server: DemoServer, host: dict, *, scheme="light", theme="", lang="en", width=1280):
    html = PAGE.format(lang=lang, server=server.url, theme=theme, **host)
    with shop_page(html) as url:
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(url)
        wait_for_widgets(page, 4)
        found = page.evaluate(LOOK)
        context.close()
    return found


def test_on_a_light_serif_page_the_widgets_take_its_font_and_colour_even_with_the_system_dark(
    browser: Browser, demo_server: DemoServer
):
    for scheme in ("light", "dark"):
        for widget, chosen, font, colour, background, inset in looks(browser, demo_server, LIGHT_SERIF, scheme=scheme):
            assert (chosen, font, colour, background) == (
                "light",
                "Georgia, serif",
                "rgb(45, 31, 20)",
                "rgba(0, 0, 0, 0)",
            )
            assert inset == 0, widget  # on the content's edge, beside the shop's own "Add to cart"


def test_on_a_dark_page_they_are_dark_and_pass_axe_in_every_language(browser: Browser, demo_server: DemoServer):
    for widget, chosen, font, colour, background, _ in looks(browser, demo_server, DARK):
        assert (widget, chosen, font, colour, background) == (
            widget,
            "dark",
            "Verdana, sans-serif",
            "rgb(236, 236, 236)",
            "rgba(0, 0, 0, 0)",
        )
    for lang, width in (("fi", 1280), ("sv", 360), ("en", 360)):
        with shop_page(PAGE.format(lang=lang, server=demo_server.url, theme="", **DARK)) as url:
            context = browser.new_context(color_scheme="light", viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(url)
            wait_for_widgets(page, 4)
            open_everything(page)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            assert violations(page) == [], (lang, width)
            context.close()


def test_a_narrow_theme_and_a_light_page_pass_axe_at_both_widths(browser: Browser, demo_server: DemoServer):
    for host, lang, width in ((NARROW, "fi", 1280), (LIGHT_SERIF, "sv", 360), (LIGHT_SERIF, "en", 1280)):
        with shop_page(PAGE.format(lang=lang, server=demo_server.url, theme="", **host)) as url:
            context = browser.new_context(color_scheme="dark", viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(url)
            wait_for_widgets(page, 4)
            open_everything(page)
            assert violations(page) == [], (lang, width)
            context.close()


def test_the_merchant_decides_with_data_theme_and_then_the_widget_paints_its_own(
    browser: Browser, demo_server: DemoServer
):
    dark = looks(browser, demo_server, LIGHT_SERIF, theme=' data-theme="dark"')
    assert {(chosen, background) for _, chosen, _, _, background, _ in dark} == {("dark", "rgb(28, 25, 23)")}
    auto = looks(browser, demo_server, LIGHT_SERIF, theme=' data-theme="auto"', scheme="dark")
    assert {(chosen, background) for _, chosen, _, _, background, _ in auto} == {("auto", "rgb(28, 25, 23)")}
    light = looks(browser, demo_server, DARK, theme=' data-theme="light"', scheme="dark")
    assert {(chosen, background) for _, chosen, _, _, background, _ in light} == {("light", "rgb(255, 255, 255)")}


def test_an_accent_or_muted_text_that_would_not_read_on_the_page_gives_way_to_its_own_text_colour(
    browser: Browser, demo_server: DemoServer
):
    tan = {"font": "Georgia, serif", "text": "#1a1a1a", "background": "#a08060", "width": "60rem"}
    for host, link_colour in ((tan, "rgb(26, 26, 26)"), (LIGHT_SERIF, "rgb(124, 58, 12)")):
        with shop_page(PAGE.format(lang="en", server=demo_server.url, theme="", **host)) as url:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(url)
            wait_for_widgets(page, 4)
            # The shop's accent, #7c3a0c, reads at 2.3:1 on the tan: the page's text stands in; on cream it stays.
            link = page.locator("[data-socialproof=trust] a").first
            assert link.evaluate("a => getComputedStyle(a).color") == link_colour
            open_everything(page)
            assert violations(page) == []
            context.close()
