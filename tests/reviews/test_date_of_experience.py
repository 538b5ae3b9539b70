"""The date of experience: a review from an order's link says when the product was bought, by month."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from click.testing import CliRunner

from socialproof.cli import cli
from tests.mail.test_requests import local
from tests.portability import exports
from tests.reviews.test_invitations import invite, submit_with, token_of
from tests.shop_reviews.test_by_mail import mailed_request, shop_links
from tests.support import approve, moving_clock, review, text


def test_a_review_through_an_order_link_says_the_month_of_the_order(client, shops, monkeypatch):
    travel = moving_clock(monkeypatch, datetime(2026, 3, 28, 9, tzinfo=UTC))
    token = token_of(invite(client, shops)["P1"])
    travel(days=40)  # written in May about the March order
    verified = submit_with(client, token).json()["id"]
    plain = client.post("/api/v1/shops/kahvi/products/P1/reviews", json=review(body="Ilman linkkiä.")).json()["id"]
    for review_id in (verified, plain):
        approve(client, shops, review_id)
    items = {i["id"]: i for i in client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["items"]}
    assert items[verified]["experienced_at"] == "2026-03" and items[plain]["experienced_at"] is None
    said = {lang: text(client.get(f"/w/kahvi/reviews?product=P1&lang={lang}").text) for lang in ("fi", "sv", "en")}
    assert "Ostettu: maaliskuu 2026" in said["fi"]
    assert "Köpt i mars 2026" in said["sv"]
    assert "Bought in March 2026" in said["en"] and said["en"].count("Bought in") == 1  # not the one without a link
    assert "Bought in March 2026" in text(client.get("/reviews/kahvi?lang=en").text)  # the all-reviews page too


def test_a_review_of_the_shop_through_the_orders_link_says_when_it_was_ordered(client, shops, inbox, monkeypatch):
    travel = moving_clock(monkeypatch, datetime(2026, 1, 30, 12, tzinfo=UTC))
    message = mailed_request(client, shops, inbox, travel, lang="en")
    travel(days=20)
    link = local(next(url for url in shop_links(message) if "rating" not in url))
    token = parse_qs(urlsplit(link).query)["invitation"][0]
    sent = client.post(
        "/api/v1/shops/kahvi/shop-reviews",
        json={"rating": 4, "body": "Nopea toimitus.", "author_name": "Anni", "invitation": token, "visitor": "v" * 22},
    )
    assert sent.status_code == 201, sent.text
    approved = client.post(
        f"/api/v1/shops/kahvi/shop-reviews/{sent.json()['id']}/moderation",
        json={"action": "approve"},
        headers=shops.auth("kahvi"),
    )
    assert approved.status_code == 200, approved.text
    listed = client.get("/api/v1/shops/kahvi/shop-reviews").json()["items"]
    assert [r["experienced_at"] for r in listed] == ["2026-01"]
    assert "Ordered in January 2026" in text(client.get("/shop-reviews/kahvi?lang=en").text)


def import_file(shops, tmp_path, data, *args):
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    return CliRunner().invoke(cli, ["import", "kahvi", str(path), "--db", str(shops.path), "--json", *args])


def test_an_imported_review_keeps_the_date_of_experience_its_file_gives(client, shops, tmp_path):
    data = exports.csv_of(
        "title,body,rating,review_date,curated,reviewer_name,product_handle,date_of_experience",
        "A,Hyvä,5,2024-05-01 10:00:00 UTC,ok,Aino,tumma,2024-04-12",
        "B,Ihan ok,4,2024-05-02 10:00:00 UTC,ok,Eero,tumma,",
    )
    done = import_file(shops, tmp_path, data)
    assert done.exit_code == 0, done.output
    assert shops.sql("SELECT author_name, experienced_at FROM reviews ORDER BY id") == [
        {"author_name": "Aino", "experienced_at": "2024-04"},
        {"author_name": "Eero", "experienced_at": None},
    ]
    assert "Bought in April 2024" in text(client.get("/w/kahvi/reviews?product=tumma&lang=en").text)


def test_a_date_of_experience_that_is_no_date_or_after_the_review_is_refused_with_its_line(client, shops, tmp_path):
    data = exports.csv_of(
        "title,body,rating,review_date,curated,reviewer_name,product_handle,date_of_experience",
        "A,Hyvä,5,2024-05-01 10:00:00 UTC,ok,Aino,tumma,eilen",
        "B,Hyvä,5,2024-05-01 10:00:00 UTC,ok,Eero,tumma,2024-06-01",
        "C,Hyvä,5,2024-05-01 10:00:00 UTC,ok,Liisa,tumma,2024-05-01",
    )
    done = import_file(shops, tmp_path, data, "--partial")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["refused"] == [
        {"line": 2, "why": "the date of experience is not a date"},
        {"line": 3, "why": "the date of experience is after the review was written"},
    ]
    assert shops.sql("SELECT author_name, experienced_at FROM reviews") == [
        {"author_name": "Liisa", "experienced_at": "2024-05"}
    ]


def test_the_export_carries_the_month_and_a_fresh_instance_reads_it_back(client, shops, tmp_path, monkeypatch):
    moving_clock(monkeypatch, datetime(2026, 3, 28, 9, tzinfo=UTC))
    approve(client, shops, submit_with(client, token_of(invite(client, shops)["P1"])).json()["id"])
    exported = CliRunner().invoke(cli, ["export", "kahvi", "--db", str(shops.path), "--format", "jsonl"])
    assert exported.exit_code == 0, exported.output
    (record,) = [json.loads(line) for line in exported.output.splitlines()]
    assert record["experienced_at"] == "2026-03"
    shops.create("toinen", "Toinen Oy")
    path = tmp_path / "moved.jsonl"
    path.write_text(exported.output)
    moved = CliRunner().invoke(cli, ["import", "toinen", str(path), "--db", str(shops.path)])
    assert moved.exit_code == 0, moved.output
    assert shops.sql("SELECT experienced_at FROM reviews ORDER BY id") == [
        {"experienced_at": "2026-03"},
        {"experienced_at": "2026-03"},
    ]
