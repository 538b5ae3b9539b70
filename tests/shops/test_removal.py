"""`socialproof shop delete`: a shop and everything of it gone, every other shop exactly as it was."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.config import Settings
from socialproof.db.store import open_migrated
from socialproof.shops.removal import KEPT, OWNED
from tests import photo_files
from tests.support import approve, post_review, review, shown

VISITOR = "v" * 20


def run(shops, *args, answer=None):
    return CliRunner().invoke(cli, [*args, "--db", str(shops.path)], input=answer)


@pytest.mark.engine("sqlite")
def test_every_table_that_leads_to_a_shop_is_deleted_with_it_or_kept_on_purpose(db):
    owned = {table for table, _ in OWNED} | set(KEPT) | {"moderation_log", "shops"}
    leads = {"shops"}
    for _ in range(5):  # a table leads to a shop by a shop_id or a key to a table that does
        for table in db.table_names():
            keys = {fk.other_table for fk in db.table(table).foreign_keys}
            if "shop_id" in {c.name for c in db.table(table).columns} or keys & leads:
                leads.add(table)
    assert leads - owned == set(), "add these tables to shops/removal.py OWNED (or KEPT, saying why)"


def a_shop_with_everything(client, shops, slug, photo):
    with_photo = client.post(
        f"/api/v1/shops/{slug}/products/P1/reviews",
        data={k: str(v) for k, v in review().items()},
        files=[("photos", ("p.jpg", photo, "image/jpeg"))],
    ).json()["id"]
    approve(client, shops, with_photo, slug)
    approve(client, shops, post_review(client, shop=slug)["id"], slug)
    client.post(f"/api/v1/shops/{slug}/reviews/{with_photo}/helpful", json={"visitor": VISITOR})
    client.post(f"/api/v1/shops/{slug}/reviews/{with_photo}/reports", json={"reason": "spam"})
    client.post(f"/api/v1/shops/{slug}/products/P1/recommendations", json={"visitor": VISITOR})
    return with_photo


def test_a_deleted_shop_leaves_no_row_and_no_photo_and_another_shop_keeps_all_of_its(client, shops):
    shops.create("toinen", "Toinen Oy")
    shared, own = photo_files.jpeg(colour="#203040"), photo_files.jpeg(colour="#a0b0c0")
    a_shop_with_everything(client, shops, "kahvi", shared)
    a_shop_with_everything(client, shops, "kahvi", own)
    theirs = a_shop_with_everything(client, shops, "toinen", shared)
    assert "Kahvi Oy" in client.get("/w/kahvi/trust").text  # in the render cache now
    kahvi_id = shops.sql("SELECT id FROM shops WHERE slug = 'kahvi'")[0]["id"]
    photos = Settings(db_path=shops.path).photo_path
    files_before = {p.name for p in photos.iterdir()}
    theirs_kept = "SELECT content_hash FROM photos WHERE shop_id <> ?"
    their_files = {f"{row['content_hash']}.jpg" for row in shops.sql(theirs_kept, [kahvi_id])}
    log = shops.sql("SELECT count(*) AS n FROM moderation_log WHERE shop_id = ?", [kahvi_id])[0]["n"]

    done = run(shops, "shop", "delete", "kahvi", "--yes")
    assert done.exit_code == 0, done.output
    assert "Deleted shop kahvi: " in done.output and "4 reviews" in done.output
    assert "Photo files removed: 3." in done.output  # the one photo only this shop had, in its three sizes
    assert f"Its audit log had {log} entries; the last hash was " in done.output

    for table, rows in OWNED:
        assert shops.sql(f"SELECT count(*) AS n FROM {table} WHERE {rows}", [kahvi_id])[0]["n"] == 0, table
    assert shops.sql("SELECT count(*) AS n FROM moderation_log WHERE shop_id = ?", [kahvi_id])[0]["n"] == 0
    assert shops.sql("SELECT slug FROM shops") == [{"slug": "toinen"}]
    files_after = {p.name for p in photos.iterdir()}
    assert their_files <= files_after and len(files_after) == len(files_before) - 3
    assert run(shops, "audit", "verify", "toinen").exit_code == 0
    their_reviews = client.get("/api/v1/shops/toinen/products/P1/reviews").json()["items"]
    assert len(their_reviews) == 2 and theirs in {r["id"] for r in their_reviews}
    assert [len(r["photos"]) for r in their_reviews if r["id"] == theirs] == [1]
    assert shown(client, "/w/kahvi/trust", lambda page: "There is no shop" in page)
    # the guard is back: no entry of another shop can be deleted
    with open_migrated(shops.path) as db, pytest.raises(Exception, match="cannot be changed"):
        db.execute("DELETE FROM moderation_log")


def test_without_yes_the_slug_must_be_typed_and_a_wrong_one_deletes_nothing(client, shops):
    post_review(client)
    refused = run(shops, "shop", "delete", "kahvi", answer="kahvii\n")
    assert refused.exit_code == 1 and "not deleted: the slug typed did not match" in refused.output
    assert "it can't be undone" in refused.output
    assert shops.sql("SELECT count(*) AS n FROM reviews")[0]["n"] == 1
    assert run(shops, "shop", "delete", "kahvi", answer="kahvi\n").exit_code == 0
    assert shops.sql("SELECT count(*) AS n FROM shops")[0]["n"] == 0
    unknown = run(shops, "shop", "delete", "nope", "--yes")
    assert unknown.exit_code == 1 and "There is no shop 'nope'." in unknown.output
