"""Mail through a real SMTP server: what arrives, retries on 4xx, giving up on 5xx, once across senders."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner

from socialproof import clock
from socialproof.app import create_app
from socialproof.cli import cli
from socialproof.config import Settings
from socialproof.db.store import connect
from socialproof.mail import outbox
from socialproof.mail.outbox import MailKind, Status
from tests.client import TestClient
from tests.support import Shops, post_review, wait_until


def run(shops: Shops, *args: str):
    return CliRunner().invoke(cli, [*args, "--db", str(shops.path)])


def queued(shops: Shops, address: str = "ostaja@example.fi") -> int:
    with connect(shops.path) as db, db.atomic():
        shop_id = db.execute("SELECT id FROM shops WHERE slug = 'kahvi'").fetchone()[0]
        return outbox.enqueue(db, shop_id, MailKind.TEST, address, "sv")


def status(shops: Shops, message_id: int) -> dict:
    with connect(shops.path) as db:
        return outbox.status_of(db, message_id)


def test_the_test_message_arrives_multipart_in_the_shops_language_with_its_headers(shops, inbox):
    shops.create("kahvi", "Kahvi Oy")
    done = run(shops, "mail", "test", "kahvi", "omistaja@kahvi.example")
    assert done.exit_code == 0, done.output
    assert "Sent a test message to omistaja@kahvi.example" in done.output
    (message,) = inbox.received
    assert message["To"] == "omistaja@kahvi.example" and "arvostelut@kahvi.example" in message["From"]
    assert message["Message-ID"] and message["Date"] and message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == "fi" and "Kahvi Oy" in message["Subject"]
    assert message.get_content_type() == "multipart/alternative"
    plain, html = (part.get_content() for part in message.iter_parts())
    assert "sähköpostiasetukset toimivat" in plain and "https://reviews.kahvi.example" in plain
    assert "<script" not in html
    assert '<html lang="fi">' in html and "https://reviews.kahvi.example" in html


def test_without_smtp_settings_nothing_is_sent_and_the_command_says_what_is_missing(shops, monkeypatch):
    shops.create("kahvi", "Kahvi Oy")
    monkeypatch.delenv("SOCIALPROOF_SMTP_HOST", raising=False)
    refused = run(shops, "mail", "test", "kahvi", "omistaja@kahvi.example")
    assert refused.exit_code == 1 and "SOCIALPROOF_SMTP_HOST" in refused.output


def test_a_bad_address_is_refused_before_anything_is_queued(shops, inbox):
    shops.create("kahvi", "Kahvi Oy")
    refused = run(shops, "mail", "test", "kahvi", "not an address")
    assert refused.exit_code == 1 and "not an e-mail address" in refused.output
    assert shops.sql("SELECT count(*) AS n FROM outbox") == [{"n": 0}] and inbox.received == []


def test_a_temporary_refusal_is_retried_after_its_wait_and_then_sent(shops, inbox, monkeypatch):
    shops.create("kahvi", "Kahvi Oy")
    message_id = queued(shops)
    inbox.answers = ["451 4.3.0 try again later"]
    assert "1 to try again later" in run(shops, "mail", "send-due").output
    waiting = status(shops, message_id)
    assert waiting["status"] == Status.QUEUED and "451" in waiting["last_error"] and waiting["attempts"] == 1
    assert "Sent 0; 0 to try again later" in run(shops, "mail", "send-due").output  # not due yet: it waits
    a_minute_later = clock.now() + timedelta(minutes=outbox.RETRY_MINUTES[0], seconds=1)
    monkeypatch.setattr(clock, "now", lambda: a_minute_later)
    assert "Sent 1" in run(shops, "mail", "send-due").output
    assert status(shops, message_id)["status"] == Status.SENT and len(inbox.received) == 1
    assert run(shops, "mail", "send-due").output.startswith("Sent 0")  # sent once, never again


def test_a_permanent_refusal_gives_up_with_the_reason_kept(shops, inbox, monkeypatch):
    shops.create("kahvi", "Kahvi Oy")
    message_id = queued(shops)
    inbox.answers = ["550 5.1.1 no such mailbox"]
    assert "1 given up" in run(shops, "mail", "send-due").output
    gone = status(shops, message_id)
    assert gone["status"] == Status.FAILED and "550 5.1.1 no such mailbox" in gone["last_error"]
    next_day = clock.now() + timedelta(days=1)
    monkeypatch.setattr(clock, "now", lambda: next_day)
    assert run(shops, "mail", "send-due").output.startswith("Sent 0") and inbox.received == []


def test_temporary_failures_give_up_after_the_last_wait(shops, inbox, monkeypatch):
    shops.create("kahvi", "Kahvi Oy")
    message_id = queued(shops)
    inbox.answers = ["421 4.7.0 busy"] * (len(outbox.RETRY_MINUTES) + 1)
    moment = clock.now()
    for wait in (0, *outbox.RETRY_MINUTES):
        moment += timedelta(minutes=wait, seconds=1)
        monkeypatch.setattr(clock, "now", lambda moment=moment: moment)
        run(shops, "mail", "send-due")
    assert status(shops, message_id)["status"] == Status.FAILED and inbox.received == []


def test_an_unreachable_server_is_a_temporary_failure(shops, inbox, monkeypatch):
    shops.create("kahvi", "Kahvi Oy")
    message_id = queued(shops)
    monkeypatch.setenv("SOCIALPROOF_SMTP_PORT", "1")  # nothing listens there
    run(shops, "mail", "send-due")
    assert status(shops, message_id)["status"] == Status.QUEUED


def test_a_claimed_message_is_not_sent_by_a_second_sender(shops, inbox):
    shops.create("kahvi", "Kahvi Oy")
    queued(shops)
    with connect(shops.path) as db, db.atomic():
        (claimed,) = outbox.claim_due(db)  # another process's sender has it
    assert run(shops, "mail", "send-due").output.startswith("Sent 0") and inbox.received == []
    later = clock.now() + timedelta(seconds=outbox.CLAIM_SECONDS + 1)  # that sender died mid-send
    with connect(shops.path) as db, db.atomic():
        original = clock.now
        try:
            clock.now = lambda: later  # type: ignore[assignment]
            assert [m.id for m in outbox.claim_due(db)] == [claimed.id]
        finally:
            clock.now = original  # type: ignore[assignment]


def test_a_slow_server_never_lets_a_second_sender_take_what_the_first_still_holds(shops, inbox, travel):
    shops.create("kahvi", "Kahvi Oy")
    for n in range(4):
        queued(shops, f"ostaja{n}@example.fi")
    taken_by_the_other: list[int] = []

    def slow_message() -> None:  # each message takes the server 400 s; another node's sender looks meanwhile
        travel(seconds=400)
        with connect(shops.path) as db, db.atomic():
            taken_by_the_other.extend(m.id for m in outbox.claim_due(db))

    inbox.meanwhile = slow_message
    assert "Sent 4;" in run(shops, "mail", "send-due").output  # 1,600 s for four, past CLAIM_SECONDS
    assert taken_by_the_other == [] and len(inbox.received) == 4


def test_an_erased_address_leaves_the_outbox(shops, inbox):
    shops.create("kahvi", "Kahvi Oy")
    queued(shops, "poistettava@example.fi")
    assert "poistettava@example.fi" in run(shops, "privacy", "export", "poistettava@example.fi").output
    erased = run(shops, "privacy", "erase", "poistettava@example.fi")
    assert "1 message(s) in the outbox" in erased.output
    assert shops.sql("SELECT count(*) AS n FROM outbox") == [{"n": 0}]


def test_serve_sends_what_is_due_by_itself(shops, inbox):
    shops.create("kahvi", "Kahvi Oy")
    message_id = queued(shops)
    with TestClient(create_app(Settings.from_env(db_path=shops.path))):
        wait_until(lambda: len(inbox.received) == 1, timeout=10, what="the sender's first run")
        wait_until(lambda: status(shops, message_id)["status"] == Status.SENT, timeout=5, what="its record")
    assert inbox.received[0]["Content-Language"] == "sv"  # the recipient's language, not the shop's


def test_mail_given_up_during_an_outage_is_sent_once_the_owner_retries(mailing_client, shops, inbox, travel):
    post_review(mailing_client, email="kirjoittaja@example.fi")  # their confirmation waits in the outbox
    test_message = queued(shops)
    inbox.answers = ["421 4.7.0 busy"] * 12  # the server is down for hours: every retry is refused
    for wait in (0, *outbox.RETRY_MINUTES):
        travel(minutes=wait, seconds=1)
        run(shops, "mail", "send-due")
    assert {r["status"] for r in shops.sql("SELECT status FROM outbox")} == {Status.FAILED}
    inbox.answers = []  # back up
    retried = run(shops, "mail", "retry", "kahvi")
    assert retried.exit_code == 0 and "Queued 1 given-up message(s)" in retried.output
    assert "Sent 1;" in run(shops, "mail", "send-due").output
    assert [m["To"] for m in inbox.received] == ["kirjoittaja@example.fi"]
    assert status(shops, test_message)["status"] == Status.FAILED  # a test was answered when it was sent
    assert run(shops, "mail", "send-due").output.startswith("Sent 0")  # once, not again


def test_a_failed_test_message_is_reported_and_never_sent_later(shops, inbox, travel):
    shops.create("kahvi", "Kahvi Oy")
    inbox.answers = ["421 4.7.0 busy"]
    failed = run(shops, "mail", "test", "kahvi", "omistaja@kahvi.example")
    assert failed.exit_code == 1 and "did not take the test message: 421" in failed.output
    inbox.answers = []  # the owner fixes the settings and tries again
    assert run(shops, "mail", "test", "kahvi", "omistaja@kahvi.example").exit_code == 0
    for wait in outbox.RETRY_MINUTES:
        travel(minutes=wait, seconds=1)
        run(shops, "mail", "send-due")
    assert len(inbox.received) == 1  # the new test only, never the stale one
