"""The moderation workspace: who may do what, and what each action leaves behind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner

from socialproof import clock, policy
from socialproof.cli import cli
from socialproof.db.store import connect
from tests import photo_files, support
from tests.support import PASSWORD, Moderator, approve, post_review, published, review, sign_in, text


def make_moderator(shops, email, *args):
    return support.make_moderator(shops.path, email, *args)


@pytest.fixture
def mod(client, shops):
    return Moderator(client, make_moderator(shops, "mod@kahvi.example", "--shop", "kahvi"))


def test_moderator_create_stores_an_argon2_hash(client, shops):
    make_moderator(shops, "anni@kahvi.example", "--shop", "kahvi")
    stored = shops.sql("SELECT password_hash FROM moderators")[0]["password_hash"]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    for args, problem in [(["--shop", "kahvi"], "exists already"), (["--shop", "nope"], "no shop"), ([], "--shop")]:
        result = CliRunner().invoke(
            cli,
            [
                "moderator",
                "create",
                "anni@kahvi.example" if problem == "exists already" else "other@kahvi.example",
                *args,
                "--password-stdin",
                "--db",
                str(shops.path),
            ],
            input=PASSWORD + "\n",
        )
        assert result.exit_code != 0 and problem in result.stderr
    short = CliRunner().invoke(
        cli,
        ["moderator", "create", "b@kahvi.example", "--admin", "--password-stdin", "--db", str(shops.path)],
        input="short\n",
    )
    assert short.exit_code != 0 and "at least 10" in short.stderr


def test_pages_need_signing_in(client):
    for path in ("/admin", "/admin/stats", "/admin/shops/kahvi", "/admin/shops/kahvi/log"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/admin/login?next=")
    assert client.get("/admin/shops/kahvi/photos/1").status_code == 401


def test_the_session_cookie_is_signed_httponly_lax_and_secure_over_https(client, shops):
    make_moderator(shops, "mod@kahvi.example", "--shop", "kahvi")
    answer = sign_in(client, "mod@kahvi.example")
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/admin" in cookie and "Max-Age=43200" in cookie
    assert "Secure" not in cookie
    over_https = client.beside(base_url="https://testserver", follow_redirects=False)
    assert "Secure" in sign_in(over_https, "mod@kahvi.example").headers["set-cookie"]
    tampered = client.beside(
        follow_redirects=False, cookies={"sp_admin": cookie.split(";")[0].split("=", 1)[1][:-2] + "00"}
    )
    assert tampered.get("/admin").status_code == 303


def test_signing_out_and_time_end_the_session(client, shops, monkeypatch, mod):
    assert mod.get("/admin/shops/kahvi").status_code == 200
    later = clock.now() + timedelta(hours=13)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert mod.get("/admin/shops/kahvi").status_code == 303
    monkeypatch.undo()
    again = Moderator(client, "mod@kahvi.example")
    cookie = again.client.cookies.get("sp_admin")
    assert again.post("/admin/logout").status_code == 303
    reused = client.beside(follow_redirects=False, cookies={"sp_admin": cookie})
    assert reused.get("/admin/shops/kahvi").status_code == 303


def test_wrong_passwords_are_throttled(client, shops, monkeypatch):
    make_moderator(shops, "mod@kahvi.example", "--shop", "kahvi")
    browser = {"Accept": "text/html"}
    first = sign_in(client, "mod@kahvi.example", "wrong password!", **browser)
    assert first.status_code == 401 and "Sähköpostiosoite tai salasana ei ole oikein." in first.text
    assert sign_in(client, "mod@kahvi.example", "wrong password!").json()["error"]  # JSON for non-browsers
    for _ in range(3):
        sign_in(client, "mod@kahvi.example", "wrong password!")
    blocked = sign_in(client, "mod@kahvi.example")  # even the right password, for now
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert "error" in blocked.json()
    elsewhere = client.beside(client=("198.51.100.8", 1), follow_redirects=False)
    assert sign_in(elsewhere, "mod@kahvi.example").status_code == 303  # the owner, from their own address
    later = clock.now() + timedelta(minutes=16)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert sign_in(client, "mod@kahvi.example").status_code == 303


def test_nobody_locks_the_owner_out_by_failing_from_elsewhere(client, shops):
    make_moderator(shops, "mod@kahvi.example", "--shop", "kahvi")
    for n in range(policy.LOGIN_FAILURES_PER_ADDRESS):  # an attacker spreads wrong passwords over addresses
        attacker = client.beside(client=(f"203.0.113.{n % 4 + 1}", 1), follow_redirects=False)
        assert sign_in(attacker, "mod@kahvi.example", "guessing wrong!").status_code in (401, 429)
    owner = client.beside(client=("198.51.100.8", 1), follow_redirects=False)
    assert sign_in(owner, "mod@kahvi.example").status_code == 303
    attacker = client.beside(client=("203.0.113.1", 1), follow_redirects=False)
    assert sign_in(attacker, "mod@kahvi.example").status_code == 429  # that address has spent its tries


@pytest.mark.parametrize("forgery", ["no-token", "wrong-token", "other-origin", "cross-site-fetch"])
def test_forged_cross_site_posts_are_refused(client, shops, mod, forgery):
    review_id = post_review(client)["id"]
    data = {"review": str(review_id), "bulk": "approve", "csrf": mod.csrf()}
    headers = {}
    if forgery == "no-token":
        data.pop("csrf")
    elif forgery == "wrong-token":
        data["csrf"] = "0" * 64
    elif forgery == "other-origin":
        headers["Origin"] = "https://evil.example"
    else:
        headers["Sec-Fetch-Site"] = "cross-site"
    answer = mod.client.post("/admin/shops/kahvi/decide", data=data, headers=headers)
    assert answer.status_code == 403 and answer.json()["error"]
    assert shops.sql("SELECT status FROM reviews")[0]["status"] == "pending"


OTHER_SHOP_PATHS = [
    ("GET", "/admin/shops/toinen"),
    ("GET", "/admin/shops/toinen/log"),
    ("GET", "/admin/shops/toinen/settings"),
    ("GET", "/admin/shops/toinen/reviews/{review}"),
    ("GET", "/admin/shops/toinen/photos/{photo}"),
    ("POST", "/admin/shops/toinen/decide"),
    ("POST", "/admin/shops/toinen/settings"),
    ("POST", "/admin/shops/toinen/reviews/{review}/reply"),
    ("POST", "/admin/shops/toinen/reviews/{review}/redact"),
    ("POST", "/admin/shops/toinen/photos/{photo}"),
]


def test_a_moderator_of_one_shop_reaches_nothing_of_another(client, shops, mod):
    shops.create("toinen")
    answer = client.post(
        "/api/v1/shops/toinen/products/P1/reviews",
        data={k: str(v) for k, v in review().items()},
        files=[("photos", ("p.jpg", photo_files.jpeg(), "image/jpeg"))],
    )
    review_id = answer.json()["id"]
    photo_id = shops.sql("SELECT id FROM photos")[0]["id"]
    for method, template in OTHER_SHOP_PATHS:
        path = template.format(review=review_id, photo=photo_id)
        data = {"review": str(review_id), "bulk": "approve", "reply": "x", "fragment": "Maistuu", "action": "approve"}
        result = mod.post(path, data) if method == "POST" else mod.get(path)
        assert result.status_code in (403, 404), (method, path, result.status_code)
    home = mod.client.get("/admin", follow_redirects=True).text
    assert "Kahvi Oy" in home and "Toinen" not in home
    assert shops.sql("SELECT status, edited_by_shop FROM reviews") == [{"status": "pending", "edited_by_shop": 0}]
    assert shops.sql("SELECT count(*) AS n FROM replies")[0]["n"] == 0


def test_an_admin_works_on_every_shop(client, shops):
    shops.create("toinen", "Toinen Oy")
    admin = Moderator(client, make_moderator(shops, "root@example.fi", "--admin"))
    home = admin.get("/admin").text
    assert "Kahvi Oy" in home and "Toinen Oy" in home
    assert admin.get("/admin/shops/toinen").status_code == 200


def test_queue_is_oldest_first_and_filters(client, shops, mod):
    old = post_review(client, "P1", rating=2, body="vanha pussi")["id"]
    new = post_review(client, "P2", rating=5, body="uusi kuppi")["id"]
    published(client, shops, "P1", body="jo julkaistu")
    queue = mod.get("/admin/shops/kahvi").text
    assert queue.index(f'name="review" value="{old}"') < queue.index(f'name="review" value="{new}"')
    assert "jo julkaistu" not in queue
    assert "uusi kuppi" not in mod.get("/admin/shops/kahvi?rating=2").text
    assert "vanha pussi" not in mod.get("/admin/shops/kahvi?product=P2").text
    assert "uusi kuppi" not in mod.get("/admin/shops/kahvi?q=PUSSI").text
    assert "jo julkaistu" in mod.get("/admin/shops/kahvi?view=approved").text
    assert "vanha pussi" not in mod.get("/admin/shops/kahvi?verified=yes").text


def test_bulk_approve_and_a_rejection_needs_a_reason(client, shops, mod):
    ids = [str(post_review(client)["id"]) for _ in range(3)]
    done = mod.post("/admin/shops/kahvi/decide", {"review": ids[:2], "bulk": "approve"})
    assert done.status_code == 303 and "done=approve:2" in done.headers["location"]
    assert "2 arvostelua hyväksytty." in mod.get(done.headers["location"]).text
    no_reason = mod.post("/admin/shops/kahvi/decide", {"review": ids[2:], "bulk": "reject", "bulk_reason": ""})
    assert "done=reason" in no_reason.headers["location"]
    assert shops.sql("SELECT status FROM reviews WHERE id = ?", [ids[2]])[0]["status"] == "pending"
    mod.post("/admin/shops/kahvi/decide", {"reject_one": ids[2], f"reason_{ids[2]}": "spam"})
    log = shops.sql("SELECT actor, action, reason FROM moderation_log ORDER BY id")
    assert log[-1] == {"actor": "moderator:mod@kahvi.example", "action": "reject", "reason": "spam"}
    assert client.get("/api/v1/shops/kahvi/products/P1/summary").json()["review_count"] == 2


def test_the_shops_reply_is_shown_editable_and_removable(client, shops, mod):
    review_id = published(client, shops)
    url = f"/admin/shops/kahvi/reviews/{review_id}/reply"
    mod.post(url, {"reply": "Kiitos <b>palautteesta</b>!"})
    widget = client.get("/w/kahvi/reviews?product=P1").text
    assert "Vastaus: Kahvi Oy" in text(widget) and "Kiitos &lt;b&gt;palautteesta&lt;/b&gt;!" in text(widget)
    assert "<b>" not in widget
    assert (
        client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["items"][0]["reply"]["body"]
        == "Kiitos <b>palautteesta</b>!"
    )
    mod.post(url, {"reply": "Kiitos, korjasimme pakkauksen."})
    mod.post(url, {"reply": "whatever", "remove": "1"})
    assert client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["items"][0]["reply"] is None
    actions = [
        e["action"] for e in shops.sql("SELECT action FROM moderation_log WHERE review_id = ? ORDER BY id", [review_id])
    ]
    assert actions == ["approve", "reply", "reply-edit", "reply-remove"]


def test_a_report_hides_nothing_until_a_moderator_decides(client, shops, mod):
    review_id = published(client, shops, body="Kilpailija ei pidä tästä")
    for n in range(3):  # three "competitors"
        shopper = client.beside(client=(f"198.51.100.{n}", 1))
        answer = shopper.post(f"/api/v1/shops/kahvi/reviews/{review_id}/reports", json={"reason": "not-genuine"})
        assert answer.status_code == 202
    assert client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["total"] == 1
    assert "Kilpailija ei pidä tästä" in client.get("/w/kahvi/reviews?product=P1").text
    reported = mod.get("/admin/shops/kahvi?view=reported").text
    assert "3 asiakasta on ilmoittanut" in text(reported) and "Kilpailija" in reported
    mod.post("/admin/shops/kahvi/decide", {"approve_one": str(review_id)})  # the moderator keeps it
    assert "Kilpailija" not in mod.get("/admin/shops/kahvi?view=reported").text
    assert client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["total"] == 1


def test_reporting_from_the_widget_and_its_limits(client, shops):
    review_id = published(client, shops)
    answer = client.post(
        "/w/kahvi/reviews/report?product=P1", data={"review": str(review_id), "reason": "spam", "note": "mainos"}
    )
    assert "Kiitos. Kauppa tarkistaa arvostelun; se pysyy näkyvissä siihen asti." in text(answer.text)
    assert shops.sql("SELECT reason, note FROM reports") == [{"reason": "spam", "note": "mainos"}]
    assert client.post(f"/api/v1/shops/kahvi/reviews/{review_id}/reports", json={"reason": "boring"}).status_code == 422


def test_redaction_removes_only_the_personal_data_and_marks_the_review(client, shops, mod):
    review_id = published(client, shops, body="Soita minulle 040 123 4567 tai anni@example.fi, kahvi on hyvää")
    page = mod.get(f"/admin/shops/kahvi/reviews/{review_id}").text
    assert "Puhelinnumero (henkilötieto)" in page and "Poista ”anni@example.fi”" in page
    mod.post(f"/admin/shops/kahvi/reviews/{review_id}/redact", {"fragment": "anni@example.fi"})
    mod.post(f"/admin/shops/kahvi/reviews/{review_id}/redact", {"fragment": "040 123 4567"})
    item = client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["items"][0]
    assert item["body"] == "Soita minulle […] tai […], kahvi on hyvää" and item["edited_by_shop"] is True
    assert "Kaupan muokkaama: henkilötietoja poistettu." in text(client.get("/w/kahvi/reviews?product=P1").text)
    log = shops.sql("SELECT action, reason FROM moderation_log WHERE action = 'redact'")
    assert log == [{"action": "redact", "reason": "personal-data"}] * 2
    assert "anni@example.fi" not in str(shops.sql("SELECT * FROM moderation_log"))
    refused = mod.post(f"/admin/shops/kahvi/reviews/{review_id}/redact", {"fragment": "not in the text"})
    assert refused.status_code == 422


def test_hints_point_out_what_to_look_at_and_hide_nothing(client, shops, mod):
    mod.post("/admin/shops/kahvi/settings", {"words_fi": "huijaus\nroska", "words_en": ""})
    post_review(client, body="KAIKKI ON TÄYSIN PIELESSÄ TÄSSÄ KAUPASSA, HUIJAUS! www.kilpailija.fi")
    post_review(client, body="Sama teksti", visitor="the-same-shopper-1234")
    post_review(client, body="Sama teksti", visitor="the-same-shopper-1234")
    queue = text(mod.get("/admin/shops/kahvi").text)
    for hint in (
        "Kirjoitettu isoilla kirjaimilla",
        "Merkittävä sana : huijaus",
        "Linkki : www.kilpailija.fi",
        "Sama teksti samalta asiakkaalta aiemmin",
    ):
        assert hint in queue, hint
    assert shops.sql("SELECT DISTINCT status FROM reviews") == [{"status": "pending"}]


def test_stats_show_decisions_at_each_rating(client, shops, mod):
    for rating in (5, 5, 1):
        published(client, shops, rating=rating)
    low = post_review(client, rating=1)["id"]
    mod.post("/admin/shops/kahvi/decide", {"reject_one": str(low), f"reason_{low}": "spam"})
    page = text(mod.get("/admin/stats").text)
    assert "5 tähteä 2 0 0" in page and "1 tähti 1 1 0 50 %" in page and "Roskaposti 0 0 0 0 1" in page


def test_the_audit_log_page_and_an_unchangeable_log(client, shops, mod):
    review_id = published(client, shops)
    page = text(mod.get("/admin/shops/kahvi/log").text)
    assert "Hyväksytty (Odottaa → Julkaistu)" in page
    with connect(shops.path) as db, pytest.raises(Exception, match="cannot be changed"):
        db.execute("UPDATE moderation_log SET reason = 'spam' WHERE review_id = ?", [review_id])
    with connect(shops.path) as db, pytest.raises(Exception, match="cannot be changed"):
        db.execute("DELETE FROM moderation_log WHERE review_id = ?", [review_id])


def test_photos_are_judged_one_by_one_in_the_workspace(client, shops, mod):
    answer = client.post(
        "/api/v1/shops/kahvi/products/P1/reviews",
        data={k: str(v) for k, v in review().items()},
        files=[("photos", ("p.jpg", photo_files.jpeg(), "image/jpeg"))],
    )
    photo_id = shops.sql("SELECT id FROM photos")[0]["id"]
    assert mod.get(f"/admin/shops/kahvi/photos/{photo_id}?size=thumb").headers["content-type"] == "image/jpeg"
    mod.post(f"/admin/shops/kahvi/photos/{photo_id}", {"action": "reject", "reason": "personal-data"})
    approve(client, shops, answer.json()["id"])
    assert client.get("/api/v1/shops/kahvi/products/P1/reviews").json()["items"][0]["photos"] == []


@pytest.mark.parametrize(
    "lang, heading",
    [
        ("fi", "Kirjaudu moderoimaan arvosteluja"),
        ("sv", "Logga in för att moderera recensioner"),
        ("en", "Sign in to moderate reviews"),
    ],
)
def test_the_workspace_speaks_three_languages(client, lang, heading):
    answer = client.get(f"/admin/login?lang={lang}")
    assert heading in answer.text and f'<html lang="{lang}">' in answer.text
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"


def test_a_published_review_offers_no_approve_button(client, shops, mod):
    waiting, published = post_review(client)["id"], post_review(client)["id"]
    approve(client, shops, published)
    queue = mod.get("/admin/shops/kahvi?view=all").text
    assert f'name="approve_one" value="{waiting}"' in queue
    assert f'name="approve_one" value="{published}"' not in queue
    assert f'name="reject_one" value="{published}"' in queue  # it can still be taken down, with a reason
    page = mod.get(f"/admin/shops/kahvi/reviews/{published}").text
    assert 'name="approve_one"' not in page and f'name="reject_one" value="{published}"' in page
