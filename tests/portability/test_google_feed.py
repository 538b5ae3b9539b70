"""Google's product-review feed: every published review, in the XSD's order, verified only where true."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from click.testing import CliRunner
from lxml import etree

from socialproof.cli import cli
from tests.support import approve, post_review, published

# The children of <review> in the order of product_reviews.xsd (2.4), as far as we send them.
REVIEW_ORDER = [
    "review_id", "reviewer", "is_verified_purchase", "is_incentivized_review", "review_timestamp", "title",
    "content", "review_language", "review_url", "reviewer_images", "ratings", "products", "is_spam",
    "collection_method",
]  # fmt: skip


def feed_path(shops, *extra):
    """`socialproof feed url SLUG`, as the contract spells it: the URL alone on the last line."""
    done = CliRunner().invoke(
        cli, ["feed", "url", "kahvi", "--public-url", "http://testserver", *extra, "--db", str(shops.path)]
    )
    assert done.exit_code == 0, done.output
    return done.output.strip().splitlines()[-1].removeprefix("http://testserver")


def test_the_first_spelling_feed_slug_still_prints_the_same_url(client, shops):
    old = CliRunner().invoke(cli, ["feed", "kahvi", "--public-url", "http://testserver", "--db", str(shops.path)])
    assert old.exit_code == 0 and old.output.strip().removeprefix("http://testserver") == feed_path(shops)


def in_order(children, order):
    positions = [order.index(child.tag) for child in children]
    return positions == sorted(positions)


def test_the_feed_carries_every_published_review_in_the_xsds_order(client, shops):
    CliRunner().invoke(
        cli,
        ["product", "set", "kahvi", "P1", "--gtin", "4006381333931", "--brand", "Paahtimo", "--db", str(shops.path)],
    )
    low = published(client, shops, rating=1, title="Ei <hyvä> & kallis", author_name="Pekka Virtanen")
    published(client, shops, rating=5, body="Paras kahvi", author_name="Anna")
    post_review(client, rating=4, body="Odottaa")  # not published: not in the feed
    invited = client.post(
        "/api/v1/shops/kahvi/invitations",
        json={"order": "7", "products": [{"id": "P1", "name": "Tumma"}]},
        headers=shops.auth("kahvi"),
    ).json()["links"][0]["url"]
    token = parse_qs(urlsplit(invited).query)["invitation"][0]
    approve(client, shops, post_review(client, rating=3, invitation=token, author_name="Liisa")["id"])
    gone = published(client, shops, rating=2)
    client.post(
        f"/api/v1/shops/kahvi/reviews/{gone}/moderation",
        json={"action": "reject", "reason": "off-topic"},
        headers=shops.auth("kahvi"),
    )

    answer = client.get(feed_path(shops))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/xml")
    root = etree.fromstring(answer.content)
    assert [child.tag for child in root] == ["version", "publisher", "reviews", "deleted_reviews"]
    assert root.findtext("version") == "2.4" and root.findtext("publisher/name") == "Kahvi Oy"
    reviews = {int(r.findtext("review_id")): r for r in root.find("reviews")}
    assert len(reviews) == 3 and {int(r.findtext("ratings/overall")) for r in reviews.values()} == {1, 5, 3}
    assert all(in_order(list(r), REVIEW_ORDER) for r in reviews.values())
    one_star = reviews[low]
    assert one_star.findtext("title") == "Ei <hyvä> & kallis"  # escaped on the way, whole on arrival
    assert (
        one_star.find("reviewer/name").text == "Pekka V."
        and one_star.find("reviewer/name").get("is_anonymous") == "false"
    )
    assert one_star.find("ratings/overall").attrib == {"min": "1", "max": "5"}
    product = one_star.find("products/product")
    assert [c.tag for c in product] == ["product_ids", "product_name", "product_url"]
    assert [c.tag for c in product.find("product_ids")] == ["gtins", "brands"]
    assert product.findtext("product_ids/gtins/gtin") == "4006381333931"
    verified = {r.findtext("reviewer/name"): (r.findtext("is_verified_purchase"), r.findtext("collection_method"))
                for r in reviews.values()}  # fmt: skip
    assert verified == {
        "Pekka V.": ("false", "unsolicited"),
        "Anna": ("false", "unsolicited"),
        "Liisa": ("true", "post_fulfillment"),
    }
    assert [int(e.text) for e in root.find("deleted_reviews")] == [gone]


def test_the_feed_needs_its_token_answers_304_when_unchanged_and_rotates(client, shops):
    published(client, shops)
    path = feed_path(shops)
    first = client.get(path)
    assert client.get(path, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    published(client, shops, rating=2)
    assert client.get(path, headers={"If-None-Match": first.headers["etag"]}).status_code == 200
    assert client.get(path.split("?")[0] + "?token=guess").status_code == 404
    assert client.get(path.split("?")[0]).status_code == 404
    new = feed_path(shops, "--rotate")
    assert new != path and client.get(path).status_code == 404 and client.get(new).status_code == 200
    told = client.get("/api/v1/shops/kahvi/feeds", headers=shops.auth("kahvi")).json()
    assert told == {"google_product_reviews": "http://testserver" + new}
