"""Shoppers' photos: checked for real, stripped of metadata, public only once approved."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from PIL import Image

from socialproof.app import create_app
from socialproof.config import Settings
from tests import photo_files
from tests.client import TestClient
from tests.support import approve, as_person, review, text

URL = "/api/v1/shops/kahvi/products/P1/reviews"


def send(client, *files, **fields):
    data = {k: str(v) for k, v in (review() | fields).items()}
    return client.post(URL, data=data, files=[("photos", f) for f in files])


def photo_dir(shops):
    return Settings(db_path=shops.path).photo_path


def stored_files(shops):
    folder = photo_dir(shops)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def moderator_photos(client, shops, review_id):
    queue = client.get("/api/v1/shops/kahvi/moderation?status=pending", headers=shops.auth("kahvi")).json()
    return next(r for r in queue["items"] if r["id"] == review_id)["photos"]


def public_url_of(client, shops, photo):
    """The public address of a photo whatever its status: its content hash, as a moderator can compute."""
    body = client.get(photo["url"], headers=shops.auth("kahvi")).content
    return f"/photos/{hashlib.sha256(body).hexdigest()}.jpg"


def test_gps_camera_and_time_are_gone_from_what_is_stored(client, shops):
    answer = send(client, ("IMG_0001.jpg", photo_files.jpeg(gps=True), "image/jpeg"))
    assert answer.status_code == 201, answer.text
    approve(client, shops, answer.json()["id"])
    photo = client.get(URL).json()["items"][0]["photos"][0]
    for url in (photo["url"], photo["thumbnail_url"], photo["small_url"]):
        body = client.get(url).content
        stored = Image.open(io.BytesIO(body))
        assert stored.format == "JPEG" and not stored.getexif()
        assert photo_files.SERIAL.encode() not in body and b"PhoneMaker" not in body and b"2026:11:20" not in body
    for name in stored_files(shops):
        raw = (photo_dir(shops) / name).read_bytes()
        assert b"GPS" not in raw and photo_files.SERIAL.encode() not in raw


def test_orientation_is_applied_before_the_metadata_goes(client, shops):
    # Orientation 6: the camera was turned; the pixels are stored landscape, shown portrait.
    answer = send(client, ("turned.jpg", photo_files.jpeg((400, 200), orientation=6), "image/jpeg"))
    approve(client, shops, answer.json()["id"])
    photo = client.get(URL).json()["items"][0]["photos"][0]
    assert (photo["width"], photo["height"]) == (200, 400)
    stored = Image.open(io.BytesIO(client.get(photo["url"]).content)).convert("L")
    assert stored.getpixel((stored.width - 5, 5)) < 50  # the marker turned with the photo: top right


def test_large_photos_are_scaled_and_thumbnailed(client, shops):
    answer = send(
        client, ("big.jpg", photo_files.jpeg((4000, 3000)), "image/jpeg"), ("clear.png", photo_files.png(), "image/png")
    )
    approve(client, shops, answer.json()["id"])
    big, clear = client.get(URL).json()["items"][0]["photos"]
    assert (big["width"], big["height"]) == (2048, 1536)
    assert max(big["thumbnail_width"], big["thumbnail_height"]) == 400
    assert (big["small_width"], big["small_height"]) == (160, 120)
    assert Image.open(io.BytesIO(client.get(big["small_url"]).content)).size == (160, 120)
    assert Image.open(io.BytesIO(client.get(clear["url"]).content)).mode == "RGB"  # transparency on white


@pytest.mark.parametrize(
    "name, body, content_type, reason",
    [
        ("bomb.png", photo_files.png_bomb(), "image/png", "liikaa pikseleitä"),
        ("huge.png", photo_files.png((8000, 6000), "L"), "image/png", "liikaa pikseleitä"),
        ("half.jpg", photo_files.jpeg()[:3000], "image/jpeg", "ei voitu lukea"),
        ("logo.svg", photo_files.SVG, "image/svg+xml", "ei ole JPEG-, PNG- tai WebP-kuva"),
        ("notes.jpg", b"just some text, honestly a photo", "image/jpeg", "ei ole JPEG-, PNG- tai WebP-kuva"),
        ("cat.gif", photo_files.animated("GIF"), "image/gif", "ei ole JPEG-, PNG- tai WebP-kuva"),
        ("moving.png", photo_files.animated("PNG"), "image/png", "on animaatio"),
        ("moving.webp", photo_files.animated("WEBP"), "image/webp", "on animaatio"),
        ("page.jpg", photo_files.jpeg() + b"<script>alert(1)</script>", "image/jpeg", "sisältää muutakin kuin kuvan"),
        ("zip.jpg", photo_files.jpeg() + b"PK\x03\x04" + b"\x00" * 40, "image/jpeg", "sisältää muutakin kuin kuvan"),
    ],
)
def test_refused_files_name_the_file_and_reason_and_store_nothing(client, shops, name, body, content_type, reason):
    answer = send(client, ("ok.jpg", photo_files.jpeg(), "image/jpeg"), (name, body, content_type))
    assert answer.status_code == 422
    message = answer.json()["errors"]["photos"]
    assert name in message and reason in message, message
    assert shops.sql("SELECT count(*) AS n FROM reviews")[0]["n"] == 0
    assert shops.sql("SELECT count(*) AS n FROM photos")[0]["n"] == 0
    assert stored_files(shops) == []


def test_limits_are_settings(db_path, shops):
    shops.create("kahvi")
    small = Settings(db_path=db_path, photo_max_bytes=100 * 1024, photo_max_pixels=1_000_000, photos_per_review=2)
    with TestClient(create_app(small)) as client:
        too_big = send(client, ("noise.jpg", photo_files.jpeg((400, 400), noise=True, quality=100), "image/jpeg"))
        assert too_big.status_code == 422 and "suurempi kuin 0,1 Mt" in too_big.json()["errors"]["photos"]
        assert "noise.jpg" in too_big.json()["errors"]["photos"]
        too_many_px = send(client, ("wide.jpg", photo_files.jpeg((1200, 1000)), "image/jpeg"))
        assert too_many_px.status_code == 422 and "1 megapikseliä" in too_many_px.json()["errors"]["photos"]
        three = send(client, *[(f"{n}.jpg", photo_files.jpeg(), "image/jpeg") for n in range(3)])
        assert three.status_code == 422 and "enintään 2 kuvaa" in three.json()["errors"]["photos"]
        assert send(client, *[(f"{n}.jpg", photo_files.jpeg(), "image/jpeg") for n in range(2)]).status_code == 201


def test_a_pending_photo_is_not_public_until_approved(client, shops):
    answer = send(client, ("p.jpg", photo_files.jpeg(), "image/jpeg"))
    photo = moderator_photos(client, shops, answer.json()["id"])[0]
    assert photo["status"] == "pending"
    public = public_url_of(client, shops, photo)
    assert client.get(public).status_code == 404
    assert client.get(public.replace(".jpg", "-thumb.jpg")).status_code == 404
    approve(client, shops, answer.json()["id"])
    shown = client.get(public)
    assert shown.status_code == 200 and shown.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get(public, headers={"If-None-Match": shown.headers["etag"]}).status_code == 304


def test_moderators_see_photos_with_the_key_only(client, shops):
    shops.create("toinen")
    answer = send(client, ("p.jpg", photo_files.jpeg(), "image/jpeg"))
    photo = moderator_photos(client, shops, answer.json()["id"])[0]
    assert client.get(photo["url"], headers=shops.auth("kahvi")).headers["content-type"] == "image/jpeg"
    assert client.get(photo["url"]).status_code == 401
    assert client.get(photo["url"], headers=shops.auth("toinen")).status_code == 403


def test_one_photo_can_be_rejected_while_the_text_is_approved(client, shops):
    answer = send(
        client,
        ("keep.jpg", photo_files.jpeg(colour="#224466"), "image/jpeg"),
        ("face.jpg", photo_files.jpeg(colour="#aa2222"), "image/jpeg"),
    )
    keep, face = moderator_photos(client, shops, answer.json()["id"])
    rejected = client.post(
        f"/api/v1/shops/kahvi/photos/{face['id']}/moderation",
        json={"action": "reject", "reason": "personal-data"},
        headers=shops.auth("kahvi"),
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert (
        client.post(
            f"/api/v1/shops/kahvi/photos/{face['id']}/moderation",
            json={"action": "reject"},
            headers=shops.auth("kahvi"),
        ).status_code
        == 422
    )
    approve(client, shops, answer.json()["id"])
    shown = client.get(URL).json()["items"][0]["photos"]
    assert len(shown) == 1
    assert client.get(public_url_of(client, shops, face)).status_code == 404
    assert client.get(public_url_of(client, shops, keep)).status_code == 200
    log = shops.sql("SELECT action, reason, photo_id FROM moderation_log WHERE photo_id IS NOT NULL")
    assert log == [{"action": "reject", "reason": "personal-data", "photo_id": face["id"]}]


def test_the_same_photo_twice_is_stored_once(client, shops):
    same = photo_files.jpeg(colour="#336699")
    first = send(client, ("a.jpg", same, "image/jpeg"))
    second = send(client, ("b.jpg", same, "image/jpeg"), author_name="Toinen")
    assert first.status_code == second.status_code == 201
    assert len(stored_files(shops)) == 3  # one full size, one thumbnail, one small
    assert shops.sql("SELECT count(DISTINCT content_hash) AS n, count(*) AS rows FROM photos") == [{"n": 1, "rows": 2}]


def test_a_failed_save_leaves_no_file_behind(client, shops, monkeypatch):
    from socialproof.web.routes import submission

    def broken(*args, **kwargs):
        raise RuntimeError("the disk said no")

    monkeypatch.setattr(submission, "submit_review", broken)
    with TestClient(client.app, raise_server_exceptions=False) as failing:
        assert send(failing, ("p.jpg", photo_files.jpeg(), "image/jpeg")).status_code == 500
    assert stored_files(shops) == []


def test_reviews_with_photos_filter_and_count(client, shops):
    approve(client, shops, send(client, ("p.jpg", photo_files.jpeg(), "image/jpeg"), title="kuvallinen").json()["id"])
    approve(client, shops, client.post(URL, json=review(title="kuvaton")).json()["id"])
    assert client.get("/api/v1/shops/kahvi/products/P1/summary").json()["photo_count"] == 1
    only = client.get(URL + "?photos=1").json()
    assert only["total"] == 1 and only["items"][0]["title"] == "kuvallinen"
    html = client.get("/w/kahvi/reviews?product=P1&photos=1").text
    assert "Näytetään kuvalliset arvostelut." in text(html) and "kuvaton" not in html
    assert "1 asiakkaan kuva" in text(client.get("/w/kahvi/reviews?product=P1").text)


def test_review_form_without_javascript_takes_photos_and_names_refused_ones(client, shops):
    fields = as_person(client, rating="5", body="Kuvan kanssa", author_name="Anni")
    refused = client.post(
        "/w/kahvi/reviews?product=P1", data=fields, files=[("photos", ("kuva.svg", photo_files.SVG, "image/svg+xml"))]
    )
    assert "”kuva.svg” ei ole JPEG-, PNG- tai WebP-kuva." in text(refused.text)
    assert 'aria-describedby="sp-h-photos sp-e-photos" aria-invalid="true"' in refused.text
    taken = client.post(
        "/w/kahvi/reviews?product=P1", data=fields, files=[("photos", ("kuva.jpg", photo_files.jpeg(), "image/jpeg"))]
    )
    assert "Kiitos arvostelustasi!" in text(taken.text)
    assert shops.sql("SELECT count(*) AS n FROM photos")[0]["n"] == 1


def test_gallery_shows_public_photos_with_alt_text_from_the_review(client, shops):
    assert "Asiakkaiden kuvia ei vielä ole" in text(client.get("/w/kahvi/gallery?product=P1").text)
    pending = send(client, ("p.jpg", photo_files.jpeg(colour="#111111"), "image/jpeg"), title="Odottava")
    approved = send(client, ("a.jpg", photo_files.jpeg(), "image/jpeg"), title="Kuppi ja kahvi", author_name="Anni K.")
    approve(client, shops, approved.json()["id"])
    html = client.get("/w/kahvi/gallery?product=P1").text
    assert 'alt="Kuva, Anni K.: Kuppi ja kahvi"' in html and "Odottava" not in html
    assert 'loading="lazy"' in html and 'width="400" height="300"' in html
    assert '<dialog class="sp-lightbox"' in html and "Kuva %(n)s / %(total)s" in html
    assert "Kuppi ja kahvi" in client.get("/w/kahvi/gallery").text  # the whole shop's gallery
    assert pending.status_code == 201


def test_a_photo_stored_before_the_small_size_gets_one_when_first_shown(client, shops):
    answer = send(client, ("old.jpg", photo_files.jpeg((800, 600)), "image/jpeg"))
    approve(client, shops, answer.json()["id"])
    photo = client.get(URL).json()["items"][0]["photos"][0]
    small_name = photo["small_url"].rsplit("/", 1)[1]
    (photo_dir(shops) / small_name).unlink()  # as a photo stored by an earlier version
    shown = client.get(photo["small_url"])
    assert shown.status_code == 200 and Image.open(io.BytesIO(shown.content)).size == (160, 120)
    assert (photo_dir(shops) / small_name).exists()  # made once, then served as stored


def test_widgets_offer_the_small_size_to_ordinary_screens(client, shops):
    answer = send(client, ("wide.jpg", photo_files.jpeg((800, 600)), "image/jpeg"))
    approve(client, shops, answer.json()["id"])
    for widget, sizes in (("reviews", 'sizes="80px"'), ("gallery", 'sizes="10rem"')):  # reviews: 80 px squares
        html = client.get(f"/w/kahvi/{widget}?product=P1").text
        assert re.search(r'srcset="[^"]+-small\.jpg 160w, [^"]+-thumb\.jpg 400w"', html), widget
        assert sizes in html, widget
