"""The HTML of every kind of mail a person gets, opened in Chromium as a webmail would show it, passes axe."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser

from socialproof.cli import cli
from tests.browser.support import axe_violations
from tests.mailbox import send_due
from tests.support import make_moderator, post_review

pytestmark = pytest.mark.browser


def run(shops, *args):
    done = CliRunner().invoke(cli, [*args, "--db", str(shops.path)])
    assert done.exit_code == 0, done.output


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_request_confirmation_statement_and_digest_mails_pass_axe_wide_and_narrow(
    browser: Browser, mailing_client, shops, inbox, travel, lang
):
    client = mailing_client
    run(shops, "shop", "set", "kahvi", "--review-requests", "on")
    make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi")
    run(shops, "moderator", "set", "mod@kahvi.example", "--digest", "immediately", "--lang", lang)
    invited = client.post(
        "/api/v1/shops/kahvi/invitations",
        json={"order": "1001", "email": "ostaja@example.fi", "lang": lang, "products": [{"id": "P1", "name": "Tumma"}]},
        headers=shops.auth("kahvi"),
    )
    assert invited.status_code == 201, invited.text
    rejected = post_review(client, email="kirjoittaja@example.fi", lang=lang)["id"]
    client.post(
        f"/api/v1/shops/kahvi/reviews/{rejected}/moderation",
        json={"action": "reject", "reason": "off-topic"},
        headers=shops.auth("kahvi"),
    )
    post_review(client, email="toinen@example.fi", lang=lang)
    travel(days=14)
    send_due(shops)
    # The request, two confirmations, the statement and the digest.
    assert sorted(m["To"] for m in inbox.received) == [
        "kirjoittaja@example.fi",
        "kirjoittaja@example.fi",
        "mod@kahvi.example",
        "ostaja@example.fi",
        "toinen@example.fi",
    ]

    found = {}
    for width in (1000, 360):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for message in inbox.received:
            page.set_content(message.get_body(("html",)).get_content())
            for violation in axe_violations(page):
                found.setdefault(f"{message['Subject']} at {width}px", []).append(violation["id"])
            # Nothing wider than a phone: a mail read on one never scrolls sideways.
            assert page.evaluate("document.documentElement.scrollWidth") <= width, message["Subject"]
        context.close()
    assert found == {}, json.dumps(found, indent=1)
