"""A shopper asks in the widget, the shop answers, and the next visitor reads both; the search, by keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import WIDGETS, DemoServer, filled_by_a_person, wait_for_widgets

pytestmark = pytest.mark.browser


def test_a_shopper_asks_the_shop_answers_and_the_next_visitor_reads_both(browser: Browser, fresh_demo: DemoServer):
    page = browser.new_context().new_page()
    page.goto(fresh_demo.url + "/?lang=en")
    wait_for_widgets(page, WIDGETS)
    questions = page.locator('[data-socialproof="questions"]')
    questions.get_by_text("Ask a question").click()
    questions.get_by_label("Your question").fill("Can I order it ground for an AeroPress?")
    questions.get_by_label("Your name, shown with the question").fill("Testi T.")
    filled_by_a_person(questions, fresh_demo)
    questions.get_by_role("button", name="Send question").click()
    thanks = questions.get_by_role("status")
    expect(thanks).to_contain_text("Thank you for your question!")
    expect(thanks).to_be_focused()
    page.context.close()

    with fresh_demo.api() as api:
        queue = api.get("/api/v1/shops/paahtimo/moderation?kind=question").json()["items"]
        mine = next(q for q in queue if q["body"].startswith("Can I order it ground"))
        answered = api.post(
            f"/api/v1/shops/paahtimo/questions/{mine['id']}/answers", json={"body": "Yes: choose 'fine' at checkout."}
        )
        assert answered.status_code == 201, answered.text

    later = browser.new_context().new_page()
    later.goto(fresh_demo.url + "/?lang=en")
    wait_for_widgets(later, WIDGETS)
    shown = later.locator('[data-socialproof="questions"]')
    expect(shown).to_contain_text("Can I order it ground for an AeroPress?")
    expect(shown).to_contain_text("Answer from Paahtimo Pohjola")
    expect(shown).to_contain_text("Yes: choose 'fine' at checkout.")
    later.context.close()


def test_the_search_narrows_the_questions_and_shows_all_again(page: Page, demo_server: DemoServer):
    page.goto(demo_server.url + "/?lang=en")
    wait_for_widgets(page, WIDGETS)
    questions = page.locator('[data-socialproof="questions"]')
    questions.get_by_label("Search the questions").fill("PANNUKAHVIKSI")
    page.keyboard.press("Enter")
    expect(questions).to_contain_text("1 question matches “PANNUKAHVIKSI”.")
    expect(questions.locator(".sp-question")).to_have_count(1)
    questions.get_by_role("link", name="Show all questions").click()
    expect(questions.locator(".sp-question")).to_have_count(3)


def test_report_opens_its_form_in_place_with_the_reason_focused(page: Page, demo_server: DemoServer):
    page.goto(demo_server.url + "/?lang=en")
    wait_for_widgets(page, WIDGETS)
    questions = page.locator('[data-socialproof="questions"]')
    questions.get_by_role("link", name="Report this answer").first.click()
    reason = questions.get_by_label("What is wrong with it?")
    expect(reason).to_be_focused()
    expect(reason).to_have_count(1)
    expect(questions.get_by_role("option", name="Not genuine")).to_have_count(1)
