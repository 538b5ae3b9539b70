"""The asker's one mail: sent when their question is first answered, then their address is forgotten."""

from __future__ import annotations

import secrets

from tests.mailbox import send_due


def ask(client, email="kysyja@example.fi", lang="fi", product="P1", body="Onko tämä luomua?"):
    answer = client.post(
        f"/api/v1/shops/kahvi/products/{product}/questions",
        json={"body": body, "author_name": "Leena", "email": email, "lang": lang, "visitor": secrets.token_urlsafe(16)},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def answer(client, shops, question, body="On, EU-luomu."):
    given = client.post(
        f"/api/v1/shops/kahvi/questions/{question}/answers", json={"body": body}, headers=shops.auth("kahvi")
    )
    assert given.status_code == 201, given.text


def test_the_asker_gets_the_first_answer_by_mail_once_and_the_address_is_forgotten(mailing_client, shops, inbox):
    question = ask(mailing_client, lang="sv", body="Är kaffet ekologiskt?")
    shops.execute("UPDATE products SET name = 'Mörkrost', url = 'https://kahvi.example/p1' WHERE external_id = 'P1'")
    answer(mailing_client, shops, question, "Ja, EU-ekologiskt.")
    answer(mailing_client, shops, question, "Och Fairtrade.")  # a second answer: no second mail
    send_due(shops)
    send_due(shops)
    (message,) = inbox.received
    assert message["To"] == "kysyja@example.fi" and message["Content-Language"] == "sv"
    assert message["Subject"] == "Din fråga om Mörkrost har besvarats"
    plain, html = (part.get_content() for part in message.iter_parts())
    for body in (plain, html):
        assert "Är kaffet ekologiskt?" in body and "Ja, EU-ekologiskt." in body and "https://kahvi.example/p1" in body
    assert shops.sql("SELECT email FROM questions") == [{"email": None}]


def test_a_rejected_question_forgets_its_address_once_the_asker_is_told_why(mailing_client, shops, inbox, travel):
    question = ask(mailing_client, lang="en", body="Cheap watches at example.com")
    for _ in range(2):  # rejecting again tells nothing new
        mailing_client.post(
            f"/api/v1/shops/kahvi/questions/{question}/moderation",
            json={"action": "reject", "reason": "spam"},
            headers=shops.auth("kahvi"),
        )
    assert shops.sql("SELECT email FROM questions") == [{"email": None}]
    send_due(shops)
    (message,) = inbox.received  # the statement of reasons (moderation/statements.py), and nothing after it
    assert message["To"] == "kysyja@example.fi" and message["Subject"] == "About your question about P1 at Kahvi Oy"
    plain = message.get_body(("plain",)).get_content()
    assert "You asked a question about P1 on" in plain and "Your question will not be published." in plain
    assert "Why: It is spam or advertising." in plain and "watches" not in plain  # their words are not repeated
    assert "you gave your e-mail address with your question" in plain
    travel(days=30)
    send_due(shops)
    assert len(inbox.received) == 1


def test_mail_to_one_address_is_limited_and_the_questions_are_still_answered(mailing_client, shops, inbox):
    for n in range(5):
        answer(mailing_client, shops, ask(mailing_client, email="sama@example.fi", product=f"P{n}"))
    send_due(shops)
    assert len(inbox.received) == 3
    assert shops.sql("SELECT count(*) AS n FROM answers") == [{"n": 5}]
    assert shops.sql("SELECT count(*) AS n FROM questions WHERE email IS NOT NULL") == [{"n": 0}]


def test_a_server_that_sends_no_mail_keeps_no_address_and_offers_none(client, shops):
    ask(client)
    assert shops.sql("SELECT email FROM questions") == [{"email": None}]
    assert 'name="email"' not in client.get("/w/kahvi/questions?product=P1").text


def test_the_widget_offers_to_tell_the_asker_when_mail_is_sent(mailing_client):
    form = mailing_client.get("/w/kahvi/questions?product=P1&lang=en").text
    assert 'name="email"' in form and "we tell you once when your question is answered" in form
