"""Questions over the contract's paths: a shopper asks, the shop moderates and answers, anyone reads."""

import json
import secrets

import pytest
from click.testing import CliRunner

from socialproof import audit
from socialproof.cli import cli
from tests.client import TestClient
from tests.support import Shops

QUESTIONS = "/api/v1/shops/kahvi/products/P1/questions"


def ask(client, product="P1", shop="kahvi", **fields):
    body = {"body": "Onko tämä kahvi reilun kaupan?", "author_name": "Leena", "visitor": secrets.token_urlsafe(16)}
    response = client.post(f"/api/v1/shops/{shop}/products/{product}/questions", json=body | fields)
    assert response.status_code == 201, response.text
    return response.json()


def moderate(client, shops: Shops, question_id, body, shop="kahvi", as_shop=None):
    return client.post(
        f"/api/v1/shops/{shop}/questions/{question_id}/moderation", json=body, headers=shops.auth(as_shop or shop)
    )


def answer(client, shops: Shops, question_id, text="Kyllä, se on Reilun kaupan kahvia.", shop="kahvi"):
    return client.post(
        f"/api/v1/shops/{shop}/questions/{question_id}/answers", json={"body": text}, headers=shops.auth(shop)
    )


def test_a_question_waits_for_the_shop_and_is_shown_once_approved(client, shops):
    asked = ask(client)
    assert asked["status"] == "pending" and isinstance(asked["id"], int)
    assert client.get(QUESTIONS).json()["total"] == 0
    decided = moderate(client, shops, asked["id"], {"action": "approve"})
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    shown = client.get(QUESTIONS).json()
    assert shown["total"] == 1
    (item,) = shown["items"]
    assert (item["body"], item["author_name"], item["answers"]) == ("Onko tämä kahvi reilun kaupan?", "Leena", [])
    assert "email" not in item and "status" not in item


def test_a_post_moderating_shop_shows_a_question_at_once_and_logs_why(client, shops):
    shops.create("heti", moderation="post")
    asked = ask(client, shop="heti")
    assert asked["status"] == "approved"
    assert client.get("/api/v1/shops/heti/products/P1/questions").json()["total"] == 1
    (entry,) = shops.sql("SELECT * FROM moderation_log WHERE subject = ?", [f"question:{asked['id']}"])
    assert (entry["action"], entry["actor"], entry["review_id"]) == ("publish", "system:post-moderation", None)


def test_the_shops_answer_is_public_under_its_name_and_publishes_the_question(client, shops):
    asked = ask(client, email="leena@example.fi")
    given = answer(client, shops, asked["id"])
    assert given.status_code == 201, given.text
    assert given.json()["by_shop"] is True and given.json()["author_name"] == "Kahvi Oy"
    (item,) = client.get(QUESTIONS).json()["items"]
    assert [(a["body"], a["author_name"], a["by_shop"]) for a in item["answers"]] == [
        ("Kyllä, se on Reilun kaupan kahvia.", "Kahvi Oy", True)
    ]
    log = shops.sql("SELECT action, from_status, to_status, subject FROM moderation_log ORDER BY id")
    assert [(e["action"], e["subject"].split(":")[0]) for e in log] == [("approve", "question"), ("answer", "answer")]
    assert "leena@example.fi" not in client.get(QUESTIONS).text


def test_a_rejected_question_is_not_answered_until_approved(client, shops):
    asked = ask(client)
    assert moderate(client, shops, asked["id"], {"action": "reject", "reason": "spam"}).json()["status"] == "rejected"
    refused = answer(client, shops, asked["id"])
    assert refused.status_code == 409 and refused.json()["error"]
    assert shops.sql("SELECT count(*) AS n FROM answers")[0]["n"] == 0
    assert client.get(QUESTIONS).json()["total"] == 0


@pytest.mark.parametrize("reason", [r.value for r in audit.RejectReason])
def test_a_rejection_needs_a_policy_reason_and_keeps_it(client, shops, reason):
    asked = ask(client)
    assert moderate(client, shops, asked["id"], {"action": "reject"}).status_code == 422
    decided = moderate(client, shops, asked["id"], {"action": "reject", "reason": reason}).json()
    assert (decided["status"], decided["rejection_reason"]) == ("rejected", reason)
    (entry,) = shops.sql("SELECT reason, subject FROM moderation_log")
    assert entry == {"reason": reason, "subject": f"question:{asked['id']}"}


