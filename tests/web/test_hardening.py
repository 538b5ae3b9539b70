"""Abuse made cheap to stop, data that can't be lost or leak."""

from __future__ import annotations

import json
import shutil
import threading

import pytest
from click.testing import CliRunner

from socialproof import policy
from socialproof.app import create_app
from socialproof.cli import cli
from socialproof.config import Settings
from socialproof.db.store import connect
from tests import photo_files
from tests.client import TestClient
from tests.support import approve, as_person, post_review, published, review, text


def run(*args):
    return CliRunner().invoke(cli, [*args])


@pytest.mark.engine("sqlite")  # PostgreSQL is backed up by pg_dump (README)
def test_backup_while_writing_is_consistent_and_restores(client, shops, tmp_path):
    published(client, shops, body="ennen varmuuskopiota")
    stop, writing = threading.Event(), threading.Event()
    # Reviews from one address: fewer than its limit (ten shoppers' worth), so none is refused mid-backup.
    at_most = policy.SHOPPER_LIMITS["review"][0] * 10 - 1

    def keep_writing():
        for _ in range(at_most):
            if stop.is_set():
                return
            post_review(client, body="kirjoitetaan samalla")
            writing.set()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        assert writing.wait(timeout=10)  # the backup starts while reviews are being written
        result = run("backup", str(tmp_path / "copy.db"), "--db", str(shops.path))
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output + result.stderr
    with connect(tmp_path / "copy.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM reviews WHERE body = 'ennen varmuuskopiota'").fetchone()[0] == 1
    # Restore as the README says: the copy becomes the database file of a stopped server.
    restored = tmp_path / "restored.db"
    shutil.copy(tmp_path / "copy.db", restored)
    with TestClient(create_app(Settings(db_path=restored))) as again:
        assert "ennen varmuuskopiota" in again.get("/api/v1/shops/kahvi/products/P1/reviews").text
    assert not list(tmp_path.glob("*.partial"))


def test_backup_refuses_a_missing_database(tmp_path):
    result = run("backup", str(tmp_path / "out.db"), "--db", str(tmp_path / "none.db"))
    assert result.exit_code != 0 and "there is no database" in result.stderr


def test_privacy_export_and_erase(client, shops):
    answer = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews",
        files=[("photos", ("p.jpg", photo_files.jpeg(), "image/jpeg"))],
        data={
            k: str(v)
            for k, v in review(
                email="Anni@Example.fi", author_name="Anni Virtanen", body="Soita 040 123 4567", rating=5
            ).items()
        },
    )
    approve(client, shops, answer.json()["id"])
    published(client, shops, rating=1, author_name="Muu")
    exported = run("privacy", "export", "anni@example.fi", "--db", str(shops.path))
    data = json.loads(exported.output)
    assert [r["author_name"] for r in data["reviews"]] == ["Anni Virtanen"] and data["reviews"][0]["photos"]
    assert "IP addresses are never stored" in data["not_held"]

    erased = run("privacy", "erase", "anni@example.fi", "--db", str(shops.path))
    assert (
        erased.exit_code == 0
        and "1 review(s) anonymised, 0 question(s), 0 answer(s), 0 review(s) of the shop, 1 photo(s)" in erased.output
    )
    summary = client.get("/api/v1/shops/kahvi/products/P1/summary").json()
    assert summary["review_count"] == 2 and summary["rating_average"] == 3.0  # the rating stays
    item = next(i for i in client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["items"] if i["erased"])
    assert (item["author_name"], item["body"], item["photos"]) == ("", "", [])
    assert "Kirjoittaja pyysi poistamaan arvostelunsa" in text(client.get("/w/kahvi/reviews?product=P1").text)
    rows = shops.sql("SELECT email, shopper_hash FROM reviews WHERE erased = 1")
    assert rows == [{"email": None, "shopper_hash": None}]
    assert list(Settings(db_path=shops.path).photo_path.iterdir()) == []
    log = shops.sql("SELECT action, email_hash FROM privacy_log")
    assert [e["action"] for e in log] == ["export", "erase"] and "anni" not in json.dumps(log).lower()


@pytest.mark.parametrize(
    "trap, fields",
    [
        ("honeypot", {"website": "http://spam.example"}),
        ("no-stamp", {"started": ""}),
        ("too-fast", "now"),
    ],
)
def test_bot_posts_look_accepted_but_are_dropped_and_counted(client, shops, trap, fields):
    from socialproof.safety import formguard

    data = as_person(client, rating="5", body="Osta halpoja kelloja", author_name="Bot")
    data |= {"started": formguard.stamp(client.app.state.socialproof.form_key)} if fields == "now" else fields
    answer = client.post("/w/kahvi/reviews?product=P1", data=data)
    assert "Kiitos arvostelustasi!" in text(answer.text)
    assert shops.sql("SELECT count(*) AS n FROM reviews")[0]["n"] == 0
    assert shops.sql("SELECT reason, count FROM dropped_posts") == [{"reason": trap, "count": 1}]


