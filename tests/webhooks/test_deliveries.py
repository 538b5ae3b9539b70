"""Events out, over real HTTP to a local receiver: signed, in order, retried, paused, sent again."""

from __future__ import annotations

import time

import httpx2 as httpx
import pytest

from socialproof import policy
from socialproof.db.store import open_migrated
from socialproof.jobs import housekeeping
from socialproof.reviews.replies import set_reply
from socialproof.shops.registry import require_shop
from socialproof.webhooks.events import EventType
from tests import mailbox as mail
from tests import photo_files
from tests.portability import exports
from tests.receiving import receiver
from tests.support import approve, live_server, make_moderator, post_review

HOOKS = "/api/v1/shops/kahvi/webhooks"
EVERY = [e.value for e in EventType]


def register(client, shops, url, events=EVERY, **more):
    made = client.post(HOOKS, json={"url": url, "events": events} | more, headers=shops.auth("kahvi"))
    assert made.status_code == 201, made.text
    return made.json()


def moderate(client, shops, review_id, action, reason=None):
    body = {"action": action} | ({"reason": reason} if reason else {})
    answer = client.post(f"/api/v1/shops/kahvi/reviews/{review_id}/moderation", json=body, headers=shops.auth("kahvi"))
    assert answer.status_code == 200, answer.text


def test_a_reviews_life_arrives_in_order_signed_and_without_the_writers_address(hooked, shops, send_due, receiving):
    hook = register(hooked, shops, receiving.url + "/reviews?from=socialproof")
    sent = post_review(hooked, rating=2, email="anni@example.fi", title="Liian vaaleaa", author_name="Anni")
    moderate(hooked, shops, sent["id"], "approve")
    with open_migrated(shops.path) as db:
        set_reply(db, require_shop(db, "kahvi"), sent["id"], "Kiitos palautteesta!", "moderator")
    hooked.post(f"/api/v1/shops/kahvi/reviews/{sent['id']}/reports", json={"reason": "off-topic"})
    send_due()
    got = receiving.wait_for(4)
    assert [r.verified(hook["secret"])["type"] for r in got] == [
        "review.submitted",
        "review.published",
        "reply.published",
        "review.reported",
    ]
    assert {r.path for r in got} == {"/reviews?from=socialproof"}
    first = got[0].verified(hook["secret"])["data"]
    assert first["shop"] == "kahvi" and first["review"]["status"] == "pending"  # as it was when submitted
    assert first["review"]["rating"] == 2 and first["review"]["title"] == "Liian vaaleaa"
    assert all(b"anni@example.fi" not in r.body and b"email" not in r.body for r in got)
    assert got[2].verified(hook["secret"])["data"]["review"]["reply"]["body"] == "Kiitos palautteesta!"
    assert got[3].verified(hook["secret"])["data"]["report"]["reason"] == "off-topic"
    assert len({r.headers["webhook-id"] for r in got}) == 4
    assert send_due() == []  # nothing twice


def test_only_the_chosen_events_of_the_own_shop_go_out(hooked, shops, send_due, receiving):
    shops.create("other")
    register(hooked, shops, receiving.url, ["review.rejected"])
    kept = post_review(hooked)["id"]
    refused = post_review(hooked)["id"]
    post_review(hooked, shop="other")
    approve(hooked, shops, kept)
    moderate(hooked, shops, refused, "reject", "spam")
    send_due()
    (only,) = receiving.wait_for(1)
    assert only.json()["type"] == "review.rejected" and only.json()["data"]["review"]["id"] == refused
    assert only.json()["data"]["review"]["rejection_reason"] == "spam"


def test_edits_withdrawals_photos_and_imports_are_events_too(hooked, shops, send_due, receiving):
    register(hooked, shops, receiving.url, ["review.edited", "review.withdrawn", "photo.published", "import.finished"])
    shopper = post_review(hooked)
    link = shopper["manage_url"].removeprefix("http://testserver")
    hooked.post(link, data={"action": "correct", "title": "Korjattu", "body": "Parempi sanoin"})
    hooked.post(link, data={"action": "withdraw", "sure": "yes"})
    fields = {"rating": "4", "body": "Kuvan kanssa", "author_name": "Ville", "visitor": "v-photo"}
    with_photo = hooked.post(
        "/api/v1/shops/kahvi/products/P2/reviews",
        data=fields,
        files=[("photos", ("kuva.jpg", photo_files.jpeg(), "image/jpeg"))],
    )
    assert with_photo.status_code == 201, with_photo.text
    approve(hooked, shops, with_photo.json()["id"])
    imported = hooked.post("/api/v1/shops/kahvi/imports", content=exports.YOTPO, headers=shops.auth("kahvi"))
    assert imported.status_code == 201
    send_due()
    got = {r.json()["type"]: r.json() for r in receiving.wait_for(4)}
    types = [r.json()["type"] for r in receiving.received]
    assert types.index("review.edited") < types.index("review.withdrawn")  # one review's events, in order
    withdrawn = got["review.withdrawn"]["data"]["review"]
    assert withdrawn["erased"] is True and withdrawn["body"] == "" and withdrawn["author_name"] == ""
    assert got["photo.published"]["data"]["photo"]["url"].startswith("https://reviews.kahvi.example/photos/")
    assert got["import.finished"]["data"]["import"] == got["import.finished"]["data"]["import"] | {
        "service": "yotpo",
        "reviews": 3,
    }
    assert len(receiving.received) == 4  # the imported reviews are one event, not one each


