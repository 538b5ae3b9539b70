"""Widget fragments as shoppers see them, with JavaScript or without."""

import re

import pytest
from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.display.stars import star_row
from tests.support import as_person, post_review, published, shown, text


def test_stars_show_average_count_and_link_to_reviews(client, shops):
    published(client, shops, rating=5)
    published(client, shops, rating=4)
    html = client.get("/w/kahvi/stars?product=P1").text
    assert "4,5" in text(html) and "2 arvostelua" in text(html)
    assert "Arvosana 4,5 / 5" in html
    assert 'href="http://testserver/w/kahvi/reviews?product=P1&amp;lang=fi"' in html
    # Four stars and a half filled (tests/display/test_stars.py), over all five.
    assert html.count('class="sp-star-bg"') == 1 and html.count('class="sp-star-fg"') == 1
    assert star_row(4.5, 20).filled in html


def test_singular_and_english(client, shops):
    published(client, shops, rating=3)
    assert "1 arvostelu" in text(client.get("/w/kahvi/stars?product=P1").text)
    english = client.get("/w/kahvi/stars?product=P1&lang=en").text
    assert "1 review" in text(english) and "3.0" in text(english) and 'lang="en"' in english


@pytest.mark.parametrize(
    "widget, message",
    [
        ("stars", "Ei vielä arvosteluja – kirjoita ensimmäinen"),
        ("reviews", "Ei vielä arvosteluja – kirjoita tuotteesta ensimmäinen arvostelu."),
    ],
)
def test_each_widget_has_its_own_empty_state(client, widget, message):
    assert message in text(client.get(f"/w/kahvi/{widget}?product=NEW").text)


def test_pending_reviews_are_not_shown(client):
    post_review(client, body="Odottaa tarkistusta")
    assert "Odottaa tarkistusta" not in client.get("/w/kahvi/reviews?product=P1").text


def test_reviews_widget_shows_summary_distribution_and_reviews(client, shops):
    published(client, shops, rating=5, title="Loistava", body="Paras kahvi", author_name="Anni", recommend=True)
    published(client, shops, rating=2, title="Heikko", body="Liian hapan", author_name="Pekka")
    html = client.get("/w/kahvi/reviews?product=P1").text
    seen = text(html)
    assert "Asiakkaiden arvostelut" in seen and "3,5" in seen
    assert "5 tähteä 1 arvostelu" in seen and "3 tähteä 0 arvostelua" in seen
    assert seen.index("Heikko") < seen.index("Loistava")  # newest first
    assert "Suosittelee tuotetta" in seen
    assert '<time datetime="' in html


def test_review_text_is_shown_as_text_never_markup(client, shops):
    published(
        client, shops, title='x"><svg onload=alert(1)>', body="1 < 2 & <i>not italic</i>", author_name="<b>Eve</b>"
    )
    html = client.get("/w/kahvi/reviews?product=P1").text
    assert "<svg onload" not in html and "<i>" not in html and "<b>Eve" not in html
    assert "1 &lt; 2 &amp; &lt;i&gt;not italic&lt;/i&gt;" in html and "&lt;b&gt;Eve&lt;/b&gt;" in html


def test_sort_filter_and_pages_are_plain_links(client, shops):
    for rating in (1, 2, 3, 4, 5, 5, 4):
        published(client, shops, rating=rating, title=f"arvio {rating}")
    html = client.get("/w/kahvi/reviews?product=P1").text
    assert "Sivu 1 / 2" in text(html)
    # the next page by number and by where this one ended (a keyset cursor: as fast at any depth)
    assert re.search(
        r'href="http://testserver/w/kahvi/reviews\?product=P1&amp;lang=fi&amp;page=2&amp;after=[\w-]+"', html
    )
    assert 'href="http://testserver/w/kahvi/reviews?product=P1&amp;lang=fi&amp;stars=5"' in html
    page2 = client.get("/w/kahvi/reviews?product=P1&page=2").text
    assert "Sivu 2 / 2" in text(page2) and 'rel="prev"' in page2
    lowest = text(client.get("/w/kahvi/reviews?product=P1&sort=lowest").text)
    assert lowest.index("arvio 1") < lowest.index("arvio 2")
    fives = text(client.get("/w/kahvi/reviews?product=P1&stars=5").text)
    assert "Näytetään arvostelut, joissa on 5 tähteä." in fives and "arvio 4" not in fives


