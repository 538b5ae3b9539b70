"""The public API: summaries and pages of reviews, and writing a review."""

from __future__ import annotations

from typing import Any

from socialproof.reviews.listing import Sort
from socialproof.reviews.status import ReviewStatus
from socialproof.web.openapi.parts import JSON, REASONS, answer, path_params

_COUNT = {"type": "integer", "minimum": 0}
_OUTCOMES = dict.fromkeys(("published", "waiting", "rejected", "withdrawn"), _COUNT)
INTEGRITY = {
    "type": "object",
    "required": ["shop", "period", "received", "published", "not_published", "by_rating", "rejected_by_reason",
                 "median_hours_to_decision", "verified", "imported", "moderation", "audit_log"],
    "properties": {
        "received": _COUNT,
        "published": _COUNT,
        "by_rating": {"type": "object", "additionalProperties": {"type": "object", "properties": _OUTCOMES}},
        "rejected_by_reason": {"type": "object", "properties": dict.fromkeys(REASONS, _COUNT)},
        "median_hours_to_decision": {"type": ["number", "null"]},
        "moderation": {
            "type": "object",
            "required": ["mode", "changes"],
            "properties": {"mode": {"enum": ["pre", "post"]}, "changes": {"type": "array"}},
        },
        "audit_log": {
            "type": "object",
            "required": ["entries", "head", "intact"],
            "properties": {"entries": _COUNT, "head": {"type": "string"}, "intact": {"type": "boolean"}},
        },
    },
}  # fmt: skip


TOPICS = {
    "type": "object",
    "required": ["based_on", "items", "lang"],
    "properties": {
        "based_on": {"type": "integer", "description": "published reviews in the language"},
        "lang": {"type": "string"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["phrase", "reviews", "positive", "negative"],
                "properties": {
                    "phrase": {"type": "string"},
                    "reviews": {"type": "integer"},
                    "positive": {"type": "integer", "description": "of those, with 4-5 stars"},
                    "negative": {"type": "integer", "description": "of those, with 1-2 stars"},
                },
            },
        },
    },
}


def paths(shop_product: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "/api/v1/shops/{shop}/products/{product}/summary": {
            "get": {
                "summary": "A product's approved reviews in numbers",
                "parameters": shop_product,
                "responses": answer("200", "the summary", {"$ref": "#/components/schemas/Summary"}, "404", "422"),
            }
        },
        "/api/v1/shops/{shop}/products/{product}/topics": {
            "get": {
                "summary": "What buyers mention: the phrases the product's (or its group's) published reviews in "
                "one language use more than the shop's do, counted, from 5 reviews",
                "parameters": shop_product + [{"name": "lang", "in": "query", "schema": {"enum": ["fi", "sv", "en"]}}],
                "responses": answer("200", "the phrases", TOPICS, "404", "422"),
            }
        },
        "/api/v1/shops/{shop}/products/{product}/reviews": {
            "get": {
                "summary": "A page of a product's approved reviews",
                "parameters": shop_product
                + [
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    {"name": "sort", "in": "query", "schema": {"enum": [sort.value for sort in Sort]}},
                    {"name": "stars", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 5}},
                    {"name": "photos", "in": "query", "schema": {"enum": ["0", "1"]}},
                    {
                        "name": "q",
                        "in": "query",
                        "description": "search: the reviews that use every word, in any inflection (base forms in the "
                        "language of lang); those using searched words side by side first; 422 past 200 characters",
                        "schema": {"type": "string"},
                    },
                    {"name": "lang", "in": "query", "schema": {"enum": ["fi", "sv", "en"]}},
                    {
                        "name": "topic",
                        "in": "query",
                        "description": "one of the product's phrases (its topics): only the reviews that use it",
                        "schema": {"type": "string", "maxLength": 200},
                    },
                    {
                        "name": "only",
                        "in": "query",
                        "description": "product: a grouped product's own reviews, without the rest of its group's "
                        "(by default a member's list is its group's, each review naming its own product)",
                        "schema": {"enum": ["product"]},
                    },
                    {
                        "name": "after",
                        "in": "query",
                        "description": "the previous page's `next`: the next page, as fast at any depth",
                        "schema": {"type": "string", "maxLength": 300},
                    },
                ],
                "responses": answer(
                    "200",
                    "a page",
                    {
                        "type": "object",
                        "required": ["items", "page", "pages", "total"],
                        "properties": {
                            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Review"}},
                            "page": {"type": "integer"},
                            "pages": {"type": "integer"},
                            "total": {"type": "integer"},
                            "next": {"type": ["string", "null"], "description": "pass as `after` for the next page"},
                            "total_at_least": {
                                "type": "boolean",
                                "description": "present when a search of two or more words was counted only up to "
                                "total: at least that many reviews use them",
                            },
                        },
                    },
                    "400",
                    "404",
                    "422",
                ),
            },
            "post": {
                "summary": "Submit a review (multipart form data to attach photos)",
                "parameters": shop_product,
                "requestBody": {
                    "required": True,
                    "content": {
                        JSON: {"schema": {"$ref": "#/components/schemas/ReviewInput"}},
                        "multipart/form-data": {
                            "schema": {
                                "allOf": [
                                    {"$ref": "#/components/schemas/ReviewInput"},
                                    {
                                        "type": "object",
                                        "properties": {
                                            "photos": {
                                                "type": "array",
                                                "items": {"type": "string", "format": "binary"},
                                            }
                                        },
                                    },
                                ]
                            }
                        },
                    },
                },
                "responses": answer(
                    "201",
                    "stored",
                    {
                        "type": "object",
                        "required": ["id", "status"],
                        "properties": {
                            "id": {"type": "integer"},
                            "status": {"enum": [ReviewStatus.PENDING.value, ReviewStatus.APPROVED.value]},
                            "verified": {"type": "boolean"},
                        },
                    },
                    "400",
                    "403",
                    "404",
                    "409",
                    "413",
                    "415",
                    "422",
                    "429",
                ),
            },
        },
        "/api/v1/shops/{shop}/summary": {
            "get": {
                "summary": "The shop across its products",
                "parameters": path_params("shop"),
                "responses": answer(
                    "200",
                    "the shop's numbers",
                    {"type": "object", "required": ["review_count", "rating_average", "recommendations"]},
                    "404",
                ),
            }
        },
        "/api/v1/shops/{shop}/integrity": {
            "get": {
                "summary": "The shop's integrity report: the last 12 months of reviews, counted from stored events",
                "parameters": path_params("shop"),
                "responses": answer("200", "what happened to the shop's reviews", INTEGRITY, "404"),
            }
        },
    }
