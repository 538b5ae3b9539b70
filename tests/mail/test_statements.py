"""Statements of reasons: a writer who left an address is told what was decided about their review, and why."""

from __future__ import annotations

from click.testing import CliRunner

from socialproof.app import create_app
from socialproof.cli import cli
from socialproof.config import Settings
from tests.client import TestClient
from tests.mailbox import send_due
from tests.shop_reviews.test_by_mail import mailed_request, shop_links
from tests.support import Moderator, make_moderator, post_review


def reject(client, shops, review_id, reason):
    answer = client.post(
        f"/api/v1/shops/kahvi/reviews/{review_id}/moderation",
        json={"action": "reject", "reason": reason},
        headers=shops.auth("kahvi"),
    )
    assert answer.status_code == 200, answer.text


def test_a_rejected_writer_is_told_why_in_their_language_and_how_to_object(client, shops, inbox):
    CliRunner().invoke(
        cli, ["shop", "set", "kahvi", "--reply-to", "asiakaspalvelu@kahvi.example", "--db", str(shops.path)]
    )
    review = post_review(client, email="skribent@example.se", lang="sv", title="Bästa kaffet", body="Köp hos oss!")
    reject(client, shops, review["id"], "spam")
    assert "Sent 1" in send_due(shops)
    (message,) = inbox.received
    assert message["To"] == "skribent@example.se" and message["Reply-To"] == "asiakaspalvelu@kahvi.example"
    assert message["Content-Language"] == "sv" and "Kahvi Oy" in message["Subject"]
    plain, html = (part.get_content() for part in message.iter_parts())
    for body in (plain, html):
        assert "Bästa kaffet" in body  # their own title, so they know which review
        assert "Köp hos oss" not in body  # nothing else they typed
        assert "Din recension publiceras inte." in body and "spam eller reklam" in body
        assert "svara på det här meddelandet" in body  # how to object
    assert '<html lang="sv">' in html


def test_rejecting_again_or_a_review_without_an_address_sends_nothing(client, shops, inbox):
    quiet = post_review(client)  # no address given
    reject(client, shops, quiet["id"], "off-topic")
    told = post_review(client, email="kirjoittaja@example.fi")
    reject(client, shops, told["id"], "offensive")
    reject(client, shops, told["id"], "spam")  # already not published: no second notice
    assert "Sent 1" in send_due(shops)
    (message,) = inbox.received
    assert message["To"] == "kirjoittaja@example.fi" and message["Content-Language"] == "fi"
    assert "loukkaavaa" in message.get_body(("plain",)).get_content()


def test_a_writer_whose_words_were_removed_is_told_so(client, shops, inbox):
    mod = Moderator(client, make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))
    review = post_review(client, email="anni@example.fi", lang="en", body="Call me on 040 123 4567, great coffee")
    mod.post(f"/admin/shops/kahvi/reviews/{review['id']}/redact", {"fragment": "040 123 4567"})
    send_due(shops)  # the moderator's digest goes too: the review still waits
    (told,) = [message for message in inbox.received if message["To"] == "anni@example.fi"]
    plain = told.get_body(("plain",)).get_content()
    assert "some of its words removed" in plain and "personal data" in plain and "040" not in plain


def test_the_disclosure_says_writers_are_told_only_when_mail_goes_out(db_path, shops, monkeypatch):
    shops.create("kahvi", "Kahvi Oy")
    promise = "Sähköpostiosoitteensa antanut kirjoittaja saa viestin"
    for configured in (False, True):
        env = {"SMTP_HOST": "127.0.0.1", "MAIL_FROM": "a@kahvi.example", "PUBLIC_URL": "https://r.kahvi.example"}
        for name, value in env.items():
            if configured:
                monkeypatch.setenv(f"SOCIALPROOF_{name}", value)
            else:
                monkeypatch.delenv(f"SOCIALPROOF_{name}", raising=False)
        with TestClient(create_app(Settings.from_env(db_path=db_path, mail_sender="off"))) as client:
            assert (promise in client.get("/w/kahvi/reviews?product=P1").text) is configured


def test_a_refused_review_of_the_shop_sent_through_the_orders_link_is_explained_too(client, shops, inbox, travel):
    link = next(
        url for url in shop_links(mailed_request(client, shops, inbox, travel, lang="en")) if "rating" not in url
    )
    token = link.split("invitation=")[1].split("&")[0]
    written = client.post(
        "/api/v1/shops/kahvi/shop-reviews",
        json={
            "rating": 1,
            "title": "Never again",
            "body": "Call 040 123",
            "author_name": "A",
            "invitation": token,
            "lang": "en",
        },
    ).json()
    assert written["verified"] is True
    decided = client.post(
        f"/api/v1/shops/kahvi/shop-reviews/{written['id']}/moderation",
        json={"action": "reject", "reason": "personal-data"},
        headers=shops.auth("kahvi"),
    )
    assert decided.status_code == 200
    assert "Sent 1" in send_due(shops)
    message = inbox.received[-1]
    assert message["To"] == "ostaja@example.fi" and message["Subject"] == "About your review of Kahvi Oy"
    plain = message.get_body(("plain",)).get_content()
    assert "You wrote a review of Kahvi Oy on" in plain and "“Never again”" in plain and "040 123" not in plain
    assert "Your review will not be published." in plain and "It contains personal data" in plain
    assert "through the link Kahvi Oy sent you after your order" in plain
