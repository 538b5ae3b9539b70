"""The trust widget's reviews of the shop: the numbers and the latest, and the form to write one, asked for."""

from __future__ import annotations

import secrets

from tests.support import as_person, text

TRUST = "/w/kahvi/trust?lang=en"


def published_shop_review(client, shops, rating, body, title=""):
    written = client.post(
        "/api/v1/shops/kahvi/shop-reviews",
        json={
            "rating": rating,
            "title": title,
            "body": body,
            "author_name": "Anni",
            "visitor": secrets.token_urlsafe(16),
        },
    ).json()
    client.post(
        f"/api/v1/shops/kahvi/shop-reviews/{written['id']}/moderation",
        json={"action": "approve"},
        headers=shops.auth("kahvi"),
    )
    return written["id"]


def test_the_trust_widget_shows_the_shops_own_rating_and_its_latest_three_reviews_as_text(client, shops):
    for n, rating in enumerate([5, 1, 4, 3]):
        published_shop_review(client, shops, rating, f"Review {n} <b>bold</b>")
    html = client.get(TRUST).text
    said = text(html)
    assert "Reviews of the shop" in said and "3.3" in said and "4 reviews of the shop's service" in said
    assert "Review 3" in said and "Review 1" in said and "Review 0" not in said  # the latest three, whatever rating
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "application/ld+json" not in html  # never structured data


def test_the_form_comes_only_when_asked_for_and_a_review_sent_without_javascript_waits(client, shops):
    closed = client.get(TRUST).text
    assert 'name="rating"' not in closed and "write=1" in closed and "Review the shop" in text(closed)
    opened = client.get(TRUST + "&write=1").text
    assert opened.count('name="rating"') == 5 and 'id="sp-s-f-rating-1"' in opened
    sent = client.post(
        TRUST + "&write=1", data=as_person(client, rating="2", body="Slow delivery.", author_name="Ville")
    )
    assert sent.status_code == 200 and sent.headers["Cache-Control"] == "no-store"
    assert "Thank you for your review of the shop! It will be published once the shop has checked it." in text(
        sent.text
    )
    assert shops.sql("SELECT rating, body, status FROM shop_reviews") == [
        {"rating": 2, "body": "Slow delivery.", "status": "pending"}
    ]


def test_mistakes_come_back_inline_and_a_bot_is_thanked_with_nothing_stored(client, shops):
    wrong = client.post(TRUST + "&write=1", data=as_person(client, body="", author_name="Ville"))
    html = wrong.text
    assert 'href="#sp-s-f-rating-1"' in html and 'href="#sp-s-f-body"' in html
    assert "Choose a rating from 1 to 5 stars." in text(html)
    bot = client.post(TRUST + "&write=1", data=as_person(client, rating="5", body="Buy", author_name="B", website="x"))
    assert "Thank you for your review of the shop!" in text(bot.text)
    assert shops.sql("SELECT count(*) AS n FROM shop_reviews") == [{"n": 0}]
