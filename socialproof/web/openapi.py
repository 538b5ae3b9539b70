"""The OpenAPI description of the public, shoppers' and merchant APIs (/api/v1/openapi.json).

Written by hand next to the code it describes; tests/web/test_openapi.py has
schemathesis call every operation with generated input and check that each
answer matches this description and that none is a 5xx.
"""

from __future__ import annotations

from typing import Any

from socialproof import __version__
from socialproof.audit import Action, RejectReason
from socialproof.moderation.reports import NOTE_MAX
from socialproof.reviews.input import AUTHOR_MAX, BODY_MAX, TITLE_MAX

# The description derives its limits and choices from their declarations, so it can't drift.
REASONS = [reason.value for reason in RejectReason]

JSON = "application/json"
ERROR = {"$ref": "#/components/schemas/Error"}
PRODUCT = {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,100}$"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": ERROR}}}


ERRORS = {
    "400": _error("a parameter or the body can't be read"),
    "401": _error("no valid API key"),
    "403": _error("a key of another shop, a browser origin the shop doesn't allow, or an unusable review link"),
    "404": _error("no such shop, product, review or photo"),
    "409": _error("a review link that was used already"),
    "413": _error("a body over the limit"),
    "415": _error("a body of another type"),
    "422": _error("fields at fault, each named"),
    "429": _error("too many requests; see Retry-After"),
}


def _answer(status: str, description: str, schema: dict[str, Any], *errors: str) -> dict[str, Any]:
    responses = {status: {"description": description, "content": {JSON: {"schema": schema}}}}
    return responses | {code: ERRORS[code] for code in errors}


def _path(*names: str) -> list[dict[str, Any]]:
    schemas = {
        "shop": {"type": "string", "pattern": "^[a-z0-9-]{2,40}$"},
        "product": PRODUCT,
        "id": {"type": "integer", "minimum": 1},
    }
    return [{"name": n, "in": "path", "required": True, "schema": schemas[n]} for n in names]


BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
COUNT = {"type": "object", "required": ["count"], "properties": {"count": {"type": "integer", "minimum": 0}}}
VISITOR = {
    "content": {JSON: {"schema": {"type": "object", "properties": {"visitor": {"type": "string"}}}}},
    "required": False,
}
SIGNAL_ERRORS = ("400", "403", "404", "413", "415", "422", "429")


