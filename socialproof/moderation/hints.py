"""Auto-moderation hints: reasons for a moderator to look twice, never a decision.

Nothing here hides, holds or rejects a review; the workspace shows each hint
beside the review, with what triggered it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from socialproof.sanitize import folded

LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:fi|se|com|net|org|eu|io|info)\b", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(?:\+\d{1,3}[\s-]?)?(?:\(?0?\d{1,3}\)?[\s-]?)\d{3}[\s-]?\d{3,4}(?!\w)")


@dataclass(frozen=True)
class Hint:
    kind: str  # link, email, phone, blocked-word, repeated, shouting
    found: str  # what triggered it, shown to the moderator

    @property
    def personal_data(self) -> bool:
        return self.kind in ("email", "phone")


def shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) / len(letters) > 0.7


def find(text: str, blocked_words: list[str], repeated: bool, body: str | None = None) -> list[Hint]:
    """Hints about ``text`` (all of a review's words); shouting is judged on ``body`` alone if given."""
    hints = [Hint("email", m.group()) for m in EMAIL.finditer(text)]
    emails = " ".join(h.found for h in hints)
    hints += [Hint("link", m.group()) for m in LINK.finditer(text) if m.group() not in emails]
    hints += [Hint("phone", m.group().strip()) for m in PHONE.finditer(text)]
    text_folded = folded(text)
    hints += [
        Hint("blocked-word", word)
        for word in blocked_words
        if word and re.search(rf"(?<!\w){re.escape(folded(word))}(?!\w)", text_folded)
    ]
    if repeated:
        hints.append(Hint("repeated", ""))
    if shouting(body if body is not None else text):
        hints.append(Hint("shouting", ""))
    return hints
