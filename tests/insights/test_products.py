"""Insights per product: count, average, change against the period before and the share of 1–2 stars."""

from __future__ import annotations

import csv
import html
import io

from tests import support
from tests.support import Moderator, published, text


def signed_in(client, shops):
    return Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))


def table(mod, query):
    return list(csv.reader(io.StringIO(mod.get(f"/admin/shops/kahvi/insights?{query}&format=csv").text)))


def two_periods(client, shops, travel):
    """Before: P1 at 5 and 5 stars. Forty days on (the last 30 days): P1 at 2 and 4, P2 at 5."""
    for _ in range(2):
        published(client, shops, "P1", rating=5)
    travel(days=40)
    for product, rating in (("P1", 2), ("P1", 4), ("P2", 5)):
        published(client, shops, product, rating=rating)


def test_each_product_against_its_own_period_before_and_the_ones_that_fell(client, shops, travel):
    two_periods(client, shops, travel)
    mod = signed_in(client, shops)
    head = ["product", "name", "reviews", "average", "change", "low_share"]
    assert table(mod, "period=30d&table=products") == [
        head,
        ["P1", "", "2", "3.00", "-2.00", "0.500"],
        ["P2", "", "1", "5.00", "", "0.000"],  # nothing before to compare with
    ]
    by_average = table(mod, "period=30d&table=products&sort=average")
    assert [row[0] for row in by_average[1:]] == ["P2", "P1"]
    by_change = table(mod, "period=30d&table=products&sort=change")
    assert [row[0] for row in by_change[1:]] == ["P1", "P2"]  # the fall first, the unknown last
    everything = table(mod, "period=all&table=products")
    assert everything[1] == ["P1", "", "4", "4.00", "", "0.250"]  # all time has no period before it

    page = html.unescape(text(mod.get("/admin/shops/kahvi/insights?period=30d&lang=en").text))
    assert "1 product's average fell against the period before: P1: 3.0 (-2.0)" in page


def test_sorting_is_a_link_that_says_which_column_sorts_and_a_bad_sort_is_refused(client, shops, travel):
    two_periods(client, shops, travel)
    mod = signed_in(client, shops)
    page = mod.get("/admin/shops/kahvi/insights?period=30d&sort=low&lang=en").text
    assert (
        '<th scope="col" aria-sort="descending"><a href="?period=30d&amp;sort=low#products" aria-current="true">'
        in page
    )
    refused = mod.get("/admin/shops/kahvi/insights?sort=best&lang=en")
    assert refused.status_code == 422
    assert "count, average, change, low, name" in refused.text
