"""The workspace's reviews of the shop: publish or reject with a reason, and the shop's reply under them."""

from __future__ import annotations

import html
import secrets

import pytest

from tests import support
from tests.support import Moderator, text


@pytest.fixture
def mod(client, shops):
    return Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))


def said(answer) -> str:
    return html.unescape(text(answer.text))


def write(client, rating=2, body="Paketti myöhästyi viikon."):
    answer = client.post(
        "/api/v1/shops/kahvi/shop-reviews",
        json={"rating": rating, "body": body, "author_name": "Ville", "visitor": secrets.token_urlsafe(16)},
    )
    return answer.json()["id"]


def test_a_low_rated_review_of_the_shop_is_published_replied_to_and_shown_with_the_reply(client, mod, shops):
    review = write(client)
    waiting = said(mod.get("/admin/shops/kahvi/shop-reviews?lang=en"))
    assert "Waiting (1)" in waiting and "Paketti myöhästyi viikon." in waiting
    mod.post(f"/admin/shops/kahvi/shop-reviews/{review}?view=pending", {"action": "approve"})
    mod.post(
        f"/admin/shops/kahvi/shop-reviews/{review}?view=approved", {"action": "reply", "reply": "Pahoittelut, Ville!"}
    )
    trust = text(client.get("/w/kahvi/trust?lang=en").text)
    assert "Paketti myöhästyi viikon." in trust and "Reply from Kahvi Oy Pahoittelut, Ville!" in trust
    log = shops.sql("SELECT action, subject FROM moderation_log ORDER BY id")
    assert [e["action"] for e in log] == ["approve", "reply"] and {e["subject"] for e in log} == {
        f"shop-review:{review}"
    }
    mod.post(f"/admin/shops/kahvi/shop-reviews/{review}?view=approved", {"action": "reply", "reply": ""})
    assert shops.sql("SELECT reply FROM shop_reviews") == [{"reply": None}]
    assert shops.sql("SELECT action FROM moderation_log ORDER BY id DESC LIMIT 1") == [{"action": "reply-remove"}]


def test_a_rejection_needs_a_reason_and_keeps_it(client, mod, shops):
    review = write(client, rating=5, body="Osta halpoja kelloja")
    refused = mod.post(f"/admin/shops/kahvi/shop-reviews/{review}?view=pending", {"action": "reject"})
    assert "done=reason" in refused.headers["location"]
    mod.post(f"/admin/shops/kahvi/shop-reviews/{review}?view=pending", {"action": "reject", "reason": "spam"})
    assert shops.sql("SELECT status, rejection_reason FROM shop_reviews") == [
        {"status": "rejected", "rejection_reason": "spam"}
    ]
    assert "Rejected: Spam" in said(mod.get("/admin/shops/kahvi/shop-reviews?view=rejected&lang=en"))


def test_another_shops_moderator_sees_and_changes_nothing(client, shops):
    shops.create("muu")
    review = write(client)
    other = Moderator(client, support.make_moderator(shops.path, "mod@muu.example", "--shop", "muu"))
    assert other.get("/admin/shops/kahvi/shop-reviews").status_code == 404
    assert other.post(f"/admin/shops/kahvi/shop-reviews/{review}", {"action": "approve"}).status_code == 404
    assert shops.sql("SELECT status FROM shop_reviews") == [{"status": "pending"}]
