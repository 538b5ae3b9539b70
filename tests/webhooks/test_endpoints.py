"""Registering endpoints: the merchant API's shapes, the addresses refused, the CLI."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner
from standardwebhooks.webhooks import Webhook

from socialproof.cli import cli
from socialproof.webhooks import sending
from socialproof.webhooks.endpoints import EndpointKind, guess_kind

HOOKS = "/api/v1/shops/kahvi/webhooks"


def test_an_endpoint_is_registered_listed_shown_and_removed_as_the_contract_says(hooked, shops, receiving):
    made = hooked.post(HOOKS, json={"url": receiving.url, "events": ["review.published"]}, headers=shops.auth("kahvi"))
    assert made.status_code == 201 and made.headers["cache-control"] == "no-store"
    body = made.json()
    assert body["secret"].startswith("whsec_") and body["status"] == "active" and body["kind"] == "standard"
    Webhook(body["secret"])  # a Standard Webhooks library reads it
    listed = hooked.get(HOOKS, headers=shops.auth("kahvi")).json()["webhooks"]
    assert [w["id"] for w in listed] == [body["id"]] and "secret" not in listed[0]
    assert hooked.get(f"{HOOKS}/{body['id']}", headers=shops.auth("kahvi")).json()["secret"] == body["secret"]
    assert hooked.delete(f"{HOOKS}/{body['id']}", headers=shops.auth("kahvi")).status_code == 204
    assert hooked.get(HOOKS, headers=shops.auth("kahvi")).json() == {"webhooks": []}
    assert hooked.delete(f"{HOOKS}/{body['id']}", headers=shops.auth("kahvi")).status_code == 404


def test_another_shops_key_or_none_gets_nothing(hooked, shops, receiving):
    shops.create("other")
    made = hooked.post(HOOKS, json={"url": receiving.url, "events": ["review.published"]}, headers=shops.auth("kahvi"))
    assert hooked.get(HOOKS).status_code == 401
    assert hooked.get(HOOKS, headers=shops.auth("other")).status_code in (401, 403)
    assert hooked.get("/api/v1/shops/other/webhooks/1", headers=shops.auth("other")).status_code == 404
    assert hooked.delete(f"{HOOKS}/{made.json()['id']}", headers=shops.auth("other")).status_code in (401, 403)
    assert len(shops.sql("SELECT * FROM webhooks")) == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://10.1.2.3/hook",  # private
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",  # a cloud's metadata service
        "http://example.com/hook",  # plain http off loopback
        "http://10.1.2.3/hook",  # loopback mode allows loopback, never other private addresses
        "https://user:secret@example.com/hook",
        "ftp://example.com/hook",
        "https://example.com:99999/hook",
        "https://example.com:0/hook",  # port 0 is no port
        "https://[::127.0.0.1]/hook",  # IPv6 forms that carry a loopback IPv4 address inside them
        "https://[::ffff:0:7f00:1]/hook",
        "https://[64:ff9b::7f00:1]/hook",
        "https://[2002:7f00:1::]/hook",
        "https://[64:ff9b::a01:203]/hook",  # NAT64 of 10.1.2.3
        "https://224.0.0.1/hook",  # multicast
    ],
)
def test_addresses_inside_the_network_or_without_tls_are_refused_with_nothing_stored(hooked, shops, url):
    answer = hooked.post(
        HOOKS + "?lang=en", json={"url": url, "events": ["review.published"]}, headers=shops.auth("kahvi")
    )
    assert answer.status_code == 422, answer.text
    assert set(answer.json()) == {"error", "errors"} and "url" in answer.json()["errors"]
    assert shops.sql("SELECT count(*) AS n FROM webhooks") == [{"n": 0}]


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "https://[::1]/hook", "https://localhost/hook"])
def test_loopback_is_refused_unless_the_operator_allows_it(client, shops, url):
    answer = client.post(HOOKS, json={"url": url, "events": ["review.published"]}, headers=shops.auth("kahvi"))
    assert answer.status_code == 422 and "url" in answer.json()["errors"]


def test_the_sender_checks_the_address_before_it_connects_and_connects_to_that_address():
    """A name that resolves inside the network learns nothing: not even whether a port is open."""
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        listening.settimeout(0.3)
        port = listening.getsockname()[1]
        answer = sending.post(f"https://localhost:{port}/hook", b"{}", {}, loopback=False)
        assert answer.code is None and answer.error.startswith("refused:")
        with pytest.raises(TimeoutError):
            listening.accept()  # nobody knocked


def test_unknown_events_and_bad_fields_are_named(hooked, shops, receiving):
    answer = hooked.post(
        HOOKS + "?lang=en",
        json={"url": receiving.url, "events": ["review.liked"], "kind": "irc", "include_text": "yes"},
        headers=shops.auth("kahvi"),
    )
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"events", "kind", "include_text"}
    assert "review.published" in answer.json()["errors"]["events"]
    assert hooked.post(HOOKS, json={"url": receiving.url}, headers=shops.auth("kahvi")).status_code == 422


def test_the_same_address_twice_is_a_conflict(hooked, shops, receiving):
    wanted = {"url": receiving.url, "events": ["review.published"]}
    assert hooked.post(HOOKS, json=wanted, headers=shops.auth("kahvi")).status_code == 201
    assert hooked.post(HOOKS, json=wanted, headers=shops.auth("kahvi")).status_code == 409


def test_slack_and_teams_addresses_are_recognised():
    assert guess_kind("https://hooks.slack.com/services/T0/B0/XYZ") is EndpointKind.SLACK
    assert guess_kind("https://contoso.webhook.office.com/webhookb2/abc") is EndpointKind.TEAMS
    assert guess_kind("https://prod-12.westeurope.logic.azure.com:443/workflows/abc") is EndpointKind.TEAMS
    assert guess_kind("https://crm.example.fi/hooks/reviews") is EndpointKind.STANDARD


def test_the_cli_adds_lists_pauses_resumes_and_removes(hooked, shops, receiving):
    db = ["--db", str(shops.path)]
    added = CliRunner().invoke(cli, ["webhooks", "add", "kahvi", receiving.url, "--event", "review.published", *db])
    assert added.exit_code == 0, added.output
    secret = added.output.strip().splitlines()[-1]
    assert secret.startswith("whsec_")
    listed = CliRunner().invoke(cli, ["webhooks", "list", "kahvi", *db]).output
    assert receiving.url in listed and "active" in listed and "review.published" in listed
    assert "paused" in CliRunner().invoke(cli, ["webhooks", "pause", "kahvi", "1", *db]).output
    assert "active" in CliRunner().invoke(cli, ["webhooks", "resume", "kahvi", "1", *db]).output
    assert secret in CliRunner().invoke(cli, ["webhooks", "show", "kahvi", "1", *db]).output
    refused = CliRunner().invoke(cli, ["webhooks", "add", "kahvi", "https://10.0.0.1/x", *db])
    assert refused.exit_code != 0 and "private" in refused.output
    assert CliRunner().invoke(cli, ["webhooks", "remove", "kahvi", "1", *db]).exit_code == 0
    assert shops.sql("SELECT count(*) AS n FROM webhooks") == [{"n": 0}]