def test_the_queue_of_each_kind_holds_only_its_own(client, shops):
    first, second = ask(client)["id"], ask(client, "P2")["id"]
    client.post(
        "/api/v1/shops/kahvi/products/P1/reviews",
        json={"rating": 5, "body": "Hyvää", "author_name": "Anni", "visitor": secrets.token_urlsafe(16)},
    )
    auth = shops.auth("kahvi")
    questions = client.get("/api/v1/shops/kahvi/moderation?kind=question&status=pending", headers=auth).json()
    assert [(q["id"], q["product"], q["status"]) for q in questions["items"]] == [
        (first, "P1", "pending"),
        (second, "P2", "pending"),
    ]
    reviews = client.get("/api/v1/shops/kahvi/moderation?kind=review", headers=auth).json()
    assert reviews["total"] == 1 and "rating" in reviews["items"][0]
    bad = client.get("/api/v1/shops/kahvi/moderation?kind=questions", headers=auth)
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"kind"}


def test_a_bad_question_gets_422_naming_each_field_and_stores_nothing(client, shops):
    response = client.post(QUESTIONS, json={"body": "", "author_name": "x" * 61, "email": "not an address"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"body", "author_name", "email"}
    assert shops.sql("SELECT count(*) AS n FROM questions")[0]["n"] == 0
    assert shops.sql("SELECT count(*) AS n FROM products")[0]["n"] == 0


def test_a_question_is_plain_text_kept_as_typed_less_its_disguises(client, shops):
    asked = ask(client, body="Sopiiko <b>espressoon</b>\u202e?\r\n\r\n\r\nEntä &lt;mokkapannuun&gt;?")
    moderate(client, shops, asked["id"], {"action": "approve"})
    (item,) = client.get(QUESTIONS).json()["items"]
    assert item["body"] == "Sopiiko <b>espressoon</b>?\n\nEntä &lt;mokkapannuun&gt;?"


def test_answers_and_decisions_need_the_shops_own_key(client, shops):
    shops.create("muu")
    asked = ask(client)
    assert moderate(client, shops, asked["id"], {"action": "approve"}, as_shop="muu").status_code in (401, 403)
    other = client.post(
        f"/api/v1/shops/muu/questions/{asked['id']}/answers", json={"body": "x"}, headers=shops.auth("muu")
    )
    assert other.status_code == 404
    assert client.post(f"/api/v1/shops/kahvi/questions/{asked['id']}/answers", json={"body": "x"}).status_code == 401
    assert shops.sql("SELECT count(*) AS n FROM answers")[0]["n"] == 0


def test_an_empty_or_overlong_answer_is_refused(client, shops):
    asked = ask(client)
    assert answer(client, shops, asked["id"], "  ").status_code == 422
    too_long = answer(client, shops, asked["id"], "a" * 2001)
    assert too_long.status_code == 422 and set(too_long.json()["errors"]) == {"body"}
    assert shops.sql("SELECT status FROM questions")[0]["status"] == "pending"


def test_a_shopper_asking_too_often_is_told_when_to_come_back(client, shops):
    visitor = secrets.token_urlsafe(16)
    answers = [
        client.post(QUESTIONS, json={"body": f"Kysymys {n}?", "author_name": "Leena", "visitor": visitor})
        for n in range(6)
    ]
    assert [a.status_code for a in answers] == [201] * 5 + [429]
    assert answers[-1].headers["Retry-After"]


def test_an_askers_address_is_exported_and_erased_with_the_question_and_its_answers(mailing_client, shops):
    client = mailing_client
    asked = ask(client, email="Leena@Example.fi")
    answer(client, shops, asked["id"])
    other = ask(client, body="Paljonko painaa pussi?")
    answer(client, shops, other["id"])

    def run(*args):
        return CliRunner().invoke(cli, ["privacy", *args, "--db", str(shops.path)])

    exported = json.loads(run("export", "leena@example.fi").output)
    assert [(q["body"], q["product"]) for q in exported["questions"]] == [("Onko tämä kahvi reilun kaupan?", "P1")]
    erased = run("erase", "leena@example.fi")
    assert erased.exit_code == 0 and "1 question(s)" in erased.output and "1 message(s) in the outbox" in erased.output
    assert [q["body"] for q in client.get(QUESTIONS).json()["items"]] == ["Paljonko painaa pussi?"]
    assert shops.sql("SELECT count(*) AS n FROM answers")[0]["n"] == 1


def published_question(client, shops, body="Onko tämä luomua?", product="P1"):
    asked = ask(client, product=product, body=body)
    answer(client, shops, asked["id"])
    return asked["id"], shops.sql("SELECT id FROM answers WHERE question_id = ?", [asked["id"]])[0]["id"]


def test_helpful_votes_count_one_per_shopper_and_order_the_questions(client, shops):
    first, first_answer = published_question(client, shops, "Onko tämä luomua?")
    second, _ = published_question(client, shops, "Sopiiko pannuun?")
    shoppers = [TestClient(client.app, client=(f"198.51.100.{n}", 50000)) for n in (1, 2, 3)]
    for shopper in shoppers:
        assert shopper.post(f"/api/v1/shops/kahvi/questions/{first}/helpful").status_code == 200
    again = shoppers[0].post(f"/api/v1/shops/kahvi/questions/{first}/helpful", json={"visitor": "a" * 22})
    assert again.json() == {"count": 3}  # the same shopper again adds nothing, with or without a visitor id
    assert shoppers[0].request("DELETE", f"/api/v1/shops/kahvi/questions/{first}/helpful").json() == {"count": 2}
    assert shoppers[1].post(f"/api/v1/shops/kahvi/answers/{first_answer}/helpful").json() == {"count": 1}
    newest = client.get(QUESTIONS).json()["items"]
    assert [q["id"] for q in newest] == [second, first]
    helpful = client.get(QUESTIONS + "?sort=helpful").json()["items"]
    assert [(q["id"], q["helpful"]) for q in helpful] == [(first, 2), (second, 0)]
    assert helpful[0]["answers"][0]["helpful"] == 1
    assert client.get(QUESTIONS + "?sort=highest").status_code == 400


def test_a_waiting_question_or_another_shops_can_not_be_voted_on_or_reported(client, shops):
    waiting = ask(client)["id"]
    assert client.post(f"/api/v1/shops/kahvi/questions/{waiting}/helpful", json={}).status_code == 404
    shops.create("muu")
    shown, answer_id = published_question(client, shops)
    assert client.post(f"/api/v1/shops/muu/questions/{shown}/helpful", json={}).status_code == 404
    assert client.post(f"/api/v1/shops/muu/answers/{answer_id}/reports", json={"reason": "spam"}).status_code == 404


def test_a_report_hides_nothing_is_logged_and_waits_for_the_shops_decision(client, shops):
    question, answer_id = published_question(client, shops)
    reported = client.post(
        f"/api/v1/shops/kahvi/answers/{answer_id}/reports",
        json={"reason": "offensive", "note": "Rumaa kieltä", "visitor": secrets.token_urlsafe(16)},
    )
    assert reported.status_code == 202 and reported.json() == {"reported": True}
    assert client.get(QUESTIONS).json()["total"] == 1  # still shown
    assert shops.sql("SELECT open_reports FROM answers") == [{"open_reports": 1}]
    (entry,) = shops.sql("SELECT actor, reason, subject FROM moderation_log WHERE action = 'report'")
    assert entry == {"actor": "shopper", "reason": "offensive", "subject": f"answer:{answer_id}"}
    bad = client.post(f"/api/v1/shops/kahvi/questions/{question}/reports", json={"reason": "dislike"})
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"reason"}
    moderate(client, shops, question, {"action": "approve"})  # kept: the reports are answered
    assert shops.sql("SELECT open_reports FROM answers") == [{"open_reports": 0}]
    assert shops.sql("SELECT count(*) AS n FROM question_reports WHERE resolved_at IS NULL") == [{"n": 0}]


def test_a_decision_about_a_reported_answer_answers_its_reports_only(client, shops):
    question, answer_id = published_question(client, shops)
    for path in (f"answers/{answer_id}", f"questions/{question}"):
        client.post(
            f"/api/v1/shops/kahvi/{path}/reports", json={"reason": "spam", "visitor": secrets.token_urlsafe(16)}
        )
    kept = client.post(
        f"/api/v1/shops/kahvi/answers/{answer_id}/moderation", json={"action": "approve"}, headers=shops.auth("kahvi")
    )
    assert kept.status_code == 200 and kept.json()["open_reports"] == 0
    assert shops.sql("SELECT open_reports FROM questions") == [{"open_reports": 1}]  # still for the shop to decide
