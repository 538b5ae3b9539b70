"""The shopper's side of an in-store code: from the printed sheet to a "Verified buyer (in store)" review."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pypdfium2 as pdfium
import pytest
import zxingcpp
from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.db.store import open_migrated, transaction
from socialproof.reviews import store_codes
from tests.support import approve, as_person, review, text

BASE = "http://testserver"


@pytest.fixture
def make_codes(client, shops, tmp_path):
    def make(*args: str, fmt: str = "csv") -> list[str]:
        out = tmp_path / f"codes-{len(list(tmp_path.iterdir()))}.{fmt}"
        done = CliRunner().invoke(
            cli,
            ["codes", "create", "kahvi", *args, "--format", fmt, "--out", str(out), "--public-url", BASE]
            + ["--db", str(shops.path)],
        )
        assert done.exit_code == 0, done.output
        if fmt == "pdf":
            return read_sheet(out)
        return out.read_text().split()

    return make


def read_sheet(path) -> list[str]:
    """Every QR image on every page, read back as a phone would read the printed sheet."""
    urls = []
    document = pdfium.PdfDocument(str(path))
    for page in document:
        urls += [found.text for found in zxingcpp.read_barcodes(page.render(scale=150 / 72).to_pil())]
    document.close()
    return urls


def local(url: str) -> str:
    assert url.startswith(BASE)
    return url.removeprefix(BASE)


def code_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["code"][0]


def test_a_printed_code_leads_to_a_verified_in_store_review_and_works_once(client, shops, make_codes):
    urls = make_codes("--count", "22", "--product", "P1", fmt="pdf")
    assert len(urls) == 22 and len(set(urls)) == 22  # two pages of labels, every one readable
    landing = client.get(local(urls[0]), follow_redirects=False)
    assert landing.status_code == 303
    page = client.get(local(landing.headers["location"]))
    assert "Kiitos ostoksestasi. Arvostelusi merkitään ”Vahvistettu ostaja (myymälästä)”." in text(page.text)
    code = html.unescape(page.text).split('name="code" value="')[1].split('"')[0]
    form = as_person(client, rating="5", body="Ostin torilta.", author_name="Anni", code=code)
    posted = client.post("/review/kahvi/P1", data=form)
    assert "Kiitos arvostelustasi!" in text(posted.text)
    stored = shops.sql("SELECT id, verified, source FROM reviews")
    assert stored == [{"id": stored[0]["id"], "verified": 1, "source": "in-store"}]
    approve(client, shops, stored[0]["id"])
    widget = client.get("/w/kahvi?w=reviews~P1").json()["widgets"][0]["html"]
    assert "Vahvistettu ostaja (myymälästä)" in text(widget)
    assert "kertakäyttöisellä koodilla" in text(widget)  # the disclosure says what the mark means
    listed = client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["items"][0]
    assert listed["verified"] is True and listed["source"] == "in-store"
    integrity = client.get("/api/v1/shops/kahvi/integrity").json()["verified"]
    assert integrity == {"share": 1.0, "by_check": {"order_link": 0, "in_store": 1}}
    assert "1 kertakäyttöisellä koodilla, jonka kauppa antoi omassa myymälässään" in text(
        client.get("/trust/kahvi").text
    )

    again = client.get(local(urls[0]), follow_redirects=True)
    assert "Tämä koodi on jo käytetty. Voit silti kirjoittaa arvostelun ilman sitä." in text(again.text)
    assert 'name="code"' not in again.text.split("<form")[1]  # the form posts an unverified review
    refused = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews", json=review(code=code, visitor="another-shopper-0001")
    )
    assert refused.status_code == 409 and refused.json()["errors"] == {"code": "used"}
    assert len(shops.sql("SELECT id FROM reviews")) == 1


def test_a_revoked_batch_is_refused_with_a_clear_message(client, shops, make_codes):
    (url,) = make_codes("--count", "1", "--product", "P1")
    with open_migrated(shops.path) as db, transaction(db):
        store_codes.revoke(db, 1, store_codes.batches(db, 1)[0].id, by="cli:test")
    page = client.get(local(url))
    assert page.status_code == 200
    assert "Kauppa on perunut tämän koodin. Voit silti kirjoittaa arvostelun ilman sitä." in text(page.text)
    answer = client.post("/api/v1/shops/kahvi/products/P1/reviews", json=review(code=code_of(url)))
    assert answer.status_code == 403 and answer.json()["errors"] == {"code": "revoked"}


def test_a_basket_code_lists_its_products_and_marks_each_reviewed(client, shops, make_codes):
    client.post("/api/v1/shops/kahvi/products/P2/reviews", json=review(product_name="Tumma paahto"))
    (url,) = make_codes("--count", "1", "--product", "P1", "--product", "P2")
    page = client.get(local(url) + "&lang=en")
    assert "Which product would you like to review?" in text(page.text)
    assert "Review Tumma paahto" in text(page.text) and "Review P1" in text(page.text)
    answer = client.post("/api/v1/shops/kahvi/products/P2/reviews", json=review(code=code_of(url), lang="en"))
    assert answer.status_code == 201 and answer.json()["verified"] is True
    after = text(client.get(local(url) + "&lang=en").text)
    assert "Tumma paahto – reviewed" in after and "Review P1" in after
    elsewhere = client.post("/api/v1/shops/kahvi/products/P3/reviews", json=review(code=code_of(url)))
    assert elsewhere.status_code == 403 and elsewhere.json()["errors"] == {"code": "other-product"}


def test_a_code_for_any_product_asks_which_one_was_bought(client, shops, make_codes):
    for product, name in (("P1", "Aamukahvi"), ("P2", "Tumma paahto"), ("P3", "Kahvisuodatin")):
        client.post(f"/api/v1/shops/kahvi/products/{product}/reviews", json=review(product_name=name))
    (url,) = make_codes("--count", "1")
    page = client.get(local(url) + "&lang=en")
    assert "Which product did you buy?" in text(page.text)
    found = client.get(local(url) + "&lang=en&q=KAHVI")
    assert re.findall(r'<a href="[^"]*">Review ([^<]*)</a>', found.text) == ["Aamukahvi", "Kahvisuodatin"]
    none = client.get(local(url) + "&lang=en&q=tee")
    assert "No product of the shop is called that." in text(none.text)
    answer = client.post("/api/v1/shops/kahvi/products/P3/reviews", json=review(code=code_of(url), lang="en"))
    assert answer.status_code == 201 and answer.json()["verified"] is True
    used = text(client.get(local(url) + "&lang=en").text)
    assert "This code has been used already." in used and "Which product did you buy?" not in used


def test_a_typed_code_is_forgiven_its_case_and_spaces_and_a_wrong_one_is_explained(client, make_codes):
    (url,) = make_codes("--count", "1", "--product", "P1")
    typed = code_of(url).lower().replace("-", " ")
    entry = client.get("/review/kahvi")
    assert "Kuitissa tai kortissa oleva koodi" in text(entry.text)
    landed = client.get("/review/kahvi", params={"code": typed}, follow_redirects=False)
    assert landed.status_code == 303 and code_of(landed.headers["location"]) == code_of(url)
    wrong = client.get("/review/kahvi", params={"code": "AAAA-BBBB-CCCC"})
    assert "Tämä ei ole kaupan antama koodi." in text(wrong.text)
    assert 'value="AAAA-BBBB-CCCC"' in wrong.text  # shown again to be corrected
    assert client.get("/review/nobody", params={"code": typed}).status_code == 404
