"""The moderation API: the shop's key, a reason for every rejection, an audit entry for every act."""

import pytest

from tests.support import post_review

REASONS = ["spam", "offensive", "personal-data", "off-topic", "not-genuine"]


def moderate(client, shops, review_id, body, shop="kahvi", as_shop=None):
    return client.post(
        f"/api/v1/shops/{shop}/reviews/{review_id}/moderation", json=body, headers=shops.auth(as_shop or shop)
    )


def test_queue_lists_pending_oldest_first_with_status(client, shops):
    first, second = post_review(client)["id"], post_review(client, "P2")["id"]
    queue = client.get("/api/v1/shops/kahvi/moderation?status=pending", headers=shops.auth("kahvi")).json()
    assert [i["id"] for i in queue["items"]] == [first, second]
    assert queue["items"][0]["status"] == "pending" and queue["total"] == 2


def test_approval_publishes_and_is_logged(client, shops):
    review_id = post_review(client, rating=1)["id"]
    answer = moderate(client, shops, review_id, {"action": "approve"})
    assert answer.status_code == 200 and answer.json()["status"] == "approved"
    assert client.get("/api/v1/shops/kahvi/products/P1/summary").json()["review_count"] == 1
    log = shops.sql("SELECT * FROM moderation_log WHERE review_id = ?", [review_id])
    assert [(e["action"], e["from_status"], e["to_status"]) for e in log] == [("approve", "pending", "approved")]
    assert log[0]["actor"].startswith("api-key:sp_") and log[0]["created_at"]


@pytest.mark.parametrize("reason", REASONS)
def test_rejection_with_a_policy_reason_hides_the_review_and_keeps_why(client, shops, reason):
    review_id = post_review(client)["id"]
    moderate(client, shops, review_id, {"action": "approve"})
    answer = moderate(client, shops, review_id, {"action": "reject", "reason": reason})
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["rejection_reason"]) == ("rejected", reason)
    assert client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["total"] == 0
    last = shops.sql("SELECT * FROM moderation_log WHERE review_id = ? ORDER BY id DESC", [review_id])[0]
    assert (last["action"], last["reason"], last["from_status"]) == ("reject", reason, "approved")


@pytest.mark.parametrize(
    "body",
    [
        {"action": "reject"},
        {"action": "reject", "reason": "low-rating"},
        {"action": "reject", "reason": "negative"},
        {"action": "publish"},
        {"action": "delete"},
        {},
    ],
)
def test_anything_outside_the_policy_is_422_and_changes_nothing(client, shops, body):
    review_id = post_review(client)["id"]
    answer = moderate(client, shops, review_id, body)
    assert answer.status_code == 422 and answer.json()["errors"]
    assert shops.sql("SELECT status FROM reviews WHERE id = ?", [review_id])[0]["status"] == "pending"
    assert shops.sql("SELECT count(*) AS n FROM moderation_log")[0]["n"] == 0


def test_unknown_review_is_404(client, shops):
    assert moderate(client, shops, 999, {"action": "approve"}).status_code == 404


def test_missing_or_wrong_key_is_401(client, shops):
    review_id = post_review(client)["id"]
    url = f"/api/v1/shops/kahvi/reviews/{review_id}/moderation"
    assert client.post(url, json={"action": "approve"}).status_code == 401
    wrong = client.post(url, json={"action": "approve"}, headers={"Authorization": "Bearer sp_not-a-key"})
    assert wrong.status_code == 401 and wrong.json()["error"]
    assert client.get("/api/v1/shops/kahvi/moderation", headers={"Authorization": "Basic x"}).status_code == 401


def test_a_key_never_reaches_another_shops_data(client, shops):
    shops.create("toinen")
    theirs = post_review(client, shop="toinen")["id"]
    ours = post_review(client)["id"]
    # Our key on their paths: refused.
    assert client.get("/api/v1/shops/toinen/moderation", headers=shops.auth("kahvi")).status_code == 403
    assert moderate(client, shops, theirs, {"action": "approve"}, shop="toinen", as_shop="kahvi").status_code == 403
    # Their review through our path: it isn't ours, so it doesn't exist here.
    assert moderate(client, shops, theirs, {"action": "approve"}).status_code == 404
    assert client.get("/api/v1/shops/nope/moderation", headers=shops.auth("kahvi")).status_code == 404
    assert shops.sql("SELECT status FROM reviews WHERE id = ?", [theirs])[0]["status"] == "pending"
    assert moderate(client, shops, ours, {"action": "approve"}).status_code == 200


def test_queue_rejects_unknown_status(client, shops):
    answer = client.get("/api/v1/shops/kahvi/moderation?status=hidden", headers=shops.auth("kahvi"))
    assert answer.status_code == 400 and "status" in answer.json()["errors"]
