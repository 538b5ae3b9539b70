"""The shop's trust profile and the review disclosure generated from real settings."""

import io
import re

import pytest
from click.testing import CliRunner
from PIL import Image

from socialproof.cli import cli
from socialproof.db.store import connect
from socialproof.shops.trust import valid_business_id
from tests.support import published, shown, text


@pytest.mark.parametrize("business_id", ["0112038-9", "1572860-0", "2331972-7", "0737546-2", "1618033-3"])
def test_real_business_ids_are_accepted(business_id):
    assert valid_business_id(business_id)


@pytest.mark.parametrize(
    "business_id",
    [
        "0112038-8",  # wrong check digit
        "3141592-0",  # remainder 1: no check digit can be valid
        "112038-9",
        "01120389",
        "0112038-99",
        "abcdefg-h",
        " 0112038-9",
    ],
)
def test_invalid_business_ids_are_refused(business_id):
    assert not valid_business_id(business_id)


def cli_set(db_path, *args):
    return CliRunner().invoke(cli, ["shop", "set", "kahvi", *args, "--db", str(db_path)])


def test_shop_set_refuses_an_invalid_business_id_and_keeps_the_old_one(client, db_path):
    assert cli_set(db_path, "--business-id", "0112038-9").exit_code == 0
    refused = cli_set(db_path, "--business-id", "0112038-8", "--founded", "2019")
    assert refused.exit_code != 0 and "0112038-8 has the wrong check digit" in refused.stderr
    garbled = cli_set(db_path, "--business-id", "112038")
    assert "112038 is not a Finnish business ID: NNNNNNN-C" in garbled.stderr
    with connect(db_path) as db:
        row = next(db.query("SELECT business_id, founded FROM shops"))
    assert row == {"business_id": "0112038-9", "founded": None}  # nothing half-stored


def test_trust_card_shows_only_what_is_set(client, db_path):
    bare = text(client.get("/w/kahvi/trust").text)
    assert "Kahvi Oy" in bare
    for absent in ("Kotimainen", "Y-tunnus", "Itsenäinen", "palautusoikeus", "Perustettu"):
        assert absent not in bare
    assert (
        cli_set(
            db_path,
            "--business-id",
            "0112038-9",
            "--country",
            "FI",
            "--ships-from",
            "fi",
            "--independent",
            "--founder-name",
            "Aino",
            "--greeting",
            "Tervetuloa <b>kauppaan</b>!",
            "--returns-days",
            "30",
            "--free-returns",
            "--founded",
            "2016",
        ).exit_code
        == 0
    )
    html = shown(client, "/w/kahvi/trust", lambda page: "Aino" in page)
    full = text(html)
    for present in (
        "Kotimainen verkkokauppa · lähetetään Suomesta",
        "Itsenäinen yrittäjä",
        "Y-tunnus 0112038-9",
        "30 päivän palautusoikeus · ilmainen palautus",
        "Perustettu vuonna 2016",
        "Tervetuloa &lt;b&gt;kauppaan&lt;/b&gt;!",
        "Aino , perustaja",
    ):
        assert present in full, present
    assert "<b>" not in html
    assert 'href="https://tietopalvelu.ytj.fi/yritys/0112038-9"' in html


def test_other_countries_are_named_in_the_shoppers_language(client, db_path):
    cli_set(db_path, "--country", "SE", "--ships-from", "EE")
    assert "Yrityksen kotimaa: Ruotsi" in text(client.get("/w/kahvi/trust").text)
    assert "Skickas från: Estland" in text(client.get("/w/kahvi/trust?lang=sv").text)


def test_overall_rating_is_computed_across_products(client, shops):
    published(client, shops, "P1", rating=5)
    published(client, shops, "P2", rating=2)
    assert "3,5" in text(client.get("/w/kahvi/trust").text)
    assert client.get("/api/v1/shops/kahvi/summary").json()["review_count"] == 2


def test_founder_photo_from_a_file_is_stored_small_and_without_metadata(client, db_path, tmp_path):
    photo = Image.new("RGB", (1200, 800), "#a07a4f")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0xA431] = "SERIAL-12345"  # body serial number
    exif[0x8825] = {1: "N", 2: (60.0, 27.0, 0.0)}  # GPS latitude
    path = tmp_path / "aino.jpg"
    photo.save(path, exif=exif)
    assert Image.open(path).getexif().get_ifd(0x8825), "the test photo should carry a GPS position"
    assert cli_set(db_path, "--founder-photo", str(path)).exit_code == 0
    html = shown(client, "/w/kahvi/trust", lambda page: "/founder." in page)
    src = re.search(r'src="(http://testserver/w/kahvi/founder\.[0-9a-f]+\.jpg)"', html).group(1)
    image = client.get(src)  # its own address: the portrait isn't inside every widget answer
    assert image.headers["content-type"] == "image/jpeg" and "immutable" in image.headers["cache-control"]
    stored = Image.open(io.BytesIO(image.content))
    assert stored.size == (160, 160)
    assert not stored.getexif() and b"SERIAL" not in image.content
    assert client.get(src.replace("founder.", "founder.0")).status_code == 404
    typo = cli_set(db_path, "--founder-photo", str(tmp_path / "missing.jpg"))
    assert typo.exit_code != 0 and f"no such file: {tmp_path / 'missing.jpg'}" in typo.stderr
    (tmp_path / "notes.jpg").write_text("not a photo")
    not_a_photo = cli_set(db_path, "--founder-photo", str(tmp_path / "notes.jpg"))
    assert not_a_photo.exit_code != 0 and "is not a JPEG, PNG or WebP image" in not_a_photo.stderr


@pytest.mark.parametrize("widget", ["trust", "reviews?product=P1"])
def test_disclosure_follows_the_moderation_mode(client, db_path, widget):
    pre = text(client.get(f"/w/kahvi/{widget}").text)
    assert "Kauppa lukee jokaisen arvostelun ennen julkaisua" in pre
    assert "Yhtään arvostelua ei piiloteta, viivytetä eikä sijoiteta eri tavalla arvosanan vuoksi." in pre
    assert "Keskiarvo lasketaan kaikista julkaistuista arvosanoista" in pre
    cli_set(db_path, "--moderation", "post")
    post = text(shown(client, f"/w/kahvi/{widget}", lambda page: "Arvostelut julkaistaan heti" in page))
    assert "Arvostelut julkaistaan heti" in post and "Kauppa lukee jokaisen" not in post


def test_disclosure_says_whether_buyers_are_verified(client, shops):
    assert "Kauppa ei tarkista, ovatko arvostelijat ostaneet" in text(client.get("/w/kahvi/trust").text)
    client.post(
        "/api/v1/shops/kahvi/invitations",
        json={"order": "1", "products": [{"id": "P1", "name": "K"}]},
        headers=shops.auth("kahvi"),
    )
    checked = text(client.get("/w/kahvi/trust").text)
    assert "Vahvistettu ostaja" in checked and "Kauppa ei tarkista" not in checked
