"""Product identifiers: GTIN, MPN, SKU and brand, checked, stored, and in the structured data search engines read."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.reviews.identifiers import gtin_is_valid
from tests.support import published, structured


@pytest.mark.parametrize(
    ("gtin", "valid"),
    [("4006381333931", True), ("73513537", True), ("036000291452", True), ("00012345600012", True),
     ("4006381333932", False), ("400638133393", False), ("40063813339a1", False), ("", False)],
)  # fmt: skip
def test_a_gtin_needs_its_length_and_check_digit(gtin, valid):
    assert gtin_is_valid(gtin) is valid


def product_markup(client, path="/w/kahvi/reviews?product=P1"):
    (data,) = structured(client.get(path).text)
    return {k: data.get(k) for k in ("gtin", "mpn", "sku", "brand")}


def test_product_set_stores_identifiers_that_the_structured_data_carries(client, shops):
    published(client, shops)
    done = CliRunner().invoke(
        cli,
        ["product", "set", "kahvi", "P1", "--gtin", "4006381333931", "--brand", "Paahtimo", "--db", str(shops.path)],
    )
    assert done.exit_code == 0 and "gtin 4006381333931, brand Paahtimo" in done.output
    assert product_markup(client) == {
        "gtin": "4006381333931",
        "mpn": None,
        "sku": None,
        "brand": {"@type": "Brand", "name": "Paahtimo"},
    }
    wrong = CliRunner().invoke(
        cli, ["product", "set", "kahvi", "P1", "--gtin", "4006381333932", "--db", str(shops.path)]
    )
    assert wrong.exit_code == 1 and "check digit" in wrong.output


def test_product_set_takes_the_products_page_http_or_https_only(client, shops):
    done = CliRunner().invoke(
        cli, ["product", "set", "kahvi", "P1", "--url", "https://kahvi.example/tumma", "--db", str(shops.path)]
    )
    assert done.exit_code == 0 and "at https://kahvi.example/tumma" in done.output
    assert shops.sql("SELECT url FROM products WHERE external_id = 'P1'") == [{"url": "https://kahvi.example/tumma"}]
    for wrong in ("javascript:alert(1)", "kahvi.example/tumma", "ftp://kahvi.example/"):
        refused = CliRunner().invoke(cli, ["product", "set", "kahvi", "P1", "--url", wrong, "--db", str(shops.path)])
        assert refused.exit_code == 1 and "full http or https address" in refused.output
    assert shops.sql("SELECT url FROM products WHERE external_id = 'P1'") == [{"url": "https://kahvi.example/tumma"}]


def test_the_invitations_api_takes_identifiers_and_names_a_bad_one(client, shops):
    order = {"order": "1", "products": [{"id": "P1", "name": "Tumma", "gtin": "73513537", "sku": "TUM-500"}]}
    assert client.post("/api/v1/shops/kahvi/invitations", json=order, headers=shops.auth("kahvi")).status_code == 201
    assert shops.sql("SELECT gtin, sku FROM products") == [{"gtin": "73513537", "sku": "TUM-500"}]
    order["products"][0]["gtin"] = "12345"
    bad = client.post("/api/v1/shops/kahvi/invitations", json=order, headers=shops.auth("kahvi"))
    assert bad.status_code == 422 and "products[0].gtin" in bad.json()["errors"]


def test_a_placeholders_identifiers_fill_in_what_the_shop_did_not_store(client, shops):
    published(client, shops)
    batch = client.get("/w/kahvi?w=reviews~P1~en~Tumma&p=P1~036000291452~MPN-1").json()["widgets"][0]
    (data,) = structured(batch["html"])
    assert data["gtin"] == "036000291452" and data["mpn"] == "MPN-1" and "sku" not in data
    wrong = client.get("/w/kahvi?w=reviews~P1~en&w=stars~P2&p=P1~123").json()["widgets"]
    assert "gtin" in wrong[0]["errors"] and "html" in wrong[1]  # one bad placeholder doesn't blank the others
