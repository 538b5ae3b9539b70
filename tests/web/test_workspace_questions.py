"""The workspace's questions: each state a view, publish or reject with a reason, answer in the shop's name."""

from __future__ import annotations

import html
import secrets

import pytest

from tests import support
from tests.support import Moderator, text


@pytest.fixture
def mod(client, shops):
    return Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))


def said(answer) -> str:
    return html.unescape(text(answer.text))


def ask(client, body, product="P1"):
    answer = client.post(
        f"/api/v1/shops/kahvi/products/{product}/questions",
        json={"body": body, "author_name": "Leena", "visitor": secrets.token_urlsafe(16)},
    )
    return answer.json()["id"]


def test_a_waiting_question_is_answered_and_published_in_one_step_and_shown_in_the_widget(client, mod):
    question = ask(client, "Onko tämä luomua?")
    page = said(mod.get("/admin/shops/kahvi/questions?lang=en"))
    assert "Waiting for a decision (1)" in page and "Onko tämä luomua?" in page
    answered = mod.post(
        f"/admin/shops/kahvi/questions/{question}?view=waiting", {"action": "answer", "body": "On, EU-luomu."}
    )
    assert answered.status_code == 303 and "done=question-answer" in answered.headers["location"]
    after = said(mod.get("/admin/shops/kahvi/questions?view=answered&lang=en"))
    assert "Answered (1)" in after and "Waiting for a decision (0)" in after and "On, EU-luomu." in after
    widget = text(client.get("/w/kahvi/questions?product=P1&lang=en").text)
    assert "Onko tämä luomua?" in widget and "Answer from Kahvi Oy" in widget and "On, EU-luomu." in widget
    log = said(mod.get("/admin/shops/kahvi/log?lang=en"))
    assert "mod@kahvi.example (moderator) Answered a question" in log


def test_a_rejection_needs_a_reason_and_keeps_it(client, mod, shops):
    question = ask(client, "Osta halpoja kelloja osoitteesta …")
    no_reason = mod.post(f"/admin/shops/kahvi/questions/{question}?view=waiting", {"action": "reject"})
    assert "done=reason" in no_reason.headers["location"]
    assert shops.sql("SELECT status FROM questions")[0]["status"] == "pending"
    assert "Choose a reason for rejecting." in said(mod.get("/admin/shops/kahvi/questions?done=reason&lang=en"))
    mod.post(f"/admin/shops/kahvi/questions/{question}?view=waiting", {"action": "reject", "reason": "spam"})
    assert shops.sql("SELECT status, rejection_reason FROM questions") == [
        {"status": "rejected", "rejection_reason": "spam"}
    ]
    rejected = said(mod.get("/admin/shops/kahvi/questions?view=rejected&lang=en"))
    assert "Rejected: Spam" in rejected and "Answer, shown under the question" not in rejected


def test_published_questions_without_an_answer_wait_in_their_own_view_and_on_the_home_page(client, mod, shops):
    published = ask(client, "Kuinka kauan pussi säilyy?")
    ask(client, "Toimitatteko Ahvenanmaalle?")
    mod.post(f"/admin/shops/kahvi/questions/{published}?view=waiting", {"action": "approve"})
    unanswered = said(mod.get("/admin/shops/kahvi/questions?view=unanswered&lang=en"))
    assert "Published, not answered (1)" in unanswered and "Kuinka kauan pussi säilyy?" in unanswered
    assert "Toimitatteko Ahvenanmaalle?" not in unanswered
    home = said(mod.get("/admin?lang=en"))
    assert "2 questions to answer or decide" in home


def test_an_empty_answer_is_refused_and_nothing_changes(client, mod, shops):
    question = ask(client, "Onko tämä luomua?")
    refused = mod.post(f"/admin/shops/kahvi/questions/{question}?view=waiting", {"action": "answer", "body": "  "})
    assert "done=empty-answer" in refused.headers["location"]
    assert shops.sql("SELECT status FROM questions")[0]["status"] == "pending"
    assert shops.sql("SELECT count(*) AS n FROM answers")[0]["n"] == 0


def test_another_shops_moderator_can_not_see_or_touch_the_questions(client, shops):
    shops.create("muu")
    question = ask(client, "Onko tämä luomua?")
    other = Moderator(client, support.make_moderator(shops.path, "mod@muu.example", "--shop", "muu"))
    assert other.get("/admin/shops/kahvi/questions").status_code == 404
    assert other.post(f"/admin/shops/kahvi/questions/{question}", {"action": "approve"}).status_code == 404
    assert shops.sql("SELECT status FROM questions")[0]["status"] == "pending"


def test_a_buyers_answer_waits_in_its_view_and_is_published_or_rejected_with_a_reason(client, mod, shops):
    question = ask(client, "Sopiiko pannuun?")
    mod.post(f"/admin/shops/kahvi/questions/{question}?view=waiting", {"action": "approve"})
    for name in ("Mikko", "Spämmäri"):  # as a buyer's link stores them (tests/mail/test_answer_requests.py)
        shops.execute(
            "INSERT INTO answers (question_id, shop_id, body, author_name, by_shop, verified, status, created_at) "
            "SELECT ?, shop_id, ?, ?, 0, 1, 'pending', '2026-12-01T10:00:00+00:00' FROM questions WHERE id = ?",
            [question, f"Vastaus {name}", name, question],
        )
    waiting = said(mod.get("/admin/shops/kahvi/questions?view=answers-waiting&lang=en"))
    assert "Buyers' answers waiting (1)" in waiting and "Answer from Mikko · Verified buyer" in waiting
    assert "1 question to answer or decide" in said(mod.get("/admin?lang=en"))  # one question, counted once
    mikko, spam = (r["id"] for r in shops.sql("SELECT id FROM answers ORDER BY id"))
    mod.post(
        f"/admin/shops/kahvi/questions/{question}?view=answers-waiting", {"action": "approve-answer", "answer": mikko}
    )
    no_reason = mod.post(
        f"/admin/shops/kahvi/questions/{question}?view=answers-waiting", {"action": "reject-answer", "answer": spam}
    )
    assert "done=reason" in no_reason.headers["location"]
    mod.post(
        f"/admin/shops/kahvi/questions/{question}?view=answers-waiting",
        {"action": "reject-answer", "answer": spam, f"reason_{spam}": "spam"},
    )
    assert shops.sql("SELECT author_name, status, rejection_reason FROM answers ORDER BY id") == [
        {"author_name": "Mikko", "status": "approved", "rejection_reason": None},
        {"author_name": "Spämmäri", "status": "rejected", "rejection_reason": "spam"},
    ]
    widget = text(client.get("/w/kahvi/questions?product=P1&lang=en").text)
    assert "Vastaus Mikko" in widget and "Vastaus Spämmäri" not in widget
    assert shops.sql("SELECT answered_at IS NOT NULL AS answered FROM questions") == [{"answered": 1}]
