"""The writer's own link: where the review stands, a correction, a withdrawal; no account, no cookie."""

from __future__ import annotations

import pytest

from socialproof import policy
from tests.support import approve, post_review


def mine(client, **overrides):
    sent = post_review(client, **overrides)
    assert sent["manage_url"].startswith("http://testserver/my-review/")
    return sent["id"], sent["manage_url"].removeprefix("http://testserver")


def test_the_link_shows_where_the_review_stands_in_the_writers_language(client, shops):
    review_id, link = mine(client, title="Hyvää", lang="fi")
    page = client.get(link + "?lang=fi")
    assert page.status_code == 200 and "set-cookie" not in page.headers
    assert "odottaa" in page.text and "Hyvää" in page.text and page.headers["cache-control"] == "no-store"
    approve(client, shops, review_id)
    assert "julkaistu" in client.get(link + "?lang=fi").text
    client.post(
        f"/api/v1/shops/kahvi/reviews/{review_id}/moderation",
        json={"action": "reject", "reason": "off-topic"},
        headers=shops.auth("kahvi"),
    )
    assert "It is not about the product" in client.get(link + "?lang=en").text


def test_a_correction_is_marked_and_waits_again_in_a_premoderated_shop(client, shops):
    review_id, link = mine(client, body="Kahvi oli liian vaaleaa")
    approve(client, shops, review_id)
    answer = client.post(link + "?lang=en", data={"action": "correct", "title": "Korjattu", "body": "Kahvi oli hyvää"})
    assert answer.status_code == 200 and "checks it before it is shown" in answer.text
    (row,) = shops.sql("SELECT title, body, status, edited_by_writer FROM reviews WHERE id = ?", [review_id])
    assert row == {"title": "Korjattu", "body": "Kahvi oli hyvää", "status": "pending", "edited_by_writer": 1}
    (entry,) = shops.sql("SELECT action, actor FROM moderation_log WHERE action = 'writer-edit'")
    assert entry["actor"] == "writer"
    empty = client.post(link + "?lang=en", data={"action": "correct", "body": ""})
    assert empty.status_code == 200 and "Write a few words" in empty.text
    assert shops.sql("SELECT body FROM reviews WHERE id = ?", [review_id]) == [{"body": "Kahvi oli hyvää"}]


def test_a_post_moderated_shops_correction_shows_at_once_marked_as_edited(client, shops):
    from socialproof.db.store import open_migrated
    from socialproof.shops.registry import update_shop

    with open_migrated(shops.path) as db:
        update_shop(db, "kahvi", moderation="post")
    review_id, link = mine(client)
    client.post(link, data={"action": "correct", "title": "", "body": "Parempi sanoin"})
    assert shops.sql("SELECT status FROM reviews WHERE id = ?", [review_id]) == [{"status": "approved"}]
    widget = client.get("/w/kahvi/reviews?product=P1&lang=en").text
    assert "Parempi sanoin" in widget and "Edited by the writer" in widget


def test_withdrawing_erases_the_review_and_takes_it_out_of_the_counts(client, shops):
    review_id, link = mine(client, author_name="Anni", email="anni@example.fi", rating=1)
    approve(client, shops, review_id)
    assert client.get("/api/v1/shops/kahvi/products/P1/summary").json()["review_count"] == 1
    unsure = client.post(link, data={"action": "withdraw"})
    assert unsure.status_code == 422
    gone = client.post(link + "?lang=en", data={"action": "withdraw", "sure": "yes"})
    assert gone.status_code == 200 and "withdrawn" in gone.text
    (row,) = shops.sql("SELECT author_name, body, email, erased, status FROM reviews WHERE id = ?", [review_id])
    assert row == {"author_name": "", "body": "", "email": None, "erased": 1, "status": "rejected"}
    assert client.get("/api/v1/shops/kahvi/products/P1/summary").json()["review_count"] == 0
    assert client.get(link).status_code == 404


def test_no_moderator_can_approve_a_withdrawn_review_back(client, shops):
    review_id, link = mine(client, rating=5)
    approve(client, shops, review_id)
    assert client.post(link, data={"action": "withdraw", "sure": "yes"}).status_code == 200
    back = client.post(
        f"/api/v1/shops/kahvi/reviews/{review_id}/moderation?lang=en",
        json={"action": "approve"},
        headers=shops.auth("kahvi"),
    )
    assert back.status_code == 409 and "withdrew" in back.json()["error"]
    assert shops.sql("SELECT status FROM reviews WHERE id = ?", [review_id]) == [{"status": "rejected"}]
    assert client.get("/api/v1/shops/kahvi/products/P1/summary").json()["review_count"] == 0
    assert shops.sql(
        "SELECT count(*) AS n FROM moderation_log WHERE review_id = ? AND action = 'approve'", [review_id]
    ) == [
        {"n": 1}  # the first approval only
    ]


@pytest.mark.parametrize("forged", ["1-AAAA", "x-y", "99999999999999999999-z", "1"])
def test_a_guessed_or_altered_link_is_a_404(client, forged):
    mine(client)
    assert client.get(f"/my-review/{forged}").status_code == 404


def test_wrong_guesses_at_links_count_against_the_guessers_limit(client):
    _, link = mine(client)
    limit, _window = policy.SHOPPER_LIMITS["writer"]
    answers = [client.get(f"/my-review/1-guess{n:04d}").status_code for n in range(limit + 1)]
    assert answers[:limit] == [404] * limit and answers[limit] == 429
    assert client.get(link).status_code == 429  # the guesser's address waits, whatever link it tries next


def test_someone_elses_review_id_with_my_signature_is_refused(client):
    first, link = mine(client)
    second, _ = mine(client)
    signature = link.rpartition("-")[2]
    assert client.get(f"/my-review/{second}-{signature}").status_code == 404


def test_the_link_is_rate_limited(client, monkeypatch):
    from socialproof import policy

    monkeypatch.setitem(policy.SHOPPER_LIMITS, "writer", (3, 600))
    _, link = mine(client)
    answers = [client.get(link).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_the_thank_you_of_the_review_page_carries_the_link(client):
    from tests.support import as_person

    page = client.post("/review/kahvi/P1?lang=en", data=as_person(client, rating="5", body="Hyvää", author_name="Anni"))
    assert page.status_code == 200 and 'class="sp-manage-link" href="http://testserver/my-review/' in page.text
