"""The writer's own link in a real browser: where the review stands, a correction, a withdrawal."""

from __future__ import annotations

import json

import httpx2 as httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import DemoServer, axe_violations

pytestmark = pytest.mark.browser


def written(server: DemoServer) -> str:
    with httpx.Client(base_url=server.url) as client:
        answer = client.post(
            f"/api/v1/shops/{server.shop}/products/kuksa-1/reviews",
            json={
                "rating": 4,
                "title": "Hyvä kuksa",
                "body": "Kevyt ja kaunis, mutta pieni.",
                "author_name": "Kirjoittaja",
                "email": "kirjoittaja@example.fi",
                "product_name": "Kuksa",
                "visitor": "my-review-visitor-0001",
            },
        )
    assert answer.status_code == 201, answer.text
    return answer.json()["manage_url"]


def axe_and_width(page: Page, width: int) -> tuple[list[str], int]:
    found = [v["id"] for v in axe_violations(page)]
    return found, page.evaluate("document.documentElement.scrollWidth") - width


@pytest.mark.parametrize("width", [1200, 360])
def test_the_writer_sees_corrects_and_withdraws_their_review(browser: Browser, fresh_demo: DemoServer, width: int):
    link = written(fresh_demo)
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(link + "?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your review of Kuksa")
    expect(page.locator("body")).to_contain_text("It waits for the shop's moderator")
    checks = {"status": axe_and_width(page, width)}

    page.get_by_label("Your review").fill("Kevyt ja kaunis. Koko selvisi: se on juuri sopiva.")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.get_by_label("Your review")).to_have_value("Kevyt ja kaunis. Koko selvisi: se on juuri sopiva.")
    checks["corrected"] = axe_and_width(page, width)

    page.get_by_label("Yes, erase my review for good").check()
    page.get_by_role("button", name="Withdraw the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your review is withdrawn")
    checks["withdrawn"] = axe_and_width(page, width)
    gone = page.goto(link + "?lang=en")
    context.close()
    assert gone is not None and gone.status == 404
    # No axe violation and nothing wider than the screen, at each step.
    assert all(found == [] and wider <= 0 for found, wider in checks.values()), json.dumps(checks, indent=1)
