"""The one place shoppers' and merchants' text is cleaned before it is stored.

The rule, whole:

1. Text is plain text, kept as the writer typed it. Nothing in it is read as
   markup: ``<b>`` and ``&lt;`` are stored and shown as exactly those
   characters (Jinja2's autoescape makes them harmless wherever they are shown,
   and the JSON API returns what the widget shows).
2. What is removed: lone surrogates (halves of a character, not characters),
   control characters (C0, DEL, C1) except a newline in multi-line text, and
   the characters that only serve to disguise text: bidi embeddings, overrides
   and isolates, the zero-width space and the byte-order mark. Joiners and
   combining marks stay: emoji and many scripts need them.
3. CRLF, CR and Unicode's line and paragraph separators (U+2028, U+2029)
   become LF (NEL goes with the C1 controls), so no line break survives in
   single-line text, where a mail header would refuse it; the text is put in Unicode NFC; runs of spaces and
   tabs become one space; each line is trimmed, more than one blank line in a
   row becomes one, and single-line text has its line breaks turned to spaces.

The one exception to rule 1 is text that arrives as HTML from another
service's export (``text_of_html``): its markup is dropped, not kept.

``bounded`` checks a field's length *before* cleaning it, so the work done on
any input is bounded by the field's limit, and every step above is a single
linear pass.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

# C0/C1 controls except tab and newline (tabs become spaces below), bidi
# embedding/override/isolate controls, zero-width space, BOM, lone surrogates.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\ufeff\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t]+")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")


def too_long(raw: str, max_length: int) -> bool:
    """More characters than ``max_length``, counting a CRLF as one (browsers do, for maxlength)."""
    return len(raw) - raw.count("\r\n") > max_length


def bounded(raw: str, max_length: int, *, multiline: bool = False) -> str | None:
    """``raw`` cleaned, or None when it is longer than ``max_length``: checked before cleaning, so
    the work is bounded whatever was sent, and after, since NFC lengthens a few characters."""
    if too_long(raw, max_length):
        return None
    text = plain_text(raw, multiline=multiline)
    return None if len(text) > max_length else text


def without_surrogates(value: str) -> str:
    """``value`` less its lone surrogates (what JSON's "\\ud800" escape makes: not text, and
    nothing can store it), for strings that are not cleaned as text: ids, addresses."""
    return _SURROGATES.sub("", value)


def plain_text(value: str, *, multiline: bool = False) -> str:
    """``value`` cleaned by the rule above."""
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", value))
    text = unicodedata.normalize("NFC", text)
    if multiline:
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def printable(value: str) -> str:
    """``value`` with what can't appear in an HTML page removed, and nothing else: for echoing
    a shopper's input back into a form, exactly as typed but without NUL and its kin."""
    return _INVISIBLE.sub("", value)


def folded(text: str) -> str:
    """Text as compared, not as shown: compatibility forms, case and spacing folded."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class _Words(HTMLParser):
    """The text of HTML: data kept, tags dropped, a line break for each paragraph and <br>."""

    BREAKS, SILENT = {"p", "div", "li"}, {"script", "style"}  # <br> breaks where it starts

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.silent = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.silent += tag in self.SILENT
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.silent -= tag in self.SILENT and self.silent > 0
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.silent:
            self.parts.append(data)


def text_of_html(value: str) -> str:
    """The words of an HTML fragment another service stored as a review (WooCommerce's REST API
    answers with rendered bodies): tags dropped, paragraphs and breaks kept as lines, entities read.
    What comes out is plain text like any other, cleaned by ``bounded`` after."""
    words = _Words()
    words.feed(value)
    words.close()
    return "".join(words.parts)
