"""Keyset pages: walking "next" gives exactly the pages page=N gives, in every order and filter."""

from __future__ import annotations

import pytest

from socialproof.reviews.listing import KeysetCursor, Sort, list_reviews
from socialproof.reviews.products import product_row_id
from socialproof.reviews.summary import product_summary
from socialproof.shops.registry import create_shop
from tests.support import post_review


def seeded(db) -> int:
    create_shop(db, "sh", "Shop")
    db.execute("INSERT INTO products (shop_id, external_id, created_at) VALUES (1, 'P1', 'now')")
    for n in range(23):
        db["reviews"].insert(
            {
                "shop_id": 1,
                "product_id": 1,
                "rating": 1 + n % 5,
                "body": "b",
                "author_name": "a",
                "lang": "fi",
                "status": "approved",
                "helpful_count": n % 3,
                # ties in time on purpose: the id must break them
                "created_at": f"2026-01-{1 + n // 2:02d}T00:00:00.000000+00:00",
            }
        )
    return product_row_id(db, 1, "P1")


@pytest.mark.parametrize("sort", list(Sort))
@pytest.mark.parametrize("stars", [None, 4])
def test_walking_next_gives_the_numbered_pages(db, sort, stars):
    product = seeded(db)
    summary = product_summary(db, 1, "P1")
    numbered, walked, after = [], [], None
    pages = list_reviews(db, summary, product, page=1, per_page=4, sort=sort, stars=stars).pages
    for n in range(1, pages + 1):
        numbered.append(
            [r["id"] for r in list_reviews(db, summary, product, page=n, per_page=4, sort=sort, stars=stars).items]
        )
        page = list_reviews(db, summary, product, page=n, per_page=4, sort=sort, stars=stars, after=after)
        walked.append([r["id"] for r in page.items])
        after = page.next
    assert walked == numbered and after is None
    assert sum(map(len, walked)) == (summary.distribution[stars] if stars else summary.count)


def test_a_cursor_is_refused_for_another_order_or_when_made_up():
    cursor = KeysetCursor(Sort.HIGHEST, 5, "2026-01-01T00:00:00+00:00", 7)
    assert KeysetCursor.decode(cursor.encode(), Sort.HIGHEST) == cursor
    for text, sort in (
        (cursor.encode(), Sort.NEWEST),
        ("bm90IGpzb24", Sort.NEWEST),
        ("", Sort.HIGHEST),
        ("!!", Sort.LOWEST),
    ):
        with pytest.raises(ValueError):
            KeysetCursor.decode(text, sort)


def test_the_api_and_the_widget_follow_next(client, shops):
    from tests.support import approve

    for n in range(7):
        approve(client, shops, post_review(client, rating=1 + n % 5)["id"])
    url = "/api/v1/shops/kahvi/products/P1/reviews"
    first = client.get(url).json()
    assert first["next"] is None  # 7 reviews fit on one API page of 20
    widget = client.get("/w/kahvi/reviews?product=P1").text
    assert "after=" in widget and "page=2" in widget  # the widget shows 5 a page
    import re

    next_link = re.search(r'href="http://testserver(/w/kahvi/reviews\?[^"]*after=[^"]+)" rel="next"', widget).group(1)
    second = client.get(next_link.replace("&amp;", "&")).text
    assert "Sivu 2 / 2" in second or "2 / 2" in second
    refused = client.get(url, params={"after": "made-up"})
    assert refused.status_code == 400 and "after" in refused.json()["errors"]