def test_an_endpoint_hears_only_of_what_happens_after_it_was_added(hooked, shops, send_due, receiving):
    before = post_review(hooked)["id"]
    send_due()
    register(hooked, shops, receiving.url, ["review.published", "review.submitted"])
    approve(hooked, shops, before)
    send_due()
    assert [r.json()["type"] for r in receiving.wait_for(1)] == ["review.published"]


def test_failures_are_retried_on_the_schedule_then_given_up_and_sent_again_by_hand(
    hooked, shops, send_due, receiving, travel
):
    hook = register(hooked, shops, receiving.url, ["review.submitted"])
    receiving.normally = 500
    post_review(hooked)
    assert [o.code for o in send_due()] == [500]
    for wait in policy.WEBHOOK_RETRIES:
        travel(seconds=wait.total_seconds() - 1)
        assert send_due() == [], f"retried before {wait}"
        travel(seconds=1)
        (outcome,) = send_due()
        assert outcome.code == 500
    assert outcome.status == "failed"
    log = hooked.get(f"{HOOKS}/{hook['id']}/deliveries", headers=shops.auth("kahvi")).json()["deliveries"]
    assert log[0]["status"] == "failed" and log[0]["attempts"] == len(policy.WEBHOOK_RETRIES) + 1
    assert log[0]["response_code"] == 500 and "500" in log[0]["error"]
    receiving.normally = 200
    again = hooked.post(f"{HOOKS}/{hook['id']}/deliveries/{log[0]['id']}/send-again", headers=shops.auth("kahvi"))
    assert again.status_code == 202 and again.json()["status"] == "queued"
    assert [o.status for o in send_due()] == ["delivered"]
    ids = {r.headers["webhook-id"] for r in receiving.received}
    assert len(ids) == 1  # the same message every time: a receiver can tell it is a repeat


def test_a_review_waits_behind_its_own_failed_event_but_others_go_on(hooked, shops, send_due, receiving, travel):
    register(hooked, shops, receiving.url, ["review.submitted", "review.published"])
    first = post_review(hooked)["id"]
    failed_once: list[bool] = []

    def fail_first_once(request):
        if request.json()["data"]["review"]["id"] == first and not failed_once:
            failed_once.append(True)
            return 503
        return None

    receiving.rule = fail_first_once
    approve(hooked, shops, first)
    second = post_review(hooked)["id"]
    outcomes = send_due()
    assert sorted(o.code for o in outcomes) == [200, 503]  # first's submitted failed; second's submitted went
    assert send_due() == []  # first's published waits for its submitted
    travel(seconds=5)
    send_due()
    of = {
        i: [r.json()["type"] for r in receiving.received if r.json()["data"]["review"]["id"] == i]
        for i in (first, second)
    }
    assert of[first] == ["review.submitted", "review.submitted", "review.published"]  # the 503, again, then on
    assert of[second] == ["review.submitted"]


def test_a_redirect_is_a_failure_and_is_not_followed(hooked, shops, send_due, receiving):
    register(hooked, shops, receiving.url, ["review.submitted"])
    receiving.normally = "redirect"
    post_review(hooked)
    (outcome,) = send_due()
    assert outcome.code == 302 and outcome.status == "queued"
    assert [r.path for r in receiving.received] == ["/"]  # never /elsewhere


def test_a_receiver_that_does_not_answer_in_time_is_a_failure(hooked, shops, send_due, receiving, monkeypatch):
    monkeypatch.setattr(policy, "WEBHOOK_TIMEOUT_SECONDS", 0.5)  # the real 10 s, shortened for the suite
    register(hooked, shops, receiving.url, ["review.submitted"])
    receiving.answers = ["stall"]
    post_review(hooked)
    (outcome,) = send_due()
    assert outcome.code is None and "no answer within" in outcome.error and outcome.status == "queued"


