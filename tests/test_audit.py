"""The audit log is a hash chain: `socialproof audit verify` proves it untouched or names the entry that was changed."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from socialproof.cli import cli
from socialproof.db import chain
from socialproof.db.engine import Engine, engine_of
from socialproof.db.migrations import migrations
from socialproof.db.store import connect, open_migrated, transaction
from tests.support import approve, post_review


def verify(shops, *args):
    return CliRunner().invoke(cli, ["audit", "verify", *args, "--db", str(shops.path)])


def behind_the_applications_back(shops, statement, params):
    """What someone with the database file or a superuser's login could do: the guard trigger out of the way."""
    with connect(shops.path) as db, transaction(db):
        if engine_of(db) is Engine.POSTGRESQL:
            db.execute("ALTER TABLE moderation_log DISABLE TRIGGER moderation_log_no_update")
            db.execute("ALTER TABLE moderation_log DISABLE TRIGGER moderation_log_no_delete")
        else:
            db.execute("DROP TRIGGER moderation_log_no_update")
            db.execute("DROP TRIGGER moderation_log_no_delete")
        db.execute(statement, params)


def decided(client, shops, count=3):
    for _ in range(count):
        approve(client, shops, post_review(client)["id"])
    return [r["id"] for r in shops.sql("SELECT id FROM moderation_log ORDER BY id")]


def test_an_untouched_log_verifies_and_names_its_head_and_length(client, shops):
    decided(client, shops)
    result = verify(shops)
    head = shops.sql("SELECT entry_hash FROM moderation_log ORDER BY id DESC LIMIT 1")[0]["entry_hash"]
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"kahvi: 3 entries, intact; head {head}"


def test_each_entry_follows_the_one_before_it(client, shops):
    decided(client, shops)
    rows = shops.sql("SELECT prev_hash, entry_hash FROM moderation_log ORDER BY id")
    assert rows[0]["prev_hash"] == "0" * 64
    assert [r["prev_hash"] for r in rows[1:]] == [r["entry_hash"] for r in rows[:-1]]


def test_an_entry_about_a_question_seals_its_subject_and_a_reviews_is_sealed_as_before(client, shops):
    import hashlib
    import json

    approve(client, shops, post_review(client)["id"])
    asked = client.post(
        "/api/v1/shops/kahvi/products/P1/questions", json={"body": "Onko tämä luomua?", "author_name": "Leena"}
    ).json()
    client.post(
        f"/api/v1/shops/kahvi/questions/{asked['id']}/moderation",
        json={"action": "approve"},
        headers=shops.auth("kahvi"),
    )
    review_entry, question_entry = shops.sql("SELECT * FROM moderation_log ORDER BY id")
    old_form = json.dumps([review_entry[n] for n in chain.SEALED], ensure_ascii=False, separators=(",", ":"))
    assert review_entry["entry_hash"] == hashlib.sha256(f"{'0' * 64}\n{old_form}".encode()).hexdigest()
    assert verify(shops, "kahvi").exit_code == 0
    behind_the_applications_back(
        shops, "UPDATE moderation_log SET subject = 'question:999' WHERE id = ?", [question_entry["id"]]
    )
    result = verify(shops, "kahvi")
    assert result.exit_code == 1 and f"breaks at entry {question_entry['id']} of 2" in result.output


def test_a_changed_entry_is_found(client, shops):
    ids = decided(client, shops)
    behind_the_applications_back(shops, "UPDATE moderation_log SET actor = 'nobody' WHERE id = ?", [ids[1]])
    result = verify(shops, "kahvi")
    assert result.exit_code == 1
    assert f"kahvi: the chain breaks at entry {ids[1]} of 3: its contents were changed" in result.output


def test_a_removed_entry_is_found_at_the_one_after_it(client, shops):
    ids = decided(client, shops)
    behind_the_applications_back(shops, "DELETE FROM moderation_log WHERE id = ?", [ids[1]])
    result = verify(shops)
    assert result.exit_code == 1 and f"breaks at entry {ids[2]} of 2: it does not follow" in result.output


def test_a_rewritten_entry_with_a_fresh_hash_still_breaks_the_next_link(client, shops):
    ids = decided(client, shops)
    row = shops.sql("SELECT * FROM moderation_log WHERE id = ?", [ids[0]])[0] | {"actor": "nobody"}
    forged = chain.seal(row["prev_hash"], row)
    behind_the_applications_back(
        shops, "UPDATE moderation_log SET actor = 'nobody', entry_hash = ? WHERE id = ?", [forged, ids[0]]
    )
    assert f"breaks at entry {ids[1]} of 3" in verify(shops).output


@pytest.mark.engine("sqlite")  # PostgreSQL's 0019: tests/db/test_postgres.py
def test_entries_written_before_the_chain_are_sealed_by_the_migration(tmp_path):
    path = tmp_path / "old.db"
    with Database(path) as db:
        migrations.apply(db, stop_before="0019_audit_chain")
        db["shops"].insert({"slug": "s", "name": "S", "created_at": "2026-01-01"})
        for n in range(3):
            db["moderation_log"].insert({"shop_id": 1, "actor": f"m{n}", "action": "approve", "created_at": "2026"})
    open_migrated(path).close()
    result = CliRunner().invoke(cli, ["audit", "verify", "--db", str(path)])
    assert result.exit_code == 0 and "s: 3 entries, intact" in result.output
