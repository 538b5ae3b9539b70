"""The workspace's in-store codes page: a sheet made from the browser, batches with their use, a batch withdrawn."""

from __future__ import annotations

import html
import io
import re

import pypdfium2 as pdfium
import pytest
import zxingcpp

from tests import support
from tests.support import Moderator, review, text


@pytest.fixture
def mod(client, shops):
    return Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))


def said(answer) -> str:
    return html.unescape(text(answer.text))


def codes_in(sheet: bytes) -> list[str]:
    document = pdfium.PdfDocument(io.BytesIO(sheet))
    urls = [found.text for page in document for found in zxingcpp.read_barcodes(page.render(scale=2).to_pil())]
    document.close()
    return [url.split("code=")[1] for url in urls]


def test_a_sheet_made_in_the_workspace_prints_codes_whose_use_the_page_counts(client, shops, mod):
    made = mod.post("/admin/shops/kahvi/codes", {"count": "3", "products": "P1, P2", "format": "pdf"})
    assert made.status_code == 200 and made.headers["content-type"] == "application/pdf"
    assert made.headers["content-disposition"] == 'attachment; filename="kahvi-codes-1.pdf"'
    codes = codes_in(made.content)
    assert len(codes) == 3
    used = client.post("/api/v1/shops/kahvi/products/P2/reviews", json=review(code=codes[0]))
    assert used.status_code == 201 and used.json()["verified"] is True
    row = re.search(r'<tr id="batch-1">(.*?)</tr>', mod.get("/admin/shops/kahvi/codes").text, re.S)
    assert row
    cells = [
        html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    ]
    assert cells[2:5] == ["P1, P2", "3", "1"] and cells[6] == "Käytössä"


def test_csv_lists_the_review_links(mod):
    made = mod.post("/admin/shops/kahvi/codes", {"count": "2", "format": "csv"})
    assert made.headers["content-type"] == "text/csv; charset=utf-8"
    lines = made.text.split()
    assert len(lines) == 2 and all(line.startswith("http://testserver/review/kahvi?code=") for line in lines)


def test_a_withdrawn_batch_is_refused_and_the_log_says_who_withdrew_it(client, shops, mod):
    code = mod.post("/admin/shops/kahvi/codes", {"count": "1", "format": "csv"}).text.split("code=")[1].strip()
    gone = mod.post("/admin/shops/kahvi/codes/1", {"action": "withdraw"})
    assert gone.status_code == 303 and gone.headers["location"].endswith("/codes?done=withdrawn#batch-1")
    page = said(mod.get("/admin/shops/kahvi/codes?done=withdrawn"))
    assert "Erä on peruttu" in page and "Peruttu" in page
    refused = client.post("/api/v1/shops/kahvi/products/P1/reviews", json=review(code=code))
    assert refused.status_code == 403 and refused.json()["errors"] == {"code": "revoked"}
    log = said(mod.get("/admin/shops/kahvi/log"))
    assert "Perui erän myymälän arvostelukoodeja" in log and "Teki myymälän arvostelukoodeja" in log
    assert "mod@kahvi.example" in log


@pytest.mark.parametrize(
    ("form", "field_says"),
    [
        ({"count": "paljon"}, "Kirjoita koodien määrä numerona."),
        ({"count": "0"}, "Tee kerralla 1–10 000 koodia."),
        ({"count": "5", "expires_days": "5000"}, "Koodit voivat olla voimassa 1–1 095 päivää."),
        ({"count": "5", "products": "a/b"}, "1–100 merkkiä"),
        ({"count": "1051"}, "PDF-tiedostoon mahtuu kerralla enintään 1 050 koodia (50 arkkia)"),
    ],
)
def test_bad_settings_show_the_form_again_and_make_nothing(shops, mod, form, field_says):
    answer = mod.post("/admin/shops/kahvi/codes", form | {"format": "pdf"})
    assert answer.status_code == 422 and field_says in said(answer).replace("\xa0", " ")
    assert 'aria-invalid="true"' in answer.text
    assert shops.sql("SELECT count(*) AS n FROM store_code_batches") == [{"n": 0}]


def test_another_shops_moderator_can_neither_see_nor_withdraw(client, shops, mod):
    mod.post("/admin/shops/kahvi/codes", {"count": "1", "format": "csv"})
    shops.create("tee", "Tee Oy")
    other = Moderator(client, support.make_moderator(shops.path, "mod@tee.example", "--shop", "tee"))
    assert other.get("/admin/shops/kahvi/codes").status_code in (403, 404)
    assert other.post("/admin/shops/kahvi/codes/1", {"action": "withdraw"}).status_code in (403, 404)
    assert other.post("/admin/shops/tee/codes/1", {"action": "withdraw"}).status_code == 404  # not tee's batch
    assert shops.sql("SELECT revoked_at FROM store_code_batches") == [{"revoked_at": None}]
