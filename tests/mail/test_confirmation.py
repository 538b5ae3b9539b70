"""The confirmation a writer gets when they typed their address: once, within limits, with their own link."""

from __future__ import annotations

from tests.mailbox import PUBLIC_URL, send_due
from tests.support import post_review

PUBLIC = PUBLIC_URL


def test_a_writer_who_gave_an_address_gets_one_confirmation_with_their_link(mailing_client, shops, inbox):
    sent = post_review(mailing_client, email="kirjoittaja@example.se", lang="sv", title="Gott", body="Hemligt ord")
    assert sent["manage_url"] == PUBLIC + sent["manage_url"].removeprefix(PUBLIC)  # links from the public URL
    send_due(shops)
    send_due(shops)
    (message,) = inbox.received
    assert message["To"] == "kirjoittaja@example.se" and message["Content-Language"] == "sv"
    plain, html = (part.get_content() for part in message.iter_parts())
    for body in (plain, html):
        assert "Gott" in body and "Hemligt" not in body  # their title, nothing else they typed
    link = next(line for line in plain.splitlines() if line.startswith(PUBLIC + "/my-review/"))
    page = mailing_client.get(link.removeprefix(PUBLIC))
    assert page.status_code == 200 and 'lang="sv"' in page.text and "Gott" in page.text


def test_confirmations_to_one_address_are_limited_and_the_reviews_still_stand(mailing_client, shops, inbox):
    for n in range(5):
        post_review(mailing_client, f"P{n}", email="sama@example.fi")
    send_due(shops)
    assert len(inbox.received) == 3
    assert shops.sql("SELECT count(*) AS n FROM reviews") == [{"n": 5}]


def test_a_bad_address_is_a_422_and_nothing_is_stored_or_queued(mailing_client, shops):
    answer = mailing_client.post(
        "/api/v1/shops/kahvi/products/P1/reviews",
        json={"rating": 5, "body": "Hyvää", "author_name": "Anni", "email": "anni@@example"},
    )
    assert answer.status_code == 422 and "email" in answer.json()["errors"]
    assert shops.sql("SELECT count(*) AS n FROM reviews") == [{"n": 0}]
    assert shops.sql("SELECT count(*) AS n FROM outbox") == [{"n": 0}]


def test_without_mail_settings_nothing_is_queued(client, shops):
    post_review(client, email="anni@example.fi")
    assert shops.sql("SELECT count(*) AS n FROM outbox") == [{"n": 0}]
