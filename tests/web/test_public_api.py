"""The public API of the contract: submit, list and summarise reviews."""

import json

import pytest

from socialproof.app import create_app
from socialproof.config import Settings
from tests.client import TestClient
from tests.support import post_review, published, review


def test_json_review_is_stored_pending_and_not_shown(client, shops):
    answer = post_review(client)
    assert answer["status"] == "pending" and isinstance(answer["id"], int)
    assert client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["total"] == 0
    assert client.get("/api/v1/shops/kahvi/products/P1/summary").json()["review_count"] == 0


@pytest.mark.parametrize("as_multipart", [False, True])
def test_form_posts_are_accepted_too(client, as_multipart):
    fields = {"rating": "4", "body": "Hyvää", "author_name": "Anni", "recommend": "yes"}
    if as_multipart:
        response = client.post(
            "/api/v1/shops/kahvi/products/P1/reviews",
            data=fields,
            files={"unused": ("", b"", "application/octet-stream")},
        )
    else:
        response = client.post("/api/v1/shops/kahvi/products/P1/reviews", data=fields)
    assert response.status_code == 201, response.text


def test_post_moderated_shop_publishes_at_once(client, shops):
    shops.create("heti", moderation="post")
    assert post_review(client, shop="heti", rating=1)["status"] == "approved"
    assert client.get("/api/v1/shops/heti/products/P1/summary").json()["review_count"] == 1


def test_bad_review_gets_422_naming_each_field_and_stores_nothing(client, shops):
    response = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews", json={"rating": 7, "body": "", "author_name": "", "email": "x"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] and set(body["errors"]) == {"rating", "body", "author_name", "email"}
    assert shops.sql("SELECT count(*) AS n FROM reviews")[0]["n"] == 0
    assert shops.sql("SELECT count(*) AS n FROM products")[0]["n"] == 0


def test_errors_follow_the_shoppers_language(client):
    response = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews", json={"rating": 3}, headers={"Accept-Language": "sv-FI,sv;q=0.9"}
    )
    assert response.json()["errors"]["body"] == "Skriv några ord om produkten."


def test_oversized_body_is_refused_before_it_is_read(client, shops):
    huge = json.dumps(review(body="x" * 70_000)).encode()
    response = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews", content=huge, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413 and "error" in response.json()

    def chunks():  # no Content-Length: refused while streaming
        for _ in range(100):
            yield b"x" * 1024

    response = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert shops.sql("SELECT count(*) AS n FROM reviews")[0]["n"] == 0


@pytest.mark.parametrize(
    "content, content_type, status",
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b"rating=5", "text/plain", 415),
    ],
)
def test_malformed_bodies_get_clear_errors(client, content, content_type, status):
    response = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews", content=content, headers={"Content-Type": content_type}
    )
    assert response.status_code == status and response.json()["error"]


def test_unknown_shop_is_404_and_bad_product_id_422(client):
    assert client.post("/api/v1/shops/nope/products/P1/reviews", json=review()).status_code == 404
    assert client.get("/api/v1/shops/nope/products/P1/summary").status_code == 404
    bad = client.post("/api/v1/shops/kahvi/products/" + "x" * 101 + "/reviews", json=review())
    assert bad.status_code == 422 and "product" in bad.json()["errors"]


def test_markup_is_returned_as_typed_text_and_email_never_published(client, shops):
    published(client, shops, title="<b>Hyvä</b>", body="&lt;script&gt; Paras", email="anni@example.fi")
    item = client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["items"][0]
    # Plain text as typed: an entity is not decoded into markup for an API consumer to render.
    assert (item["title"], item["body"]) == ("<b>Hyvä</b>", "&lt;script&gt; Paras")
    assert "email" not in item and "anni@example.fi" not in json.dumps(item)
    assert {"id", "rating", "title", "body", "author_name", "created_at", "lang"} <= set(item)


def test_summary_counts_approved_reviews_only(client, shops):
    for rating in (5, 5, 4, 2):
        published(client, shops, rating=rating)
    post_review(client, rating=1)  # pending: not counted
    summary = client.get("/api/v1/shops/kahvi/products/P1/summary").json()
    assert summary == {
        "product": "P1",
        "review_count": 4,
        "rating_average": 4.0,
        "rating_distribution": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 2},
        "recommend_percent": None,
        "recommendations": 0,
        "photo_count": 0,
        "group": None,  # in no product group
        "scales": {},  # the product asks no attribute scale
    }


def test_sorting_filtering_and_paging(client, shops):
    ids = [published(client, shops, rating=r, title=f"r{r}") for r in (3, 5, 1, 4, 5)]
    url = "/api/v1/shops/kahvi/products/P1/reviews"
    newest = client.get(url).json()
    assert [i["id"] for i in newest["items"]] == ids[::-1]
    assert [i["rating"] for i in client.get(url, params={"sort": "highest"}).json()["items"]] == [5, 5, 4, 3, 1]
    assert [i["rating"] for i in client.get(url, params={"sort": "lowest"}).json()["items"]] == [1, 3, 4, 5, 5]
    fives = client.get(url, params={"stars": 5}).json()
    assert fives["total"] == 2 and {i["rating"] for i in fives["items"]} == {5}
    assert (newest["page"], newest["pages"], newest["total"]) == (1, 1, 5)


def test_pages_do_not_overlap(client, shops):
    for _ in range(5):
        published(client, shops)
    url = "/api/v1/shops/kahvi/products/P1/reviews"
    with TestClient(create_app(Settings(db_path=shops.path, api_page_size=2))) as small_pages:
        pages = [small_pages.get(url, params={"page": n}).json() for n in (1, 2, 3)]
    seen = [i["id"] for p in pages for i in p["items"]]
    assert len(seen) == len(set(seen)) == 5 and pages[0]["pages"] == 3


@pytest.mark.parametrize("params", [{"page": "0"}, {"page": "x"}, {"sort": "random"}, {"stars": "6"}])
def test_bad_listing_parameters_are_400_naming_the_parameter(client, params):
    response = client.get("/api/v1/shops/kahvi/products/P1/reviews", params=params)
    assert response.status_code == 400 and set(response.json()["errors"]) == set(params)


def test_summary_is_cacheable_and_revalidates(client, shops):
    first = client.get("/api/v1/shops/kahvi/products/P1/summary")
    assert "max-age" in first.headers["cache-control"] and first.headers["etag"]
    again = client.get("/api/v1/shops/kahvi/products/P1/summary", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    published(client, shops)
    changed = client.get("/api/v1/shops/kahvi/products/P1/summary", headers={"If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200 and changed.json()["review_count"] == 1


def test_public_paths_answer_cross_origin_without_credentials(client):
    response = client.get("/api/v1/shops/kahvi/products/P1/summary", headers={"Origin": "https://shop.example"})
    assert response.headers["access-control-allow-origin"] == "*"  # a read carries nothing private: any origin
    assert "access-control-allow-credentials" not in response.headers
    preflight = client.options(
        "/api/v1/shops/kahvi/products/P1/reviews",
        headers={"Origin": "https://shop.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204 and "POST" in preflight.headers["access-control-allow-methods"]


@pytest.mark.parametrize("path", ["/my-review/any-token", "/mail/unsubscribe/any-token"])
def test_the_forms_behind_mailed_links_refuse_an_oversized_body_before_reading_it(client, path):
    def chunks():  # no Content-Length: counted as it streams, refused past the limit
        for _ in range(100):
            yield b"x" * 1024

    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = client.post(path, content=chunks(), headers=headers)
    assert answer.status_code == 413 and "error" in answer.json()
