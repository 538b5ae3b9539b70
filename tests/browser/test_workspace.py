"""The moderation workspace in a real browser, as a moderator new to socialproof uses it."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import WIDGETS, DemoServer, axe_violations, wait_for_widgets

pytestmark = pytest.mark.browser


def sign_in(page: Page, server: DemoServer, lang: str = "fi") -> None:
    page.goto(f"{server.url}/admin/login?lang={lang}")
    page.get_by_label({"fi": "Sähköpostiosoite", "sv": "E-postadress", "en": "E-mail address"}[lang]).fill(
        server.moderator
    )
    page.get_by_label({"fi": "Salasana", "sv": "Lösenord", "en": "Password"}[lang]).fill(server.password)
    page.get_by_role("button", name={"fi": "Kirjaudu", "sv": "Logga in", "en": "Sign in"}[lang]).click()
    page.wait_for_url("**/admin/shops/paahtimo*")


def test_a_moderator_approves_two_in_bulk_replies_and_sees_it_on_the_shop_page(
    browser: Browser, fresh_demo: DemoServer
):
    page = browser.new_context(locale="fi-FI").new_page()
    sign_in(page, fresh_demo)
    page.get_by_label("Valitse arvostelu, kirjoittaja Laura").check()
    page.get_by_label("Valitse arvostelu, kirjoittaja Kari").check()
    page.get_by_role("button", name="Hyväksy valitut").click()
    expect(page.get_by_role("status")).to_contain_text("2 arvostelua hyväksytty.")

    page.get_by_label("Näytä").select_option("approved")
    page.get_by_role("button", name="Rajaa").click()
    page.locator("li.review", has_text="Uusi suosikki").get_by_role("link", name="Avaa").click()
    page.get_by_label("Vastaus, joka näytetään arvostelun alla").fill("Kiitos, Laura! Tervetuloa uudelleen.")
    page.get_by_role("button", name="Tallenna vastaus").click()
    expect(page.get_by_role("status")).to_contain_text("Vastaus on tallennettu.")
    page.context.close()

    shop = browser.new_context().new_page()
    shop.goto(fresh_demo.url + "/")
    wait_for_widgets(shop, WIDGETS)
    reviews = shop.locator('[data-socialproof="reviews"]')
    expect(reviews).to_contain_text("Vaihdoin tähän isomman ketjun kahvista")
    expect(reviews).to_contain_text("Liian hapokas minulle")
    expect(reviews.locator(".sp-reply")).to_contain_text("Kiitos, Laura! Tervetuloa uudelleen.")
    shop.context.close()


def test_keyboard_shortcuts_move_and_check(browser: Browser, demo_server: DemoServer):
    page = browser.new_context(locale="en-GB").new_page()
    sign_in(page, demo_server, "en")
    page.goto(f"{demo_server.url}/admin/shops/paahtimo?view=all")
    page.locator("body").press("j")
    first = page.locator("li.review").first
    expect(first).to_be_focused()
    page.keyboard.press("x")
    expect(first.get_by_role("checkbox")).to_be_checked()
    page.keyboard.press("j")
    expect(page.locator("li.review").nth(1)).to_be_focused()
    page.context.close()


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


# Each language, width and colour scheme on every page, in four runs rather than all eight combinations.
@pytest.mark.parametrize(
    "width, lang, scheme", [(1200, "fi", "light"), (360, "en", "light"), (1200, "en", "dark"), (360, "fi", "dark")]
)
def test_every_workspace_page_passes_axe(browser: Browser, demo_server: DemoServer, width: int, lang: str, scheme: str):
    page = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme).new_page()
    page.goto(f"{demo_server.url}/admin/login?lang={lang}")
    pages = [page.url]
    violations = axe_violations(page)
    sign_in(page, demo_server, lang)
    review_id = (
        page.locator("a[href*='/reviews/']").first.get_attribute("href")
        if page.locator("a[href*='/reviews/']").count()
        else None
    )
    paths = [
        "/admin/shops/paahtimo?view=all",
        "/admin/shops/paahtimo/log",
        "/admin/shops/paahtimo/settings",
        "/admin/shops/paahtimo/insights",
        "/admin/shops/paahtimo/insights/reviews?period=all&language=fi&band=high&term=kahvi",
        "/admin/shops/paahtimo/mail",
        "/admin/shops/paahtimo/webhooks",
        "/admin/shops/paahtimo/codes",
        "/admin/shops/paahtimo/groups",
        "/admin/shops/paahtimo/questions",
        "/admin/shops/paahtimo/shop-reviews",
        "/admin/account",
        "/admin/stats",
        "/admin?lang=" + lang,
    ]
    if review_id:
        paths.append(review_id)
    for path in paths:
        page.goto(demo_server.url + path)
        pages.append(page.url)
        violations += axe_violations(page)
        assert fits(page), f"{path} scrolls sideways"
    page.context.close()
    assert violations == [], json.dumps(violations, indent=1)


# The merchant's Insights in Swedish too (the runs above take Finnish and English), light at desk width and dark on a
# phone: every chart, table and list of words, and the reviews a word links to. Their colours, which no language
# changes, the runs above check at these widths and in these schemes: here every other rule.
@pytest.mark.parametrize("width, scheme", [(1200, "light"), (360, "dark")])
def test_insights_in_swedish_pass_axe(browser: Browser, demo_server: DemoServer, width: int, scheme: str):
    page = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme).new_page()
    sign_in(page, demo_server, "sv")
    violations = []
    for path in (
        "/admin/shops/paahtimo/insights?period=all",
        "/admin/shops/paahtimo/insights?period=12m&product=aamukahvi",
        "/admin/shops/paahtimo/insights/reviews?period=all&language=sv&band=high&term=kaffe",
    ):
        response = page.goto(demo_server.url + path)
        assert response is not None and response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", "sv")
        violations += axe_violations(page, contrast=False)
        assert fits(page), f"{path} scrolls sideways"
    page.context.close()
    assert violations == [], json.dumps(violations, indent=1)
