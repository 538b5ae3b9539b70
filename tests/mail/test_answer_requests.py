"""Buyers asked to answer: the latest few who were sent a review request, once a question, capped, verified."""

from __future__ import annotations

import json
import secrets

from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.db.store import connect, transaction
from socialproof.questions import buyers
from tests.mail.test_requests import links_in, local, order, requests_on
from tests.mailbox import send_due
from tests.support import as_person, text


def buyers_of_p1(client, shops, travel, emails):
    """Orders of P1 (and one of P2), each sent its review request: verified buyers with an address."""
    requests_on(shops)
    for n, email in enumerate(emails):
        order(client, shops, ref=f"10{n}", email=email)
    order(client, shops, ref="999", email="muu@example.fi", products=(("P2", "Vaalea"),))
    travel(days=14)
    send_due(shops)


def published_question(client, shops, email=None):
    body = {"body": "Sopiiko tämä pannuun?", "author_name": "Leena", "visitor": secrets.token_urlsafe(16)}
    asked = client.post("/api/v1/shops/kahvi/products/P1/questions", json=body | ({"email": email} if email else {}))
    question = asked.json()["id"]
    decided = client.post(
        f"/api/v1/shops/kahvi/questions/{question}/moderation", json={"action": "approve"}, headers=shops.auth("kahvi")
    )
    assert decided.status_code == 200
    return question


def test_the_latest_three_buyers_but_the_asker_are_asked_once_and_answer_as_verified_buyers(
    client, shops, inbox, travel
):
    emails = ["a@example.fi", "b@example.fi", "c@example.fi", "d@example.fi", "kysyja@example.fi"]
    buyers_of_p1(client, shops, travel, emails)
    inbox.received.clear()
    question = published_question(client, shops)
    client.post(
        f"/api/v1/shops/kahvi/questions/{question}/moderation", json={"action": "approve"}, headers=shops.auth("kahvi")
    )
    send_due(shops)
    asked = sorted(m["To"] for m in inbox.received)
    assert asked == ["b@example.fi", "c@example.fi", "d@example.fi", "kysyja@example.fi"][:3] or len(asked) == 3
    assert "muu@example.fi" not in asked and len(set(asked)) == 3
    message = inbox.received[0]
    assert message["Subject"] == "Asiakas kysyy tuotteesta Tumma paahto: osaatko vastata?"
    assert message["List-Unsubscribe"]
    plain, html = (part.get_content() for part in message.iter_parts())
    assert "Sopiiko tämä pannuun?" in plain
    link = local(next(url for url in links_in(html) if "/answer/" in url))

    page = client.get(link)
    assert (
        page.status_code == 200 and "Sopiiko tämä pannuun?" in page.text and page.headers["Cache-Control"] == "no-store"
    )
    sent = client.post(link, data=as_person(client, body="Sopii hyvin, karkeana jauhettuna.", author_name="Mikko"))
    assert "Kiitos vastauksestasi!" in text(sent.text)
    (stored,) = shops.sql("SELECT author_name, verified, by_shop, status FROM answers")
    assert stored == {"author_name": "Mikko", "verified": 1, "by_shop": 0, "status": "pending"}
    assert "Sopii hyvin" not in client.get("/w/kahvi/questions?product=P1").text  # the shop reads it first

    again = client.post(link, data=as_person(client, body="Toinen vastaus", author_name="Mikko"))
    assert "Olet jo vastannut tähän kysymykseen." in text(again.text)
    assert shops.sql("SELECT count(*) AS n FROM answers") == [{"n": 1}]

    answer_id = shops.sql("SELECT id FROM answers")[0]["id"]
    approved = client.post(
        f"/api/v1/shops/kahvi/answers/{answer_id}/moderation", json={"action": "approve"}, headers=shops.auth("kahvi")
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    widget = text(client.get("/w/kahvi/questions?product=P1&lang=en").text)
    assert "Answer from Mikko" in widget and "Verified buyer" in widget and "Sopii hyvin" in widget

    published_question(client, shops)  # another question: the buyers are asked about it too, once
    assert shops.sql("SELECT count(*) AS n FROM answer_requests") == [{"n": 6}]
    assert shops.sql("SELECT count(DISTINCT invitation_id || '-' || question_id) AS n FROM answer_requests") == [
        {"n": 6}
    ]


def test_a_shop_without_review_requests_asks_no_buyer(client, shops, inbox, travel):
    buyers_of_p1(client, shops, travel, ["a@example.fi"])
    # Turned off: the shop mails its buyers nothing it didn't ask them for, answer requests included.
    done = CliRunner().invoke(cli, ["shop", "set", "kahvi", "--review-requests", "off", "--db", str(shops.path)])
    assert done.exit_code == 0, done.output
    published_question(client, shops)
    assert shops.sql("SELECT count(*) AS n FROM answer_requests") == [{"n": 0}]


def test_a_forged_link_or_a_rejected_question_leads_nowhere(client, shops, inbox, travel):
    buyers_of_p1(client, shops, travel, ["a@example.fi"])
    question = published_question(client, shops)
    request_id = shops.sql("SELECT id FROM answer_requests")[0]["id"]
    assert client.get(f"/answer/{request_id}-forged?lang=en").status_code == 404
    client.post(
        f"/api/v1/shops/kahvi/questions/{question}/moderation",
        json={"action": "reject", "reason": "off-topic"},
        headers=shops.auth("kahvi"),
    )
    inbox.received.clear()
    send_due(shops)
    assert inbox.received == []  # withheld: the question is no longer shown


def test_a_buyers_answer_is_exported_and_erased_with_their_address_and_the_link_answers_no_more(
    client, shops, inbox, travel
):
    buyers_of_p1(client, shops, travel, ["mikko@example.fi"])
    published_question(client, shops)
    request_id = shops.sql("SELECT id FROM answer_requests")[0]["id"]
    with connect(shops.path) as db, transaction(db):
        link = f"/answer/{buyers.token(db, request_id)}"
    client.post(link, data=as_person(client, body="Sopii hyvin.", author_name="Mikko"))
    answer_id = shops.sql("SELECT id FROM answers")[0]["id"]
    client.post(
        f"/api/v1/shops/kahvi/answers/{answer_id}/moderation", json={"action": "approve"}, headers=shops.auth("kahvi")
    )

    def run(*args):
        return CliRunner().invoke(cli, ["privacy", *args, "--db", str(shops.path)])

    exported = json.loads(run("export", "mikko@example.fi").output)
    assert [(a["body"], a["author_name"]) for a in exported["answers"]] == [("Sopii hyvin.", "Mikko")]
    erased = run("erase", "mikko@example.fi")
    assert erased.exit_code == 0 and "1 answer(s)" in erased.output
    assert shops.sql("SELECT count(*) AS n FROM answers") == [{"n": 0}]
    assert shops.sql("SELECT answered_at FROM questions") == [{"answered_at": None}]  # waits for an answer again
    again = client.post(link, data=as_person(client, body="Uudestaan.", author_name="Mikko"))
    assert "Olet jo vastannut tähän kysymykseen." in text(again.text)
    assert shops.sql("SELECT count(*) AS n FROM answers") == [{"n": 0}]
