"""Attribute scales: a merchant asks "Koko: Pieni | Sopiva | Suuri", shoppers answer, everyone sees how they did."""

from __future__ import annotations

from click.testing import CliRunner

from socialproof.cli import cli
from tests.portability import exports
from tests.support import approve, as_person, post_review, shown, text


def scale(shops, *args):
    return CliRunner().invoke(cli, ["scale", *args, "--db", str(shops.path)])


def koko(shops, *products):
    done = scale(
        shops, "set", "kahvi", "Koko", "--labels", "Pieni|Sopiva|Suuri",
        *[a for p in products for a in ("--product", p)],
        "--translation", "sv", "Storlek", "Liten|Lagom|Stor",
        "--translation", "en", "Size", "Small|Just right|Large",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return done.output


def test_the_form_asks_the_products_scales_in_the_shoppers_language(client, shops):
    assert "Asked by: P1." in koko(shops, "P1")
    fi = text(client.get("/w/kahvi/reviews?product=P1&lang=fi&write=1").text)
    assert "Koko (vapaaehtoinen) Pieni Sopiva Suuri" in fi
    sv = client.get("/w/kahvi/reviews?product=P1&lang=sv&write=1").text
    assert '<legend>Storlek <span class="sp-hint">(frivilligt)</span></legend>' in sv
    assert 'name="scales.Koko" value="Lagom"' in sv  # one field name in every language
    assert "Koko" not in text(client.get("/w/kahvi/reviews?product=P2&lang=fi&write=1").text)  # P2 doesn't ask it


def test_answers_are_counted_from_published_reviews_and_shown_with_each_review(client, shops):
    koko(shops, "P1")
    small = post_review(client, scales={"Koko": "pieni"})["id"]  # a label in any case
    right = post_review(client, scales={"koko": "Just right"})["id"]  # the name and label in another language
    post_review(client, scales={"Koko": "Sopiva"})  # waiting for a moderator: not counted
    post_review(client, body="Ei vastausta.")
    for review_id in (small, right):
        approve(client, shops, review_id)
    summary = client.get("/api/v1/shops/kahvi/products/P1/summary").json()
    assert summary["scales"] == {
        "Koko": {"labels": ["Pieni", "Sopiva", "Suuri"], "distribution": [1, 1, 0], "answers": 2}
    }
    items = client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["items"]
    assert sorted(str(i["scales"]) for i in items) == ["{'Koko': 'Pieni'}", "{'Koko': 'Sopiva'}"]
    en = text(client.get("/w/kahvi/reviews?product=P1&lang=en").text)
    assert "Size 50% Small · 50% Just right · 0% Large (from 2 answers)" in en
    assert "Size: Small" in en and "Size: Just right" in en


def test_the_form_without_script_sends_an_answer_and_a_wrong_one_is_named_with_nothing_stored(client, shops):
    koko(shops, "P1")
    form = as_person(client, rating="4", body="Hyvä.", author_name="Aino", **{"scales.Koko": "Lagom"})
    sent = client.post("/w/kahvi/reviews?product=P1&lang=sv", data=form)
    assert "Tack för din recension!" in text(sent.text)
    assert shops.sql("SELECT point FROM review_scales") == [{"point": 2}]
    wrong = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews",
        json={"rating": 5, "body": "b", "author_name": "a", "scales": {"Koko": "Valtava", "Väri": "Musta"}},
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"] == {
        "scales.Koko": "Valitse yksi vastauksista: Pieni, Sopiva, Suuri.",  # in the shop's language
        "scales.Väri": "Tällä tuotteella ei ole tällaista kysymystä.",
    }
    not_an_object = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews",
        json={"rating": 5, "body": "b", "author_name": "a", "scales": ["Pieni"]},
    )
    assert not_an_object.status_code == 422 and "scales" in not_an_object.json()["errors"]
    assert shops.sql("SELECT count(*) AS n FROM reviews") == [{"n": 1}]
    again = client.post("/w/kahvi/reviews?product=P1&lang=fi", data=form | {"scales.Koko": "Valtava"})
    page = again.text
    assert 'href="#sp-f-scale-1-1"' in page and 'id="sp-e-scale-1"' in page  # the summary links to the question


