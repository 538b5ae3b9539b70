"""Mail that comes from the shop: its logo and colour, its products' pictures, the buyer's first name."""

from __future__ import annotations

import io
import re

from click.testing import CliRunner
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from socialproof.cli import cli
from tests import photo_files
from tests.mail.test_requests import order, requests_on
from tests.mailbox import send_due
from tests.support import serving


def run(shops, *args):
    return CliRunner().invoke(cli, [*args, "--db", str(shops.path)])


def a_logo(tmp_path, size=(1200, 300)):
    """A wide PNG logo carrying a text chunk (who made it, where): metadata to leave behind."""
    path = tmp_path / "logo.png"
    image = Image.new("RGBA", size, (0, 90, 60, 255))
    info = PngInfo()
    info.add_text("Author", "Designer Oy, Tampere")
    image.save(path, "PNG", pnginfo=info)
    return path


def requested(client, shops, inbox, **extra):
    requests_on(shops, "--request-after-days", "0")
    order(client, shops, **extra)
    send_due(shops)
    return inbox.received[-1]


def test_the_shops_logo_and_accent_travel_inside_the_mail_with_no_metadata(client, shops, inbox, tmp_path):
    done = run(shops, "shop", "set", "kahvi", "--logo", str(a_logo(tmp_path)), "--accent", "#7c2d12")
    assert done.exit_code == 0 and "Logo: stored here, 480 x 120 px" in done.output, done.output
    message = requested(client, shops, inbox, lang="en")
    html = message.get_body(("html",)).get_content()
    assert re.search(r'<img src="cid:logo@socialproof" width="240" height="60" alt="Kahvi Oy"', html)
    assert "color:#7c2d12" in html and "border-top:4px solid #7c2d12" in html
    assert not re.search(r'<img[^>]+src="https?:', html)  # nothing fetched from anywhere when it is read
    (logo,) = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert logo["Content-ID"] == "<logo@socialproof>"
    stored = Image.open(io.BytesIO(logo.get_content()))
    assert stored.size == (480, 120) and "Author" not in stored.info and b"Designer" not in logo.get_content()
    plain = message.get_body(("plain",)).get_content()
    assert (
        "Tumma paahto" in plain and "https://reviews.kahvi.example/reviews/kahvi?lang=en" in plain
    )  # the all-reviews page
    cleared = run(shops, "shop", "set", "kahvi", "--logo", "")
    assert cleared.exit_code == 0 and "Logo:" not in cleared.output


def test_a_file_that_is_no_image_is_refused_in_one_line_and_nothing_changes(client, shops, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("<svg onload=alert(1)>")
    refused = run(shops, "shop", "set", "kahvi", "--logo", str(fake))
    assert refused.exit_code != 0 and "is not a PNG, JPEG or WebP image" in refused.output
    assert shops.sql("SELECT logo FROM shops WHERE slug = 'kahvi'") == [{"logo": None}]


def test_the_products_picture_is_fetched_once_and_shown_from_inside_the_mail(client, shops, inbox):
    with serving({"/tumma.jpg": photo_files.jpeg(gps=True)}) as base:
        refused = run(shops, "product", "set", "kahvi", "P1", "--image", f"{base}/tumma.jpg")
        assert refused.exit_code != 0 and "--image-from-private" in refused.output  # loopback: refused unless allowed
        missing = run(shops, "product", "set", "kahvi", "P1", "--image", f"{base}/none.jpg", "--image-from-private")
        assert missing.exit_code != 0 and "HTTP 404" in missing.output
        done = run(shops, "product", "set", "kahvi", "P1", "--image", f"{base}/tumma.jpg", "--image-from-private")
        assert done.exit_code == 0 and "Its picture is stored here" in done.output, done.output
    # The picture's server is gone: the mail carries its own copy.
    message = requested(client, shops, inbox, lang="en", products=(("P1", "Tumma paahto"), ("P2", "Vaalea")))
    html = message.get_body(("html",)).get_content()
    cids = re.findall(r'<img src="cid:(product-\d+@socialproof)" width="80"', html)
    assert len(cids) == 1  # P2 has no picture, and shows none
    (picture,) = [part for part in message.walk() if part.get_content_type() == "image/jpeg"]
    assert picture["Content-ID"] == f"<{cids[0]}>"
    assert photo_files.SERIAL.encode() not in picture.get_content() and b"Exif" not in picture.get_content()


def test_the_buyer_is_greeted_by_the_first_name_the_order_gave(client, shops, inbox):
    english = requested(client, shops, inbox, lang="en", name="Anni Virtanen")
    assert "Hi Anni," in english.get_body(("plain",)).get_content()
    finnish = requested(client, shops, inbox, ref="1002", email="toinen@example.fi", lang="fi", name="Ville")
    plain = finnish.get_body(("plain",)).get_content()
    assert "Hei Ville!" in plain and "Miten tilauksesi onnistui?" in finnish["Subject"]
    nameless = requested(client, shops, inbox, ref="1003", email="kolmas@example.fi", lang="en")
    assert "Hi " not in nameless.get_body(("plain",)).get_content()
