"""The Insights funnel: orders, requests, reviews and publications by month, counted by hand and by the page."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from socialproof import clock
from tests import support
from tests.support import Moderator, approve, post_review, text


def signed_in(client, shops):
    return Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))


@pytest.fixture
def mod(client, shops):
    return signed_in(client, shops)


def order(client, shops, ref, *products):
    body = {"order": ref, "status": "paid", "products": [{"id": p, "name": p} for p in products]}
    assert client.post("/api/v1/shops/kahvi/orders", json=body, headers=shops.auth("kahvi")).status_code == 202


def a_shop_over_two_months(client, shops, travel):
    """Month one: 2 orders, a 5-star review published. Forty days on: 1 order (asked by mail), a 2-star review
    published and a 4-star one waiting."""
    order(client, shops, "A-1", "P1")
    order(client, shops, "A-2", "P1", "P2")  # one order, two products
    approve(client, shops, post_review(client, "P1", rating=5)["id"])
    first = clock.now().strftime("%Y-%m")
    travel(days=40)
    order(client, shops, "A-3", "P2")
    shops.execute("UPDATE invitations SET requested_at = ? WHERE order_ref = 'A-3'", [clock.now_iso()])
    approve(client, shops, post_review(client, "P1", rating=2)["id"])
    post_review(client, "P2", rating=4)  # waits
    return first, clock.now().strftime("%Y-%m")


def test_the_funnel_counts_each_month_as_stored_and_the_csv_says_the_same(client, shops, travel):
    first, second = a_shop_over_two_months(client, shops, travel)
    mod = signed_in(client, shops)  # after the forty days: a session lasts hours
    page = html.unescape(text(mod.get("/admin/shops/kahvi/insights?period=12m&lang=en").text))
    assert "reported 3 orders; 1 were asked for a review by mail, 3 reviews were written and 2 published" in page
    assert "Reviews per order: 100%" in page
    rows = list(csv.reader(io.StringIO(mod.get("/admin/shops/kahvi/insights?period=12m&format=csv").text)))
    assert rows == [
        ["month", "orders", "requested", "written", "published", "rate"],
        [first, "2", "0", "1", "1", "0.500"],
        [second, "1", "1", "2", "1", "2.000"],
    ]
    recent = list(csv.reader(io.StringIO(mod.get("/admin/shops/kahvi/insights?period=30d&format=csv").text)))
    assert [r[0] for r in recent[1:]] == [second]  # the first month is more than 30 days back
    only_p2 = list(
        csv.reader(io.StringIO(mod.get("/admin/shops/kahvi/insights?period=all&product=P2&format=csv").text))
    )
    assert only_p2[1:] == [[first, "1", "0", "0", "0", "0.000"], [second, "1", "1", "1", "0", "1.000"]]


def test_an_empty_shop_says_so_and_bad_choices_are_refused(client, shops, mod):
    empty = text(mod.get("/admin/shops/kahvi/insights?lang=en").text)
    assert "No orders or reviews in this period." in empty and "No published reviews in this period." in empty
    assert mod.get("/admin/shops/kahvi/insights?period=forever").status_code == 422
    assert mod.get("/admin/shops/kahvi/insights?product=nope").status_code == 404


def test_ratings_by_month_count_what_is_published_and_average_it(client, shops, travel):
    first, second = a_shop_over_two_months(client, shops, travel)
    mod = signed_in(client, shops)
    page = html.unescape(text(mod.get("/admin/shops/kahvi/insights?period=all&lang=en").text))
    assert "2 published reviews in this period, average 3.5." in page
    rows = list(
        csv.reader(io.StringIO(mod.get("/admin/shops/kahvi/insights?period=all&table=ratings&format=csv").text))
    )
    assert rows == [
        ["month", "stars_1", "stars_2", "stars_3", "stars_4", "stars_5", "reviews", "average"],
        [first, "0", "0", "0", "0", "1", "1", "5.00"],
        [second, "0", "1", "0", "0", "0", "1", "2.00"],
    ]
    assert mod.get("/admin/shops/kahvi/insights?table=everything&format=csv").status_code == 422


def test_the_ratings_chart_draws_each_month_by_star_named_and_described_for_screen_readers(client, shops, travel):
    first, second = a_shop_over_two_months(client, shops, travel)
    mod = signed_in(client, shops)
    page = mod.get("/admin/shops/kahvi/insights?period=all&lang=en").text
    chart = page[page.index('<svg viewBox="0 0 640 220"', page.index('id="ratings-summary"')) :]
    chart = chart[: chart.index("</svg>")]
    assert 'role="img" aria-labelledby="ratings-chart-title" aria-describedby="ratings-summary"' in chart
    assert '<title id="ratings-chart-title">Published reviews by month and star rating</title>' in chart
    # one 5-star review in the first month, one 2-star in the second: a bar each, of the same height
    bars = re.findall(r'<rect class="s-(\d)" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', chart)
    assert [stars for stars, _ in bars] == ["5", "2"] and bars[0][1] == bars[1][1]
    months = re.findall(r'text-anchor="middle">([^<]+)<', chart)
    assert months == [f"{int(m[5:])}/{m[:4]}" for m in (first, second)]
