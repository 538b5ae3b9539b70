"""No one message can stop the mail: what can't be built is set aside with its reason, the rest goes out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialproof.db.store import connect
from socialproof.fields import is_address
from socialproof.mail import outbox
from socialproof.mail.compose import Mail, message
from socialproof.mail.outbox import MailKind, Status
from socialproof.sanitize import plain_text
from tests.mailbox import send_due
from tests.properties import examples
from tests.support import Moderator, Shops, make_moderator, post_review


def queue_test_message(shops: Shops, slug: str, address: str) -> int:
    """A message queued as data stored before today's checks could hold it (behind the app's back)."""
    with connect(shops.path) as db, db.atomic():
        shop_id = db.execute("SELECT id FROM shops WHERE slug = ?", [slug]).fetchone()[0]
        return outbox.enqueue(db, shop_id, MailKind.TEST, address, "fi")


def test_messages_that_cannot_be_built_are_set_aside_and_every_other_shops_mail_goes_out(shops, inbox, client):
    shops.create("toinen", "Toinen Oy")
    broken_address = queue_test_message(shops, "kahvi", "a@[x.fi")
    shops.execute("UPDATE shops SET name = ? WHERE slug = 'kahvi'", ["Kahvi\u2028Bcc: kaikki@example.fi"])
    broken_subject = queue_test_message(shops, "kahvi", "omistaja@kahvi.example")
    fine = queue_test_message(shops, "toinen", "omistaja@toinen.example")

    report = send_due(shops)
    assert "Sent 1;" in report and "2 given up" in report
    assert [m["To"] for m in inbox.received] == ["omistaja@toinen.example"]
    with connect(shops.path) as db:
        assert outbox.status_of(db, fine)["status"] == Status.SENT
        for message_id in (broken_address, broken_subject):
            set_aside = outbox.status_of(db, message_id)
            assert set_aside["status"] == Status.FAILED and "could not be composed" in set_aside["last_error"]
    assert send_due(shops).startswith("Sent 0;")  # set aside for good: the next run isn't stuck on them either

    moderator = Moderator(client, make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))
    page = moderator.get("/admin/shops/kahvi/mail?lang=en").text
    assert page.count("could not be composed") == 2  # the shop sees what was set aside, and why


def test_a_line_separator_in_a_product_name_is_stored_as_a_space_and_the_mail_goes_out(mailing_client, shops, inbox):
    post_review(mailing_client, product_name="Aamukahvi\u2028Bcc: kaikki@example.fi", email="anni@example.fi")
    assert shops.sql("SELECT name FROM products") == [{"name": "Aamukahvi Bcc: kaikki@example.fi"}]
    send_due(shops)
    (message,) = inbox.received
    assert message["To"] == "anni@example.fi" and message["Bcc"] is None


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r", "\n"])
def test_a_shop_name_is_one_line_whatever_line_break_it_was_given(shops, separator):
    shops.create("kahvi", f"Kahvi {separator}Oy")
    assert shops.sql("SELECT name FROM shops") == [{"name": "Kahvi Oy"}]


@pytest.mark.parametrize("address", ["a@[x.fi", "postmaster,me@example.fi", "a(b)@example.fi", "a<b@example.fi"])
def test_an_address_the_mail_header_would_not_carry_whole_is_refused_and_nothing_is_stored(
    mailing_client, shops, address
):
    answer = mailing_client.post(
        "/api/v1/shops/kahvi/products/P1/reviews",
        json={"rating": 5, "body": "Hyvää", "author_name": "Anni", "email": address, "visitor": "v" * 22},
    )
    assert answer.status_code == 422 and "email" in answer.json()["errors"]
    assert shops.sql("SELECT count(*) AS n FROM reviews") == [{"n": 0}]
    assert shops.sql("SELECT count(*) AS n FROM outbox") == [{"n": 0}]


def test_list_unsubscribe_goes_out_as_plain_ascii_for_one_click_unsubscribe():
    url = "https://reviews.kahvi.example/mail/unsubscribe/" + "t" * 120
    built = message(
        Mail("Arvioi ostoksesi", "teksti", "<p>teksti</p>", unsubscribe_url=url),
        sender="a@b.fi",
        to="c@d.fi",
        lang="fi",
    )
    assert f"List-Unsubscribe: <{url}>\n".encode() in built.as_bytes()
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in built.as_bytes()


ADDRESS_LIKE = st.one_of(
    st.emails(),
    st.builds(lambda a, b: f"{a}@{b}", st.text(max_size=20), st.text(max_size=20)),
)


@examples(300, health_checks=[])
@given(subject=st.text(max_size=200), address=ADDRESS_LIKE, reply_to=ADDRESS_LIKE)
def test_whatever_passes_the_checks_makes_a_message_that_can_be_sent(subject, address, reply_to):
    """Single-line text as stored (plain_text) and any address is_address lets in always build."""
    if not (is_address(address) and is_address(reply_to)):
        return
    built = message(
        Mail(plain_text(subject), "t", "<p>t</p>"), sender="a@b.fi", to=address, lang="fi", reply_to=reply_to
    )
    assert built["To"] == address
