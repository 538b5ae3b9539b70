"""Insights on the shop's answers and on what shoppers add: photos, recommendations, helpful votes."""

from __future__ import annotations

import csv
import html
import io

from socialproof import clock
from tests import photo_files, support
from tests.support import Moderator, approve, published, review, text


def signed_in(client, shops):
    return Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))


def table(mod, query):
    return list(csv.reader(io.StringIO(mod.get(f"/admin/shops/kahvi/insights?{query}&format=csv").text)))


def test_answers_count_replies_to_published_reviews_low_ratings_and_how_soon(client, shops, travel):
    five, one, two = (published(client, shops, rating=r) for r in (5, 1, 2))
    mod = signed_in(client, shops)
    travel(hours=5)
    assert (
        mod.post(f"/admin/shops/kahvi/reviews/{one}/reply", {"reply": "Pahoittelemme, otamme yhteyttä."}).status_code
        == 303
    )
    travel(hours=20)
    mod = Moderator(client, "mod@kahvi.example")  # a day later: the morning's session has ended
    assert mod.post(f"/admin/shops/kahvi/reviews/{five}/reply", {"reply": "Kiitos!"}).status_code == 303
    month = clock.now().strftime("%Y-%m")

    assert table(mod, "period=30d&table=answers") == [
        ["month", "published", "answered", "low", "low_answered", "half_within_hours"],
        [month, "3", "2", "2", "1", "12"],  # replies after 5 and 25 hours: the first within 12 hours
    ]
    page = html.unescape(text(mod.get("/admin/shops/kahvi/insights?period=30d&lang=en").text))
    assert "The shop answered 67% of published reviews, 50% of those with 1–2 stars" in page
    assert "half of the answers came within 12 hours." in page
    assert two  # published and unanswered: counted in both shares' wholes


def test_photos_recommendations_and_helpful_votes_by_month(client, shops, travel):
    form = {k: str(v) for k, v in review(recommend="true").items()}
    photo = ("kuva.jpg", photo_files.jpeg(), "image/jpeg")
    sent = client.post("/api/v1/shops/kahvi/products/P1/reviews", data=form, files=[("photos", photo)])
    assert sent.status_code == 201, sent.text
    approve(client, shops, sent.json()["id"])
    plain = published(client, shops)
    for visitor in ("v1", "v2"):  # a day apart: one mark a day from one address
        travel(days=1)
        assert client.post("/api/v1/shops/kahvi/products/P1/recommendations", json={"visitor": visitor}).is_success
        assert client.post(f"/api/v1/shops/kahvi/reviews/{plain}/helpful", json={"visitor": visitor}).is_success
    assert client.post("/api/v1/shops/kahvi/recommendations", json={"visitor": "v3"}).is_success  # the shop itself
    assert client.request(
        "DELETE", "/api/v1/shops/kahvi/products/P1/recommendations", json={"visitor": "v2"}
    ).is_success
    month = clock.now().strftime("%Y-%m")
    mod = signed_in(client, shops)

    head = ["month", "published", "with_photos", "recommended", "reviews_recommending", "helpful_votes"]
    assert table(mod, "period=30d&table=activity") == [head, [month, "2", "1", "2", "1", "2"]]
    assert table(mod, "period=30d&table=activity&product=P1") == [head, [month, "2", "1", "1", "1", "2"]]
    page = html.unescape(text(mod.get("/admin/shops/kahvi/insights?period=30d&lang=en").text))
    assert "50% of published reviews have photos; shoppers pressed recommend 2 times, 1 reviews recommend" in page


def test_a_shop_that_answered_nothing_is_told_so_in_words(client, shops, travel):
    for rating in (5, 1):
        published(client, shops, rating=rating)
    page = html.unescape(text(signed_in(client, shops).get("/admin/shops/kahvi/insights?period=30d&lang=en").text))
    assert "The shop has answered none of the 2 published reviews." in page
