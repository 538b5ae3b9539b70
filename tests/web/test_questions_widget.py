"""The questions widget: published questions with their answers, a search, and the form to ask."""

import re
import secrets

from tests import support
from tests.support import Moderator, as_person, text

WIDGET = "/w/kahvi/questions?product=P1&lang=en"


def asked(client, shops, body, answer=None, product="P1"):
    """A question published (and answered, if ``answer``) through the API, as the shop would."""
    question = client.post(
        f"/api/v1/shops/kahvi/products/{product}/questions",
        json={"body": body, "author_name": "Leena", "visitor": secrets.token_urlsafe(16)},
    ).json()
    auth = shops.auth("kahvi")
    if answer:
        client.post(f"/api/v1/shops/kahvi/questions/{question['id']}/answers", json={"body": answer}, headers=auth)
    else:
        client.post(
            f"/api/v1/shops/kahvi/questions/{question['id']}/moderation", json={"action": "approve"}, headers=auth
        )
    return question["id"]


def test_published_questions_show_newest_first_with_the_shops_answer_and_waiting_ones_do_not(client, shops):
    asked(client, shops, "Is it fair trade?", answer="Yes, certified.")
    asked(client, shops, "How fine is the grind?")
    client.post("/api/v1/shops/kahvi/products/P1/questions", json={"body": "Still waiting?", "author_name": "Ville"})
    shown = text(client.get(WIDGET).text)
    assert "Questions and answers" in shown and "Still waiting?" not in shown
    assert shown.index("How fine is the grind?") < shown.index("Is it fair trade?")
    assert "How fine is the grind? Leena" in shown and "Not answered yet." in shown
    assert "Answer from Kahvi Oy" in shown and "Yes, certified." in shown


def test_words_in_a_question_are_shown_as_typed_never_as_markup(client, shops):
    asked(client, shops, "Does <b>this</b> fit a moka pot?", answer="<script>alert(1)</script> Yes")
    html = client.get(WIDGET).text
    assert "&lt;b&gt;this&lt;/b&gt;" in html and "&lt;script&gt;alert(1)&lt;/script&gt; Yes" in html
    assert "<script>alert" not in html


def test_the_search_finds_words_in_questions_and_answers_however_cased(client, shops):
    asked(client, shops, "Sopiiko tämä ESPRESSOON?")
    asked(client, shops, "Onko pussi uudelleensuljettava?", answer="On, ja se sopii espressokeittimen viereen.")
    asked(client, shops, "Paljonko kofeiinia?")
    found = text(client.get(WIDGET + "&q=espresso").text)
    assert "2 questions match “espresso”." in found and "Paljonko kofeiinia?" not in found
    assert "Sopiiko tämä ESPRESSOON?" in found and "Onko pussi uudelleensuljettava?" in found
    both = text(client.get(WIDGET + "&q=pussi+espresso").text)
    assert "1 question matches" in both and "Show all questions" in both
    none = text(client.get(WIDGET + "&q=tee").text)
    assert "No question matches these words. Ask yours below." in none
    api = client.get("/api/v1/shops/kahvi/products/P1/questions?q=Espresso").json()
    assert api["total"] == 2


def test_a_question_sent_without_javascript_waits_for_the_shop_and_the_asker_is_told(client, shops):
    answer = client.post(WIDGET, data=as_person(client, body="Is the bag recyclable?", author_name="Emma"))
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert "Thank you for your question! It will be shown once the shop has read it" in text(answer.text)
    (row,) = shops.sql("SELECT body, author_name, status, lang FROM questions")
    assert row == {"body": "Is the bag recyclable?", "author_name": "Emma", "status": "pending", "lang": "en"}


def test_a_question_with_mistakes_comes_back_with_each_named_and_the_words_kept(client, shops):
    answer = client.post(WIDGET, data=as_person(client, body="Is the bag recyclable?", author_name=""))
    html = answer.text
    assert 'href="#sp-q-f-author_name"' in html and 'id="sp-q-f-author_name"' in html
    assert "Give the name to show with your question." in text(html)
    assert ">Is the bag recyclable?</textarea>" in html
    assert shops.sql("SELECT count(*) AS n FROM questions")[0]["n"] == 0


