"""Moderator digests: a moderator hears that reviews wait, as often as they chose, without the reviews' words."""

from __future__ import annotations

from click.testing import CliRunner

from socialproof.cli import cli
from tests.mailbox import PUBLIC_URL, send_due
from tests.support import approve, make_moderator, post_review

PUBLIC = PUBLIC_URL


def digest_setting(shops, email, *args):
    return CliRunner().invoke(cli, ["moderator", "set", email, *args, "--db", str(shops.path)])


def digests_to(inbox, email):
    return [m for m in inbox.received if m["To"] == email]


def test_a_daily_digest_names_the_shop_counts_and_links_but_no_review_text(client, shops, inbox, travel):
    make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi")
    first = post_review(client, body="Salainen sana ostoskorista", email="a@example.fi")["id"]
    post_review(client)
    travel(hours=2)
    send_due(shops)
    (digest,) = digests_to(inbox, "mod@kahvi.example")
    assert digest["Subject"] == "2 reviews wait for you in socialproof" and digest["Content-Language"] == "en"
    plain, html = (part.get_content() for part in digest.iter_parts())
    for body in (plain, html):
        assert "Kahvi Oy" in body and "2 reviews waiting for a decision" in body
        assert f"{PUBLIC}/admin/shops/kahvi?lang=en" in body
        assert "Salainen" not in body and "a@example.fi" not in body
    travel(hours=12)
    send_due(shops)
    assert len(digests_to(inbox, "mod@kahvi.example")) == 1  # once a day
    travel(hours=12)
    send_due(shops)
    assert len(digests_to(inbox, "mod@kahvi.example")) == 2  # the reviews still wait
    approve(client, shops, first)
    client.post(
        f"/api/v1/shops/kahvi/reviews/{first + 1}/moderation", json={"action": "approve"}, headers=shops.auth("kahvi")
    )
    travel(days=2)
    send_due(shops)
    assert len(digests_to(inbox, "mod@kahvi.example")) == 2  # nothing waits: no digest


def test_immediately_means_the_next_run_then_at_most_every_15_minutes(client, shops, inbox, travel):
    make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi")
    done = digest_setting(shops, "mod@kahvi.example", "--digest", "immediately", "--lang", "fi")
    assert done.exit_code == 0 and "digest immediately" in done.output
    post_review(client)
    send_due(shops)
    (digest,) = digests_to(inbox, "mod@kahvi.example")
    assert digest["Content-Language"] == "fi" and "odottaa" in digest["Subject"]
    travel(minutes=5)
    post_review(client)
    send_due(shops)
    assert len(digests_to(inbox, "mod@kahvi.example")) == 1  # too soon
    travel(minutes=11)
    send_due(shops)
    assert len(digests_to(inbox, "mod@kahvi.example")) == 2  # the second review, 15 minutes on
    travel(hours=3)
    send_due(shops)
    assert len(digests_to(inbox, "mod@kahvi.example")) == 2  # nothing new arrived: quiet


def test_never_and_other_shops_moderators_get_nothing_while_an_admin_hears_of_every_shop(client, shops, inbox, travel):
    shops.create("tee", "Tee Oy")
    make_moderator(shops.path, "quiet@kahvi.example", "--shop", "kahvi")
    assert digest_setting(shops, "quiet@kahvi.example", "--digest", "never").exit_code == 0
    make_moderator(shops.path, "tee@tee.example", "--shop", "tee")
    make_moderator(shops.path, "admin@example.fi", "--admin")
    post_review(client)
    post_review(client, shop="tee")
    travel(hours=1)
    send_due(shops)
    assert digests_to(inbox, "quiet@kahvi.example") == []
    (tee,) = digests_to(inbox, "tee@tee.example")
    assert "Tee Oy" in tee.get_body(("plain",)).get_content()
    assert "Kahvi Oy" not in tee.get_body(("plain",)).get_content()
    (admin,) = digests_to(inbox, "admin@example.fi")
    assert all(name in admin.get_body(("plain",)).get_content() for name in ("Tee Oy", "Kahvi Oy"))


def test_an_unknown_moderator_or_choice_is_refused(shops):
    shops.create("kahvi")
    assert "no moderator" in digest_setting(shops, "nobody@example.fi", "--digest", "daily").output
    assert digest_setting(shops, "nobody@example.fi", "--digest", "hourly").exit_code == 2
