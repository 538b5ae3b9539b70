"""Shoppers' signals: recommendations, helpful votes, reports, activity and heartbeats."""

from __future__ import annotations

from typing import Any

from socialproof.moderation.reports import NOTE_MAX
from socialproof.web.openapi.parts import COUNT, REASONS, SIGNAL_ERRORS, VISITOR, answer, json_body, path_params

SIGNALLED = ("review", "question", "answer")  # what a shopper can vote helpful and report, when published


def helpful(what: str) -> dict[str, Any]:
    vote = {
        "parameters": path_params("shop", "id"),
        "requestBody": VISITOR,
        "responses": answer("200", f"the {what}'s count", COUNT, *SIGNAL_ERRORS),
    }
    return {"post": vote, "delete": vote}


def reports(what: str) -> dict[str, Any]:
    return {
        "post": {
            "summary": f"Report a published {what}: it stays shown until the shop decides",
            "parameters": path_params("shop", "id"),
            "requestBody": json_body(
                {
                    "type": "object",
                    "required": ["reason"],
                    "properties": {
                        "reason": {"enum": REASONS},
                        "note": {"type": "string", "maxLength": NOTE_MAX},
                        "visitor": {"type": "string"},
                    },
                }
            ),
            "responses": answer(
                "202",
                "recorded",
                {"type": "object", "properties": {"reported": {"type": "boolean"}}},
                *SIGNAL_ERRORS,
            ),
        }
    }


def paths(shop_product: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "/api/v1/shops/{shop}/products/{product}/recommendations": {
            "get": {
                "parameters": shop_product,
                "responses": answer("200", "how many recommend", COUNT, "404", "422"),
            },
            "post": {
                "parameters": shop_product,
                "requestBody": VISITOR,
                "responses": answer("200", "the count", COUNT, *SIGNAL_ERRORS),
            },
            "delete": {
                "parameters": shop_product,
                "requestBody": VISITOR,
                "responses": answer("200", "the count", COUNT, *SIGNAL_ERRORS),
            },
        },
        "/api/v1/shops/{shop}/recommendations": {
            "get": {"parameters": path_params("shop"), "responses": answer("200", "the count", COUNT, "404")},
            "post": {
                "parameters": path_params("shop"),
                "requestBody": VISITOR,
                "responses": answer("200", "the count", COUNT, *SIGNAL_ERRORS),
            },
            "delete": {
                "parameters": path_params("shop"),
                "requestBody": VISITOR,
                "responses": answer("200", "the count", COUNT, *SIGNAL_ERRORS),
            },
        },
        **{f"/api/v1/shops/{{shop}}/{what}s/{{id}}/helpful": helpful(what) for what in SIGNALLED},
        **{f"/api/v1/shops/{{shop}}/{what}s/{{id}}/reports": reports(what) for what in SIGNALLED},
        "/api/v1/shops/{shop}/products/{product}/activity": {
            "get": {
                "parameters": shop_product,
                "responses": answer(
                    "200",
                    "counts; null under a threshold",
                    {"type": "object", "required": ["ordered_this_week", "viewers_now"]},
                    "404",
                    "422",
                ),
            }
        },
        "/api/v1/shops/{shop}/products/{product}/heartbeat": {
            "post": {
                "parameters": shop_product,
                "requestBody": VISITOR,
                "responses": answer("200", "the activity as this visitor sees it", {"type": "object"}, *SIGNAL_ERRORS),
            }
        },
    }
