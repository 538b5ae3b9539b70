"""Where a review stands: waiting, published or rejected."""

from __future__ import annotations

from enum import StrEnum


class ReviewStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
