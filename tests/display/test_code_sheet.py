"""``socialproof codes create``: every format a merchant can print from, and refusals that leave nothing made."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from socialproof.cli import cli

URL = re.compile(r"https://reviews\.example\.fi/review/kahvi\?code=[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}")


@pytest.fixture
def create(shops, monkeypatch):
    shops.create("kahvi", "Kahvila Öljymäki")
    monkeypatch.setenv("SOCIALPROOF_PUBLIC_URL", "https://reviews.example.fi")

    def run(*args: str):
        return CliRunner().invoke(cli, ["codes", "create", "kahvi", *args, "--db", str(shops.path)])

    return run


def batches(shops) -> int:
    return len(shops.sql("SELECT id FROM store_code_batches"))


def test_csv_is_one_review_url_per_line(create, tmp_path):
    done = create("--count", "3", "--product", "P1", "--format", "csv", "--out", str(tmp_path / "c.csv"))
    assert done.exit_code == 0, done.output
    assert "3 codes for P1 of kahvi" in done.output
    lines = (tmp_path / "c.csv").read_text().splitlines()
    assert len(lines) == 3 and all(URL.fullmatch(line) for line in lines)


def test_png_labels_read_back_and_svg_labels_are_well_formed(create, tmp_path):
    assert create("--count", "2", "--format", "png", "--out", str(tmp_path / "png")).exit_code == 0
    labels = sorted((tmp_path / "png").iterdir())
    assert len(labels) == 2
    for label in labels:
        (read,) = zxingcpp.read_barcodes(Image.open(label))
        assert URL.fullmatch(read.text) and read.text.endswith(label.stem)
    assert create("--count", "2", "--format", "svg", "--out", str(tmp_path / "svg")).exit_code == 0
    for label in (tmp_path / "svg").iterdir():
        svg = ElementTree.parse(label).getroot()
        lines = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
        assert lines[0] == "Kahvila Öljymäki" and label.stem in lines
        assert svg.get("width") == "70mm"


def test_the_sheet_is_in_the_shops_language(create, tmp_path, shops):
    shops.execute("UPDATE shops SET lang = 'sv' WHERE slug = 'kahvi'")
    create("--count", "1", "--format", "svg", "--out", str(tmp_path / "svg"))
    (label,) = (tmp_path / "svg").iterdir()
    assert "Skanna och recensera ditt köp" in label.read_text()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--count", "0"), "count"),
        (("--count", "2", "--expires-days", "9999"), "expires_days"),
        (("--count", "2", "--product", "no spaces"), "product id"),
        (("--count", "1051", "--format", "pdf"), "A PDF holds up to 1,050 codes (50 sheets)"),
    ],
)
def test_bad_settings_are_one_line_and_make_nothing(create, tmp_path, shops, args, says):
    fmt = [] if "--format" in args else ["--format", "csv"]
    done = create(*args, *fmt, "--out", str(tmp_path / "c.csv"))
    assert done.exit_code == 1 and says in done.output and "Traceback" not in done.output
    assert batches(shops) == 0 and not (tmp_path / "c.csv").exists()


def test_a_sheet_that_cannot_be_written_leaves_no_batch(create, tmp_path, shops):
    done = create("--count", "2", "--format", "pdf", "--out", str(tmp_path / "missing" / "sheet.pdf"))
    assert done.exit_code == 1 and "no codes were made" in done.output
    assert batches(shops) == 0
    (tmp_path / "taken").write_text("a file")
    done = create("--count", "2", "--format", "png", "--out", str(tmp_path / "taken"))
    assert done.exit_code == 1 and "is a file" in done.output and batches(shops) == 0


def test_without_a_public_address_nothing_is_made(create, tmp_path, shops, monkeypatch):
    monkeypatch.delenv("SOCIALPROOF_PUBLIC_URL")
    done = create("--count", "2", "--format", "csv", "--out", str(tmp_path / "c.csv"))
    assert done.exit_code == 1 and "SOCIALPROOF_PUBLIC_URL" in done.output and batches(shops) == 0
