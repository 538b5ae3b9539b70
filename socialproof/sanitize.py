"""The one place shoppers' and merchants' text is cleaned before it is stored.

Review text is plain text. Jinja2's autoescape is the real defence when it is
shown; this is the second: markup is removed rather than kept as tags, and
characters that only serve to disguise text (control characters, bidi
overrides) are dropped. bleach is no longer maintained upstream, so it is
called from here only, where replacing it is a one-file change.
"""

from __future__ import annotations

import html
import re
import unicodedata

import bleach

# C0/C1 controls except tab and newline, and the bidi embedding/override and
# isolate characters that can make a review display as something else.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t]+")


def plain_text(value: str, *, multiline: bool = False) -> str:
    """Markup removed, Unicode normalised, whitespace tidied."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    # bleach returns HTML-escaped text; unescape it back to plain text, which
    # the templates escape again on the way out.
    text = html.unescape(bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True))
    text = _INVISIBLE.sub("", text)
    if multiline:
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()
