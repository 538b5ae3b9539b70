"""The badge: the shop's overall rating and count, linking to every review."""

from __future__ import annotations

from tests.support import published, text


def test_the_badge_shows_the_shops_rating_from_every_product_and_links_to_all_of_them(client, shops):
    empty = client.get("/w/kahvi/badge?lang=en").text
    assert "sp-badge-link" not in empty  # nothing to show before the first published review
    for product, rating in (("P1", 5), ("P2", 4), ("P2", 2)):
        published(client, shops, product, rating=rating)
    html = client.get("/w/kahvi/badge?lang=en").text
    said = text(html)
    assert "Rated 3.7 out of 5, 3 reviews" in said
    assert 'href="http://testserver/reviews/kahvi?lang=en"' in html
    assert 'aria-label="Hide the rating badge"' in html and "application/ld+json" not in html
    batch = client.get("/w/kahvi", params={"w": ["badge~~fi", "stars~P1~fi"]}).json()
    assert "3 arvostelua" in text(batch["widgets"][0]["html"]) and "error" not in batch["widgets"][1]
