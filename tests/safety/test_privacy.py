"""Erasing a person's data never needs the audit log to change, and the log keeps its entries."""

from __future__ import annotations

from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.db.store import connect
from tests import photo_files
from tests.support import review


def test_a_review_whose_photo_was_judged_can_be_erased_and_its_log_stays(client, shops):
    answer = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews",
        files=[("photos", ("p.jpg", photo_files.jpeg(), "image/jpeg"))],
        data={k: str(v) for k, v in review(email="anni@example.fi").items()},
    )
    review_id = answer.json()["id"]
    photo_id = shops.sql("SELECT id FROM photos")[0]["id"]
    judged = client.post(
        f"/api/v1/shops/kahvi/photos/{photo_id}/moderation", json={"action": "approve"}, headers=shops.auth("kahvi")
    )
    assert judged.status_code == 200
    before = shops.sql("SELECT id, review_id, photo_id, action FROM moderation_log ORDER BY id")
    assert before and before[-1]["photo_id"] == photo_id

    erased = CliRunner().invoke(cli, ["privacy", "erase", "anni@example.fi", "--db", str(shops.path)])
    assert erased.exit_code == 0, erased.output
    assert shops.sql("SELECT id FROM photos") == []
    assert shops.sql("SELECT id, review_id, photo_id, action FROM moderation_log ORDER BY id") == before

    with connect(shops.path) as db:  # even deleting the review outright leaves its history whole
        db.execute("DELETE FROM reviews WHERE id = ?", [review_id])
    assert shops.sql("SELECT id, review_id, photo_id, action FROM moderation_log ORDER BY id") == before
