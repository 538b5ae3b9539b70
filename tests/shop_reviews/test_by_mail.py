"""The review-request mail's link to review the shop: one "Verified buyer" review of the shop per order."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from click.testing import CliRunner

from socialproof.cli import cli
from tests.mail.test_requests import links_in, local, order, requests_on
from tests.mailbox import send_due
from tests.support import as_person, text


def mailed_request(client, shops, inbox, travel, **extra):
    requests_on(shops, "--request-after-days", "0", "--reminder-after-days", "3")
    order(client, shops, products=(("P1", "Tumma paahto"), ("P2", "Vaalea paahto")), name="Anni", **extra)
    send_due(shops)
    (message,) = inbox.received
    return message


def shop_links(message):
    return [url for url in links_in(message.get_body(("html",)).get_content()) if "/shop-reviews/kahvi/write?" in url]


def test_the_request_asks_about_the_shop_too_and_its_stars_open_a_verified_form(client, shops, inbox, travel):
    message = mailed_request(client, shops, inbox, travel, lang="en")
    plain = message.get_body(("plain",)).get_content()
    assert "And the shop itself: its service, delivery and packaging" in plain and "Review Kahvi Oy:" in plain
    links = shop_links(message)
    assert len(links) == 6  # a star link each, and the plain link
    four = next(url for url in links if "rating=4" in url)
    page = client.get(local(four))
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    said = text(page.text)
    assert "Review Kahvi Oy" in said and "Your review will be marked “Verified buyer”." in said
    html = page.text.replace('checked=""', "checked")
    assert 'id="sp-s-f-rating-4" name="rating" value="4" checked' in html
    assert 'name="author_name"' in html and 'value="Anni"' in html  # the name the shop reported with the order


def test_the_review_sent_through_the_link_is_verified_once_for_the_order(client, shops, inbox, travel):
    message = mailed_request(client, shops, inbox, travel, lang="en")
    link = local(next(url for url in shop_links(message) if "rating" not in url))
    token = parse_qs(urlsplit(link).query)["invitation"][0]
    form = as_person(client, rating="5", body="Nopea toimitus.", author_name="Anni", invitation=token)
    sent = client.post(link.split("?")[0] + "?lang=en", data=form)  # where the page posts
    assert "Thank you for your review of the shop!" in text(sent.text)
    assert shops.sql("SELECT rating, verified, order_ref, email FROM shop_reviews") == [
        {"rating": 5, "verified": 1, "order_ref": "1001", "email": "ostaja@example.fi"}
    ]
    again = text(client.get(link).text)
    assert "This review link has been used already. You can still write a review without it." in again
    refused = client.post(
        "/api/v1/shops/kahvi/shop-reviews",
        json={"rating": 1, "body": "Taas.", "author_name": "Anni", "invitation": token, "visitor": "v" * 22},
    )
    assert refused.status_code == 409 and refused.json()["errors"] == {"invitation": "used"}
    assert shops.sql("SELECT count(*) AS n FROM shop_reviews") == [{"n": 1}]  # nothing half-stored
    # The reminder asks only about what is still unwritten: no shop link, the review of it is in.
    travel(days=3)
    send_due(shops)
    assert len(inbox.received) == 2 and shop_links(inbox.received[-1]) == []


def test_a_link_that_cant_be_used_leaves_a_form_that_posts_unverified(client, shops, inbox, travel):
    product_link = mailed_request(client, shops, inbox, travel, lang="en")
    product_token = next(
        parse_qs(urlsplit(url).query)["invitation"][0]
        for url in links_in(product_link.get_body(("html",)).get_content())
        if "/review/kahvi/P1?" in url
    )
    # A product's review link never stands for the shop.
    forged = client.get(f"/shop-reviews/kahvi/write?lang=en&invitation={product_token}")
    said = text(forged.text)
    assert "Verified buyer" not in said and 'name="invitation"' not in forged.text
    assert "This review link is not valid. You can still write a review without it." in said
    # Expired: past the links' days from the last mail.
    shop_link = local(next(url for url in shop_links(product_link) if "rating" not in url))
    travel(days=400)
    expired = client.get(shop_link)
    assert "This review link has expired. You can still write a review without it." in text(expired.text)
    sent = client.post(
        "/shop-reviews/kahvi/write?lang=en", data=as_person(client, rating="3", body="Ok.", author_name="A")
    )
    assert "Thank you for your review of the shop!" in text(sent.text)
    assert shops.sql("SELECT verified, order_ref FROM shop_reviews") == [{"verified": 0, "order_ref": None}]


def test_the_buyer_gets_their_review_of_the_shop_out_and_can_have_it_erased(client, shops, inbox, travel):
    link = next(url for url in shop_links(mailed_request(client, shops, inbox, travel)) if "rating" not in url)
    token = parse_qs(urlsplit(link).query)["invitation"][0]
    body = {"rating": 4, "body": "Hyvä palvelu.", "author_name": "Anni", "invitation": token}
    assert client.post("/api/v1/shops/kahvi/shop-reviews", json=body).status_code == 201

    def run(*args):
        return CliRunner().invoke(cli, ["privacy", *args, "ostaja@example.fi", "--db", str(shops.path)])

    exported = json.loads(run("export").output)["shop_reviews"]
    assert [(r["body"], r["order_ref"], r["verified"]) for r in exported] == [("Hyvä palvelu.", "1001", 1)]
    erased = run("erase")
    assert erased.exit_code == 0 and "1 review(s) of the shop" in erased.output
    assert shops.sql("SELECT count(*) AS n FROM shop_reviews") == [{"n": 0}]
