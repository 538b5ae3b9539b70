"""What a shop moderates: each kind has its queue, and the same decisions with the same reasons."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    REVIEW = "review"
    QUESTION = "question"
    SHOP_REVIEW = "shop_review"
