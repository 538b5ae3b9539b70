"""Insights on moderation: decisions by month, reason and star rating, and how long they took, counted by hand."""

from __future__ import annotations

import csv
import html
import io

from socialproof import clock
from tests import support
from tests.support import Moderator, approve, post_review, text


def decide(client, shops, review_id, action, reason=None):
    body = {"action": action} | ({"reason": reason} if reason else {})
    response = client.post(
        f"/api/v1/shops/kahvi/reviews/{review_id}/moderation", json=body, headers=shops.auth("kahvi")
    )
    assert response.status_code == 200, response.text


def table(mod, query):
    return list(csv.reader(io.StringIO(mod.get(f"/admin/shops/kahvi/insights?{query}&format=csv").text)))


def test_decisions_count_by_reason_and_star_and_their_times_are_median_and_p90(client, shops, travel):
    five, one, three = (post_review(client, rating=r)["id"] for r in (5, 1, 3))
    post_review(client, rating=2)  # still waiting: no decision to count
    travel(hours=2)
    approve(client, shops, five)
    travel(hours=8)
    decide(client, shops, one, "reject", "spam")
    travel(hours=20)
    approve(client, shops, three)
    month = clock.now().strftime("%Y-%m")
    mod = Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))

    rows = table(mod, "period=30d&table=moderation")
    assert rows[0] == [
        "month",
        "decided",
        *(f"published_{stars}" for stars in range(1, 6)),
        *(f"rejected_{stars}" for stars in range(1, 6)),
        *(f"rejected_{reason}" for reason in ("spam", "offensive", "personal-data", "off-topic", "not-genuine")),
        "half_within_hours",
        "nine_in_ten_within_hours",
    ]
    # 2, 10 and 30 hours from writing to decision, in buckets of up to 4, 12 and 48 hours: at least half
    # within 12 hours, nine in ten (the nearest rank: all three) within 48
    assert rows[1:] == [
        [month, "3", "0", "0", "1", "0", "1", "1", "0", "0", "0", "0", "1", "0", "0", "0", "0", "12", "48"]
    ]

    page = html.unescape(text(mod.get("/admin/shops/kahvi/insights?period=30d&lang=en").text))
    assert "3 reviews decided in this period: half within 12 hours, nine in ten within 2 days." in page
    finnish = html.unescape(text(mod.get("/admin/shops/kahvi/insights?period=30d&lang=fi").text))
    assert "puoleen päätökseen kului enintään 12 tuntia" in finnish


def test_the_share_rejected_at_each_star_shows_suppression_of_low_ratings(client, shops, travel):
    low = [post_review(client, rating=1)["id"] for _ in range(2)]
    high = post_review(client, rating=5)["id"]
    travel(hours=1)
    for review_id in low:
        decide(client, shops, review_id, "reject", "not-genuine")
    approve(client, shops, high)
    mod = Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))
    page = mod.get("/admin/shops/kahvi/insights?period=30d&lang=en").text
    start = page.index('id="suppression-caption"')
    row = text(page[start : page.index("</table>", start)]).split(clock.now().strftime("%B %Y"))[1]
    assert row.split() == ["100%", "–", "–", "–", "0%"]


def test_an_imported_review_was_decided_elsewhere_and_is_not_counted(client, shops, travel):
    imported = post_review(client, rating=4)["id"]
    shops.execute("UPDATE reviews SET source = 'import:yotpo' WHERE id = ?", [imported])
    approve(client, shops, imported)
    mod = Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))
    assert table(mod, "period=30d&table=moderation")[1:] == []
    assert "No review was decided in this period." in text(mod.get("/admin/shops/kahvi/insights?lang=en").text)
