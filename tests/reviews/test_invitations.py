"""Review invitations: verified buyers, and every way a link can be misused."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from socialproof import clock
from tests.support import approve, as_person, review, text

ORDER = {
    "order": "T-1001",
    "products": [
        {
            "id": "P1",
            "name": "Aamukahvi 500 g",
            "url": "https://shop.example/p1",
            "image": "https://shop.example/p1.jpg",
        },
        {"id": "P2", "name": "Tumma"},
    ],
    "email": "anni@example.fi",
    "name": "Anni K.",
}


def invite(client, shops, body=None, shop="kahvi"):
    response = client.post(f"/api/v1/shops/{shop}/invitations", json=body or ORDER, headers=shops.auth(shop))
    assert response.status_code == 201, response.text
    return {link["product"]: link["url"] for link in response.json()["links"]}


def token_of(url):
    return parse_qs(urlsplit(url).query)["invitation"][0]


def submit_with(client, token, product="P1", shop="kahvi", **overrides):
    return client.post(f"/api/v1/shops/{shop}/products/{product}/reviews", json=review(invitation=token, **overrides))


def test_links_lead_to_the_review_page_of_each_product(client, shops):
    links = invite(client, shops)
    assert set(links) == {"P1", "P2"}
    assert links["P1"].startswith("http://testserver/review/kahvi/P1?invitation=")


def test_the_order_language_travels_on_the_link(client, shops):
    link = invite(client, shops, ORDER | {"lang": "sv"})["P1"]
    assert "lang=sv" in link
    assert "Recensera: Aamukahvi 500 g" in text(client.get(link.replace("http://testserver", "")).text)
    refused = client.post("/api/v1/shops/kahvi/invitations", json=ORDER | {"lang": "de"}, headers=shops.auth("kahvi"))
    assert refused.status_code == 422 and "lang" in refused.json()["errors"]


def test_a_review_through_the_link_is_a_verified_buyers(client, shops):
    token = token_of(invite(client, shops)["P1"])
    answer = submit_with(client, token)
    assert answer.status_code == 201 and answer.json()["verified"] is True
    approve(client, shops, answer.json()["id"])
    item = client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["items"][0]
    assert item["verified"] is True
    assert "Vahvistettu ostaja" in text(client.get("/w/kahvi/reviews?product=P1").text)
    # the e-mail from the order is kept for the shop, never published
    assert shops.sql("SELECT email FROM reviews")[0]["email"] == "anni@example.fi"
    assert "anni@example.fi" not in client.get("/api/v1/shops/kahvi/products/P1/reviews").text


def test_a_review_without_a_link_is_not_verified(client):
    answer = client.post("/api/v1/shops/kahvi/products/P1/reviews", json=review(verified=True))
    assert answer.status_code == 201 and answer.json()["verified"] is False


def test_a_link_works_once_per_product(client, shops):
    links = invite(client, shops)
    assert submit_with(client, token_of(links["P1"])).status_code == 201
    again = submit_with(client, token_of(links["P1"]))
    assert again.status_code == 409 and again.json()["errors"] == {"invitation": "used"}
    assert submit_with(client, token_of(links["P2"]), product="P2").status_code == 201


@pytest.mark.parametrize("tamper", ["signature", "payload", "garbage", "other-product"])
def test_forged_links_are_refused(client, shops, tamper):
    token = token_of(invite(client, shops)["P1"])
    payload, signature = token.split(".")
    forged = {
        "signature": f"{payload}.{signature[:-2]}xx",
        "payload": f"{payload[:-2]}xx.{signature}",
        "garbage": "not-a-token",
        "other-product": token,
    }[tamper]
    answer = submit_with(client, forged, product="P2" if tamper == "other-product" else "P1")
    assert answer.status_code == 403 and answer.json()["errors"] == {"invitation": "forged"}
    assert shops.sql("SELECT count(*) AS n FROM reviews")[0]["n"] == 0


def test_another_shops_link_is_refused(client, shops):
    shops.create("toinen")
    token = token_of(invite(client, shops, shop="toinen")["P1"])
    assert submit_with(client, token).status_code == 403


def test_an_expired_link_is_refused_and_the_shopper_may_still_review(client, shops, monkeypatch):
    token = token_of(invite(client, shops)["P1"])
    later = clock.now() + timedelta(days=91)
    monkeypatch.setattr(clock, "now", lambda: later)
    expired = submit_with(client, token)
    assert expired.status_code == 403 and expired.json()["errors"] == {"invitation": "expired"}
    assert (
        "vanhentunut"
        in client.post(
            "/api/v1/shops/kahvi/products/P1/reviews", json=review(invitation=token), headers={"Accept-Language": "fi"}
        ).json()["error"]
    )
    unverified = client.post("/api/v1/shops/kahvi/products/P1/reviews", json=review())
    assert unverified.status_code == 201 and unverified.json()["verified"] is False


def test_inviting_again_for_the_same_order_gives_the_same_invitation(client, shops):
    first, second = invite(client, shops), invite(client, shops)
    assert submit_with(client, token_of(first["P1"])).status_code == 201
    assert submit_with(client, token_of(second["P1"])).status_code == 409
    assert shops.sql("SELECT count(*) AS n FROM invitations")[0]["n"] == 2


def test_invitations_need_the_shops_key(client, shops):
    shops.create("toinen")
    url = "/api/v1/shops/kahvi/invitations"
    assert client.post(url, json=ORDER).status_code == 401
    assert client.post(url, json=ORDER, headers=shops.auth("toinen")).status_code == 403


@pytest.mark.parametrize(
    "body, field",
    [
        ({"products": [{"id": "P1", "name": "x"}]}, "order"),
        ({"order": "1", "products": []}, "products"),
        ({"order": "1", "products": [{"id": "bad id", "name": "x"}]}, "products[0].id"),
        ({"order": "1", "products": [{"id": "P1"}]}, "products[0].name"),
        ({"order": "1", "products": [{"id": "P1", "name": "x", "url": "javascript:alert(1)"}]}, "products[0].url"),
        ({"order": "1", "products": [{"id": "P1", "name": "x"}], "email": "nope"}, "email"),
    ],
)
def test_bad_invitation_requests_name_the_field(client, shops, body, field):
    answer = client.post("/api/v1/shops/kahvi/invitations", json=body, headers=shops.auth("kahvi"))
    assert answer.status_code == 422 and field in answer.json()["errors"]
    assert shops.sql("SELECT count(*) AS n FROM invitations")[0]["n"] == 0


def test_review_page_is_complete_on_its_own(client, shops):
    url = invite(client, shops)["P1"].replace("http://testserver", "")
    page = client.get(url + "&rating=5")
    assert page.status_code == 200 and page.text.startswith("<!doctype html>")
    assert "script" not in page.headers["content-security-policy"] and "<script" not in page.text
    seen = text(page.text)
    assert "Arvostele: Aamukahvi 500 g" in seen and "Vahvistettu ostaja" in seen
    assert re.search(r'value="5" checked', page.text)
    assert 'value="Anni K."' in page.text and 'src="https://shop.example/p1.jpg"' in page.text
    posted = client.post(
        url.split("?")[0],
        data=as_person(client, rating="5", body="Hyvää!", author_name="Anni K.", invitation=token_of(url)),
    )
    assert "Kiitos arvostelustasi!" in text(posted.text)
    assert shops.sql("SELECT verified FROM reviews") == [{"verified": 1}]


def test_review_page_with_a_bad_link_still_takes_an_unverified_review(client, shops):
    page = client.get("/review/kahvi/P1?invitation=forged.token")
    seen = text(page.text)
    assert "Tämä arvostelulinkki ei kelpaa. Voit silti kirjoittaa arvostelun ilman sitä." in seen
    assert 'name="invitation"' not in page.text and "Lähetä arvostelu" in seen
    posted = client.post("/review/kahvi/P1", data=as_person(client, rating="4", body="Ok", author_name="B"))
    assert "Kiitos arvostelustasi!" in text(posted.text)
    assert shops.sql("SELECT verified FROM reviews") == [{"verified": 0}]


def test_review_page_for_a_used_link_says_so_when_posting(client, shops):
    url = invite(client, shops)["P1"]
    assert submit_with(client, token_of(url)).status_code == 201
    posted = client.post(
        "/review/kahvi/P1", data=as_person(client, rating="4", body="Again", author_name="A", invitation=token_of(url))
    )
    assert "Tämä arvostelulinkki on jo käytetty." in text(posted.text)
    assert 'name="invitation"' not in posted.text and ">Again</textarea>" in posted.text
