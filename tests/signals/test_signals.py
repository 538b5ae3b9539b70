"""Recommendations and helpful votes: one per shopper, undo allowed, counts only from stored marks."""

from datetime import timedelta

from socialproof import clock
from tests.client import TestClient
from tests.support import approve, everything_stored, post_review, published, text

REC = "/api/v1/shops/kahvi/products/P1/recommendations"
VISITOR_A, VISITOR_B = "a" * 22, "b" * 22


def from_ip(client, ip):
    """Another shopper: the same app seen from another address."""
    return TestClient(client.app, client=(ip, 50000))


def test_repeat_recommendations_do_not_add(client):
    assert client.post(REC).json() == {"count": 1}
    assert client.post(REC).json() == {"count": 1}
    assert client.post(REC, json={"visitor": VISITOR_A}).json() == {"count": 1}  # same address today
    assert from_ip(client, "198.51.100.2").post(REC, json={"visitor": VISITOR_B}).json() == {"count": 2}
    assert client.get(REC).json() == {"count": 2}


def test_a_visitor_id_follows_the_shopper_to_another_address(client):
    client.post(REC, json={"visitor": VISITOR_A})
    assert from_ip(client, "198.51.100.9").post(REC, json={"visitor": VISITOR_A}).json() == {"count": 1}


def test_undo_removes_only_the_shoppers_own(client):
    client.post(REC, json={"visitor": VISITOR_A})
    other = from_ip(client, "198.51.100.2")
    other.post(REC, json={"visitor": VISITOR_B})
    assert from_ip(client, "198.51.100.3").request("DELETE", REC, json={"visitor": "c" * 22}).json() == {"count": 2}
    assert other.request("DELETE", REC, json={"visitor": VISITOR_B}).json() == {"count": 1}
    assert client.request("DELETE", REC).json() == {"count": 0}


def test_counts_cannot_be_set(client, shops):
    assert client.post(REC, json={"count": 999, "visitor": VISITOR_A}).json() == {"count": 1}
    assert client.put(REC, json={"count": 999}).status_code == 405
    assert client.patch("/api/v1/shops/kahvi/summary", json={"recommendations": 999}).status_code == 405
    assert client.get("/api/v1/shops/kahvi/products/P1/summary").json()["recommendations"] == 1


def test_would_recommend_in_reviews_counts_too(client, shops):
    published(client, shops, recommend=True)
    published(client, shops, recommend=False)
    published(client, shops)  # didn't answer
    post_review(client, recommend=True)  # pending: not counted
    summary = client.get("/api/v1/shops/kahvi/products/P1/summary").json()
    assert summary["recommend_percent"] == 50 and summary["recommendations"] == 1
    client.post(REC)
    assert client.get(REC).json() == {"count": 2}


def test_shop_recommendations_are_separate_from_products(client):
    assert client.post("/api/v1/shops/kahvi/recommendations").json() == {"count": 1}
    assert client.get(REC).json() == {"count": 0}
    assert client.get("/api/v1/shops/kahvi/summary").json()["recommendations"] == 1


def test_recommend_widget_without_javascript(client):
    empty = text(client.get("/w/kahvi/recommend?product=P1").text)
    assert "Suosittelen" in empty and "Suosittele ensimmäisenä." in empty
    answer = client.post("/w/kahvi/recommend?product=P1", data={"undo": "0"})
    assert 'aria-pressed="true"' in answer.text and "1 asiakas suosittelee tätä" in text(answer.text)
    undone = client.post("/w/kahvi/recommend?product=P1", data={"undo": "1"})
    assert 'aria-pressed="false"' in undone.text and "Suosittele ensimmäisenä." in text(undone.text)
    shop = text(client.get("/w/kahvi/recommend").text)
    assert "Suosittelen kauppaa" in shop


def test_helpful_votes_dedupe_undo_and_sort(client, shops):
    first = published(client, shops, title="eka")
    second = published(client, shops, title="toka")
    url = f"/api/v1/shops/kahvi/reviews/{first}/helpful"
    assert client.post(url).json() == {"count": 1}
    assert client.post(url, json={"visitor": VISITOR_A}).json() == {"count": 1}
    assert from_ip(client, "198.51.100.2").post(url).json() == {"count": 2}
    items = client.get("/api/v1/shops/kahvi/products/P1/reviews?sort=helpful").json()["items"]
    assert [(i["id"], i["helpful"]) for i in items] == [(first, 2), (second, 0)]
    assert client.request("DELETE", url).json() == {"count": 1}
    html = client.get("/w/kahvi/reviews?product=P1&sort=helpful").text
    assert "Hyödyllinen (1)" in html and text(html).index("eka") < text(html).index("toka")


def test_votes_only_on_the_shops_published_reviews(client, shops):
    pending = post_review(client)["id"]
    assert client.post(f"/api/v1/shops/kahvi/reviews/{pending}/helpful").status_code == 404
    shops.create("toinen")
    theirs = post_review(client, shop="toinen")["id"]
    approve(client, shops, theirs, shop="toinen")
    assert client.post(f"/api/v1/shops/kahvi/reviews/{theirs}/helpful").status_code == 404
    assert client.post("/api/v1/shops/kahvi/reviews/99999/helpful").status_code == 404


def test_helpful_widget_form_marks_the_shoppers_vote(client, shops):
    review_id = published(client, shops)
    answer = client.post("/w/kahvi/reviews/helpful?product=P1", data={"review": str(review_id)})
    assert "Hyödyllinen (1)" in answer.text and 'aria-pressed="true"' in answer.text
    assert client.post("/w/kahvi/reviews/helpful?product=P1", data={"review": "x"}).status_code == 422


def test_writes_are_rate_limited_per_shopper(client):
    for _ in range(20):
        assert client.post(REC).status_code == 200
    limited = client.post(REC)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert limited.json()["error"]
    assert from_ip(client, "198.51.100.2").post(REC).status_code == 200  # others unaffected


def test_no_raw_ip_address_is_stored_anywhere(client, shops, monkeypatch):
    ip = "203.0.113.77"
    shopper = from_ip(client, ip)
    review_id = published(client, shops)
    shopper.post(REC, json={"visitor": VISITOR_A})
    shopper.post(f"/api/v1/shops/kahvi/reviews/{review_id}/helpful")
    shopper.post("/api/v1/shops/kahvi/products/P1/heartbeat", json={"visitor": VISITOR_A})
    shopper.post("/w/kahvi/recommend", data={"visitor": VISITOR_B})
    raw = everything_stored(shops.path)
    assert ip.encode() not in raw and VISITOR_A.encode() not in raw


def test_the_ip_hash_changes_with_the_day(client, shops, monkeypatch):
    client.post(REC)
    tomorrow = clock.now() + timedelta(days=1)
    monkeypatch.setattr(clock, "now", lambda: tomorrow)
    assert client.post(REC).json() == {"count": 2}  # yesterday's hash can't recognise the address
    hashes = shops.sql("SELECT ip_hash FROM recommendations")
    assert hashes[0]["ip_hash"] != hashes[1]["ip_hash"]