def test_fragment_opened_in_a_browser_tab_is_a_whole_page(client, shops):
    bare = client.get("/w/kahvi/reviews?product=P1").text
    assert not bare.lstrip().startswith("<!doctype")
    page = client.get("/w/kahvi/reviews?product=P1", headers={"Sec-Fetch-Dest": "document"}).text
    assert page.startswith("<!doctype html>") and '<html lang="fi">' in page
    assert re.search(r'<link rel="stylesheet" href="http://testserver/static/widget\.[0-9a-f]{12}\.css">', page)


def test_form_without_javascript_shows_errors_inline_and_keeps_what_was_typed(client, shops):
    response = client.post("/w/kahvi/reviews?product=P1", data=as_person(client, body="Hyvää kahvia", author_name=""))
    assert response.status_code == 200
    html = response.text
    assert "Tarkista alla merkityt kentät." in text(html) and 'role="alert"' in html
    assert "Valitse arvosana yhdestä viiteen tähteen." in html
    assert 'aria-invalid="true" aria-describedby="sp-e-author_name"' in html
    assert ">Hyvää kahvia</textarea>" in html
    assert shops.sql("SELECT count(*) AS n FROM reviews")[0]["n"] == 0


def test_form_without_javascript_thanks_the_shopper(client, shops):
    response = client.post(
        "/w/kahvi/reviews?product=P1&lang=en",
        data=as_person(client, rating="4", body="Good", author_name="Emma", recommend="no"),
    )
    assert "Thank you for your review!" in text(response.text)
    assert "It will be published once the shop has checked it." in text(response.text)
    stored = shops.sql("SELECT rating, lang, recommend, status FROM reviews")
    assert stored == [{"rating": 4, "lang": "en", "recommend": 0, "status": "pending"}]


def test_the_review_form_is_sent_when_write_a_review_is_followed(client, shops):
    published(client, shops, rating=4)
    closed = client.get("/w/kahvi/reviews?product=P1&lang=en").text
    assert 'name="rating"' not in closed and "<form" in closed  # the sort and filters, not the review form
    links = re.findall(r'<a class="sp-button" href="([^"]+)" data-sp-nav>Write a review</a>', closed)
    assert links == ["http://testserver/w/kahvi/reviews?product=P1&amp;lang=en&amp;write=1"] * 2  # top and bottom
    opened = client.get("/w/kahvi/reviews?product=P1&lang=en&write=1").text
    assert opened.count('name="rating" value="5"') == 1 and "Write a review</a>" not in opened
    assert 'name="rating" value="1" required data-sp-focus>' in opened  # focus goes to the first star
    assert text(opened).index("Write a review") < text(opened).index("Maistuu hyvältä.")  # where the link was
    empty = client.get("/w/kahvi/reviews?product=P2&lang=en").text
    assert empty.count("Write a review</a>") == 1 and 'name="rating"' not in empty


def test_a_reviews_report_form_is_sent_only_for_the_review_whose_report_link_was_followed(client, shops):
    first, second = published(client, shops, rating=2), published(client, shops, rating=5)
    closed = client.get("/w/kahvi/reviews?product=P1&lang=en").text
    assert closed.count('name="reason"') == 0 and closed.count('class="sp-report-link"') == 2
    assert f"report=review%3A{first}" in closed and f"report=review%3A{second}" in closed
    opened = client.get(f"/w/kahvi/reviews?product=P1&lang=en&report=review:{first}").text
    assert opened.count('name="reason"') == 1 and f'id="sp-report-reason-{first}"' in opened
    assert opened.count('class="sp-report-link"') == 1 and "Not a genuine review" in text(opened)
    for wrong in ("review:x", "review:", "<script>", "rating:1"):
        assert client.get(f"/w/kahvi/reviews?product=P1&report={wrong}").text.count('name="reason"') == 0
    sent = client.post(
        f"/w/kahvi/reviews/report?product=P1&lang=en&report=review:{first}", data={"review": first, "reason": "spam"}
    )
    assert "Thank you. The shop will look at the review" in text(sent.text) and 'name="reason"' not in sent.text


