"""Trust and presence in a real browser: other visitors, verified buyers, recommending."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import PERSON_UA, WIDGETS, DemoServer, axe_violations, filled_by_a_person, wait_for_widgets

pytestmark = pytest.mark.browser


def test_two_visitors_see_each_other_in_the_viewer_count(browser: Browser, fresh_demo: DemoServer):
    # A product of this test's own: pages other tests opened in the last minute don't count here.
    product = f"kaksin-{uuid.uuid4().hex[:8]}"
    first = browser.new_context(user_agent=PERSON_UA).new_page()
    second = browser.new_context(user_agent=PERSON_UA).new_page()
    try:
        for page in (first, second):
            page.goto(fresh_demo.url + "/")
            wait_for_widgets(page, WIDGETS)
            page.evaluate(
                """(product) => {
                const div = document.createElement('div');
                div.dataset.socialproof = 'activity'; div.dataset.product = product;
                document.querySelector('main').append(div); socialproof.refresh(); }""",
                product,
            )
        # Each page sends its first heartbeat a few seconds after the widget appears; the later
        # one already sees the earlier visitor.
        activity = second.locator(f'[data-socialproof="activity"][data-product="{product}"]')
        expect(activity).to_contain_text("1 muu asiakas katsoo tätä nyt", timeout=15000)
        # A page coming back into view beats at once and learns of the other.
        first.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        expect(first.locator(f'[data-socialproof="activity"][data-product="{product}"]')).to_contain_text(
            "1 muu asiakas katsoo tätä nyt", timeout=15000
        )
        expect(second.locator('[data-socialproof="activity"][data-product="aamukahvi"]')).to_contain_text(
            "kpl tilattu tällä viikolla"
        )
    finally:
        first.context.close()
        second.context.close()


def test_a_review_through_an_invitation_link_shows_verified_buyer(browser: Browser, fresh_demo: DemoServer):
    page = browser.new_context(locale="fi-FI").new_page()  # a Finnish shopper's phone
    with fresh_demo.api() as api:
        links = api.post(
            "/api/v1/shops/paahtimo/invitations",
            json={
                "order": "BROWSER-1",
                "name": "Ville V.",
                "products": [{"id": "kenia-aa", "name": "Kenia AA, yhden tilan kahvi 250 g"}],
            },
        ).json()["links"]
    page.goto(links[0]["url"] + "&rating=5")  # the one-tap link in an e-mail
    expect(page.get_by_text("Arvostelusi merkitään")).to_be_visible()
    expect(page.get_by_role("radio", name="5 tähteä")).to_be_checked()
    expect(page.get_by_label("Nimesi, joka näytetään arvostelun yhteydessä")).to_have_value("Ville V.")
    assert axe_violations(page) == []
    page.get_by_label("Arvostelusi").fill("Kukkainen ja teemäinen, upea suodatinkahvina.")
    filled_by_a_person(page, fresh_demo)
    page.get_by_role("button", name="Lähetä arvostelu").click()
    expect(page.get_by_role("status")).to_contain_text("Kiitos arvostelustasi!")

    with fresh_demo.api() as api:
        queue = api.get("/api/v1/shops/paahtimo/moderation").json()["items"]
        mine = next(r for r in queue if r["body"].startswith("Kukkainen"))
        assert mine["verified"] is True
        api.post(f"/api/v1/shops/paahtimo/reviews/{mine['id']}/moderation", json={"action": "approve"})

    shop = browser.new_context().new_page()
    shop.goto(fresh_demo.url + "/")
    wait_for_widgets(shop, WIDGETS)
    shop.evaluate("""() => {  // the demo page's Kenia card has stars only: show its reviews widget
        const div = document.createElement('div');
        div.dataset.socialproof = 'reviews'; div.dataset.product = 'kenia-aa';
        document.querySelector('main').append(div); socialproof.refresh(); }""")
    kenia = shop.locator('[data-socialproof="reviews"][data-product="kenia-aa"]')
    kenia.scroll_into_view_if_needed()  # drawn as it comes near the screen
    expect(kenia).to_contain_text("Kukkainen ja teemäinen")
    expect(kenia.locator(".sp-review").first).to_contain_text("Vahvistettu ostaja")
    shop.context.close()
    page.context.close()


def test_recommending_by_keyboard_is_remembered_on_the_next_visit(browser: Browser, fresh_demo: DemoServer):
    context = browser.new_context()
    page = context.new_page()
    page.goto(fresh_demo.url + "/?lang=en")
    wait_for_widgets(page, WIDGETS)
    widget = page.locator('[data-socialproof="recommend"]')
    button = widget.get_by_role("button", name="I recommend this")
    count_before = int(widget.locator(".sp-recommend-count").inner_text().split()[0])
    button.focus()
    page.keyboard.press("Enter")
    expect(widget.get_by_role("button", name="I recommend this")).to_have_attribute("aria-pressed", "true")
    expect(widget.get_by_role("button", name="I recommend this")).to_be_focused()
    expect(widget).to_contain_text(f"{count_before + 1} shoppers recommend this")
    assert context.cookies() == []  # remembered in localStorage, not a cookie

    again = context.new_page()
    again.goto(fresh_demo.url + "/?lang=en")
    wait_for_widgets(again, WIDGETS)
    pressed = again.locator('[data-socialproof="recommend"]').get_by_role("button", name="I recommend this")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    pressed.click()  # undo
    expect(pressed).to_have_attribute("aria-pressed", "false")
    context.close()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_trust_recommend_and_activity_have_no_wcag_violations(page: Page, demo_server: DemoServer, lang: str):
    page.goto(f"{demo_server.url}/?lang={lang}")
    wait_for_widgets(page, WIDGETS)
    page.locator('[data-socialproof="trust"]').locator("summary").click()  # the disclosure, open
    for widget in ("trust", "recommend", "activity"):
        assert axe_violations(page, within=f'[data-socialproof="{widget}"]') == [], widget


def test_a_removed_activity_widget_stops_its_heartbeat_on_refresh(page: Page, fresh_demo: DemoServer):
    beats: list[str] = []
    page.on("request", lambda r: beats.append(r.url) if r.method == "POST" and "/activity" in r.url else None)
    page.clock.install()  # the page's timers run on a clock the test moves
    page.goto(fresh_demo.url + "/")
    wait_for_widgets(page, WIDGETS)
    with page.expect_request(lambda r: r.method == "POST" and "/activity" in r.url):
        page.clock.run_for(5_000)  # the first beat comes after a few seconds
    page.evaluate("document.querySelector('[data-socialproof=activity]').remove(); socialproof.refresh()")
    seen = len(beats)
    page.clock.run_for(120_000)  # what would be several more beats
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")
    assert len(beats) == seen


def test_an_automated_browser_is_not_counted_as_looking(browser: Browser, demo_server: DemoServer):
    # Lighthouse, pa11y and prerenderers drive a browser that says so (navigator.webdriver).
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(navigator, 'webdriver', { get: () => true })")
    page = context.new_page()
    beats: list[str] = []
    page.on("request", lambda r: beats.append(r.url) if r.method == "POST" and "/activity" in r.url else None)
    try:
        page.clock.install()
        page.goto(demo_server.url + "/")
        wait_for_widgets(page, WIDGETS)
        page.clock.run_for(120_000)  # several heartbeat intervals
        page.evaluate("() => new Promise((done) => setTimeout(done, 0))")
        assert beats == []
    finally:
        context.close()


def test_review_the_shop_opens_its_form_with_focus_on_the_first_star(page: Page, demo_server: DemoServer):
    page.goto(demo_server.url + "/?lang=en")
    wait_for_widgets(page, WIDGETS)
    trust = page.locator('[data-socialproof="trust"]')
    trust.get_by_role("link", name="Review the shop").click()
    first = trust.get_by_role("radio", name="1 star", exact=True)
    expect(first).to_be_focused()  # where the form starts, not the widget's heading above the reviews
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(trust.get_by_role("radio", name="2 stars")).to_be_checked()
    page.keyboard.press("Tab")
    expect(trust.get_by_label("Title (optional)")).to_be_focused()  # the stars keep their place in the tab order