def test_the_command_line_keeps_forms_short_and_answers_true(client, shops):
    koko(shops, "P1")
    refused = scale(shops, "set", "kahvi", "Paahto", "--labels", "Vaalea|Tumma")
    assert refused.exit_code == 1 and "A scale has 3 or 5 points" in refused.output
    refused = scale(shops, "set", "kahvi", "Koko", "--labels", "1|2|3|4|5")
    assert refused.exit_code == 1 and "keeps its number of points" in refused.output
    refused = scale(shops, "set", "kahvi", "Koko", "--labels", "A|B|C", "--translation", "sv", "S", "A|B")
    assert refused.exit_code == 1 and "as many as the scale's points" in refused.output
    for name in ("Paahto", "Happamuus"):
        assert scale(shops, "set", "kahvi", name, "--labels", "A|B|C", "--product", "P1").exit_code == 0
    fourth = scale(shops, "set", "kahvi", "Jälkimaku", "--labels", "A|B|C", "--product", "P1")
    assert fourth.exit_code == 1 and "Product P1 asks 3 scales already" in fourth.output
    assert shops.sql("SELECT name FROM scales ORDER BY name") == [{"name": n} for n in ("Happamuus", "Koko", "Paahto")]
    listed = scale(shops, "list", "kahvi").output
    assert "Koko [sv] Storlek: Liten | Lagom | Stor" in listed and "asked by: P1" in listed


def test_relabelling_keeps_what_was_said_and_removing_takes_the_answers_only(client, shops):
    koko(shops, "P1")
    approve(client, shops, post_review(client, scales={"Koko": "Suuri"})["id"])
    url = "/w/kahvi/reviews?product=P1&lang=fi"
    assert "Koko: Suuri" in text(client.get(url).text)
    assert scale(shops, "set", "kahvi", "Koko", "--labels", "Pieni|Sopiva|Iso").exit_code == 0
    assert "Koko: Iso" in text(shown(client, url, lambda page: "Koko: Iso" in text(page)))
    gone = scale(shops, "remove", "kahvi", "Koko")
    assert gone.exit_code == 0 and "removed, with 1 answer." in gone.output
    page = text(shown(client, url, lambda page: "Koko" not in text(page)))
    assert "Maistuu hyvältä." in page  # the review stays
    unknown = scale(shops, "remove", "kahvi", "Koko")
    assert unknown.exit_code == 1 and "kahvi has no scale 'Koko'" in unknown.output


def test_judgemes_cf_columns_and_our_own_export_bring_the_answers_in(client, shops, tmp_path):
    assert scale(shops, "set", "kahvi", "Koko", "--labels", "S|M|L", "--product", "tumma").exit_code == 0
    path = tmp_path / "judgeme.csv"
    path.write_bytes(exports.JUDGEME)  # its CF_Koko column: "M" for Anna, empty for the rest
    done = CliRunner().invoke(cli, ["import", "kahvi", str(path), "--db", str(shops.path)])
    assert done.exit_code == 0, done.output
    assert shops.sql("SELECT r.author_name, rs.point FROM review_scales rs JOIN reviews r ON r.id = rs.review_id") == [
        {"author_name": "Anna Korhonen", "point": 2}
    ]
    exported = {}
    for kind in ("jsonl", "csv"):
        out = CliRunner().invoke(cli, ["export", "kahvi", "--db", str(shops.path), "--format", kind])
        assert out.exit_code == 0, out.output
        exported[kind] = out.output
    assert '"scales": {"Koko": "M"}' in exported["jsonl"] and '"{""Koko"": ""M""}"' in exported["csv"]
    shops.create("toinen", "Toinen Oy")
    moved = tmp_path / "moved.csv"
    moved.write_text(exported["csv"])
    args = ["import", "toinen", str(moved), "--db", str(shops.path), "--partial", "--json"]
    without = CliRunner().invoke(cli, args)  # the other shop has no such scale: that row is refused, and said why
    assert without.exit_code == 0, without.output
    assert "the answer to Koko is none of its labels, or the shop has no such scale" in without.output
    assert scale(shops, "set", "toinen", "Koko", "--labels", "S|M|L").exit_code == 0
    moved_again = CliRunner().invoke(cli, args)
    assert moved_again.exit_code == 0, moved_again.output
    assert shops.sql(
        "SELECT count(*) AS n FROM review_scales rs JOIN scales s ON s.id = rs.scale_id WHERE s.shop_id = 2"
    ) == [{"n": 1}]


def test_a_column_named_as_the_scale_brings_its_answers_in_as_a_services_custom_question(client, shops, tmp_path):
    assert scale(shops, "set", "kahvi", "Fit", "--labels", "Small|True to size|Large").exit_code == 0
    path = tmp_path / "okendo.csv"
    path.write_bytes(exports.OKENDO.replace(b"title\n", b"title,Fit\n").replace(b",Nice\n", b",Nice,True to size\n"))
    done = CliRunner().invoke(cli, ["import", "kahvi", str(path), "--db", str(shops.path)])
    assert done.exit_code == 0, done.output
    assert shops.sql("SELECT point FROM review_scales") == [{"point": 2}]