def test_reviews_are_rate_limited_per_shopper(client):
    for _ in range(5):
        assert (
            client.post("/api/v1/shops/kahvi/products/P1/reviews", json=review(visitor="one-shopper-12345")).status_code
            == 201
        )
    limited = client.post("/api/v1/shops/kahvi/products/P1/reviews", json=review(visitor="one-shopper-12345"))
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0 and limited.json()["error"]


def test_browser_writes_only_from_the_shops_origins(client, shops):
    run("shop", "set", "kahvi", "--origin", "https://kahvi.example", "--db", str(shops.path))
    with TestClient(client.app) as fresh:  # the origins are looked up anew by a fresh app instance's cache
        other = {"Origin": "https://evil.example"}
        refused = fresh.post("/api/v1/shops/kahvi/products/P1/recommendations?lang=en", headers=other)
        assert refused.status_code == 403  # named: the origin, and the command that would let it write
        assert "https://evil.example is not one of them" in refused.json()["error"]
        assert "socialproof shop set kahvi --origin https://evil.example" in refused.json()["error"]
        read = fresh.get("/w/kahvi/stars?product=P1", headers=other)  # reads answer any origin
        assert read.status_code == 200 and read.headers["access-control-allow-origin"] == "*"
        assert (
            fresh.options(
                "/api/v1/shops/kahvi/products/P1/reviews", headers=other | {"Access-Control-Request-Method": "POST"}
            ).status_code
            == 403
        )
        own = fresh.post("/api/v1/shops/kahvi/products/P1/recommendations", headers={"Origin": "https://kahvi.example"})
        assert own.status_code == 200 and own.headers["access-control-allow-origin"] == "https://kahvi.example"
        assert "Origin" in own.headers["vary"]
        assert (
            fresh.post("/api/v1/shops/kahvi/products/P1/recommendations").status_code == 200
        )  # servers send no Origin


def test_every_answer_carries_safe_default_headers(client):
    for url in ("/w/kahvi/stars?product=P1", "/api/v1/shops/kahvi/products/P1/summary", "/embed.js", "/nope"):
        headers = client.get(url).headers
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"]


MERCHANT_PATHS = [
    ("GET", "/api/v1/shops/{shop}/moderation", None),
    ("POST", "/api/v1/shops/{shop}/reviews/{review}/moderation", {"action": "approve"}),
    ("POST", "/api/v1/shops/{shop}/invitations", {"order": "1", "products": [{"id": "P1", "name": "x"}]}),
    ("POST", "/api/v1/shops/{shop}/events", {"type": "purchase", "product": "P1"}),
    ("GET", "/api/v1/shops/{shop}/photos/{photo}", None),
    ("POST", "/api/v1/shops/{shop}/photos/{photo}/moderation", {"action": "approve"}),
]


@pytest.mark.parametrize("method, template, body", MERCHANT_PATHS)
def test_shop_a_key_never_reaches_shop_b(client, shops, method, template, body):
    shops.create("toinen")
    answer = client.post(
        "/api/v1/shops/toinen/products/P1/reviews",
        data={k: str(v) for k, v in review().items()},
        files=[("photos", ("p.jpg", photo_files.jpeg(), "image/jpeg"))],
    )
    ids = {"review": answer.json()["id"], "photo": shops.sql("SELECT id FROM photos")[0]["id"]}
    on_b = client.request(method, template.format(shop="toinen", **ids), json=body, headers=shops.auth("kahvi"))
    assert on_b.status_code == 403, on_b.text
    if "{review}" in template or "{photo}" in template:  # B's object through A's own path: not A's
        through_a = client.request(method, template.format(shop="kahvi", **ids), json=body, headers=shops.auth("kahvi"))
        assert through_a.status_code == 404, through_a.text
    assert shops.sql("SELECT status FROM reviews") == [{"status": "pending"}]
    assert shops.sql("SELECT status FROM photos") == [{"status": "pending"}]
    assert shops.sql("SELECT count(*) AS n FROM invitations")[0]["n"] == 0
    assert shops.sql("SELECT count(*) AS n FROM purchase_events")[0]["n"] == 0


def test_old_details_are_forgotten_on_schedule(client, shops, monkeypatch):
    from datetime import timedelta

    from socialproof import clock
    from socialproof.jobs import housekeeping

    review_id = published(client, shops)
    client.post(f"/api/v1/shops/kahvi/reviews/{review_id}/reports", json={"reason": "spam"})
    client.post(
        "/api/v1/shops/kahvi/invitations",
        json={"order": "1", "email": "a@b.fi", "name": "A", "products": [{"id": "P1", "name": "K"}]},
        headers=shops.auth("kahvi"),
    )
    client.post(
        f"/api/v1/shops/kahvi/reviews/{review_id}/moderation", json={"action": "approve"}, headers=shops.auth("kahvi")
    )  # resolves the report
    later = clock.now() + timedelta(days=121)
    monkeypatch.setattr(clock, "now", lambda: later)
    with connect(shops.path) as db, db.atomic():
        housekeeping.purge(db)
    assert shops.sql("SELECT ip_hash, visitor_hash FROM reports") == [{"ip_hash": "", "visitor_hash": None}]
    assert shops.sql("SELECT email, name FROM invitations") == [{"email": None, "name": None}]
