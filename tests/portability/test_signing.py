"""Signed exports: our own "verified" survives a move only with the signing server's key, and a changed record is refused."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from click.testing import CliRunner

from socialproof.app import create_app
from socialproof.cli import cli
from socialproof.config import Settings
from tests.client import TestClient
from tests.support import Shops, approve, post_review


def run(path, *args, ok=True):
    done = CliRunner().invoke(cli, [*args, "--db", str(path)])
    assert (done.exit_code == 0) is ok, done.output
    return done.output


def verified_export(client, shops, tmp_path):
    link = client.post(
        "/api/v1/shops/kahvi/invitations",
        json={"order": "1", "products": [{"id": "P1", "name": "Tumma"}]},
        headers=shops.auth("kahvi"),
    ).json()["links"][0]["url"]
    token = parse_qs(urlsplit(link).query)["invitation"][0]
    approve(client, shops, post_review(client, invitation=token, author_name="Ostaja")["id"])
    approve(client, shops, post_review(client, author_name="Joku")["id"])
    exported = tmp_path / "kahvi.jsonl"
    exported.write_text(run(shops.path, "export", "kahvi"))
    return exported, run(shops.path, "key", "public").strip()


def fresh(tmp_path):
    moved = Shops.on_new_database(tmp_path / "moved.db")
    moved.create("kahvi", "Kahvi Oy")
    return moved


def verified_by_author(shops):
    return {r["author_name"]: r["verified"] for r in shops.sql("SELECT author_name, verified FROM reviews")}


def test_with_the_servers_public_key_verified_buyers_stay_verified(client, shops, tmp_path):
    exported, key = verified_export(client, shops, tmp_path)
    assert key.startswith("ed25519:")
    assert all(json.loads(line)["signed_by"] == key for line in exported.read_text().splitlines())
    moved = fresh(tmp_path)
    run(moved.path, "import", "kahvi", str(exported), "--trust-key", key)
    assert verified_by_author(moved) == {"Ostaja": 1, "Joku": 0}


def test_without_a_key_verified_does_not_travel(client, shops, tmp_path):
    exported, _ = verified_export(client, shops, tmp_path)
    moved = fresh(tmp_path)
    run(moved.path, "import", "kahvi", str(exported))
    assert verified_by_author(moved) == {"Ostaja": 0, "Joku": 0}


def test_without_a_key_no_record_passes_as_written_here_whatever_source_it_claims(client, shops, tmp_path):
    exported, _ = verified_export(client, shops, tmp_path)
    forged = [
        json.loads(line) | {"source": "invitation", "signature": ""} for line in exported.read_text().splitlines()
    ]
    exported.write_text("".join(json.dumps(record) + "\n" for record in forged))
    moved = fresh(tmp_path)
    run(moved.path, "import", "kahvi", str(exported))
    assert {r["source"] for r in moved.sql("SELECT source FROM reviews")} == {"import:socialproof"}
    with TestClient(create_app(Settings(db_path=moved.path))) as app:
        integrity = app.get("/api/v1/shops/kahvi/integrity").json()
        assert integrity["imported"] == {"socialproof": 2}
        widget = app.get("/w/kahvi/reviews?product=P1&lang=en").text
        assert widget.count("Imported from socialproof") == 2


def test_a_record_changed_after_export_is_refused(client, shops, tmp_path):
    exported, key = verified_export(client, shops, tmp_path)
    records = [json.loads(line) for line in exported.read_text().splitlines()]
    records[1]["verified"] = True  # "Joku" made a verified buyer by editing the file
    exported.write_text("".join(json.dumps(r) + "\n" for r in records))
    moved = fresh(tmp_path)
    out = run(moved.path, "import", "kahvi", str(exported), "--trust-key", key, ok=False)
    assert "line 2: its signature does not check" in out and moved.sql("SELECT * FROM reviews") == []
    other = run(moved.path, "key", "public").strip()
    assert other != key  # another server's key does not vouch for this one's records
    out = run(moved.path, "import", "kahvi", str(exported), "--trust-key", other, ok=False)
    assert "2 rows can't be imported" in out
