"""The workspace's webhooks page, as a moderator uses it: add, read the log, send again, resume."""

from __future__ import annotations

from tests.support import Moderator, make_moderator, post_review, text

PAGE = "/admin/shops/kahvi/webhooks"


def moderator(client, shops):
    return Moderator(client, make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))


def test_a_moderator_adds_an_endpoint_and_reads_its_log_in_their_language(hooked, shops, send_due, receiving):
    mod = moderator(hooked, shops)
    added = mod.post(PAGE, {"url": receiving.url + "/crm", "events": ["review.submitted", "review.published"]})
    assert added.status_code == 303 and added.headers["location"] == PAGE + "?done=saved"
    (hook,) = shops.sql("SELECT url, events, kind FROM webhooks")
    assert hook == {
        "url": receiving.url + "/crm",
        "events": '["review.submitted", "review.published"]',
        "kind": "standard",
    }
    receiving.answers = [500]
    post_review(hooked)
    send_due()
    page = mod.get(PAGE + "?lang=en")
    assert page.status_code == 200
    shown = text(page.text)
    assert receiving.url + "/crm" in shown and "A review is written" in shown and "500" in shown
    assert "Waiting" in shown and "next try" in shown and "whsec_" in page.text
    assert "Lisää webhook" in text(mod.get(PAGE + "?lang=fi").text)


def test_a_refused_address_shows_the_form_again_with_why_and_stores_nothing(hooked, shops):
    mod = moderator(hooked, shops)
    refused = mod.post(PAGE + "?lang=en", {"url": "https://10.0.0.8/hook", "events": ["review.published"]})
    assert refused.status_code == 422
    assert "private" in text(refused.text) and 'value="https://10.0.0.8/hook"' in refused.text
    assert 'aria-invalid="true"' in refused.text
    none = mod.post(PAGE + "?lang=en", {"url": "https://93.184.215.14/x"})  # a public address
    assert none.status_code == 422 and "Choose at least one event." in text(none.text)
    assert shops.sql("SELECT count(*) AS n FROM webhooks") == [{"n": 0}]


def test_send_again_pause_and_turn_on_again_from_the_page(hooked, shops, send_due, receiving):
    mod = moderator(hooked, shops)
    mod.post(PAGE, {"url": receiving.url, "events": ["review.submitted"]})
    post_review(hooked)
    send_due()
    ((delivery,),) = [list(r.values()) for r in shops.sql("SELECT id FROM webhook_deliveries")]
    assert mod.post(f"{PAGE}/1/deliveries/{delivery}").status_code == 303
    send_due()
    assert len(receiving.received) == 2 and len({r.headers["webhook-id"] for r in receiving.received}) == 1
    assert mod.post(f"{PAGE}/1", {"action": "pause"}).status_code == 303
    assert "Turn on again" in text(mod.get(PAGE + "?lang=en").text)
    mod.post(f"{PAGE}/1", {"action": "resume"})
    assert shops.sql("SELECT status FROM webhooks") == [{"status": "active"}]
    mod.post(f"{PAGE}/1", {"action": "remove"})
    assert shops.sql("SELECT count(*) AS n FROM webhooks") == [{"n": 0}]


def test_another_shops_moderator_does_not_see_the_page(hooked, shops):
    shops.create("other")
    other = Moderator(hooked, make_moderator(shops.path, "mod@other.example", "--shop", "other"))
    assert other.get(PAGE).status_code == 404
    assert other.post(PAGE, {"url": "https://93.184.215.14/x", "events": ["review.published"]}).status_code == 404