def test_form_explains_moderation_from_the_shops_setting(client, shops):
    assert "ennen julkaisua, arvosanasta riippumatta" in text(client.get("/w/kahvi/reviews?product=P1&write=1").text)
    shops.create("heti", moderation="post")
    assert "julkaistaan heti" in text(client.get("/w/heti/reviews?product=P1&write=1").text)


def test_star_input_is_a_labelled_radio_group(client):
    html = client.get("/w/kahvi/reviews?product=P1&lang=en&write=1").text
    assert "<legend>Your rating" in html
    radios = re.findall(r'<input type="radio" id="sp-f-rating-(\d)" name="rating" value="\d"', html)
    assert radios == ["1", "2", "3", "4", "5"]
    assert '<span class="sp-vh">3 stars</span>' in html


def test_batch_renders_every_placeholder_in_order_and_isolates_mistakes(client, shops):
    published(client, shops, rating=4)
    answer = client.get(
        "/w/kahvi", params=[("w", "stars~P1"), ("w", "reviews~P1~en"), ("w", "nope~P1"), ("w", "stars~bad id")]
    )
    assert answer.status_code == 200
    body = answer.json()
    assert ".sp-star" in body["css"]
    first, second, third, fourth = body["widgets"]
    assert "1 arvostelu" in first["html"] and "Customer reviews" in second["html"]
    assert "nope" in third["error"] and "product" in fourth["errors"]


def test_batch_needs_at_least_one_widget(client):
    assert client.get("/w/kahvi").status_code == 400
    assert client.get("/w/kahvi", params=[("w", "stars~P1")] * 41).status_code == 400


def test_fragments_are_cached_briefly_and_revalidated(client, shops):
    first = client.get("/w/kahvi/stars?product=P1")
    assert re.fullmatch(r"public, max-age=\d+, stale-while-revalidate=\d+", first.headers["cache-control"])
    assert client.get("/w/kahvi/stars?product=P1", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    published(client, shops)
    assert client.get("/w/kahvi/stars?product=P1", headers={"If-None-Match": first.headers["etag"]}).status_code == 200


@pytest.mark.parametrize(
    "url, status",
    [
        ("/w/nope/stars?product=P1", 404),
        ("/w/kahvi/slideshow?product=P1", 404),  # no such widget
        ("/w/kahvi/stars", 422),
        ("/w/kahvi/reviews?product=P1&page=0", 400),
    ],
)
def test_widget_errors_use_the_contract_shape(client, url, status):
    response = client.get(url)
    assert response.status_code == status and response.headers["content-type"] == "application/json"
    assert response.json()["error"]


def test_widgets_set_no_cookies(client, shops):
    published(client, shops)
    for url in ("/w/kahvi/stars?product=P1", "/w/kahvi?w=reviews~P1", "/embed.js"):
        assert "set-cookie" not in client.get(url).headers
    assert "set-cookie" not in client.post("/w/kahvi/reviews?product=P1", data={"rating": "5"}).headers


def test_the_card_style_gives_each_widget_a_panel_and_page_is_the_default(client, shops):
    def styled(style):
        return CliRunner().invoke(cli, ["shop", "set", "kahvi", "--style", style, "--db", str(shops.path)])

    assert ".sp { background" not in client.get("/w/kahvi/theme.css").text  # part of the page: no panel
    assert styled("card").exit_code == 0
    shown(client, "/w/kahvi/theme.css", lambda css: ".sp { background: var(--sp-bg); color: var(--sp-text);" in css)
    wrong = styled("panel")
    assert wrong.exit_code != 0 and "'page'" in wrong.output
    assert styled("page").exit_code == 0
    shown(client, "/w/kahvi/theme.css", lambda css: ".sp { background" not in css)
