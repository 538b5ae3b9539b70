"""The demo page in a real browser: the path a shopper and a moderator take."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    ARTIFACTS,
    CLS_OBSERVER,
    READING,
    WIDGETS,
    DemoServer,
    filled_by_a_person,
    layout_shift,
    wait_for_widgets,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "viewport", [{"width": 1200, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_page_loads_every_widget_with_two_requests_and_no_layout_shift(
    page: Page, demo_server: DemoServer, viewport: dict[str, int]
):
    page.set_viewport_size(viewport)
    requests: list[str] = []
    images: list[str] = []

    def seen(request) -> None:  # type: ignore[no-untyped-def]
        if request.url.startswith(demo_server.url):
            (images if request.resource_type == "image" else requests).append(request.url)

    page.on("request", seen)
    page.add_init_script(CLS_OBSERVER)
    page.goto(demo_server.url + "/")
    wait_for_widgets(page, WIDGETS, READING)  # as a shopper reads down: no section grows in view

    widget_requests = [u for u in requests if u != demo_server.url + "/"]
    assert len(widget_requests) == 2, widget_requests
    assert widget_requests[0].endswith("/embed.js") and "/w/paahtimo?" in widget_requests[1]
    # Besides those two, only images: the shoppers' photos the widgets show and the founder's portrait.
    assert all("/photos/" in url or "/founder." in url for url in images), images
    assert layout_shift(page) == 0

    # Rendered inside shadow roots, out of reach of the shop's CSS.
    assert page.evaluate("[...document.querySelectorAll('[data-socialproof]')].every(n => n.shadowRoot)")
    stars = page.locator('[data-socialproof="stars"][data-product="aamukahvi"]')
    expect(stars).to_contain_text("8 arvostelua")
    expect(stars).to_contain_text("4,1")
    reviews = page.locator('[data-socialproof="reviews"]')
    expect(reviews.get_by_role("heading", name="Asiakkaiden arvostelut")).to_be_visible()
    expect(page.locator('[data-product="kenia-aa"]')).to_contain_text("Ei vielä arvosteluja")
    assert page.context.cookies() == []
    # The reviews' structured data is copied into the page itself, once.
    data = page.evaluate(
        "[...document.querySelectorAll('script[type=\"application/ld+json\"]')].map(s => s.textContent)"
    )
    assert len(data) == 1
    product = json.loads(data[0])
    assert product["@type"] == "Product" and product["aggregateRating"]["reviewCount"] == 8
    assert product["@id"].endswith("#product")  # merges with the shop's own Product node
    assert (
        page.evaluate(
            "[...document.querySelectorAll('[data-socialproof]')]"
            ".filter(n => n.shadowRoot.querySelector('script[type=\"application/ld+json\"]')).length"
        )
        == 0
    )  # not a second copy inside the shadow root

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"demo-{viewport['width']}.png"), full_page=True)


def test_shopper_writes_a_review_moderator_approves_it_and_it_appears(
    browser: Browser, page: Page, fresh_demo: DemoServer
):
    page.goto(fresh_demo.url + "/")
    wait_for_widgets(page, WIDGETS)
    reviews = page.locator('[data-socialproof="reviews"]')
    reviews.get_by_role("link", name="Kirjoita arvostelu").first.click()  # at the top, beside the summary
    expect(reviews.get_by_role("radio", name="1 tähti", exact=True)).to_be_focused()  # the form opened at its start

    # The star input by keyboard alone: a radio group that arrow keys move through.
    reviews.get_by_role("radio", name="1 tähti", exact=True).focus()
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(reviews.get_by_role("radio", name="4 tähteä")).to_be_checked()

    reviews.get_by_label("Arvostelusi").fill("Selain-testin arvostelu: pehmeä ja marjainen.")
    reviews.get_by_label("Nimesi, joka näytetään arvostelun yhteydessä").fill("Testi T.")
    filled_by_a_person(reviews, fresh_demo)
    reviews.get_by_role("button", name="Lähetä arvostelu").click()
    thanks = reviews.get_by_role("status")
    expect(thanks).to_contain_text("Kiitos arvostelustasi!")
    expect(thanks).to_be_focused()

    with fresh_demo.api() as api:
        queue = api.get("/api/v1/shops/paahtimo/moderation?status=pending").json()["items"]
        mine = next(r for r in queue if r["body"].startswith("Selain-testin"))
        assert (mine["rating"], mine["status"]) == (4, "pending")
        answer = api.post(f"/api/v1/shops/paahtimo/reviews/{mine['id']}/moderation", json={"action": "approve"})
        assert answer.status_code == 200

    # A later visit (its own cache: fragments may be cached for their max-age) shows it.
    later = browser.new_context().new_page()
    later.goto(fresh_demo.url + "/")
    wait_for_widgets(later, WIDGETS)
    later_reviews = later.locator('[data-socialproof="reviews"]')
    expect(later_reviews).to_contain_text("Selain-testin arvostelu: pehmeä ja marjainen.")
    expect(later_reviews).to_contain_text("Testi T.")
    later.context.close()


def test_form_errors_are_shown_inline_and_focused(page: Page, demo_server: DemoServer):
    page.goto(demo_server.url + "/?lang=en")
    wait_for_widgets(page, WIDGETS)
    reviews = page.locator('[data-socialproof="reviews"]')
    reviews.get_by_role("link", name="Write a review").first.click()
    reviews.get_by_role("button", name="Send review").click()
    summary = reviews.get_by_role("alert")
    expect(summary).to_contain_text("Please check the fields marked below.")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Write a few words about the product.").click()
    expect(reviews.get_by_label("Your review")).to_be_focused()


def test_paging_and_sorting_stay_in_the_page(page: Page, demo_server: DemoServer):
    page.goto(demo_server.url + "/")
    wait_for_widgets(page, WIDGETS)
    reviews = page.locator('[data-socialproof="reviews"]')
    reviews.get_by_role("link", name="Seuraava sivu").click()
    expect(reviews).to_contain_text("Sivu 2 / 2")
    assert page.url == demo_server.url + "/"
    expect(reviews.get_by_role("button", name="Päivitä")).to_be_hidden()  # a choice applies as it changes
    reviews.get_by_label("Järjestys").select_option("lowest")
    expect(reviews.locator(".sp-review").first).to_contain_text("Pussi oli rikki")
    expect(reviews.get_by_label("Järjestys")).to_be_focused()  # a keyboard can go on choosing
    reviews.get_by_label("Näytä").select_option("5")
    expect(reviews).to_contain_text("Näytetään arvostelut, joissa on 5 tähteä.")
    expect(reviews.get_by_label("Näytä")).to_be_focused()


def test_review_photos_are_uniform_squares_and_helpful_is_a_light_text_control(page: Page, demo_server: DemoServer):
    page.goto(demo_server.url + "/")
    wait_for_widgets(page, WIDGETS)
    reviews = page.locator('[data-socialproof="reviews"]')
    sizes = {
        tuple(round(v) for v in (b["width"], b["height"]))
        for b in (i.bounding_box() for i in reviews.locator(".sp-review-photos img").all())
    }
    assert sizes == {(80, 80)}
    helpful = reviews.locator(".sp-helpful button").first
    assert helpful.evaluate("b => [getComputedStyle(b).borderTopWidth, getComputedStyle(b).backgroundColor]") == [
        "0px",
        "rgba(0, 0, 0, 0)",
    ]