def test_a_bot_filling_the_trap_is_thanked_and_nothing_is_stored(client, shops):
    answer = client.post(WIDGET, data=as_person(client, body="Buy pills", author_name="Bot", website="http://spam"))
    assert "Thank you for your question!" in text(answer.text)
    assert shops.sql("SELECT count(*) AS n FROM questions")[0]["n"] == 0


def test_the_widget_comes_with_the_pages_other_widgets_in_one_request(client, shops):
    asked(client, shops, "Is it fair trade?", answer="Yes.")
    batch = client.get("/w/kahvi?w=questions~P1~fi&w=stars~P1").json()
    assert (
        "Kysymykset ja vastaukset" in batch["widgets"][0]["html"] and "Is it fair trade?" in batch["widgets"][0]["html"]
    )


def test_a_product_without_questions_invites_the_first(client):
    assert "No questions yet. Ask the first one" in text(client.get(WIDGET).text)
    assert 'role="search"' not in client.get(WIDGET).text  # nothing to search yet


def test_a_vote_and_a_report_sent_from_the_widget_show_at_once_and_reach_the_workspace(client, shops):
    question = asked(client, shops, "Is it fair trade?", answer="Yes, certified.")
    answer_id = shops.sql("SELECT id FROM answers")[0]["id"]
    voted = client.post(
        "/w/kahvi/questions/helpful?product=P1&lang=en", data={"kind": "answer", "item": str(answer_id), "undo": "0"}
    )
    assert voted.status_code == 200 and voted.headers["Cache-Control"] == "no-store"
    assert re.search(r'aria-pressed="true">Helpful \(1\)<span class="sp-vh"> – this answer', voted.text)
    reported = client.post(
        "/w/kahvi/questions/report?product=P1&lang=en",
        data={"kind": "question", "item": str(question), "reason": "off-topic", "note": "Not about coffee"},
    )
    assert "Thank you. The shop will look at it; it stays visible until then." in text(reported.text)
    mod = Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))
    page = text(mod.get("/admin/shops/kahvi/questions?view=reported&lang=en").text)
    assert "Reported (1)" in page and "Reported 1 time" in page and "Off-topic: “Not about coffee”" in page
    nothing = client.post("/w/kahvi/questions/helpful?product=P1", data={"kind": "review", "item": "1"})
    assert nothing.status_code == 422


def test_the_widget_orders_questions_by_helpful_votes_when_asked(client, shops):
    older = asked(client, shops, "Older question?")
    asked(client, shops, "Newer question?")
    client.post(f"/api/v1/shops/kahvi/questions/{older}/helpful")
    shown = text(client.get(WIDGET + "&sort=helpful").text)
    assert shown.index("Older question?") < shown.index("Newer question?")
    assert '<option value="helpful" selected>' in client.get(WIDGET + "&sort=helpful").text


def test_a_report_form_is_sent_only_for_the_item_whose_report_link_was_followed(client, shops):
    question = asked(client, shops, "Is it fair trade?", answer="Yes, certified.")
    answer_id = shops.sql("SELECT id FROM answers")[0]["id"]
    closed = client.get(WIDGET).text
    assert closed.count('name="reason"') == 0 and closed.count('class="sp-report-link"') == 2
    assert f"report=question%3A{question}" in closed and f"report=answer%3A{answer_id}" in closed
    opened = client.get(WIDGET + f"&report=answer:{answer_id}").text
    assert opened.count('name="reason"') == 1 and f'id="sp-report-reason-answer-{answer_id}"' in opened
    assert "Not genuine" in text(opened) and "Not a genuine review" not in text(opened)  # words for any text
    assert client.get(WIDGET + "&report=<script>").text.count('name="reason"') == 0


def test_the_widget_says_how_questions_are_checked_by_the_shops_real_settings(client, shops):
    said = text(client.get(WIDGET).text)
    assert "The shop reads every question and answer before it is shown" in said
    assert "Verified buyer” are from buyers" not in said  # the shop asks no buyer
    shops.create("heti", moderation="post", review_requests=True)
    said = text(client.get("/w/heti/questions?product=P1&lang=en").text)
    assert "Questions and answers are shown as soon as they are sent" in said
    assert "Answers marked “Verified buyer” are from buyers of the product whom the shop asked by mail." in said
