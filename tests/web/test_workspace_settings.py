"""The workspace's settings page: the shop set from a browser, refused exactly where the command line refuses."""

from __future__ import annotations

import base64
import html
import io

import pytest
from PIL import Image

from tests import photo_files, support
from tests.support import Moderator, post_review, shown, text


@pytest.fixture
def mod(client, shops):
    return Moderator(client, support.make_moderator(shops.path, "mod@kahvi.example", "--shop", "kahvi"))


def said(answer):
    return html.unescape(text(answer.text))


def shop_row(shops):
    return shops.sql("SELECT * FROM shops WHERE slug = 'kahvi'")[0]


PROFILE = {
    "section": "profile",
    "founder_name": "Aino",
    "greeting": "Tervetuloa!\nPaahdamme itse.",
    "independent": "yes",
    "business_id": "0112038-9",
    "country": "fi",
    "ships_from": "FI",
    "founded": "2016",
    "returns_days": "30",
    "free_returns": "yes",
}


def test_the_moderation_mode_changes_from_the_page_and_the_log_says_who_changed_it(client, shops, mod):
    answer = mod.post("/admin/shops/kahvi/settings", {"section": "moderation", "moderation": "post"})
    assert answer.status_code == 303 and answer.headers["location"].endswith("/settings?done=saved#moderation")
    assert shop_row(shops)["moderation"] == "post"
    assert post_review(client)["status"] == "approved"  # published at once, whatever its rating
    log = text(mod.get("/admin/shops/kahvi/log?lang=en").text)
    assert "mod@kahvi.example (moderator) Changed the moderation mode" in log
    refused = mod.post("/admin/shops/kahvi/settings", {"section": "moderation", "moderation": "stars-4-and-up"})
    assert refused.status_code == 422 and "Moderation is 'pre' or 'post'." in said(refused)
    assert shop_row(shops)["moderation"] == "post"


def test_the_trust_profile_is_saved_whole_or_not_at_all(client, shops, mod):
    wrong = mod.post("/admin/shops/kahvi/settings?lang=en", PROFILE | {"business_id": "0112038-8"})
    page = text(wrong.text)
    assert wrong.status_code == 422 and "The trust profile was not changed; nothing was saved." in page
    assert "0112038-8 has the wrong check digit" in page
    assert 'value="0112038-8"' in wrong.text and 'value="Aino"' in wrong.text  # what was typed, to correct
    assert 'aria-invalid="true" aria-describedby="help-business_id problem-business_id"' in wrong.text
    row = shop_row(shops)
    assert (row["founder_name"], row["country"], row["business_id"]) == (None, None, None)

    assert mod.post("/admin/shops/kahvi/settings", PROFILE).status_code == 303
    card = text(shown(client, "/w/kahvi/trust", lambda page: "Aino" in page))
    for present in ("Kotimainen verkkokauppa", "Y-tunnus 0112038-9", "30 päivän palautusoikeus · ilmainen palautus"):
        assert present in card, present
    form = mod.get("/admin/shops/kahvi/settings").text
    assert 'value="0112038-9"' in form and '<option value="yes" selected>' in form

    cleared = PROFILE | {"business_id": "", "independent": ""}
    assert mod.post("/admin/shops/kahvi/settings", cleared).status_code == 303
    assert (shop_row(shops)["business_id"], shop_row(shops)["independent"]) == (None, None)


