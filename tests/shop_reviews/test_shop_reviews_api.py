"""Reviews of the shop itself over the API: written, moderated with a reason, counted on their own."""

import secrets

import pytest

from socialproof import audit
from tests.support import published

SHOP_REVIEWS = "/api/v1/shops/kahvi/shop-reviews"


def write(client, shop="kahvi", **fields):
    body = {
        "rating": 5,
        "body": "Nopea toimitus, kaunis paketti.",
        "author_name": "Anni",
        "visitor": secrets.token_urlsafe(16),
    }
    answer = client.post(f"/api/v1/shops/{shop}/shop-reviews", json=body | fields)
    assert answer.status_code == 201, answer.text
    return answer.json()


def moderate(client, shops, review_id, body, shop="kahvi"):
    return client.post(f"/api/v1/shops/{shop}/shop-reviews/{review_id}/moderation", json=body, headers=shops.auth(shop))


def test_a_review_of_the_shop_waits_for_the_shop_and_is_counted_once_published(client, shops):
    low = write(client, rating=1, body="Paketti tuli rikki.")
    high = write(client, rating=5)
    assert low["status"] == "pending" and client.get(SHOP_REVIEWS).json()["total"] == 0
    for review in (low, high):
        assert moderate(client, shops, review["id"], {"action": "approve"}).json()["status"] == "approved"
    shown = client.get(SHOP_REVIEWS).json()
    assert [i["rating"] for i in shown["items"]] == [5, 1]  # newest first, whatever the rating
    assert shown["summary"]["review_count"] == 2 and shown["summary"]["rating_average"] == 3.0
    assert "email" not in shown["items"][0] and shown["items"][0]["verified"] is False


def test_reviews_of_the_shop_never_count_as_a_products_or_the_shops_product_reviews(client, shops):
    published(client, shops, rating=4)
    moderate(client, shops, write(client, rating=1)["id"], {"action": "approve"})
    assert client.get("/api/v1/shops/kahvi/summary").json()["review_count"] == 1
    assert client.get("/api/v1/shops/kahvi/products/P1/summary").json()["rating_average"] == 4.0
    assert client.get(SHOP_REVIEWS).json()["summary"]["rating_average"] == 1.0


def test_a_post_moderating_shop_shows_it_at_once_and_logs_why(client, shops):
    shops.create("heti", moderation="post")
    review = write(client, shop="heti", rating=2)
    assert review["status"] == "approved"
    assert client.get("/api/v1/shops/heti/shop-reviews").json()["total"] == 1
    (entry,) = shops.sql("SELECT action, actor, subject FROM moderation_log WHERE action = 'publish'")
    assert entry == {"action": "publish", "actor": "system:post-moderation", "subject": f"shop-review:{review['id']}"}


@pytest.mark.parametrize("reason", [r.value for r in audit.RejectReason])
def test_a_rejection_needs_a_policy_reason_and_the_queue_holds_each_kind_apart(client, shops, reason):
    review = write(client)
    assert moderate(client, shops, review["id"], {"action": "reject", "reason": "low-rating"}).status_code == 422
    queue = client.get("/api/v1/shops/kahvi/moderation?kind=shop_review", headers=shops.auth("kahvi")).json()
    assert [(i["id"], i["status"]) for i in queue["items"]] == [(review["id"], "pending")]
    assert client.get("/api/v1/shops/kahvi/moderation?kind=review", headers=shops.auth("kahvi")).json()["total"] == 0
    decided = moderate(client, shops, review["id"], {"action": "reject", "reason": reason}).json()
    assert (decided["status"], decided["rejection_reason"]) == ("rejected", reason)
    (entry,) = shops.sql("SELECT action, reason, subject FROM moderation_log")
    assert entry == {"action": "reject", "reason": reason, "subject": f"shop-review:{review['id']}"}


def test_a_bad_review_of_the_shop_gets_422_naming_each_field_and_stores_nothing(client, shops):
    answer = client.post(SHOP_REVIEWS, json={"rating": 0, "body": "", "author_name": "", "title": "x" * 121})
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"rating", "body", "author_name", "title"}
    assert "kaupasta" in answer.json()["errors"]["body"]  # about the shop, in the shop's language
    assert shops.sql("SELECT count(*) AS n FROM shop_reviews") == [{"n": 0}]


def test_another_shops_key_decides_nothing_here(client, shops):
    shops.create("muu")
    review = write(client)
    other = client.post(
        f"/api/v1/shops/kahvi/shop-reviews/{review['id']}/moderation",
        json={"action": "approve"},
        headers=shops.auth("muu"),
    )
    assert other.status_code in (401, 403)
    assert moderate(client, shops, review["id"], {"action": "approve"}, shop="muu").status_code == 404
    assert shops.sql("SELECT status FROM shop_reviews") == [{"status": "pending"}]
