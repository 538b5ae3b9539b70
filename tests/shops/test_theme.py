"""A shop's own colours, radius and font; refused when they would fail contrast."""

import pytest
from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.shops.theme import contrast
from tests.support import published, shown


@pytest.mark.parametrize(
    "a, b, ratio",
    [
        ("#000000", "#ffffff", 21.0),
        ("#777777", "#ffffff", 4.48),
        ("#767676", "#ffffff", 4.54),
        ("#ffffff", "#ffffff", 1.0),
    ],
)
def test_contrast_ratio_is_wcags(a, b, ratio):
    assert round(contrast(a, b), 2) == ratio


def set_theme(shops, *args):
    return CliRunner().invoke(cli, ["shop", "set", "kahvi", *args, "--db", str(shops.path)])


def test_an_accent_that_fails_aa_is_refused_with_the_reason(client, shops):
    refused = set_theme(shops, "--accent", "#f0a030")
    assert refused.exit_code != 0 and "contrast of 2.1:1" in refused.stderr and "4.5:1" in refused.stderr
    dark_refused = set_theme(shops, "--accent-dark", "#333333")
    assert dark_refused.exit_code != 0 and "#1c1917" in dark_refused.stderr
    assert set_theme(shops, "--accent", "nope").exit_code != 0
    assert shops.sql("SELECT theme FROM shops") == [{"theme": "{}"}]


def test_the_theme_reaches_every_way_a_widget_is_shown(client, shops):
    published(client, shops)
    assert (
        set_theme(
            shops, "--accent", "#1D4ED8", "--accent-dark", "#93c5fd", "--radius", "0", "--font", "Georgia, serif"
        ).exit_code
        == 0
    )
    css = client.get("/w/kahvi", params={"w": "reviews~P1"}).json()["css"]
    assert (
        ":host, .sp-document { --socialproof-accent: #1d4ed8; --socialproof-radius: 0px; "
        "--socialproof-font: Georgia, serif; }" in css
    )
    assert "--socialproof-accent-dark: #93c5fd;" in css
    theme = client.get("/w/kahvi/theme.css")
    assert theme.headers["content-type"].startswith("text/css") and "#1d4ed8" in theme.text
    assert 'href="http://testserver/w/kahvi/theme.css"' in client.get("/w/kahvi/reviews?product=P1&ssr=1").text
    page = client.get("/w/kahvi/reviews?product=P1", headers={"Sec-Fetch-Dest": "document"}).text
    assert 'href="http://testserver/w/kahvi/theme.css"' in page
    assert set_theme(shops, "--accent", "", "--accent-dark", "", "--font", "").exit_code == 0
    assert "accent" not in shown(client, "/w/kahvi/theme.css", lambda css: "accent" not in css)


def test_without_a_theme_nothing_extra_is_sent(client, shops):
    assert "theme.css" not in client.get("/w/kahvi/reviews?product=P1&ssr=1").text
    assert client.get("/w/kahvi/theme.css").text == ""


def test_dark_mode_follows_the_page_or_the_merchants_data_theme(client):
    """Which scheme applies is embed.js's reading of the page (tests/browser/test_part_of_the_page.py)."""
    css = client.get("/w/kahvi", params={"w": "stars~P1"}).json()["css"]
    assert ':host([data-sp-scheme="dark"]:not([data-theme])) .sp' in css  # a dark page
    assert ':host([data-theme="dark"]) .sp' in css  # the merchant's word
    assert "@media (prefers-color-scheme:dark)" in css and ':host([data-theme="auto"]) .sp' in css  # the system's