def document() -> dict[str, Any]:
    shop_product = _path("shop", "product")
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "socialproof",
            "version": __version__,
            "description": "Product reviews, shoppers' photos and trust signals. Errors are "
            '{"error": sentence, "errors": {field: problem}} in the language asked for.',
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {"type": "string"},
                        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
                    },
                },
                "Summary": {
                    "type": "object",
                    "required": ["product", "review_count", "rating_average", "rating_distribution"],
                    "properties": {
                        "product": {"type": "string"},
                        "review_count": {"type": "integer", "minimum": 0},
                        "rating_average": {"type": "number", "minimum": 1, "maximum": 5, "nullable": True},
                        "rating_distribution": {"type": "object", "additionalProperties": {"type": "integer"}},
                        "recommend_percent": {"type": "integer", "nullable": True},
                        "recommendations": {"type": "integer"},
                        "photo_count": {"type": "integer"},
                    },
                },
                "Review": {
                    "type": "object",
                    "required": ["id", "rating", "title", "body", "author_name", "created_at", "lang"],
                    "properties": {
                        "id": {"type": "integer"},
                        "product": {"type": "string"},
                        "rating": {"type": "integer", "minimum": 1, "maximum": 5},
                        "title": {"type": "string"},
                        "body": {"type": "string"},
                        "author_name": {"type": "string"},
                        "created_at": {"type": "string"},
                        "published_at": {"type": "string", "nullable": True},
                        "lang": {"type": "string"},
                        "recommend": {"type": "boolean", "nullable": True},
                        "verified": {"type": "boolean"},
                        "helpful": {"type": "integer"},
                        "edited_by_shop": {"type": "boolean"},
                        "erased": {"type": "boolean"},
                        "reply": {"type": "object", "nullable": True},
                        "photos": {
                            "type": "array",
                            "items": {"type": "object", "required": ["url", "thumbnail_url", "width", "height"]},
                        },
                    },
                },
                "ReviewInput": {
                    "type": "object",
                    "required": ["rating", "body", "author_name"],
                    "properties": {
                        "rating": {"type": "integer", "minimum": 1, "maximum": 5},
                        "title": {"type": "string", "maxLength": TITLE_MAX},
                        "body": {"type": "string", "minLength": 1, "maxLength": BODY_MAX},
                        "author_name": {"type": "string", "minLength": 1, "maxLength": AUTHOR_MAX},
                        "email": {"type": "string", "format": "email"},
                        "recommend": {"type": "boolean"},
                        "lang": {"type": "string"},
                        "invitation": {"type": "string"},
                        "visitor": {"type": "string"},
                        "product_name": {"type": "string"},
                        "product_url": {"type": "string"},
                        "product_image": {"type": "string"},
                    },
                },
            },
        },
        "paths": {
            "/api/v1/shops/{shop}/products/{product}/summary": {
                "get": {
                    "summary": "A product's approved reviews in numbers",
                    "parameters": shop_product,
                    "responses": _answer("200", "the summary", {"$ref": "#/components/schemas/Summary"}, "404", "422"),
                }
            },
            "/api/v1/shops/{shop}/products/{product}/reviews": {
                "get": {
                    "summary": "A page of a product's approved reviews",
                    "parameters": shop_product
                    + [
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                        {"name": "sort", "in": "query", "schema": {"enum": ["newest", "highest", "lowest", "helpful"]}},
                        {"name": "stars", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 5}},
                        {"name": "photos", "in": "query", "schema": {"enum": ["0", "1"]}},
                    ],
                    "responses": _answer(
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
                    "responses": _answer(
                        "201",
                        "stored",
                        {
                            "type": "object",
                            "required": ["id", "status"],
                            "properties": {
                                "id": {"type": "integer"},
                                "status": {"enum": ["pending", "approved"]},
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
                    "parameters": _path("shop"),
                    "responses": _answer(
                        "200",
                        "the shop's numbers",
                        {"type": "object", "required": ["review_count", "rating_average", "recommendations"]},
                        "404",
                    ),
                }
            },
            "/api/v1/shops/{shop}/products/{product}/recommendations": {
                "get": {
                    "parameters": shop_product,
                    "responses": _answer("200", "how many recommend", COUNT, "404", "422"),
                },
                "post": {
                    "parameters": shop_product,
                    "requestBody": VISITOR,
                    "responses": _answer("200", "the count", COUNT, *SIGNAL_ERRORS),
                },
                "delete": {
                    "parameters": shop_product,
                    "requestBody": VISITOR,
                    "responses": _answer("200", "the count", COUNT, *SIGNAL_ERRORS),
                },
            },
            "/api/v1/shops/{shop}/recommendations": {
                "get": {"parameters": _path("shop"), "responses": _answer("200", "the count", COUNT, "404")},
                "post": {
                    "parameters": _path("shop"),
                    "requestBody": VISITOR,
                    "responses": _answer("200", "the count", COUNT, *SIGNAL_ERRORS),
                },
                "delete": {
                    "parameters": _path("shop"),
                    "requestBody": VISITOR,
                    "responses": _answer("200", "the count", COUNT, *SIGNAL_ERRORS),
                },
            },
            "/api/v1/shops/{shop}/reviews/{id}/helpful": {
                "post": {
                    "parameters": _path("shop", "id"),
                    "requestBody": VISITOR,
                    "responses": _answer("200", "the review's count", COUNT, *SIGNAL_ERRORS),
                },
                "delete": {
                    "parameters": _path("shop", "id"),
                    "requestBody": VISITOR,
                    "responses": _answer("200", "the review's count", COUNT, *SIGNAL_ERRORS),
                },
            },
            "/api/v1/shops/{shop}/reviews/{id}/reports": {
                "post": {
                    "parameters": _path("shop", "id"),
                    "requestBody": {
                        "required": True,
                        "content": {
                            JSON: {
                                "schema": {
                                    "type": "object",
                                    "required": ["reason"],
                                    "properties": {
                                        "reason": {"enum": REASONS},
                                        "note": {"type": "string", "maxLength": NOTE_MAX},
                                        "visitor": {"type": "string"},
                                    },
                                }
                            }
                        },
                    },
                    "responses": _answer(
                        "202",
                        "recorded",
                        {"type": "object", "properties": {"reported": {"type": "boolean"}}},
                        *SIGNAL_ERRORS,
                    ),
                }
            },
            "/api/v1/shops/{shop}/products/{product}/activity": {
                "get": {
                    "parameters": shop_product,
                    "responses": _answer(
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
                    "responses": _answer(
                        "200", "the activity as this visitor sees it", {"type": "object"}, *SIGNAL_ERRORS
                    ),
                }
            },
            "/api/v1/shops/{shop}/invitations": {
                "post": {
                    "security": BEARER,
                    "parameters": _path("shop"),
                    "requestBody": {
                        "required": True,
                        "content": {
                            JSON: {
                                "schema": {
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
                                                },
                                            },
                                        },
                                        "email": {"type": "string", "format": "email"},
                                        "name": {"type": "string"},
                                        "lang": {"enum": ["fi", "sv", "en"]},
                                    },
                                }
                            }
                        },
                    },
                    "responses": _answer(
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
                    "parameters": _path("shop"),
                    "requestBody": {
                        "required": True,
                        "content": {
                            JSON: {
                                "schema": {
                                    "type": "object",
                                    "required": ["type", "product"],
                                    "properties": {
                                        "type": {"enum": ["purchase"]},
                                        "product": PRODUCT,
                                        "quantity": {"type": "integer", "minimum": 1, "maximum": 1000},
                                        "town": {"type": "string", "maxLength": 60},
                                    },
                                }
                            }
                        },
                    },
                    "responses": _answer(
                        "202", "recorded", {"type": "object"}, "400", "401", "403", "404", "413", "415", "422"
                    ),
                }
            },
            "/api/v1/shops/{shop}/moderation": {
                "get": {
                    "security": BEARER,
                    "parameters": _path("shop")
                    + [
                        {"name": "status", "in": "query", "schema": {"enum": ["pending", "approved", "rejected"]}},
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    ],
                    "responses": _answer(
                        "200",
                        "reviews with their status",
                        {"type": "object", "required": ["items", "total"]},
                        "400",
                        "401",
                        "403",
                        "404",
                    ),
                }
            },
            "/api/v1/shops/{shop}/reviews/{id}/moderation": {
                "post": {
                    "security": BEARER,
                    "parameters": _path("shop", "id"),
                    "requestBody": {
                        "required": True,
                        "content": {
                            JSON: {
                                "schema": {
                                    "type": "object",
                                    "required": ["action"],
                                    "properties": {
                                        "action": {"enum": [Action.APPROVE.value, Action.REJECT.value]},
                                        "reason": {"enum": REASONS},
                                    },
                                }
                            }
                        },
                    },
                    "responses": _answer(
                        "200",
                        "the review and its new status",
                        {"type": "object", "required": ["id", "status"]},
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
        },
    }
