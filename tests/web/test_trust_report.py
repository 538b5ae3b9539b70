"""/trust/{shop}: the integrity report as a page anyone can read, the same figures as its JSON."""

from __future__ import annotations

import html
from datetime import timedelta

from click.testing import CliRunner

from socialproof import clock
from socialproof.cli import cli
from tests.portability import exports
from tests.support import approve, post_review, shown, text


def run(shops, *args):
    done = CliRunner().invoke(cli, [*args, "--db", str(shops.path)])
    assert done.exit_code == 0, done.output


def test_a_shops_report_counts_what_happened_to_each_review(client, shops, tmp_path):
    for rating in (5, 5, 1):
        approve(client, shops, post_review(client, rating=rating)["id"])
    post_review(client, rating=4)  # waits for a moderator
    refused = post_review(client, rating=1)["id"]
    decision = {"action": "reject", "reason": "spam"}
    client.post(f"/api/v1/shops/kahvi/reviews/{refused}/moderation", json=decision, headers=shops.auth("kahvi"))
    recent = (clock.now() - timedelta(days=10)).strftime("%Y-%m-").encode()  # within the report's 12 months
    (tmp_path / "yotpo.csv").write_bytes(exports.YOTPO.replace(b"2024-02-", recent))
    run(shops, "import", "kahvi", str(tmp_path / "yotpo.csv"))
    run(shops, "shop", "set", "kahvi", "--moderation", "post")

    page = html.unescape(text(shown(client, "/trust/kahvi?lang=en", lambda page: "changed from" in page)))
    report = client.get("/api/v1/shops/kahvi/integrity").json()
    assert "5 reviews were written here. 3 are published." in page
    for row in ("5 stars 2 0 0 0", "4 stars 0 1 0 0", "1 star 1 0 1 0", "All 3 1 1 0"):
        assert row in page, row
    assert "Spam: 1" in page
    assert "changed from reading every review before publishing it to publishing reviews at once" in page
    assert report["imported"] == {"yotpo": 3} and "From Yotpo: 3" in page and "1 of them were marked" in page
    assert f"{report['audit_log']['entries']} entries so far" in page and report["audit_log"]["head"] in page
    assert "The chain is whole." in page


def test_the_report_speaks_the_readers_language_and_every_disclosure_links_to_it(client, shops):
    approve(client, shops, post_review(client, rating=5)["id"])
    finnish = client.get("/trust/kahvi", headers={"Accept-Language": "fi"})
    assert finnish.status_code == 200 and '<html lang="fi">' in finnish.text
    assert "Miten Kahvi Oy käsittelee arvostelujaan" in text(finnish.text)
    assert 'href="http://testserver/trust/kahvi?lang=sv"' in client.get("/w/kahvi/reviews?product=P1&lang=sv").text
    assert client.get("/trust/nobody").status_code == 404
