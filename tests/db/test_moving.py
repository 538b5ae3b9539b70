"""`socialproof migrate-to`: an SQLite database moved into PostgreSQL answers the public exactly as before.

These tests use both engines themselves, so they run once, marked with the engine they move from.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from socialproof.app import create_app
from socialproof.cli import cli
from socialproof.config import Settings
from socialproof.db.store import open_migrated
from socialproof.demo.seed import DEMO_SHOP, seed
from socialproof.demo.seed import PRODUCTS as DEMO_PRODUCTS
from socialproof.photos.storage import LocalStorage
from tests.client import TestClient
from tests.support import fill_reviews, post_review

pytestmark = pytest.mark.engine("sqlite")

PRODUCTS = [product for product, _, _ in DEMO_PRODUCTS]


def public_answers(location, photos, shop=DEMO_SHOP, products=PRODUCTS) -> dict[str, object]:
    """What shoppers and search engines read: the JSON API and the widgets, in two languages."""
    answers: dict[str, object] = {}
    with TestClient(create_app(Settings(db_path=location, photo_dir=str(photos)))) as client:
        answers["shop"] = client.get(f"/api/v1/shops/{shop}/summary").json()
        for product in products:
            for query in ("", "?sort=lowest", "?sort=helpful&page=3", "?photos=1", "?rating=5"):
                path = f"/api/v1/shops/{shop}/products/{product}/reviews{query}"
                answers[path] = client.get(path).json()
            answers[product] = client.get(f"/api/v1/shops/{shop}/products/{product}/summary").json()
            for lang in ("fi", "en"):
                path = f"/w/{shop}?product={product}&lang={lang}&widgets=stars,reviews,gallery,trust"
                answers[path] = client.get(path).text
    return answers


def migrate_to(db_path, url):
    return CliRunner().invoke(cli, ["migrate-to", url, "--db", str(db_path)])


def test_the_demo_moved_to_postgresql_answers_as_it_did(tmp_path, pg_server):
    db_path, photos = tmp_path / "demo.db", tmp_path / "photos"
    with open_migrated(db_path) as db:
        seed(db, LocalStorage(photos))
    before = public_answers(db_path, photos)
    assert before[f"/api/v1/shops/{DEMO_SHOP}/products/aamukahvi/reviews"]["items"]  # not an empty comparison
    url = pg_server.fresh_database(migrated=False)
    try:
        result = migrate_to(db_path, url)
        assert result.exit_code == 0, result.output
        assert "reviews: 18 rows" in result.output and "the counts agree" in result.output
        assert "checked: reviews by status: approved" in result.output
        assert public_answers(url, photos) == before
        # Every table the demo fills moves, with all its rows: questions, reviews of the shop, in-store codes,
        # scales, insights' roll-ups and words, not only what the first PostgreSQL schema had.
        with open_migrated(db_path) as db:
            tables = [t for t in db.table_names() if not t.startswith(("_sqlite", "sqlite_"))]
            counted = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        for table in ("questions", "shop_reviews", "store_code_batches", "scales", "review_scales", "topic_totals"):
            assert counted[table] and f"{table}: {counted[table]} rows" in result.output, table
        assert all(f"{t}: {n} rows" in result.output for t, n in counted.items())
    finally:
        pg_server.drop(url)


def test_ten_thousand_reviews_moved_answer_as_they_did(tmp_path, pg_server):
    """The move streams each table through COPY, so its size is a benchmark's figure
    (scripts/benchmark_engines.py moves 100,000); this holds the answers to account at a size
    where a wrong order, a lost row or a stale aggregate shows on a product of 1,000 reviews."""
    db_path, photos = tmp_path / "big.db", tmp_path / "photos"
    with open_migrated(db_path) as db:
        fill_reviews(db, 10_000)
    before = public_answers(db_path, photos, "bench", ("p0", "p500"))
    assert before["p0"]["review_count"] == 1_000  # the popular product: every fifth review, half of those approved
    url = pg_server.fresh_database(migrated=False)
    try:
        result = migrate_to(db_path, url)
        assert result.exit_code == 0, result.output
        assert "reviews: 10000 rows" in result.output
        assert public_answers(url, photos, "bench", ("p0", "p500")) == before
    finally:
        pg_server.drop(url)


def test_after_the_move_new_ids_follow_the_old_ones_and_the_feed_goes_on(tmp_path, pg_server, shops):
    shops.create("kahvi", "Kahvi Oy", moderation="post")
    with TestClient(create_app(Settings(db_path=shops.path))) as client:
        first = post_review(client)
    changes_before = shops.sql("SELECT max(id) AS m FROM changes")[0]["m"]
    url = pg_server.fresh_database(migrated=False)
    try:
        assert migrate_to(shops.path, url).exit_code == 0
        with TestClient(create_app(Settings(db_path=url, photo_dir=str(tmp_path / "p")))) as client:
            second = post_review(client)
        assert second["id"] == first["id"] + 1
        with open_migrated(url) as db:
            (newest,) = db.execute("SELECT max(id) FROM changes").fetchone()
        assert newest > changes_before
    finally:
        pg_server.drop(url)


def test_a_database_that_is_not_empty_is_refused_and_left_alone(tmp_path, pg_server, shops):
    shops.create("kahvi")
    url = pg_server.fresh_database()  # already migrated: socialproof's tables are there
    try:
        result = migrate_to(shops.path, url)
        assert result.exit_code == 1 and "not empty" in result.output and "nothing was copied" in result.output
        with open_migrated(url) as db:
            assert db["shops"].count == 0
    finally:
        pg_server.drop(url)


def test_the_target_must_be_postgresql(shops, tmp_path):
    shops.create("kahvi")
    result = migrate_to(shops.path, str(tmp_path / "other.db"))
    assert result.exit_code == 1 and "postgresql:// URL" in result.output
