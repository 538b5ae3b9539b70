"""In-store review codes on paper: an A4 sheet of labels (PDF), a label per code (PNG or SVG), or a list (CSV).

A label carries the code's QR image (segno), and the code and the short address as
text for a shopper who would rather type: a receipt, a shelf edge, a parcel's
thank-you card. The sheet is 3 by 7 labels of 70 x 42.3 mm, the common A4 label
sheet, drawn at 300 dpi so a QR module is several printer dots wide.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import segno
from PIL import Image, ImageDraw, ImageFont

from socialproof.errors import Invalid, Message, Number
from socialproof.i18n import N_, formatter

FORMATS = ("pdf", "svg", "png", "csv")
DPI = 300
MM = DPI / 25.4  # pixels in a millimetre
PAGE = (round(210 * MM), round(297 * MM))
COLUMNS, ROWS = 3, 7
LABEL = (70 * MM, 42.3 * MM)
MARGIN_TOP = (297 - ROWS * 42.3) / 2 * MM  # the labels sit centred, as the sheets are cut
QR_MM = 32  # the QR image's side: a module near a millimetre, read by any phone at arm's length
QR_ERROR = "m"  # survives a crease or a smudge of about 15 %
PDF_MAX_PAGES = 50  # a sheet is drawn whole in memory (1 MB a page once 1-bit): more codes go in more batches
PDF_MAX = PDF_MAX_PAGES * COLUMNS * ROWS
INVITE = N_("Scan to review your purchase")
OR_TYPE = N_("or enter the code at")


@dataclass(frozen=True)
class Label:
    url: str  # where the QR image leads
    code: str  # the code as printed
    address: str  # the short address to type it at, without https://


def labels(base_url: str, slug: str, codes: Sequence[str]) -> list[Label]:
    entry = f"{base_url.rstrip('/')}/review/{slug}"
    parts = urlsplit(entry)
    address = parts.netloc + parts.path
    return [Label(f"{entry}?code={code}", code, address) for code in codes]


def _qr_image(url: str, size: int) -> Image.Image:
    qr = segno.make(url, error=QR_ERROR, micro=False)
    width = qr.symbol_size(scale=1, border=0)[0]
    modules = Image.new("1", (int(width), int(width)), 1)
    for y, row in enumerate(qr.matrix):
        for x, dark in enumerate(row):
            if dark:
                modules.putpixel((x, y), 0)
    return modules.resize((size, size), Image.Resampling.NEAREST)


def _draw_label(page: Image.Image, at: tuple[int, int], label: Label, shop_name: str, lang: str) -> None:
    t = formatter(lang)
    x, y = at
    pad = round(3 * MM)
    qr_size = round(QR_MM * MM)
    page.paste(_qr_image(label.url, qr_size), (x + pad, y + round((LABEL[1] - qr_size) / 2)))
    draw = ImageDraw.Draw(page)
    left, width = x + pad + qr_size + pad, round(LABEL[0]) - qr_size - 3 * pad
    small, large = _font(2.4), _font(3.2)
    while draw.textlength(label.code, font=large) > width and large.size > small.size:  # the code on one line
        large = ImageFont.truetype(FONT, size=large.size - 1)
    lines = [
        (shop_name, small),
        (t.gettext(INVITE), small),
        (label.code, large),
        (t.gettext(OR_TYPE), small),
        (label.address, small),
    ]
    top = y + pad
    for text, font in lines:
        for part in _wrapped(draw, text, font, width):
            draw.text((left, top), part, fill=0, font=font)
            top += round(font.size * 1.25)


# DejaVu Sans cut to the Latin letters (fonts/LICENSE): Pillow's own font has no ä, ö or å.
FONT = Path(__file__).with_name("fonts") / "DejaVuSans-Latin.ttf"


def _font(mm: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size=round(mm * MM))


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """The text in lines that fit the label (an address has no spaces: it breaks at its slashes)."""
    lines, line = [], ""
    for word in text.replace("/", "/\u200b").split():
        for piece in word.split("\u200b"):
            trial = f"{line}{piece}" if line.endswith("/") or not line else f"{line} {piece}"
            if line and draw.textlength(trial, font=font) > width:
                lines.append(line)
                line = piece
            else:
                line = trial
    return [*lines, line] if line else lines


def _label_image(label: Label, shop_name: str, lang: str) -> Image.Image:
    image = Image.new("L", (round(LABEL[0]), round(LABEL[1])), 255)
    _draw_label(image, (0, 0), label, shop_name, lang)
    return image


def check_size(fmt: str, count: int) -> None:
    """Invalid when ``count`` codes are more than one PDF may hold; before any code is made."""
    if fmt == "pdf" and count > PDF_MAX:
        raise Invalid(
            N_("Check the codes' settings."),
            {
                "count": Message(
                    N_("A PDF holds up to %(max)s codes (%(pages)s sheets) at a time: make more batches, or a CSV."),
                    params={"max": Number(PDF_MAX), "pages": Number(PDF_MAX_PAGES)},
                )
            },
        )


def pdf(found: Sequence[Label], shop_name: str, lang: str) -> bytes:
    check_size("pdf", len(found))
    pages = []
    per_page = COLUMNS * ROWS
    for start in range(0, len(found), per_page):
        page = Image.new("L", PAGE, 255)
        for i, label in enumerate(found[start : start + per_page]):
            row, column = divmod(i, COLUMNS)
            _draw_label(page, (round(column * LABEL[0]), round(MARGIN_TOP + row * LABEL[1])), label, shop_name, lang)
        pages.append(page.convert("1", dither=Image.Dither.NONE))  # an eighth of the memory, as sharp in print
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=DPI, title=shop_name)
    return out.getvalue()


def png(label: Label, shop_name: str, lang: str) -> bytes:
    out = io.BytesIO()
    _label_image(label, shop_name, lang).save(out, "PNG", dpi=(DPI, DPI), optimize=True)
    return out.getvalue()


def svg(label: Label, shop_name: str, lang: str) -> bytes:
    """A label in vector form, for a merchant's own card design: the QR image with the same lines beside it."""
    t = formatter(lang)
    qr = segno.make(label.url, error=QR_ERROR, micro=False)
    size = qr.symbol_size(scale=1, border=0)[0]
    # the QR's modules as one path, in millimetres: 36 mm square at (3, 3)
    scale = 36.3 / size
    path = "".join(
        f"M{3 + x * scale:.3f} {3 + y * scale:.3f}h{scale:.3f}v{scale:.3f}h-{scale:.3f}z"
        for y, row in enumerate(qr.matrix)
        for x, dark in enumerate(row)
        if dark
    )
    lines = [
        (shop_name, 2.6),
        (t.gettext(INVITE), 2.6),
        (label.code, 3.4),
        (t.gettext(OR_TYPE), 2.6),
        *((part, 2.2) for part in _at_slash(label.address)),
    ]
    texts, top = [], 6.0
    for text, size_mm in lines:
        texts.append(f'<text x="42.3" y="{top:.2f}" font-size="{size_mm}">{escape(text)}</text>')
        top += size_mm * 1.5
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="70mm" height="42.3mm" viewBox="0 0 70 42.3" '
        f'role="img" aria-label="{escape(label.code, {chr(34): "&quot;"})}">'
        '<rect width="70" height="42.3" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/>'
        f'<g font-family="sans-serif" fill="#000">{"".join(texts)}</g></svg>\n'
    ).encode()


def _at_slash(address: str) -> list[str]:
    """An address as two lines, host and path: SVG text does not wrap."""
    host, slash, path = address.partition("/")
    return [host, slash + path] if path else [host]


def csv(found: Sequence[Label]) -> bytes:
    """One review URL per line (the contract's CSV), for a label printer's own software."""
    return "".join(f"{label.url}\r\n" for label in found).encode()


def write(fmt: str, out: Path, found: Sequence[Label], shop_name: str, lang: str) -> list[Path]:
    """Write the codes to ``out`` in ``fmt``: the files written. PNG and SVG make a folder of a file per code."""
    if fmt in ("pdf", "csv"):
        out.write_bytes(pdf(found, shop_name, lang) if fmt == "pdf" else csv(found))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for label in found:
        path = out / f"{label.code}.{fmt}"
        path.write_bytes(png(label, shop_name, lang) if fmt == "png" else svg(label, shop_name, lang))
        written.append(path)
    return written
