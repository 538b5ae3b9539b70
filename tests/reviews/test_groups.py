"""Product groups: a product with few reviews shows its group's, each saying what it was about."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from socialproof.cli import cli
from tests.support import approve, post_review, shown, text

DARK = "Tumma paahto 250 g"
BIG = "Tumma paahto 1 kg"


def cli_run(shops, *args):
    return CliRunner().invoke(cli, [*args, "--db", str(shops.path)])


def grouped(client, shops):
    """P1 (two reviews, 5 and 4 stars) and P2 (one, 3 stars) in group 'tumma'; P3 on its own."""
    for product, name, rating in (("P1", DARK, 5), ("P1", DARK, 4), ("P2", BIG, 3), ("P3", "Vaalea", 1)):
        approve(
            client, shops, post_review(client, product, rating=rating, product_name=name, body=f"{name} {rating}")["id"]
        )
    done = cli_run(
        shops, "group", "set", "kahvi", "tumma", "--product", "P1", "--product", "P2", "--name", "Tumma paahto"
    )
    assert done.exit_code == 0, done.output
    return done.output


def test_a_members_reviews_widget_shows_the_group_each_review_labelled_and_both_numbers(client, shops):
    assert "Its reviews together: 3, average 4.0." in grouped(client, shops)
    page = text(client.get("/w/kahvi/reviews?product=P1&lang=en").text)
    assert "3 reviews of Tumma paahto in all its variants. 4.5 from 2 reviews of this one." in page
    assert "About: Tumma paahto 1 kg" in page and page.count("About:") == 1  # only the other member's review
    assert f"{BIG} 3" in page and f"{DARK} 5" in page and "Vaalea" not in page
    own = text(client.get("/w/kahvi/reviews?product=P1&lang=en&only=product").text)
    assert "Showing the reviews of this product only." in own and f"{BIG} 3" not in own
    assert "Show all 3 reviews of Tumma paahto in all its variants" in own
    fi = text(client.get("/w/kahvi/reviews?product=P2&lang=fi").text)
    assert "3 arvostelua tuotteesta Tumma paahto kaikkine versioineen. Tästä versiosta 3,0, 1 arvostelu." in fi
    assert "3 reviews in all variants" in text(client.get("/w/kahvi/stars?product=P2&lang=en").text)
    assert "1 review" in text(client.get("/w/kahvi/stars?product=P3&lang=en").text)  # not in a group


def test_structured_data_carries_only_what_is_about_the_product_itself(client, shops):
    grouped(client, shops)
    page = client.get("/w/kahvi/reviews?product=P2&lang=en").text
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["aggregateRating"]["reviewCount"] == 1 and data["aggregateRating"]["ratingValue"] == 3.0
    assert [r["reviewRating"]["ratingValue"] for r in data["review"]] == [3]


def test_the_api_pools_the_list_names_each_reviews_product_and_gives_the_groups_numbers_beside(client, shops):
    grouped(client, shops)
    pooled = client.get("/api/v1/shops/kahvi/products/P2/reviews").json()
    assert pooled["total"] == 3 and sorted(i["product"] for i in pooled["items"]) == ["P1", "P1", "P2"]
    own = client.get("/api/v1/shops/kahvi/products/P2/reviews?only=product").json()
    assert own["total"] == 1 and [i["product"] for i in own["items"]] == ["P2"]
    wrong = client.get("/api/v1/shops/kahvi/products/P2/reviews?only=group")
    assert wrong.status_code == 400 and wrong.json()["errors"] == {
        "only": "product, tai jätä pois."
    }  # the shop speaks Finnish
    summary = client.get("/api/v1/shops/kahvi/products/P2/summary").json()
    assert summary["review_count"] == 1 and summary["rating_average"] == 3.0  # the product's own
    assert summary["group"] == {
        "id": "tumma",
        "name": "Tumma paahto",
        "products": ["P1", "P2"],
        "review_count": 3,
        "rating_average": 4.0,
    }
    assert client.get("/api/v1/shops/kahvi/products/P3/summary").json()["group"] is None


def test_the_merchant_api_sets_reads_and_ungroups_and_a_product_is_in_one_group_of_its_shop(client, shops):
    grouped(client, shops)
    other = shops.create("toinen", "Toinen Oy")
    assert other
    put = client.put("/api/v1/shops/kahvi/groups/vaalea", json={"products": ["P3", "P2"]}, headers=shops.auth("kahvi"))
    assert put.status_code == 200, put.text
    assert put.json() == {
        "id": "vaalea",
        "name": None,
        "products": ["P2", "P3"],
        "review_count": 2,
        "rating_average": 2.0,
        "moved": [{"product": "P2", "from": "tumma"}],
    }
    assert client.get("/api/v1/shops/kahvi/groups/tumma", headers=shops.auth("kahvi")).json()["products"] == ["P1"]
    assert client.get("/api/v1/shops/toinen/groups/tumma", headers=shops.auth("toinen")).status_code == 404
    assert client.get("/api/v1/shops/kahvi/groups/tumma", headers=shops.auth("toinen")).status_code in (401, 403)
    bad = client.put("/api/v1/shops/kahvi/groups/x", json={"products": []}, headers=shops.auth("kahvi"))
    assert bad.status_code == 422 and "products" in bad.json()["errors"]
    bad_id = client.put("/api/v1/shops/kahvi/groups/x", json={"products": ["a b"]}, headers=shops.auth("kahvi"))
    assert bad_id.status_code == 422
    assert shops.sql("SELECT count(*) AS n FROM product_groups") == [{"n": 2}]  # nothing half-stored
    gone = client.delete("/api/v1/shops/kahvi/groups/vaalea", headers=shops.auth("kahvi"))
    assert gone.status_code == 200 and gone.json() == {"ungrouped": ["P2", "P3"]}
    page = text(shown(client, "/w/kahvi/reviews?product=P3&lang=en", lambda p: "variants" not in text(p)))
    assert "About:" not in page
    assert client.delete("/api/v1/shops/kahvi/groups/vaalea", headers=shops.auth("kahvi")).status_code == 404


def test_a_scale_set_for_a_group_is_asked_by_every_member_and_by_one_added_later(client, shops):
    grouped(client, shops)
    done = cli_run(shops, "scale", "set", "kahvi", "Paahto", "--labels", "Vaalea|Sopiva|Tumma", "--group", "tumma")
    assert done.exit_code == 0, done.output
    assert "Asked by: group tumma." in done.output
    assert 'name="scales.Paahto"' in client.get("/w/kahvi/reviews?product=P2&lang=fi&write=1").text
    assert 'name="scales.Paahto"' not in client.get("/w/kahvi/reviews?product=P3&lang=fi&write=1").text
    cli_run(shops, "group", "set", "kahvi", "tumma", "--product", "P1", "--product", "P2", "--product", "P4")
    page = shown(client, "/w/kahvi/reviews?product=P4&lang=fi&write=1", lambda p: 'name="scales.Paahto"' in p)
    assert "Paahto" in text(page)
    unknown = cli_run(shops, "scale", "set", "kahvi", "Paahto", "--labels", "A|B|C", "--group", "ei")
    assert unknown.exit_code == 1 and "kahvi has no group 'ei'" in unknown.output