def test_a_trickling_receiver_is_cut_off_at_the_deadline_and_delays_no_other_endpoint(
    hooked, shops, send_due, receiving, monkeypatch
):
    deadline = 0.4  # the real 10 s, shortened for the suite: still four of the receiver's trickles
    monkeypatch.setattr(policy, "WEBHOOK_TIMEOUT_SECONDS", deadline)
    with receiver() as normal:
        register(hooked, shops, receiving.url + "/slow", ["review.submitted"])
        register(hooked, shops, normal.url + "/normal", ["review.submitted"])
        receiving.normally = "trickle"  # a byte every TRICKLE_SECONDS: no single read ever times out
        for _ in range(3):
            post_review(hooked)
        started = time.monotonic()
        outcomes = send_due()
        took = time.monotonic() - started
    assert len(normal.received) == 3  # every one of the normal endpoint's, beside the slow one
    slow = [o for o in outcomes if o.error]
    assert slow and all(f"no answer within {deadline} seconds" in o.error for o in slow)
    assert took < deadline * 3 + 2  # each slow post ends at its deadline, not when the receiver stops trickling


@pytest.mark.parametrize("answer", [200, 201, 204])
def test_any_2xx_is_a_delivery(hooked, shops, send_due, receiving, answer):
    register(hooked, shops, receiving.url, ["review.submitted"])
    receiving.normally = answer
    post_review(hooked)
    assert [o.status for o in send_due()] == ["delivered"]


def test_an_endpoint_failing_for_three_days_is_paused_its_moderators_told_and_resumed_by_hand(
    hooked, shops, send_due, receiving, travel, inbox
):
    make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi")
    hook = register(hooked, shops, receiving.url, ["review.submitted"])
    receiving.normally = 500
    post_review(hooked)
    send_due()
    hours = 0.0
    while hours < policy.WEBHOOK_PAUSE_AFTER.total_seconds() / 3600:
        travel(hours=12)
        hours += 12
        post_review(hooked)  # new events keep failing too
        send_due()
    shown = hooked.get(f"{HOOKS}/{hook['id']}", headers=shops.auth("kahvi")).json()
    assert shown["status"] == "paused" and shown["failing_since"] is not None
    (notice,) = shops.sql("SELECT recipient, kind FROM outbox WHERE kind = 'webhook-paused'")
    assert notice["recipient"] == "mod@kahvi.example"
    mail.send_due(shops)
    (told,) = [m for m in inbox.received if "Webhook" in m["Subject"]]  # beside the digest of waiting reviews
    assert told["To"] == "mod@kahvi.example" and told["Subject"] == "Webhook paused for Kahvi Oy"
    words = told.get_body(("plain",)).get_content()
    assert receiving.url in words and "HTTP 500" in words and f"{mail.PUBLIC_URL}/admin/shops/kahvi/webhooks" in words
    tried = len(receiving.received)
    post_review(hooked)
    travel(days=1)
    assert send_due() == [] and len(receiving.received) == tried  # paused: nothing goes
    receiving.normally = 200
    resumed = hooked.patch(f"{HOOKS}/{hook['id']}", json={"status": "active"}, headers=shops.auth("kahvi"))
    assert resumed.status_code == 200 and resumed.json()["status"] == "active"
    outcomes = []
    for _ in range(20):  # bounded: the waiting deliveries go, a review at a time
        batch = send_due()
        if not batch:
            break
        outcomes += batch
    assert outcomes and all(o.status == "delivered" for o in outcomes)


@pytest.mark.served
def test_serve_posts_by_itself_within_seconds(shops, receiving, tmp_path):
    shops.create("kahvi", "Kahvi Oy")
    env = {"SOCIALPROOF_WEBHOOKS_ALLOW_LOOPBACK": "1"}
    with live_server(shops.path, env=env, log=tmp_path / "serve.log") as (url, _):
        made = httpx.post(
            f"{url}{HOOKS}", json={"url": receiving.url, "events": ["review.submitted"]}, headers=shops.auth("kahvi")
        )
        assert made.status_code == 201, made.text
        body = {"rating": 4, "body": "Hyvää", "author_name": "Anni", "visitor": "v-serve"}
        assert httpx.post(f"{url}/api/v1/shops/kahvi/products/P1/reviews", json=body).status_code == 201
        (got,) = receiving.wait_for(1, timeout=10)
    assert got.verified(made.json()["secret"])["data"]["review"]["body"] == "Hyvää"


def test_the_delivery_log_is_kept_thirty_days(hooked, shops, send_due, receiving, travel):
    register(hooked, shops, receiving.url, ["review.submitted"])
    post_review(hooked)
    send_due()
    travel(days=29)
    with open_migrated(shops.path) as db:
        assert housekeeping.purge(db)["webhook_deliveries"] == 0
    travel(days=2)
    with open_migrated(shops.path) as db:
        assert housekeeping.purge(db)["webhook_deliveries"] == 1
    assert shops.sql("SELECT count(*) AS n FROM webhook_deliveries") == [{"n": 0}]
