"""Every widget in every language and colour scheme, checked by axe; narrow and zoomed screens."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from socialproof.db.store import connect
from socialproof.reviews.listing import KeysetCursor, Sort
from tests.browser.support import (
    WIDGETS,
    DemoServer,
    axe_violations,
    in_store_code,
    open_everything,
    wait_for_widgets,
)
from tests.support import answer_link

pytestmark = pytest.mark.browser
# WCAG 2.1 A/AA, plus 2.2's target size: every control at least 24 by 24 px.
RULES = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def violations(page: Page, within: str | None = None, contrast: bool = True) -> list[dict]:
    return axe_violations(page, RULES, within, contrast)


# Contrast is a matter of colours, which the language doesn't change (axe's contrast rule is over half of each
# run): checked once in each scheme, each time in another language; every other rule in every language.
CONTRAST_IN = {"light": "fi", "dark": "sv", "forced-dark": "en"}


@pytest.mark.parametrize("scheme", ["light", "dark", "forced-dark"])
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_widget_passes_axe(browser: Browser, demo_server: DemoServer, lang: str, scheme: str):
    context = browser.new_context(color_scheme="light" if scheme == "forced-dark" else scheme)
    page = context.new_page()
    page.goto(f"{demo_server.url}/?lang={lang}")
    wait_for_widgets(page, WIDGETS)
    if scheme == "forced-dark":  # data-theme="dark" on the placeholders, whatever the system says
        page.evaluate("document.querySelectorAll('[data-socialproof]').forEach(n => n.dataset.theme = 'dark')")
    open_everything(page)  # the disclosure, a report form and the review form are checked open
    found = violations(page, contrast=CONTRAST_IN[scheme] == lang)
    look = page.evaluate("""(() => { const sp = document.querySelector('[data-socialproof=reviews]').shadowRoot
                                    .querySelector('.sp'); const s = getComputedStyle(sp);
                                    return [s.backgroundColor, s.color, s.fontFamily]; })()""")
    # and the review form sent empty, showing its errors
    reviews = page.locator('[data-socialproof="reviews"]')
    reviews.locator("#sp-review-form button[type=submit]").click()
    expect(reviews.get_by_role("alert").first).to_be_visible()
    found += violations(page, within='[data-socialproof="reviews"]', contrast=CONTRAST_IN[scheme] == lang)
    context.close()
    if scheme == "forced-dark":  # the merchant's choice, not the page's: the widget paints its own
        assert look[0] == "rgb(28, 25, 23)"
    else:  # part of the demo's light page, whatever the system says: its colour and font, no panel
        assert look == ["rgba(0, 0, 0, 0)", "rgb(28, 25, 23)", 'Georgia, "Times New Roman", serif']
    assert found == [], json.dumps(found, indent=1)


def test_stars_have_a_text_equivalent_and_focus_is_visible(page: Page, demo_server: DemoServer):
    page.goto(demo_server.url + "/")
    wait_for_widgets(page, WIDGETS)
    stars = page.locator('[data-socialproof="stars"][data-product="aamukahvi"]').get_by_role("link")
    expect(stars).to_have_accessible_name(re.compile(r"^Arvosana 4,\d / 5, \d+ arvostelua$"))
    stars.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focused by keyboard: :focus-visible applies
    outline = stars.evaluate("a => getComputedStyle(a).outlineStyle + ' ' + getComputedStyle(a).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px")


@pytest.mark.parametrize(
    "viewport, scale",
    [({"width": 320, "height": 640}, 1), ({"width": 640, "height": 450}, 2)],
    ids=["320px", "200%-zoom"],
)
def test_no_sideways_scrolling_on_narrow_or_zoomed_screens(
    browser: Browser, demo_server: DemoServer, viewport: dict, scale: int
):
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    page = context.new_page()
    page.goto(demo_server.url + "/")
    wait_for_widgets(page, WIDGETS)
    open_everything(page)
    overflowing = page.evaluate("""() => [...document.querySelectorAll('[data-socialproof]')]
        .filter(host => host.shadowRoot.querySelector('.sp').scrollWidth > host.clientWidth + 1)
        .map(host => host.dataset.socialproof)""")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert overflowing == [] and page_width <= viewport["width"], (overflowing, page_width)


def test_reduced_motion_is_respected(browser: Browser, demo_server: DemoServer):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(demo_server.url + "/")
    wait_for_widgets(page, WIDGETS)
    duration = page.evaluate("""() => { const root = document.querySelector('[data-socialproof=reviews]').shadowRoot;
        const el = root.querySelector('.sp'); el.classList.add('sp-busy');
        return getComputedStyle(el).transitionDuration; }""")
    context.close()
    assert duration == "0s"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("scheme, width", [("light", 1200), ("dark", 360)])  # a desk, and a phone at night
def test_the_integrity_report_passes_axe(browser: Browser, demo_server: DemoServer, lang: str, scheme: str, width: int):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{demo_server.url}/trust/paahtimo?lang={lang}")
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing sideways
    assert violations(page) == []
    context.close()


def test_a_buyers_answer_page_passes_axe_before_and_after_answering(browser: Browser, demo_server: DemoServer):
    with connect(demo_server.db) as db:
        link = demo_server.url + answer_link(db, demo_server.shop, "aamukahvi", "axe@example.fi")
    for scheme, width, lang in (("light", 1200, "fi"), ("dark", 360, "sv"), ("light", 360, "en")):
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(f"{link}?lang={lang}")
        if lang == "en":  # with its mistakes shown
            page.get_by_role("button", name="Send answer").click()
            expect(page.get_by_role("alert")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
        assert violations(page) == [], page.url
        context.close()


def test_the_shops_reviews_and_the_forms_to_review_it_pass_axe(browser: Browser, demo_server: DemoServer):
    """The trust widget's form as a page, the shop reviews page and the form the request mail links to (its
    mistakes shown), on a desk in light and on a phone at night, each page in every language by turns."""
    shop = (
        f"{demo_server.url}/w/{demo_server.shop}/trust?write=1&",
        f"{demo_server.url}/shop-reviews/{demo_server.shop}",
    )
    pages = [shop[0], shop[1] + "?", shop[1] + "/write?"]
    for scheme, width, langs in (("light", 1200, ("fi", "sv", "en")), ("dark", 360, ("sv", "en", "fi"))):
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
        page = context.new_page()
        for n, url in enumerate(pages):
            page.goto(f"{url}lang={langs[n]}")
            if "/write?" in url:
                page.locator("form.sp-form button[type=submit]").click()
                expect(page.get_by_role("alert")).to_be_visible()
            expect(page.locator("h1, h2").first).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
            assert violations(page) == [], page.url
        context.close()


@pytest.mark.parametrize(
    "scheme, width, langs", [("light", 1280, ("fi", "sv", "en")), ("dark", 360, ("sv", "en", "fi"))]
)
def test_the_all_reviews_page_passes_axe(browser: Browser, demo_server: DemoServer, scheme: str, width: int, langs):
    """Unfiltered, filtered by a product and stars, and an older page, each in a language by turns."""
    base = f"{demo_server.url}/reviews/{demo_server.shop}"
    with connect(demo_server.db) as db:  # the demo's reviews fit one page: then older than its fifth newest
        newest = "SELECT id, created_at FROM reviews WHERE status = 'approved' ORDER BY created_at DESC LIMIT 5"
        fifth = list(db.query(newest))[-1]
    older = f"{base}?after={KeysetCursor.after(Sort.NEWEST, fifth).encode()}&"
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    page = context.new_page()
    for lang, url in zip(langs, (f"{base}?", f"{base}?stars=5&product=aamukahvi&", older), strict=True):
        page.goto(f"{url}lang={lang}")
        expect(page.locator("h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
        assert violations(page) == [], page.url
    context.close()


def test_the_in_store_code_pages_pass_axe(browser: Browser, demo_server: DemoServer):
    """Every state of the pages a code leads to, on a desk in light and on a phone at night, each scheme in
    every language by turns (a page's words differ by language; its markup doesn't)."""
    base = f"{demo_server.url}/review/{demo_server.shop}"
    basket, anything = in_store_code(demo_server, "aamukahvi", "tumma-joulu"), in_store_code(demo_server)
    single = in_store_code(demo_server, "aamukahvi")
    pages = [
        f"{base}?",
        f"{base}?code=AAAA-BBBB-CCCC&",  # refused: the alert and the form again
        f"{base}?code={basket}&",
        f"{base}?code={anything}&q=kahvi&",
        f"{base}/aamukahvi?code={single}&",
    ]
    for scheme, width, langs in (("light", 1200, ("fi", "sv", "en")), ("dark", 360, ("en", "fi", "sv"))):
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
        page = context.new_page()
        for n, url in enumerate(pages):
            page.goto(f"{url}lang={langs[n % len(langs)]}")
            expect(page.locator("h1")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
            assert violations(page) == [], page.url
        context.close()


@pytest.mark.parametrize("lang, scheme", [("fi", "light"), ("sv", "dark"), ("en", "light")])
def test_a_grouped_product_searched_and_narrowed_passes_axe(browser: Browser, grouped_demo: DemoServer, lang, scheme):
    widget = f"{grouped_demo.url}/w/{grouped_demo.shop}/reviews?product=aamukahvi&lang={lang}"
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{grouped_demo.url}/?lang={lang}")
    wait_for_widgets(page, WIDGETS)
    expect(page.locator('[data-socialproof="reviews"]')).to_contain_text("Kahvit")
    open_everything(page)
    contrast = (lang, scheme) != ("en", "light")  # the light colours are Finnish's to check
    found = violations(page, contrast=contrast)
    for narrowed in ("&q=kahvi", "&only=product", "&topic=kahvi"):  # each as a page of its own, as without script
        page.goto(widget + narrowed)
        found += violations(page, contrast=contrast)
    context.close()
    assert found == [], json.dumps(found, indent=1)
