"""The shop's own systems, with its key: invitations, purchase events, moderation."""

from __future__ import annotations

from typing import Any

from socialproof.i18n import LANGUAGES
from socialproof.moderation.kinds import Kind
from socialproof.portability import export as exporting
from socialproof.portability.reading import DayOrder
from socialproof.reviews.provenance import Service
from socialproof.reviews.status import ReviewStatus
from socialproof.web.openapi.parts import BEARER, ERRORS, JSON, PRODUCT, answer, decision, json_body, path_params

IMPORT_REPORT = {
    "type": "object",
    "required": ["service", "reviews", "replies", "photos", "already_imported", "refused", "photo_problems"],
    "properties": {
        "service": {"enum": [s.value for s in Service]},
        "dry_run": {"type": "boolean"},
        "reviews": {"type": "integer", "minimum": 0},
        "replies": {"type": "integer", "minimum": 0},
        "photos": {"type": "integer", "minimum": 0},
        "already_imported": {"type": "integer", "minimum": 0},
        "refused": {"type": "array"},
        "photo_problems": {"type": "array"},
    },
}


# An order as the invitations and order APIs take it (the order API adds its status).
ORDER: dict[str, Any] = {
    "type": "object",
    "required": ["order", "products"],
    "properties": {
        "order": {"type": "string", "minLength": 1, "maxLength": 100},
        "products": {
            "type": "array",
            "minItems": 1,
            "maxItems": 50,
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": PRODUCT,
                    "name": {"type": "string", "minLength": 1, "maxLength": 200},
                    "url": {"type": "string"},
                    "image": {"type": "string"},
                    "quantity": {"type": "integer", "minimum": 1, "maximum": 1000},
                    **{name: {"type": "string"} for name in ("gtin", "mpn", "sku", "brand")},
                },
            },
        },
        "email": {"type": "string", "format": "email"},
        "name": {"type": "string"},
        "lang": {"enum": list(LANGUAGES)},
        "fulfilled_at": {"type": "string"},
    },
}
FEED_URL = {
    "type": "object",
    "required": ["google_product_reviews"],
    "properties": {"google_product_reviews": {"type": "string"}},
}


GROUP = {
    "type": "object",
    "required": ["id", "name", "products", "review_count", "rating_average"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string", "nullable": True},
        "products": {"type": "array", "items": {"type": "string"}},
        "review_count": {"type": "integer"},
        "rating_average": {"type": "number", "nullable": True},
    },
}


