"""On a phone, the widgets further down the page are drawn as the shopper comes near them (embed.js)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import WIDGETS, DemoServer

pytestmark = pytest.mark.browser

ANSWERED = f"document.querySelectorAll('[data-sp-state=ready], [data-sp-state=waiting]').length === {WIDGETS}"
STATES = "Object.fromEntries([...document.querySelectorAll('[data-socialproof]')].map(n => [n.dataset.socialproof + '~' + (n.dataset.product || ''), n.dataset.spState]))"
PRODUCT_DATA = "JSON.parse(document.getElementById('socialproof-aamukahvi').textContent)"


@pytest.fixture
def phone(browser: Browser, demo_server: DemoServer) -> Iterator[Page]:
    """The demo page on a phone's screen, its widgets answered (drawn or waiting)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
    page = context.new_page()
    page.goto(demo_server.url + "/")
    page.wait_for_function(ANSWERED)
    yield page
    context.close()


def test_the_sections_below_the_screen_wait_with_their_headings_and_come_as_the_shopper_scrolls(phone: Page):
    states = phone.evaluate(STATES)
    # At the top, the product's stars, viewer count and recommend button; further down, sections waiting.
    assert states["stars~aamukahvi"] == states["activity~aamukahvi"] == states["recommend~aamukahvi"] == "ready"
    assert states["reviews~aamukahvi"] == states["questions~aamukahvi"] == "waiting", states
    assert states["stars~kenia-aa"] == "ready"  # small ones are drawn wherever they are
    reviews = phone.locator('[data-socialproof="reviews"]')
    # A screen reader's list of headings is whole meanwhile, and search engines have the product's data.
    expect(reviews.get_by_role("heading", level=2)).to_have_text("Asiakkaiden arvostelut")
    expect(phone.locator('[data-socialproof="questions"]').get_by_role("heading", level=2)).to_be_attached()
    assert reviews.locator(".sp-review").count() == 0
    assert phone.evaluate(PRODUCT_DATA)["aggregateRating"]["reviewCount"] >= 1

    reviews.scroll_into_view_if_needed()
    expect(reviews.locator(".sp-review").first).to_be_visible()
    assert phone.evaluate(STATES)["reviews~aamukahvi"] == "ready"


def test_a_keyboard_meets_every_widget_before_it_is_drawn(phone: Page):
    recommend = phone.locator('[data-socialproof="recommend"]').get_by_role("button")
    recommend.evaluate("button => button.focus({ preventScroll: true })")  # where Tab from the top comes
    assert phone.evaluate(STATES)["trust~"] == "waiting"
    phone.keyboard.press("Tab")  # the first key draws every widget, so Tab goes on into the next one
    assert phone.evaluate("document.activeElement.dataset.socialproof") == "trust"
    assert "waiting" not in phone.evaluate(STATES).values()


def test_the_stars_link_draws_the_reviews_and_takes_focus_to_them(phone: Page):
    phone.locator('[data-socialproof="stars"][data-product="aamukahvi"]').get_by_role("link").click()
    heading = phone.locator('[data-socialproof="reviews"]').get_by_role("heading", name="Asiakkaiden arvostelut")
    expect(heading).to_be_focused()
    expect(heading).to_be_in_viewport()


def test_a_letter_typed_draws_nothing_and_find_in_page_draws_every_widget(phone: Page):
    phone.keyboard.type("kahvi")  # into the shop's own search box, say: no wait on the widgets
    assert "waiting" in phone.evaluate(STATES).values()
    phone.keyboard.press("Control+f")  # their text is there to be found
    assert "waiting" not in phone.evaluate(STATES).values()
