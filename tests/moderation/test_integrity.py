"""The integrity report, checked against hand-counted shops: what anyone can ask of a shop's honesty."""

from __future__ import annotations

from click.testing import CliRunner

from socialproof.cli import cli
from tests.support import approve, post_review

REPORT = "/api/v1/shops/kahvi/integrity"


def decide(client, shops, review_id, action, reason=None):
    body = {"action": action} | ({"reason": reason} if reason else {})
    answer = client.post(f"/api/v1/shops/kahvi/reviews/{review_id}/moderation", json=body, headers=shops.auth("kahvi"))
    assert answer.status_code == 200, answer.text


def test_an_empty_shop_reports_zeros_and_no_averages(client):
    report = client.get(REPORT).json()
    assert report["received"] == 0 and report["published"] == 0
    assert report["not_published"] == {"waiting": 0, "rejected": 0, "withdrawn": 0}
    assert report["median_hours_to_decision"] is None and report["verified"]["share"] is None
    assert report["rejected_by_reason"] == dict.fromkeys(
        ["spam", "offensive", "personal-data", "off-topic", "not-genuine"], 0
    )
    assert report["moderation"] == {"mode": "pre", "changes": []}
    assert report["audit_log"] == {"entries": 0, "head": "0" * 64, "intact": True}
    assert "max-age=300" in client.get(REPORT).headers["cache-control"]


def test_a_single_waiting_review(client):
    post_review(client, rating=3)
    report = client.get(REPORT).json()
    assert report["received"] == 1 and report["not_published"]["waiting"] == 1
    assert report["by_rating"]["3"] == {"published": 0, "waiting": 1, "rejected": 0, "withdrawn": 0}


def test_a_year_of_reviews_counted_by_outcome_rating_reason_and_time(client, shops, travel):
    old = post_review(client, rating=1)["id"]
    decide(client, shops, old, "reject", "spam")
    travel(days=400)  # that one falls out of the last 12 months
    ids = [post_review(client, rating=r)["id"] for r in (5, 4, 1, 2, 5)]
    travel(hours=2)
    for review_id in (ids[0], ids[1]):
        approve(client, shops, review_id)
    decide(client, shops, ids[2], "reject", "off-topic")
    travel(hours=4)
    approve(client, shops, ids[4])  # decided after 6 hours; ids[3] still waits
    report = client.get(REPORT).json()
    assert report["received"] == 5 and report["published"] == 3
    assert report["not_published"] == {"waiting": 1, "rejected": 1, "withdrawn": 0}
    assert report["by_rating"]["5"]["published"] == 2 and report["by_rating"]["1"]["rejected"] == 1
    assert report["by_rating"]["2"]["waiting"] == 1
    assert report["rejected_by_reason"]["off-topic"] == 1 and report["rejected_by_reason"]["spam"] == 0
    assert report["median_hours_to_decision"] == 2.0  # 2, 2, 2 and 6 hours
    assert report["verified"] == {"share": 0.0, "by_check": {"order_link": 0, "in_store": 0}}
    assert report["audit_log"]["entries"] == 5 and report["audit_log"]["intact"]


def test_a_change_of_moderation_mode_is_reported_with_when(client, shops):
    changed = CliRunner().invoke(cli, ["shop", "set", "kahvi", "--moderation", "post", "--db", str(shops.path)])
    assert changed.exit_code == 0, changed.output
    CliRunner().invoke(cli, ["shop", "set", "kahvi", "--moderation", "post", "--db", str(shops.path)])  # no change
    moderation = client.get(REPORT).json()["moderation"]
    assert moderation["mode"] == "post"
    assert [(c["from"], c["to"]) for c in moderation["changes"]] == [("pre", "post")]


def test_an_unknown_shop_is_a_404_in_the_contracts_shape(client):
    answer = client.get("/api/v1/shops/nobody/integrity")
    assert answer.status_code == 404 and answer.json()["error"]
