"""Questions about a product, and reviews of the shop: written and read by the public, moderated with the shop's key."""

from __future__ import annotations

from typing import Any

from socialproof.questions.input import ANSWER_MAX, QUESTION_MAX
from socialproof.reviews.input import AUTHOR_MAX
from socialproof.web.openapi.parts import (
    BEARER,
    POST_ERRORS,
    REVIEW_WORDS,
    STORED,
    STORED_PROPERTIES,
    answer,
    decision,
    json_body,
    path_params,
)

ANSWER: dict[str, Any] = {
    "type": "object",
    "required": ["id", "body", "author_name", "by_shop", "verified", "created_at"],
    "properties": {
        "id": {"type": "integer"},
        "body": {"type": "string"},
        "author_name": {"type": "string"},
        "by_shop": {"type": "boolean", "description": "the shop's own answer"},
        "verified": {"type": "boolean", "description": "a verified buyer of the product answered"},
        "helpful": {"type": "integer", "minimum": 0},
        "created_at": {"type": "string"},
    },
}
QUESTION: dict[str, Any] = {
    "type": "object",
    "required": ["id", "product", "body", "author_name", "created_at", "lang", "answers"],
    "properties": {
        "id": {"type": "integer"},
        "product": {"type": "string"},
        "body": {"type": "string"},
        "author_name": {"type": "string"},
        "created_at": {"type": "string"},
        "lang": {"type": "string"},
        "helpful": {"type": "integer", "minimum": 0},
        "answers": {"type": "array", "items": ANSWER},
    },
}
QUESTION_INPUT = {
    "type": "object",
    "required": ["body", "author_name"],
    "properties": {
        "body": {"type": "string", "minLength": 1, "maxLength": QUESTION_MAX},
        "author_name": {"type": "string", "minLength": 1, "maxLength": AUTHOR_MAX},
        "email": {"type": "string", "format": "email", "description": "to hear of the answer; never shown"},
        "lang": {"type": "string"},
        "visitor": {"type": "string"},
        "product_name": {"type": "string"},
        "product_url": {"type": "string"},
        "product_image": {"type": "string"},
    },
}


# A review's date of experience: the month the buyer had the product, or ordered from the shop.
EXPERIENCED_AT = {
    "type": "string",
    "nullable": True,
    "pattern": "^[0-9]{4}-[0-9]{2}$",
    "description": "the month of the order the review's link came from, or the imported file's date of experience",
}
SHOP_REVIEW: dict[str, Any] = {
    "type": "object",
    "required": ["id", "rating", "title", "body", "author_name", "lang", "verified", "created_at"],
    "properties": {
        "id": {"type": "integer"},
        "rating": {"type": "integer", "minimum": 1, "maximum": 5},
        "title": {"type": "string"},
        "body": {"type": "string"},
        "author_name": {"type": "string"},
        "lang": {"type": "string"},
        "verified": {"type": "boolean"},
        "created_at": {"type": "string"},
        "experienced_at": EXPERIENCED_AT,
        "reply": {"type": "object", "nullable": True},
    },
}
SHOP_REVIEW_INPUT = {
    "type": "object",
    "required": ["rating", "body", "author_name"],
    "properties": REVIEW_WORDS
    | {
        "lang": {"type": "string"},
        "visitor": {"type": "string"},
        "invitation": {"type": "string", "description": "the token of the order's link in a review request"},
    },
}


def paths(shop_product: list[dict[str, Any]]) -> dict[str, Any]:
    page = {"type": "object", "required": ["items", "page", "pages", "total"]}
    return {
        "/api/v1/shops/{shop}/products/{product}/questions": {
            "get": {
                "summary": "A page of a product's published questions, newest first, with their answers",
                "parameters": shop_product
                + [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
                "responses": answer(
                    "200",
                    "a page",
                    page | {"properties": {"items": {"type": "array", "items": QUESTION}}},
                    "400",
                    "404",
                    "422",
                ),
            },
            "post": {
                "summary": "Ask a question: published at once or after the shop's decision, by its moderation mode",
                "parameters": shop_product,
                "requestBody": json_body(QUESTION_INPUT),
                "responses": answer("201", "stored", STORED, *POST_ERRORS),
            },
        },
        "/api/v1/shops/{shop}/questions/{id}/answers": {
            "post": {
                "security": BEARER,
                "summary": "The shop's public answer; a question waiting for a decision is published with it",
                "parameters": path_params("shop", "id"),
                "requestBody": json_body(
                    {
                        "type": "object",
                        "required": ["body"],
                        "properties": {"body": {"type": "string", "minLength": 1, "maxLength": ANSWER_MAX}},
                    }
                ),
                "responses": answer(
                    "201", "the answer", ANSWER, "400", "401", "403", "404", "409", "413", "415", "422"
                ),
            }
        },
        "/api/v1/shops/{shop}/questions/{id}/moderation": decision("question"),
        "/api/v1/shops/{shop}/answers/{id}/moderation": decision("answer"),
        "/api/v1/shops/{shop}/shop-reviews/{id}/moderation": decision("review of the shop"),
        "/api/v1/shops/{shop}/shop-reviews": {
            "get": {
                "summary": "The shop's published reviews of itself, newest first, and their numbers",
                "parameters": path_params("shop")
                + [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
                "responses": answer(
                    "200",
                    "a page",
                    page
                    | {"properties": {"items": {"type": "array", "items": SHOP_REVIEW}, "summary": {"type": "object"}}},
                    "400",
                    "404",
                ),
            },
            "post": {
                "summary": "Review the shop: delivery, service, packaging; shown by the shop's moderation mode",
                "parameters": path_params("shop"),
                "requestBody": json_body(SHOP_REVIEW_INPUT),
                "responses": answer(
                    "201",
                    "stored",
                    STORED | {"properties": STORED_PROPERTIES | {"verified": {"type": "boolean"}}},
                    *POST_ERRORS,
                    "409",
                ),
            },
        },
    }
