"""`socialproof import`: every review of another service's export comes in, once, with where it came from."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.portability import fetching
from tests.photo_files import jpeg
from tests.portability import exports
from tests.support import Moderator, make_moderator, serving, structured, text, wait_until


def imported(shops, tmp_path, data, *args, ok=True):
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    done = CliRunner().invoke(cli, ["import", "kahvi", str(path), "--db", str(shops.path), *args])
    assert (done.exit_code == 0) is ok, done.output
    return done.output


def report(shops, tmp_path, data, *args):
    return json.loads(imported(shops, tmp_path, data, "--json", *args))


def reviews(shops):
    return shops.sql(
        "SELECT r.rating, r.title, r.body, r.author_name, r.email, r.status, r.rejection_reason, r.source, "
        "r.verified, r.verified_at_source, r.created_at, p.external_id AS product FROM reviews r "
        "JOIN products p ON p.id = r.product_id ORDER BY r.id"
    )


def test_a_judgeme_export_comes_in_whole_whatever_the_ratings(client, shops, tmp_path):
    done = report(shops, tmp_path, exports.JUDGEME)
    assert done["service"] == "judgeme" and done["reviews"] == 4 and done["replies"] == 1
    assert done["per_product"] == {"111": 2, "112": 2} and done["rejected"] == 1 and done["refused"] == []
    rows = reviews(shops)
    assert [r["rating"] for r in rows] == [5, 1, 5, 4]  # the 1-star review too
    assert rows[0]["body"] == "Pehmeä ja marjainen.\nJuon joka aamu ☕😀"
    assert rows[0]["created_at"] == "2024-03-01T08:00:00.000000+00:00" and rows[0]["source"] == "import:judgeme"
    assert (rows[2]["status"], rows[2]["rejection_reason"]) == ("rejected", "spam")
    assert rows[3]["body"] == "" and rows[3]["status"] == "approved"  # rating-only: counts, shows its stars
    assert not any(r["verified"] or r["verified_at_source"] for r in rows)  # Judge.me's file doesn't say
    stored = json.dumps(shops.sql("SELECT * FROM reviews") + shops.sql("SELECT * FROM products"))
    assert "203.0.113.7" not in stored and "Oulu" not in stored  # IP addresses and locations never stored

    summary = client.get("/api/v1/shops/kahvi/products/112/summary").json()
    assert summary["review_count"] == 1 and summary["rating_average"] == 4  # the spam row is not counted
    widget = text(client.get("/w/kahvi/reviews?product=111&lang=en").text)
    assert "Imported from Judge.me" in widget and "Kiitos Anna!" in widget and "Liian kitkerä" in widget
    (entry,) = shops.sql("SELECT action, reason FROM moderation_log")
    assert entry == {"action": "import", "reason": f"judgeme sha256:{done['file_sha256']}"}


def test_importing_the_same_file_twice_adds_nothing(client, shops, tmp_path):
    report(shops, tmp_path, exports.JUDGEME)
    again = report(shops, tmp_path, exports.JUDGEME)
    assert again["reviews"] == 0 and again["already_imported"] == 4
    assert len(reviews(shops)) == 4 and len(shops.sql("SELECT * FROM moderation_log")) == 1


def test_a_row_the_file_holds_twice_comes_in_once(client, shops, tmp_path):
    row = "A,Hyvä,5,2024-05-01 10:00:00 UTC,ok,Aino,tumma"
    data = exports.csv_of("title,body,rating,review_date,curated,reviewer_name,product_handle", row, row)
    assert report(shops, tmp_path, data)["reviews"] == 1 and len(reviews(shops)) == 1


def test_a_dry_run_reports_and_stores_nothing(client, shops, tmp_path):
    out = imported(shops, tmp_path, exports.JUDGEME, "--dry-run")
    assert "Would import from Judge.me: 4 reviews, 1 reply, 0 photos." in out
    assert reviews(shops) == [] and shops.sql("SELECT * FROM moderation_log") == []


def test_yotpo_verified_buyers_are_shown_as_verified_there_and_shop_reviews_set_aside(client, shops, tmp_path):
    done = report(shops, tmp_path, exports.YOTPO)
    assert done["reviews"] == 3 and done["shop_reviews_set_aside"] == 1 and done["waiting_for_a_decision"] == 1
    rows = reviews(shops)
    assert [(r["verified"], r["verified_at_source"]) for r in rows] == [(0, 1), (0, 0), (0, 0)]
    assert rows[2]["status"] == "pending"  # unpublished at Yotpo, with no reason: a moderator decides
    shown = text(client.get("/w/kahvi/reviews?product=77&lang=sv").text)
    assert "Verifierad köpare hos Yotpo" in shown and "Importerad från Yotpo" in shown
    (review,) = [r for r in client.get("/api/v1/shops/kahvi/products/77/reviews").json()["items"] if r["rating"] == 5]
    assert review["verified"] is False and review["verified_at_source"] is True
    assert review["source"] == "import:yotpo" and review["imported_from"] == "Yotpo"


@pytest.mark.parametrize(
    ("data", "service", "ratings", "statuses", "verified_there"),
    [
        (exports.OKENDO, "okendo", [4], ["approved"], [0]),
        (exports.LOOX, "loox", [5, 1], ["approved", "pending"], [1, 0]),
        (exports.SHOPIFY, "shopify", [5, 5], ["approved", "rejected"], [0, 0]),
        (exports.WOOCOMMERCE, "woocommerce", [5, 2], ["approved", "pending"], [1, 0]),
    ],
)
def test_each_service_is_told_from_its_columns(
    client, shops, tmp_path, data, service, ratings, statuses, verified_there
):
    assert report(shops, tmp_path, data)["service"] == service
    rows = reviews(shops)
    assert [r["rating"] for r in rows] == ratings and [r["status"] for r in rows] == statuses
    assert [r["verified_at_source"] for r in rows] == verified_there


def test_woocommerce_bodies_lose_their_markup_and_shopify_replies_come_along(client, shops, tmp_path):
    report(shops, tmp_path, exports.WOOCOMMERCE)
    assert reviews(shops)[0]["body"] == "Lämpimät!" and reviews(shops)[0]["product"] == "200"
    assert reviews(shops)[0]["created_at"] == "2024-01-05T10:00:00.000000+00:00"  # the GMT time, not the shop's local
    report(shops, tmp_path, exports.SHOPIFY)
    assert shops.sql("SELECT body, created_at FROM replies") == [
        {"body": "Thanks!", "created_at": "2024-01-02T10:00:00.000000+00:00"}
    ]


def test_headers_in_another_order_and_case_are_matched_by_name(client, shops, tmp_path):
    data = exports.csv_of(
        "REVIEWER_NAME,Product_Handle,Curated,Review_Date,Rating,Body", "Aino,tumma,ok,2024-05-01 10:00:00 UTC,3,Ok"
    )
    assert report(shops, tmp_path, data)["service"] == "judgeme"
    assert reviews(shops)[0]["author_name"] == "Aino" and reviews(shops)[0]["rating"] == 3


def test_a_bad_row_stops_the_whole_file_unless_partial(client, shops, tmp_path):
    data = exports.csv_of(
        "title,body,rating,review_date,curated,reviewer_name,product_handle",
        "A,Hyvä,5,2024-05-01 10:00:00 UTC,ok,Aino,tumma",
        "B,Huono,7,2024-05-02 10:00:00 UTC,ok,Eero,tumma",
    )
    out = imported(shops, tmp_path, data, ok=False)
    assert "1 row can't be imported, so nothing was" in out and "line 3: the rating is not a whole number" in out
    assert reviews(shops) == []
    done = report(shops, tmp_path, data, "--partial")
    assert done["reviews"] == 1 and done["refused"] == [
        {"line": 3, "why": "the rating is not a whole number from 1 to 5"}
    ]


def test_an_ambiguous_date_file_is_refused_with_a_question(client, shops, tmp_path):
    data = exports.csv_of("rating,body,date,handle,name", "5,Hyvä,05/06/2024 10:00,tumma,Aino")
    out = imported(shops, tmp_path, data, "--from", "okendo", ok=False)
    assert "Does 05/06/2024 mean June 5, 2024 or May 6, 2024?" in out and reviews(shops) == []  # a date of the file's
    report(shops, tmp_path, data, "--from", "okendo", "--dates", "dmy")
    assert reviews(shops)[0]["created_at"].startswith("2024-06-05")


def test_photos_are_fetched_through_the_pipeline_and_a_broken_one_is_reported(client, shops, tmp_path):
    with serving({"/one.jpg": jpeg(gps=True)}) as base:
        data = exports.csv_of(
            "title,body,rating,review_date,curated,reviewer_name,product_handle,picture_urls",
            f'Kuva,Katso,5,2024-05-01 10:00:00 UTC,ok,Aino,tumma,"{base}/one.jpg,{base}/gone.jpg"',
        )
        refused = report(shops, tmp_path, data)
        assert refused["photos"] == 0 and "private, loopback" in refused["photo_problems"][0]["why"]
        shops.execute("DELETE FROM reviews")
        done = report(shops, tmp_path, data, "--photos-from-private")
    assert done["reviews"] == 1 and done["photos"] == 1
    assert [p["line"] for p in done["photo_problems"]] == [2] and "404" in done["photo_problems"][0]["why"]
    (photo,) = shops.sql("SELECT status, content_hash FROM photos")
    assert photo["status"] == "approved"
    shown = client.get("/api/v1/shops/kahvi/products/tumma/reviews").json()["items"][0]["photos"]
    served = client.get(shown[0]["url"].removeprefix("http://testserver"))
    assert served.status_code == 200 and b"GPS" not in served.content  # metadata stripped as for uploads


def test_a_photo_server_that_hardly_moves_is_cut_off_at_the_deadline(client, shops, tmp_path, monkeypatch):
    monkeypatch.setattr(fetching, "DEADLINE_SECONDS", 1)  # the real 10 s, shortened for the suite
    with serving({"/one.jpg": jpeg()}, trickle=("/slow.jpg",)) as base:
        data = exports.csv_of(
            "title,body,rating,review_date,curated,reviewer_name,product_handle,picture_urls",
            f'Kuva,Katso,5,2024-05-01 10:00:00 UTC,ok,Aino,tumma,"{base}/slow.jpg,{base}/one.jpg"',
        )
        started = time.monotonic()
        done = report(shops, tmp_path, data, "--photos-from-private")
        took = time.monotonic() - started
    assert done["reviews"] == 1 and done["photos"] == 1  # the review and its other photo come in
    (problem,) = done["photo_problems"]
    assert "no answer within 1 seconds" in problem["why"] and took < 5  # not the 20 s the server would take


def test_the_disclosure_and_the_structured_data_say_where_imported_reviews_came_from(client, shops, tmp_path):
    before = text(client.get("/w/kahvi/reviews?product=77&lang=en").text)
    assert "collected by another service" not in before
    report(shops, tmp_path, exports.YOTPO)  # from the CLI: the server's cache hears of it through the change feed
    said = "collected by another service the shop used before (Yotpo)"
    wait_until(lambda: said in text(client.get("/w/kahvi/reviews?product=77&lang=en").text), timeout=10, what=said)
    page = client.get("/w/kahvi/reviews?product=77&lang=en").text
    (data,) = structured(page)
    assert [r["publisher"] for r in data["review"]] == [{"@type": "Organization", "name": "Yotpo"}] * 2


def test_moderators_see_where_a_waiting_imported_review_came_from(client, shops, tmp_path):
    report(shops, tmp_path, exports.LOOX)  # the hidden Loox review waits for a decision
    mod = Moderator(client, make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))
    queue = text(mod.get("/admin/shops/kahvi?lang=en").text)
    assert "Broke fast" in queue and "Imported from Loox" in queue
