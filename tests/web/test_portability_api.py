"""POST /api/v1/shops/{shop}/imports: the file as the body, the report as the answer."""

from __future__ import annotations

from socialproof import policy
from socialproof.app import create_app
from socialproof.config import Settings
from tests.client import TestClient
from tests.photo_files import jpeg
from tests.portability import exports
from tests.support import serving

IMPORTS = "/api/v1/shops/kahvi/imports"


def test_an_import_answers_with_its_report_in_the_callers_language(client, shops):
    answer = client.post(IMPORTS + "?lang=fi", content=exports.YOTPO, headers=shops.auth("kahvi"))
    assert answer.status_code == 201 and answer.headers["cache-control"] == "no-store"
    report = answer.json()
    assert report["service"] == "yotpo" and report["reviews"] == 3 and report["shop_reviews_set_aside"] == 1
    assert report["per_product"] == {"77": 3}
    assert client.get("/api/v1/shops/kahvi/products/77/summary").json()["review_count"] == 2
    (entry,) = shops.sql("SELECT actor, action FROM moderation_log")
    assert entry == {"actor": "api:kahvi", "action": "import"}


def test_a_dry_run_answers_200_and_stores_nothing(client, shops):
    answer = client.post(IMPORTS + "?dry_run=true", content=exports.JUDGEME, headers=shops.auth("kahvi"))
    assert answer.status_code == 200 and answer.json()["dry_run"] is True and answer.json()["reviews"] == 4
    assert shops.sql("SELECT count(*) AS n FROM reviews") == [{"n": 0}]


def test_errors_come_in_the_contract_shape_and_store_nothing(client, shops):
    assert client.post(IMPORTS, content=exports.YOTPO).status_code == 401
    unknown = client.post(IMPORTS + "?from=trustpilot", content=exports.YOTPO, headers=shops.auth("kahvi"))
    assert (
        unknown.status_code == 422 and set(unknown.json()) == {"error", "errors"} and "from" in unknown.json()["errors"]
    )
    bad = exports.csv_of("rating,body,date,handle,name", "9,Hyvä,2024-01-01,tumma,Aino")
    refused = client.post(IMPORTS + "?from=okendo&lang=en", content=bad, headers=shops.auth("kahvi"))
    assert refused.status_code == 422 and refused.json()["errors"] == {
        "line 2": "the rating is not a whole number from 1 to 5"
    }
    ambiguous = exports.csv_of("rating,body,date,handle,name", "5,Hyvä,03/04/2024,tumma,Aino")
    asked = client.post(IMPORTS + "?from=okendo", content=ambiguous, headers=shops.auth("kahvi"))
    assert asked.status_code == 422 and "dates" in asked.json()["errors"]
    assert shops.sql("SELECT count(*) AS n FROM reviews") == [{"n": 0}]


def test_a_file_past_the_limit_is_refused_before_it_is_read(db_path, shops):
    shops.create("kahvi", "Kahvi Oy")
    with TestClient(create_app(Settings(db_path=db_path, import_max_bytes=100))) as small:
        answer = small.post(IMPORTS, content=exports.JUDGEME, headers=shops.auth("kahvi"))
    assert answer.status_code == 413


def test_the_api_never_fetches_photos_from_the_servers_own_network(client, shops):
    with serving({"/one.jpg": jpeg()}) as base:
        data = exports.csv_of(
            "title,body,rating,review_date,curated,reviewer_name,product_handle,picture_urls",
            f"Kuva,Katso,5,2024-05-01 10:00:00 UTC,ok,Aino,tumma,{base}/one.jpg",
        )
        report = client.post(IMPORTS, content=data, headers=shops.auth("kahvi")).json()
    assert report["reviews"] == 1 and report["photos"] == 0
    assert "private, loopback" in report["photo_problems"][0]["why"]


def test_a_file_no_json_reader_should_take_is_refused_with_its_line(client, shops):
    deep = b'[{"rating": 5, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]"
    long_number = b'{"rating": ' + b"5" * 5000 + b', "product": "P1", "body": "Hyv\xc3\xa4"}\n'
    for body in (deep, long_number, b'{"rating": NaN, "product": "P1"}\n'):
        answer = client.post(IMPORTS + "?from=socialproof&lang=en", content=body, headers=shops.auth("kahvi"))
        assert answer.status_code == 422 and "not valid JSON (line 1)" in answer.json()["error"], answer.text
    assert shops.sql("SELECT count(*) AS n FROM reviews") == [{"n": 0}]


def okendo_file(rows: int, rating: str = "5") -> bytes:
    lines = [f"Mia {n},Hyvä kuppi {n},{rating},2024-01-10T12:00:00.000Z,p{n % 50},,," for n in range(rows)]
    return ("name,body,rating,dateCreated,handle,email,imageUrls,title\n" + "\n".join(lines) + "\n").encode()


def test_a_file_past_the_row_limit_is_refused_at_once_with_the_limit_named(client, shops, monkeypatch):
    monkeypatch.setattr(policy, "IMPORT_MAX_ROWS", 1_000)  # the real 100,000, smaller for the suite
    answer = client.post(IMPORTS + "?from=okendo&lang=en", content=okendo_file(1_001), headers=shops.auth("kahvi"))
    assert answer.status_code == 422 and "more than 1,000 reviews" in answer.json()["error"]
    assert shops.sql("SELECT count(*) AS n FROM reviews") == [{"n": 0}]


def test_a_file_of_many_bad_rows_gets_a_short_answer_naming_the_first_and_counting_the_rest(client, shops):
    for dry_run in ("false", "true"):  # a dry run refuses exactly what the import refuses
        answer = client.post(
            IMPORTS + f"?from=okendo&lang=en&dry_run={dry_run}",
            content=okendo_file(5_000, "9"),
            headers=shops.auth("kahvi"),
        )
        assert answer.status_code == 422 and "5000 rows can't be imported" in answer.json()["error"].replace(",", "")
        errors = answer.json()["errors"]
        assert len(errors) == policy.REPORT_LINES_MAX + 1 and errors["more"] == "and 4,900 more rows"
        assert len(answer.content) < 20_000
    assert shops.sql("SELECT count(*) AS n FROM reviews") == [{"n": 0}]


def test_a_large_import_is_stored_in_batches_and_the_count_is_whole(client, shops):
    answer = client.post(
        IMPORTS + "?from=okendo", content=okendo_file(3 * policy.IMPORT_BATCH + 7), headers=shops.auth("kahvi")
    )
    assert answer.status_code == 201 and answer.json()["reviews"] == 3 * policy.IMPORT_BATCH + 7
    assert shops.sql("SELECT count(*) AS n FROM reviews") == [{"n": 3 * policy.IMPORT_BATCH + 7}]
    assert shops.sql("SELECT count(*) AS n FROM moderation_log WHERE action = 'import'") == [{"n": 1}]
    again = client.post(
        IMPORTS + "?from=okendo", content=okendo_file(3 * policy.IMPORT_BATCH + 7), headers=shops.auth("kahvi")
    )
    assert again.json()["reviews"] == 0 and again.json()["already_imported"] == 3 * policy.IMPORT_BATCH + 7
