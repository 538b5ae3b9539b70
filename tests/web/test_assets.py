"""The embed script and static files: small, cached right, revalidated."""

import gzip
import re
from pathlib import Path

from socialproof.resources import STATIC_DIR
from socialproof.web.assets import CSS, JS, Assets, _load

EMBED_BUDGET_GZIP = 8 * 1024


def test_embed_script_fits_its_budget_as_written_and_as_served():
    for form, body in (
        ("static/js/embed.js", (STATIC_DIR / "js" / "embed.js").read_bytes()),
        ("served", Assets(embed_max_age=300).embed_js.body),
    ):
        size = len(gzip.compress(body, compresslevel=9))
        assert size <= EMBED_BUDGET_GZIP, f"embed.js ({form}) is {size} bytes gzipped, over {EMBED_BUDGET_GZIP}"


def test_the_served_script_is_the_source_without_its_comments():
    source = (STATIC_DIR / "js" / "embed.js").read_text()
    served = Assets(embed_max_age=300).embed_js.text
    comments = re.findall(r"^\s*// (.+)$", source, flags=re.M)
    assert len(comments) > 10 and not any(comment in served for comment in comments)
    assert "socialproof embed script" not in served and len(served) < len(source) * 0.7
    # The minifier keeps a template literal as written only unnested: every one must reach shoppers whole.
    literals = re.findall(r"`[^`]*`", source)
    assert len(literals) > 10 and all(literal in served for literal in literals)


def test_the_served_script_still_asks_to_be_compiled_off_the_main_thread():
    # V8 reads the hint only before any code: it opens the file, and the minifier must not take it.
    assert (STATIC_DIR / "js" / "embed.js").read_text().startswith("//# allFunctionsCalledOnLoad\n")
    assert Assets(embed_max_age=300).embed_js.text.startswith("//# allFunctionsCalledOnLoad\n(()=>{")


def test_stylesheets_are_served_without_their_comments_and_spaces(tmp_path: Path):
    sheet = tmp_path / "widget.css"
    sheet.write_text("/* why */\n.sp a { color: red; }\n@media (max-width: 40rem) {\n  .sp { margin: 0 }\n}\n")
    assert _load(sheet, CSS).text == ".sp a{color:red}@media (max-width:40rem){.sp{margin:0}}"
    widget_css = Assets(embed_max_age=300).widget_css.text
    assert "socialproof widgets" not in widget_css and ":host{display:block;contain:layout}" in widget_css


def test_the_widget_stylesheet_is_every_widgets_rules_then_the_sections_rules():
    assets = Assets(embed_max_age=300)
    first, sections = assets.widget_css_split
    units = assets.widget_css.text.encode("utf-16-le")  # as the script counts
    assert len(units) == 2 * (first + sections)
    every, only_sections = units[: 2 * first].decode("utf-16-le"), units[2 * first :].decode("utf-16-le")
    assert ".sp-stars-link{" in every and ".sp-recommend{" in every and ".sp-badge-link{" in every
    assert ".sp-title{" in every  # a section waiting to be drawn shows its heading
    assert ".sp-review," in only_sections and ".sp-carousel{" in only_sections and ".sp-review" not in every


def test_a_changed_script_is_served_as_it_is_now_by_the_next_app(tmp_path: Path):
    script = tmp_path / "embed.js"
    script.write_text("// why\nconst a = 1;\n")
    assert _load(script, JS).body == b"const a=1;"
    assert _load(script, JS) is _load(script, JS)  # prepared once for every app in the process
    script.write_text("const b = 2; // why not\n")
    assert _load(script, JS).body == b"const b=2;"


def test_embed_script_builds_no_html_from_strings_and_sets_no_cookies():
    source = (STATIC_DIR / "js" / "embed.js").read_text()
    assert "document.cookie" not in source
    # The only HTML it places is a fragment the server rendered and escaped.
    assert source.count("innerHTML") == 1 and "insertAdjacentHTML" not in source
    assert 'credentials: "omit"' in source


def test_embed_js_is_cached_briefly_and_revalidated(client):
    first = client.get("/embed.js")
    assert first.headers["content-type"].startswith("text/javascript")
    assert re.match(r"public, max-age=\d{2,4}, ", first.headers["cache-control"])
    assert client.get("/embed.js", headers={"If-None-Match": first.headers["etag"]}).status_code == 304


def test_hashed_static_files_are_immutable(client):
    page = client.get("/w/kahvi/stars?product=P1", headers={"Sec-Fetch-Dest": "document"}).text
    css_path = re.search(r'href="http://testserver(/static/widget\.[0-9a-f]{12}\.css)"', page).group(1)
    css = client.get(css_path)
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert css.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get(css_path, headers={"If-None-Match": css.headers["etag"]}).status_code == 304
    assert client.get("/static/widget.000000000000.css").status_code == 404


def test_the_favicon_is_a_star_and_every_workspace_page_names_it(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    assert icon.content.startswith(b"<svg") and "max-age=86400" in icon.headers["cache-control"]
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/admin/login").text
