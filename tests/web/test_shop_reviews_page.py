"""The shop reviews page: every published review of the shop, newest first, a page at a time."""

from __future__ import annotations

from tests.support import as_person, text
from tests.web.test_trust_shop_reviews import published_shop_review

PAGE = "/shop-reviews/kahvi?lang=en"


def test_every_published_review_is_on_a_page_newest_first_with_the_numbers_and_no_markup(client, shops, travel):
    for n, rating in enumerate([5, 1, 4]):
        published_shop_review(client, shops, rating, f"Review {n} <i>x</i>")
        travel(minutes=1)
    waiting = client.post(
        "/w/kahvi/trust?lang=en&write=1", data=as_person(client, rating="5", body="Pending one.", author_name="P")
    )
    assert waiting.status_code == 200
    page = client.get(PAGE)
    assert page.status_code == 200 and "max-age" in page.headers["Cache-Control"]
    said = text(page.text)
    assert "Reviews of Kahvi Oy" in said and "3.3" in said and "3 reviews" in said
    assert said.index("Review 2") < said.index("Review 1") < said.index("Review 0")  # newest first, whatever rating
    assert "Pending one." not in said  # only what is published
    assert (
        "&lt;i&gt;x&lt;/i&gt;" in page.text and "application/ld+json" not in page.text and "itemprop" not in page.text
    )
    assert 'href="http://testserver/shop-reviews/kahvi/write?lang=en"' in page.text


def test_pages_follow_each_other_and_a_wrong_page_number_is_named(client, shops, travel):
    for n in range(12):
        published_shop_review(client, shops, 4, f"Numbered {n:02d}")
        travel(minutes=1)
    first, second = (text(client.get(PAGE + extra).text) for extra in ("", "&page=2"))
    assert "Page 1 of 2" in first and "Numbered 11" in first and "Numbered 01" not in first
    assert "Page 2 of 2" in second and "Numbered 01" in second and "Numbered 11" not in second
    wrong = client.get(PAGE + "&page=x")
    assert wrong.status_code == 400 and wrong.json()["errors"] == {"page": "A page number from 1 up."}


def test_the_trust_widget_links_to_all_of_them_once_it_shows_only_the_latest(client, shops):
    for n in range(3):
        published_shop_review(client, shops, 5, f"Shop review {n}")
    assert "All 3 reviews" not in text(client.get("/w/kahvi/trust?lang=en").text)
    published_shop_review(client, shops, 2, "The fourth")
    widget = client.get("/w/kahvi/trust?lang=en").text
    assert "All 4 reviews of the shop" in text(widget) and "/shop-reviews/kahvi?lang=en" in widget
