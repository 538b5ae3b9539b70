"""The audit log and a review's history say who did what in words, never in the log's stored codes."""

from __future__ import annotations

from click.testing import CliRunner

from socialproof.audit import Action, ActorKind, actor, actor_parts
from socialproof.cli import cli
from socialproof.display.labels import ACTION_LABELS, ACTOR_LABELS
from tests import support
from tests.portability import exports
from tests.support import Moderator, approve, post_review, text


def test_every_action_and_every_kind_of_actor_has_words():
    assert set(ACTION_LABELS) == set(Action) and set(ACTOR_LABELS) == set(ActorKind)


def test_an_actor_is_read_back_as_it_was_written_and_older_entries_keep_their_meaning():
    assert actor_parts(actor(ActorKind.API_KEY, "sp_abc")) == (ActorKind.API_KEY, "sp_abc")
    assert actor_parts(actor(ActorKind.SHOPPER)) == (ActorKind.SHOPPER, "")
    assert actor_parts("settings") == (ActorKind.COMMAND_LINE, "shop set")  # the moderation mode, before kinds
    assert actor_parts("someone else") == (None, "someone else")


def test_the_log_names_each_actor_and_action_in_the_moderators_language(client, shops, tmp_path):
    mod = Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))
    by_key, by_mod = post_review(client)["id"], post_review(client)["id"]
    approve(client, shops, by_key)
    mod.post("/admin/shops/kahvi/decide", {"reject_one": str(by_mod), f"reason_{by_mod}": "spam"})
    client.post(f"/api/v1/shops/kahvi/reviews/{by_key}/reports", json={"reason": "off-topic"})
    (tmp_path / "yotpo.csv").write_bytes(exports.YOTPO)
    done = CliRunner().invoke(cli, ["import", "kahvi", str(tmp_path / "yotpo.csv"), "--db", str(shops.path)])
    assert done.exit_code == 0, done.output

    log = text(mod.get("/admin/shops/kahvi/log?lang=en").text)
    key_prefix = shops.sql("SELECT prefix FROM api_keys")[0]["prefix"]
    assert f"The shop's system, API key {key_prefix}… Approved (Waiting → Published)" in log
    assert "mod@kahvi.example (moderator) Rejected (Waiting → Rejected) Spam" in log
    assert "A shopper Reported by a shopper Off-topic" in log
    assert "Command line: socialproof import Imported reviews from a file From Yotpo; the file's SHA-256 begins" in log
    assert "api-key:" not in log and "cli:" not in log and "moderator:" not in log

    history = text(mod.get(f"/admin/shops/kahvi/reviews/{by_key}?lang=fi").text)
    assert f"Kaupan järjestelmä, API-avain {key_prefix}…" in history and "Asiakas" in history


def test_the_log_says_which_question_or_answer_an_entry_is_about(client, shops):
    mod = Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))
    asked = client.post(
        "/api/v1/shops/kahvi/products/P1/questions", json={"body": "Onko tämä luomua?", "author_name": "Leena"}
    ).json()
    given = client.post(
        f"/api/v1/shops/kahvi/questions/{asked['id']}/answers", json={"body": "On."}, headers=shops.auth("kahvi")
    ).json()
    log = text(mod.get("/admin/shops/kahvi/log?lang=en").text)
    assert f"Answered a question Answer #{given['id']}" in log
    assert f"Approved (Waiting → Published) Question #{asked['id']}" in log
    assert "Vastasi kysymykseen" in text(mod.get("/admin/shops/kahvi/log?lang=fi").text)