def test_the_founders_photo_is_uploaded_without_its_metadata_and_no_path_is_ever_read(client, shops, mod):
    upload = {"founder_photo_file": ("me.jpg", photo_files.jpeg(gps=True), "image/jpeg")}
    assert mod.post("/admin/shops/kahvi/settings", PROFILE, files=upload).status_code == 303
    stored = shop_row(shops)["founder_photo"]
    with Image.open(io.BytesIO(base64.b64decode(stored.partition(",")[2]))) as photo:
        assert photo.size == (160, 160) and not photo.getexif()
    assert photo_files.SERIAL.encode() not in base64.b64decode(stored.partition(",")[2])

    for typed in ("/etc/hostname", "file:///etc/hostname", "http://example.com/me.jpg"):
        refused = mod.post("/admin/shops/kahvi/settings?lang=en", PROFILE | {"founder_photo_url": typed})
        assert refused.status_code == 422 and "a photo's address must start with https://" in said(refused)
    assert shop_row(shops)["founder_photo"] == stored

    not_an_image = {"founder_photo_file": ("me.jpg", b"GIF89a not really", "image/jpeg")}
    refused = mod.post("/admin/shops/kahvi/settings?lang=en", PROFILE, files=not_an_image)
    assert refused.status_code == 422 and "the photo is not a JPEG, PNG or WebP image" in said(refused)

    removed = mod.post("/admin/shops/kahvi/settings", PROFILE | {"founder_photo_remove": "on"})
    assert removed.status_code == 303 and shop_row(shops)["founder_photo"] is None


def test_the_theme_refuses_a_colour_too_faint_to_read_and_clears_with_empty_fields(client, shops, mod):
    theme = {"section": "theme", "accent": "#ffd700", "accent_dark": "", "radius": "30", "font": ""}
    refused = mod.post("/admin/shops/kahvi/settings?lang=en", theme)
    page = text(refused.text)
    assert refused.status_code == 422 and "The theme was not changed; nothing was saved." in page
    assert "#ffd700 has a contrast of 1.4:1 against the widget background #ffffff; WCAG AA needs 4.5:1" in page
    assert "0 to 24 pixels" in page and shop_row(shops)["theme"] in (None, "{}")

    saved = mod.post(
        "/admin/shops/kahvi/settings", theme | {"accent": "#1D4ED8", "radius": "4", "font": "Georgia, serif"}
    )
    assert saved.status_code == 303
    css = shown(client, "/w/kahvi/theme.css", lambda css: "#1d4ed8" in css)
    assert "--socialproof-radius: 4px;" in css and "Georgia, serif" in css
    cleared = theme | {"accent": "", "radius": "", "font": "Georgia, serif"}
    assert mod.post("/admin/shops/kahvi/settings", cleared).status_code == 303
    assert shop_row(shops)["theme"] == '{"font": "Georgia, serif"}'


def test_an_unknown_section_is_refused_and_the_words_form_still_saves_without_one(client, shops, mod):
    assert mod.post("/admin/shops/kahvi/settings", {"section": "everything"}).status_code == 422
    assert mod.post("/admin/shops/kahvi/settings", {"words_fi": "huijaus"}).status_code == 303
    assert "huijaus" in mod.get("/admin/shops/kahvi/settings").text


def test_the_logo_for_mail_is_uploaded_small_without_metadata_refused_when_no_image_and_removed(client, shops, mod):
    theme = {"section": "theme", "accent": "", "accent_dark": "", "radius": "", "font": ""}
    upload = {"logo_file": ("logo.jpg", photo_files.jpeg(size=(2000, 500), gps=True), "image/jpeg")}
    assert mod.post("/admin/shops/kahvi/settings", theme, files=upload).status_code == 303
    stored = shop_row(shops)["logo"]
    png = base64.b64decode(stored.partition(",")[2])
    with Image.open(io.BytesIO(png)) as logo:
        assert logo.format == "PNG" and logo.size == (480, 120) and not logo.getexif()
    assert photo_files.SERIAL.encode() not in png
    page = mod.get("/admin/shops/kahvi/settings?lang=en").text
    assert 'class="logo-preview"' in page and "Remove the logo" in page

    not_an_image = {"logo_file": ("logo.png", b"<svg onload=alert(1)>", "image/png")}
    refused = mod.post("/admin/shops/kahvi/settings?lang=en", theme, files=not_an_image)
    assert refused.status_code == 422 and "the logo is not a PNG, JPEG or WebP image" in said(refused)
    assert shop_row(shops)["logo"] == stored  # nothing half-saved

    removed = mod.post("/admin/shops/kahvi/settings", theme | {"logo_remove": "on"})
    assert removed.status_code == 303 and shop_row(shops)["logo"] is None
