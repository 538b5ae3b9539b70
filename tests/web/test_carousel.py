"""The carousel: the newest published reviews at every rating, for the shop or one product."""

from __future__ import annotations

from tests.support import post_review, published, text


def test_the_newest_reviews_at_every_rating_for_the_shop_each_naming_its_product(client, shops, travel):
    for product, rating, body in (("P1", 5, "Loistava"), ("P2", 1, "Huono <b>kokemus</b>"), ("P1", 3, "Ihan ok")):
        published(client, shops, product, rating=rating, body=body)
        travel(minutes=1)
    post_review(client, "P1", rating=5, body="Odottaa")  # not published: not shown
    html = client.get("/w/kahvi/carousel?lang=en").text
    said = text(html)
    assert said.index("Ihan ok") < said.index("Huono") < said.index("Loistava")  # newest first, every rating
    assert "Odottaa" not in said and "&lt;b&gt;" in html and "application/ld+json" not in html
    assert html.count('aria-label="1 of 3"') == 1 and 'aria-label="3 of 3"' in html
    assert 'aria-roledescription="carousel"' in html and html.count('aria-roledescription="slide"') == 3
    assert "3 reviews" in said and 'href="http://testserver/reviews/kahvi?lang=en"' in html
    only_p2 = text(client.get("/w/kahvi/carousel?product=P2&lang=en").text)
    assert "Huono" in only_p2 and "Loistava" not in only_p2


def test_ten_at_most_and_a_shop_without_reviews_says_so(client, shops):
    assert "No reviews yet." in text(client.get("/w/kahvi/carousel?lang=en").text)
    for n in range(12):
        published(client, shops, "P1", body=f"Arvio {n}")
    html = client.get("/w/kahvi/carousel?lang=en").text
    assert 'aria-label="10 of 10"' in html and "Arvio 11" in html and "Arvio 1<" not in html
