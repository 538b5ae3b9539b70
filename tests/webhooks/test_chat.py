"""Slack and Microsoft Teams endpoints get a line a person reads, in the shop's language, with a link."""

from __future__ import annotations

from socialproof.db.store import open_migrated
from socialproof.reviews.products import upsert_product
from socialproof.shops.registry import require_shop, update_shop
from tests.support import post_review

HOOKS = "/api/v1/shops/kahvi/webhooks"
QUEUE = "https://reviews.kahvi.example/admin/shops/kahvi"


def shop_in(shops, lang):
    with open_migrated(shops.path) as db:
        update_shop(db, "kahvi", lang=lang)
        upsert_product(db, require_shop(db, "kahvi").id, "P1", name="Aamukahvi")


def chat(client, shops, url, kind, **more):
    made = client.post(
        HOOKS, json={"url": url, "events": ["review.submitted"], "kind": kind} | more, headers=shops.auth("kahvi")
    )
    assert made.status_code == 201, made.text


def test_slack_hears_of_a_waiting_review_with_a_link_to_the_queue_and_without_its_words(
    hooked, shops, send_due, receiving
):
    shop_in(shops, "en")
    chat(hooked, shops, receiving.url, "slack")
    post_review(hooked, rating=2, title="Liian vaaleaa", body="Ei maistunut miltään.")
    send_due()
    (message,) = receiving.wait_for(1)
    assert message.json() == {
        "text": f"Kahvi Oy: New 2-star review of Aamukahvi waiting — <{QUEUE}|open the queue>",
        "unfurl_links": False,
    }
    assert b"Liian vaaleaa" not in message.body and b"Anni" not in message.body


def test_the_words_come_along_only_when_the_shop_asks_and_cannot_ping_the_channel(hooked, shops, send_due, receiving):
    shop_in(shops, "en")
    chat(hooked, shops, receiving.url, "slack", include_text=True)
    post_review(
        hooked, rating=1, title="<!channel>", body="Katso <https://evil.example|tästä> & muualta", author_name="Anni"
    )
    send_due()
    (message,) = receiving.wait_for(1)
    text = message.json()["text"]
    assert "\n>&lt;!channel&gt; – Katso &lt;https://evil.example|tästä&gt; &amp; muualta (Anni)" in text
    assert "<!channel>" not in text and "<https://evil" not in text


def test_teams_gets_an_adaptive_card_in_the_shops_language(hooked, shops, send_due, receiving):
    shop_in(shops, "fi")
    chat(hooked, shops, receiving.url, "teams")
    post_review(hooked, rating=4)
    send_due()
    (message,) = receiving.wait_for(1)
    card = message.json()["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    line = card["content"]["body"][0]["text"]
    assert line.startswith("Kahvi Oy: ") and "Aamukahvi" in line and "4" in line and "review" not in line
    (action,) = card["content"]["actions"]
    assert action["type"] == "Action.OpenUrl" and action["url"] == QUEUE and action["title"] == "avaa jono"
