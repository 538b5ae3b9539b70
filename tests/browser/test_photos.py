"""Shoppers' photos in a real browser: from a phone's form to the gallery, and the lightbox by keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import photo_files
from tests.browser.support import WIDGETS, DemoServer, axe_violations, filled_by_a_person, wait_for_widgets

pytestmark = pytest.mark.browser


def test_a_photo_sent_with_the_form_appears_in_the_gallery_once_approved(
    browser: Browser, page: Page, fresh_demo: DemoServer, tmp_path
):
    photo = tmp_path / "IMG_2026.jpg"
    photo.write_bytes(photo_files.jpeg((1200, 900), colour="#3a6b35", gps=True))
    page.goto(fresh_demo.url + "/?lang=en")
    wait_for_widgets(page, WIDGETS)
    reviews = page.locator('[data-socialproof="reviews"]')
    reviews.get_by_role("link", name="Write a review").first.click()
    reviews.get_by_role("radio", name="5 stars").check()
    reviews.get_by_label("Your review").fill("A green mug in the morning sun.")
    reviews.get_by_label("Your name, shown with the review").fill("Photo Tester")
    reviews.get_by_label("Photos (optional)").set_input_files(str(photo))
    filled_by_a_person(reviews, fresh_demo)
    reviews.get_by_role("button", name="Send review").click()
    expect(reviews.get_by_role("status")).to_contain_text("Thank you for your review!")

    with fresh_demo.api() as api:
        queue = api.get("/api/v1/shops/paahtimo/moderation").json()["items"]
        mine = next(r for r in queue if r["author_name"] == "Photo Tester")
        assert len(mine["photos"]) == 1 and mine["photos"][0]["status"] == "pending"
        api.post(f"/api/v1/shops/paahtimo/reviews/{mine['id']}/moderation", json={"action": "approve"})

    later = browser.new_context().new_page()
    later.goto(fresh_demo.url + "/?lang=en")
    wait_for_widgets(later, WIDGETS)
    gallery = later.locator('[data-socialproof="gallery"]')
    expect(gallery.get_by_role("img", name="Photo by Photo Tester: A green mug in the morning sun.")).to_be_visible()
    later.context.close()


def test_the_lightbox_works_by_keyboard_alone(page: Page, demo_server: DemoServer):
    page.goto(demo_server.url + "/?lang=en")
    wait_for_widgets(page, WIDGETS)
    gallery = page.locator('[data-socialproof="gallery"]')
    first = gallery.locator("a[data-sp-photo]").first
    first.focus()
    page.keyboard.press("Enter")
    dialog = gallery.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    total = gallery.locator("a[data-sp-photo]").count()
    expect(dialog).to_contain_text(f"Photo 1 of {total}")
    page.keyboard.press("ArrowRight")
    expect(dialog).to_contain_text(f"Photo 2 of {total}")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(dialog).to_contain_text(f"Photo {total} of {total}")
    for _ in range(6):  # Tab stays inside the open dialog
        page.keyboard.press("Tab")
        assert page.evaluate("""() => {
            const host = document.querySelector('[data-socialproof="gallery"]');
            return host.shadowRoot.querySelector('dialog').contains(host.shadowRoot.activeElement);
        }""")
    page.wait_for_function("""() => {  // the full-size photo loads and shows
        const img = document.querySelector('[data-socialproof="gallery"]').shadowRoot.querySelector('.sp-lightbox-image');
        return img.complete && img.naturalWidth > 0;
    }""")
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(gallery.locator("a[data-sp-photo]").last).to_be_focused()  # back where the shopper was
