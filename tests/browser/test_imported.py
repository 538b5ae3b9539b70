"""Imported reviews in a real browser: shown with where they came from, and still accessible."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import DemoServer, axe_violations
from tests.portability import exports

pytestmark = pytest.mark.browser


def test_an_imported_yotpo_file_shows_in_the_reviews_widget_with_its_badges(browser: Browser, fresh_demo: DemoServer):
    with fresh_demo.api() as api:
        answer = api.post(f"/api/v1/shops/{fresh_demo.shop}/imports", content=exports.YOTPO)
    assert answer.status_code == 201, answer.text
    page = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
    page.goto(f"{fresh_demo.url}/w/{fresh_demo.shop}/reviews?product=77&lang=sv")
    reviews = page.locator(".sp-review")
    expect(reviews).to_have_count(2)  # the two published; the unpublished one waits for a moderator
    expect(reviews.filter(has_text="Mycket gott kaffe")).to_contain_text("Verifierad köpare hos Yotpo")
    expect(reviews.filter(has_text="För starkt")).to_contain_text("Importerad från Yotpo")
    found = [v["id"] for v in axe_violations(page)]
    wider = page.evaluate("document.documentElement.scrollWidth")
    page.context.close()
    assert found == [] and wider <= 390, json.dumps(found)
