"""The demo shop a new user sees first."""

import pytest

from socialproof.app import create_app
from socialproof.config import Settings
from socialproof.db.store import open_migrated
from socialproof.demo.seed import DEMO_SHOP, seed
from socialproof.photos.storage import LocalStorage
from tests.client import TestClient


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path / "photos")


def test_demo_has_products_reviews_in_two_languages_and_a_queue(db, storage):
    key, password = seed(db, storage)
    assert key.startswith("sp_") and len(password) >= 10
    reviews = list(db.query("SELECT rating, lang, status FROM reviews"))
    assert {r["lang"] for r in reviews} == {"fi", "en"}
    assert {r["status"] for r in reviews} == {"approved", "pending"}
    assert {r["rating"] for r in reviews} == {1, 2, 3, 4, 5}
    approved = next(db.query("SELECT count(*) AS n FROM reviews WHERE status = 'approved'"))["n"]
    decisions = "SELECT count(*) AS n FROM moderation_log WHERE action = 'approve' AND review_id IS NOT NULL"
    assert next(db.query(decisions))["n"] == approved
    in_store = list(db.query("SELECT rating FROM reviews WHERE source = 'in-store' AND verified = 1"))
    assert len(in_store) == 2 and min(r["rating"] for r in in_store) <= 2  # the counter's reviews, low ones too


def test_demo_has_questions_answered_waiting_for_an_answer_and_waiting_for_a_decision(db, storage):
    seed(db, storage)
    rows = list(db.query("SELECT status, answered_at IS NOT NULL AS answered FROM questions ORDER BY id"))
    assert [(r["status"], bool(r["answered"])) for r in rows] == [
        ("approved", True),
        ("approved", True),
        ("approved", False),
        ("pending", False),
    ]
    assert next(db.query("SELECT count(*) AS n FROM answers WHERE by_shop = 1"))["n"] == 2


def test_running_the_demo_again_keeps_the_data_and_adds_a_key(db, storage):
    first, second = seed(db, storage), seed(db, storage)
    assert first[0] != second[0] and first[1] != second[1]
    assert db["shops"].count == 1 and db["api_keys"].count == 2 and db["moderators"].count == 1
    assert db["reviews"].count == 18


def test_demo_has_shopper_photos_on_disk_and_public(db_path):
    with open_migrated(db_path) as db:
        seed(db, LocalStorage(Settings(db_path=db_path).photo_path))
    with TestClient(create_app(Settings(db_path=db_path))) as client:
        items = client.get("/api/v1/shops/paahtimo/products/aamukahvi/reviews?photos=1").json()["items"]
        assert len(items) >= 3
        photo = items[0]["photos"][0]
        assert client.get(photo["thumbnail_url"]).headers["content-type"] == "image/jpeg"
        assert max(photo["width"], photo["height"]) <= 2048


def test_demo_page_embeds_the_widgets_and_follows_the_chosen_language(db_path, tmp_path):
    with open_migrated(db_path) as db:
        seed(db, LocalStorage(tmp_path / "photos"))
    with TestClient(create_app(Settings(db_path=db_path), demo_page=True)) as client:
        page = client.get("/").text
        assert f'<script src="/embed.js" data-shop="{DEMO_SHOP}" async></script>' in page
        assert page.count('data-socialproof="') - page.count('[data-socialproof="') == 10 and '<html lang="fi">' in page
        assert '<html lang="sv">' in client.get("/?lang=sv").text
        assert '<html lang="fi">' in client.get("/?lang=xx").text


def test_the_demo_page_is_only_served_by_the_demo(client):
    assert client.get("/").status_code == 404
