"""The workspace's mail pages: a moderator's digest, a shop's request settings, the outbox with masked addresses."""

from __future__ import annotations

from tests.support import Moderator, make_moderator, post_review


def signed_in(client, shops):
    return Moderator(client, make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))


def test_a_moderator_chooses_their_digest_in_their_language(client, shops):
    mod = signed_in(client, shops)
    page = mod.get("/admin/account?lang=sv")
    assert page.status_code == 200 and 'value="daily" checked' in page.text
    saved = mod.post("/admin/account?lang=sv", {"digest": "immediately"})
    assert saved.status_code == 303
    assert shops.sql("SELECT digest, digest_lang FROM moderators") == [{"digest": "immediately", "digest_lang": "sv"}]
    assert mod.post("/admin/account", {"digest": "hourly"}).status_code == 422


def test_the_mail_page_says_nothing_is_sent_without_settings_and_saves_request_settings(client, shops):
    mod = signed_in(client, shops)
    page = mod.get("/admin/shops/kahvi/mail?lang=en")
    assert page.status_code == 200 and "No mail is sent" in page.text and "smtp_host" in page.text
    saved = mod.post(
        "/admin/shops/kahvi/mail",
        {"review_requests": "on", "request_after_days": "10", "reminder_after_days": ""},
    )
    assert saved.status_code == 303
    assert shops.sql("SELECT review_requests, request_after_days, reminder_after_days FROM shops") == [
        {"review_requests": 1, "request_after_days": 10, "reminder_after_days": None}
    ]
    refused = mod.post("/admin/shops/kahvi/mail", {"request_after_days": "120", "reminder_after_days": "7"})
    assert refused.status_code == 422
    assert shops.sql("SELECT request_after_days FROM shops") == [{"request_after_days": 10}]


def test_the_outbox_shows_each_message_and_its_result_with_the_address_masked(client, shops):
    mod = signed_in(client, shops)
    review = post_review(client, email="anni.virtanen@example.fi")
    client.post(
        f"/api/v1/shops/kahvi/reviews/{review['id']}/moderation",
        json={"action": "reject", "reason": "spam"},
        headers=shops.auth("kahvi"),
    )
    page = mod.get("/admin/shops/kahvi/mail?lang=en").text
    assert "Statement of reasons" in page and "Waiting to be sent" in page
    assert "a…@example.fi" in page and "anni.virtanen" not in page
    assert "0 addresses have unsubscribed" in page


def test_another_shops_mail_page_does_not_exist_for_this_moderator(client, shops):
    shops.create("tee", "Tee Oy")
    mod = signed_in(client, shops)
    assert mod.get("/admin/shops/tee/mail").status_code == 404


def test_a_moderator_connects_the_shops_platform_and_sees_its_endpoint(client, shops):
    mod = signed_in(client, shops)
    page = mod.get("/admin/shops/kahvi/mail?lang=en")
    assert "http://testserver/hooks/kahvi/shopify</code> – not connected" in page.text
    assert mod.post("/admin/shops/kahvi/platform", {"platform": "shopify", "secret": "short"}).status_code == 422
    assert mod.post("/admin/shops/kahvi/platform", {"platform": "magento", "secret": "x" * 20}).status_code == 422
    saved = mod.post("/admin/shops/kahvi/platform", {"platform": "shopify", "secret": "shpss_0123456789abcdef"})
    assert saved.status_code == 303
    page = mod.get("/admin/shops/kahvi/mail?lang=en").text
    assert "/hooks/kahvi/shopify</code> – connected" in page and "shpss_0123456789abcdef" not in page
    assert shops.sql("SELECT platform FROM platform_connections") == [{"platform": "shopify"}]