def paths(shop_product: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "/api/v1/shops/{shop}/invitations": {
            "post": {
                "security": BEARER,
                "parameters": path_params("shop"),
                "requestBody": json_body(ORDER),
                "responses": answer(
                    "201",
                    "a review link a product",
                    {"type": "object", "required": ["links"]},
                    "400",
                    "401",
                    "403",
                    "404",
                    "413",
                    "415",
                    "422",
                ),
            }
        },
        "/api/v1/shops/{shop}/events": {
            "post": {
                "security": BEARER,
                "parameters": path_params("shop"),
                "requestBody": json_body(
                    {
                        "type": "object",
                        "required": ["type", "product"],
                        "properties": {
                            "type": {"enum": ["purchase"]},
                            "product": PRODUCT,
                            "quantity": {"type": "integer", "minimum": 1, "maximum": 1000},
                            "town": {"type": "string", "maxLength": 60},
                        },
                    }
                ),
                "responses": answer(
                    "202", "recorded", {"type": "object"}, "400", "401", "403", "404", "413", "415", "422"
                ),
            }
        },
        "/api/v1/shops/{shop}/groups/{group}": {
            "put": {
                "summary": "Make a product group hold exactly these products (one moving from another group "
                "is listed under moved); every member's widgets then show the group's reviews, each labelled",
                "security": BEARER,
                "parameters": path_params("shop", "group"),
                "requestBody": json_body(
                    {
                        "type": "object",
                        "required": ["products"],
                        "properties": {
                            "products": {"type": "array", "items": PRODUCT, "minItems": 1, "maxItems": 100},
                            "name": {"type": "string", "maxLength": 200},
                        },
                    }
                ),
                "responses": answer("200", "the group", GROUP, "400", "401", "403", "404", "413", "415", "422"),
            },
            "get": {
                "security": BEARER,
                "parameters": path_params("shop", "group"),
                "responses": answer("200", "the group", GROUP, "401", "403", "404"),
            },
            "delete": {
                "summary": "Ungroup: the products stay, each with its own reviews again",
                "security": BEARER,
                "parameters": path_params("shop", "group"),
                "responses": answer(
                    "200",
                    "the products that were in it",
                    {"type": "object", "required": ["ungrouped"]},
                    "401",
                    "403",
                    "404",
                ),
            },
        },
        "/api/v1/shops/{shop}/moderation": {
            "get": {
                "security": BEARER,
                "parameters": path_params("shop")
                + [
                    {
                        "name": "status",
                        "in": "query",
                        "schema": {"enum": [status.value for status in ReviewStatus]},
                    },
                    {"name": "kind", "in": "query", "schema": {"enum": [kind.value for kind in Kind]}},
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                ],
                "responses": answer(
                    "200",
                    "reviews (or questions, by kind) with their status, oldest first",
                    {"type": "object", "required": ["items", "total"]},
                    "400",
                    "401",
                    "403",
                    "404",
                ),
            }
        },
        "/api/v1/shops/{shop}/reviews/{id}/moderation": decision("review"),
        "/api/v1/shops/{shop}/imports": {
            "post": {
                "security": BEARER,
                "description": "Import every review of another service's export file (the body), as README describes.",
                "parameters": [
                    *path_params("shop"),
                    {"name": "from", "in": "query", "schema": {"enum": ["auto", *(s.value for s in Service)]}},
                    {"name": "dry_run", "in": "query", "schema": {"enum": ["true", "false"]}},
                    {"name": "partial", "in": "query", "schema": {"enum": ["true", "false"]}},
                    {"name": "photos", "in": "query", "schema": {"enum": ["fetch", "skip"]}},
                    {"name": "dates", "in": "query", "schema": {"enum": [o.value for o in DayOrder]}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "text/csv": {"schema": {"type": "string"}},
                        "application/json": {"schema": {}},
                    },
                },
                "responses": answer(
                    "201",
                    "the import report",
                    IMPORT_REPORT,
                    "401",
                    "403",
                    "404",
                    "413",
                    "422",
                )
                | {"200": {"description": "the dry run's report", "content": {JSON: {"schema": IMPORT_REPORT}}}},
            }
        },
        "/api/v1/shops/{shop}/export": {
            "get": {
                "security": BEARER,
                "parameters": [
                    *path_params("shop"),
                    {"name": "format", "in": "query", "schema": {"enum": list(exporting.FORMATS)}},
                    {"name": "include_unpublished", "in": "query", "schema": {"enum": ["true", "false"]}},
                ],
                "responses": {
                    "200": {
                        "description": "every review, one socialproof.review/1 record a line (jsonl) or a row (csv)",
                        "content": {
                            "application/x-ndjson": {"schema": {"type": "string"}},
                            "text/csv": {"schema": {"type": "string"}},
                        },
                    },
                }
                | {code: ERRORS[code] for code in ("401", "403", "404", "422")},
            }
        },
        "/api/v1/shops/{shop}/feeds": {
            "get": {
                "security": BEARER,
                "parameters": path_params("shop"),
                "responses": answer(
                    "200", "the feed's URL, to give Google Merchant Center", FEED_URL, "401", "403", "404"
                ),
            }
        },
        "/api/v1/shops/{shop}/feeds/rotate": {
            "post": {
                "security": BEARER,
                "parameters": path_params("shop"),
                "responses": answer("200", "a new URL; the old one stops working", FEED_URL, "401", "403", "404"),
            }
        },
        "/api/v1/shops/{shop}/orders": {
            "post": {
                "security": BEARER,
                "description": "An order's news from any platform: paid, fulfilled or cancelled (README: Orders in). "
                "Without status, an order with fulfilled_at is fulfilled and one without is paid; the order may be "
                "a number; lang may be a region tag (fi-FI), and another language falls back to the shop's.",
                "parameters": path_params("shop"),
                "requestBody": json_body(
                    ORDER
                    | {
                        "properties": ORDER["properties"]
                        | {
                            "order": {"oneOf": [ORDER["properties"]["order"], {"type": "integer", "minimum": 0}]},
                            "lang": {"type": "string", "maxLength": 35},
                            "status": {"enum": ["paid", "fulfilled", "cancelled"]},
                        },
                    }
                ),
                "responses": answer(
                    "202",
                    "what the report did",
                    {"type": "object", "required": ["done"], "properties": {"done": {"type": "string"}}},
                    "400",
                    "401",
                    "403",
                    "404",
                    "413",
                    "415",
                    "422",
                ),
            }
        },
    }
