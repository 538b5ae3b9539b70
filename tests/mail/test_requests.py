"""Review requests: every reported buyer is asked once, reminded once, capped, and can stop it in one click."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from socialproof.cli import cli
from tests.mailbox import PUBLIC_URL, send_due
from tests.support import post_review

PUBLIC = PUBLIC_URL


def requests_on(shops, *extra):
    done = CliRunner().invoke(cli, ["shop", "set", "kahvi", "--review-requests", "on", *extra, "--db", str(shops.path)])
    assert done.exit_code == 0, done.output
    return done.output


def order(client, shops, ref="1001", email="ostaja@example.fi", products=(("P1", "Tumma paahto"),), **extra):
    answer = client.post(
        "/api/v1/shops/kahvi/invitations",
        json={"order": ref, "email": email, "products": [{"id": i, "name": n} for i, n in products], **extra},
        headers=shops.auth("kahvi"),
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def local(url):
    """A link from a mail, followed against the app under test."""
    assert url.startswith(PUBLIC + "/")
    return url.removeprefix(PUBLIC)


def links_in(html):
    return [part.split('"', 1)[0].replace("&amp;", "&") for part in html.split('href="')[1:]]


def test_a_buyer_gets_one_request_after_the_days_set_with_one_tap_stars_that_work(client, shops, inbox, travel):
    assert "Review requests on: 14 days after the order" in requests_on(shops)
    order(client, shops, products=(("P1", "Tumma paahto"), ("P2", "Vaalea paahto")), lang="fi")
    send_due(shops)
    assert inbox.received == []  # not yet: 14 days after the order
    travel(days=14)
    assert "Sent 1" in send_due(shops)
    (message,) = inbox.received
    assert message["To"] == "ostaja@example.fi" and message["Content-Language"] == "fi"
    assert "Kahvi Oy" in message["Subject"] and message["Auto-Submitted"] == "auto-generated"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(PUBLIC + "/mail/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    plain, html = (part.get_content() for part in message.iter_parts())
    for body in (plain, html):
        assert "Tumma paahto" in body and "Vaalea paahto" in body and unsubscribe in body.replace("&amp;", "&")
    assert '<html lang="fi">' in html and "<script" not in html
    four_stars = next(url for url in links_in(html) if "/P2?" in url and "rating=4" in url)
    page = client.get(local(four_stars))
    assert page.status_code == 200 and "Vahvistettu ostaja" in page.text or "Verified" in page.text
    assert 'value="4" checked' in page.text.replace('checked=""', "checked")
    assert parse_qs(urlsplit(four_stars).query)["lang"] == ["fi"]


def test_the_reminder_comes_once_in_a_later_run_and_never_after_a_review(client, shops, inbox, travel):
    requests_on(shops, "--request-after-days", "0", "--reminder-after-days", "0")
    order(client, shops, ref="A", email="a@example.fi")
    order(client, shops, ref="B", email="b@example.fi", products=(("P2", "Vaalea paahto"),))
    assert "Sent 2" in send_due(shops)
    assert [m["Subject"].startswith("Muistutus") for m in inbox.received] == [False, False]
    # b@ reviews through the link in their request; a@ doesn't.
    to_b = next(m for m in inbox.received if m["To"] == "b@example.fi")
    link = next(url for url in links_in(to_b.get_body(("html",)).get_content()) if "rating" not in url)
    token = parse_qs(urlsplit(link).query)["invitation"][0]
    post_review(client, "P2", invitation=token)
    travel(minutes=1)
    report = send_due(shops)
    assert "Sent 1" in report and "1 withheld" in report
    reminder = inbox.received[-1]
    assert reminder["To"] == "a@example.fi" and "Muistutus" in reminder["Subject"]
    travel(days=30)
    send_due(shops)
    assert len(inbox.received) == 3  # one request each, one reminder, nothing more


def test_no_reminder_when_the_shop_says_none(client, shops, inbox, travel):
    requests_on(shops, "--request-after-days", "0", "--reminder-after-days", "none")
    order(client, shops)
    send_due(shops)
    travel(days=60)
    send_due(shops)
    assert len(inbox.received) == 1


def test_orders_reported_while_requests_were_off_are_never_mailed(client, shops, inbox, travel):
    order(client, shops, ref="early")
    requests_on(shops, "--request-after-days", "0")
    order(client, shops, ref="early")  # reported again once requests are on
    order(client, shops, ref="later", email="toinen@example.fi")
    order(client, shops, ref="later", email="toinen@example.fi")  # twice: still one request
    travel(days=1)
    send_due(shops)
    assert [m["To"] for m in inbox.received] == ["toinen@example.fi"]


def test_fulfilment_time_counts_the_days_and_a_bad_one_is_named(client, shops, inbox, travel):
    requests_on(shops, "--request-after-days", "5")
    fulfilled = "2030-01-10T12:00:00+02:00"
    bad = client.post(
        "/api/v1/shops/kahvi/invitations",
        json={
            "order": "X",
            "email": "o@example.fi",
            "products": [{"id": "P1", "name": "T"}],
            "fulfilled_at": "ensi viikolla",
        },
        headers=shops.auth("kahvi"),
    )
    assert bad.status_code == 422 and "fulfilled_at" in bad.json()["errors"]
    order(client, shops, fulfilled_at=fulfilled)
    (row,) = shops.sql("SELECT due_at FROM outbox WHERE kind = 'review-request'")
    assert row["due_at"].startswith("2030-01-15T10:00:00")


def test_one_click_unsubscribe_stops_every_later_mail_from_the_shop(client, shops, inbox, travel):
    requests_on(shops, "--request-after-days", "0", "--reminder-after-days", "1")
    order(client, shops)
    send_due(shops)
    url = local(inbox.received[0]["List-Unsubscribe"].strip("<>"))
    page = client.get(url)
    assert page.status_code == 200 and "List-Unsubscribe" in page.text  # the button; a GET changes nothing
    assert shops.sql("SELECT count(*) AS n FROM suppressions")[0]["n"] == 0
    done = client.post(url, data={"List-Unsubscribe": "One-Click"})  # what a mail client sends (RFC 8058)
    assert done.status_code == 200
    (row,) = shops.sql("SELECT address_hash FROM suppressions")
    assert "ostaja" not in row["address_hash"]  # a keyed hash, not the address
    order(client, shops, ref="1002", products=(("P3", "Espresso"),))
    travel(days=2)
    assert "2 withheld" in send_due(shops)  # the reminder and the new request
    assert len(inbox.received) == 1
    assert (
        client.post(url.replace("unsubscribe/", "unsubscribe/x"), data={"List-Unsubscribe": "One-Click"}).status_code
        == 404
    )
    assert client.post(url, data={}).status_code == 422


def test_one_request_per_product_a_year_and_three_mails_a_month(client, shops, inbox, travel):
    requests_on(shops, "--request-after-days", "0", "--reminder-after-days", "none")
    order(client, shops, ref="1", products=(("P1", "Tumma paahto"),))
    send_due(shops)
    order(client, shops, ref="2", products=(("P1", "Tumma paahto"),))  # the same product again
    assert "1 withheld" in send_due(shops)
    for n in (3, 4, 5):
        order(client, shops, ref=str(n), products=((f"Q{n}", f"Tuote {n}"),))
        travel(minutes=1)
        send_due(shops)
    assert len(inbox.received) == 3  # the cap: the fourth waits
    (waiting,) = shops.sql("SELECT due_at, status FROM outbox WHERE status = 'queued'")
    travel(days=30)
    assert "Sent 1" in send_due(shops)
    assert "Tuote 5" in inbox.received[-1].get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    "args, said",
    [(["--request-after-days", "91"], "0-90 days after the order"), (["--reminder-after-days", "soon"], "'none'")],
)
def test_request_settings_out_of_range_are_refused(shops, args, said):
    shops.create("kahvi", "Kahvi Oy")
    done = CliRunner().invoke(cli, ["shop", "set", "kahvi", *args, "--db", str(shops.path)])
    assert done.exit_code != 0 and said in done.output
    assert shops.sql("SELECT review_requests, request_after_days FROM shops") == [
        {"review_requests": 0, "request_after_days": 14}
    ]


def test_a_shopper_never_replaces_what_the_shop_said_of_a_product_and_mail_shows_no_remote_picture(
    client, shops, inbox, travel
):
    requests_on(shops)
    shop_said = {"name": "Tumma paahto", "url": "https://kahvi.example/tumma", "image": "https://kahvi.example/t.jpg"}
    answer = client.post(
        "/api/v1/shops/kahvi/invitations",
        json={"order": "1001", "email": "ostaja@example.fi", "products": [{"id": "P1", **shop_said}]},
        headers=shops.auth("kahvi"),
    )
    assert answer.status_code == 201, answer.text
    post_review(
        client,
        product_name="Halpaa roskaa",
        product_url="https://evil.example/",
        product_image="https://evil.example/pixel.gif?who=everyone",
    )
    described = shops.sql("SELECT name, url, image_url FROM products WHERE external_id = 'P1'")
    assert described == [
        {"name": "Tumma paahto", "url": "https://kahvi.example/tumma", "image_url": shop_said["image"]}
    ]
    post_review(client, "P9", product_name="Vaalea paahto")  # what the shop never gave, a page may fill
    assert shops.sql("SELECT name FROM products WHERE external_id = 'P9'") == [{"name": "Vaalea paahto"}]
    travel(days=14)
    send_due(shops)
    (message,) = inbox.received
    html = message.get_body(("html",)).get_content()
    assert "Tumma paahto" in html and "<img" not in html and "evil.example" not in html
