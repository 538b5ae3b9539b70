"""The OpenAPI description of the public, shoppers' and merchant APIs (/api/v1/openapi.json).

Written by hand next to the code it describes, one module per audience; tests/web/test_openapi.py
has schemathesis call every operation with generated input and check that each answer matches this
description and that none is a 5xx.
"""

from __future__ import annotations

from typing import Any

from socialproof import __version__
from socialproof.web.openapi import merchant, public, questions, signals, webhooks
from socialproof.web.openapi.parts import REVIEW_WORDS, path_params


def document() -> dict[str, Any]:
    shop_product = path_params("shop", "product")
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
                        "group": {
                            "type": "object",
                            "nullable": True,
                            "description": "the product group it is in (group set): its id, name, products and "
                            "their reviews together; the summary's own numbers are the product's alone",
                            "properties": {
                                "id": {"type": "string"},
                                "name": {"type": "string", "nullable": True},
                                "review_count": {"type": "integer"},
                                "rating_average": {"type": "number", "nullable": True},
                            },
                        },
                        "scales": {
                            "type": "object",
                            "description": "each attribute scale the product asks (scale set), by name, with the "
                            "labels in the shop's language and how many published reviews chose each",
                            "additionalProperties": {
                                "type": "object",
                                "required": ["labels", "distribution", "answers"],
                                "properties": {
                                    "labels": {"type": "array", "items": {"type": "string"}},
                                    "distribution": {"type": "array", "items": {"type": "integer"}},
                                    "answers": {"type": "integer"},
                                },
                            },
                        },
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
                        "experienced_at": questions.EXPERIENCED_AT,
                        "lang": {"type": "string"},
                        "recommend": {"type": "boolean", "nullable": True},
                        "verified": {"type": "boolean"},
                        "source": {"type": "string", "description": "web, invitation, in-store or import:<service>"},
                        "imported_from": {"type": "string", "nullable": True},
                        "verified_at_source": {"type": "boolean"},
                        "helpful": {"type": "integer"},
                        "edited_by_shop": {"type": "boolean"},
                        "edited_by_writer": {"type": "boolean"},
                        "erased": {"type": "boolean"},
                        "reply": {"type": "object", "nullable": True},
                        "scales": {
                            "type": "object",
                            "description": "its answers to the product's attribute scales: name → label",
                            "additionalProperties": {"type": "string"},
                        },
                        "photos": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["url", "thumbnail_url", "small_url", "width", "height"],
                            },
                        },
                    },
                },
                "ReviewInput": {
                    "type": "object",
                    "required": ["rating", "body", "author_name"],
                    "properties": REVIEW_WORDS
                    | {
                        "email": {"type": "string", "format": "email"},
                        "recommend": {"type": "boolean"},
                        "lang": {"type": "string"},
                        "invitation": {"type": "string"},
                        "code": {
                            "type": "string",
                            "description": "an in-store code (socialproof codes create): the review is "
                            "verified, in store; a used, expired or revoked code is refused with errors.code",
                        },
                        "visitor": {"type": "string"},
                        "scales": {
                            "type": "object",
                            "description": "answers to the product's attribute scales: name → label (in any of the "
                            "scale's languages); each optional",
                            "additionalProperties": {"type": "string"},
                        },
                        "product_name": {"type": "string"},
                        "product_url": {"type": "string"},
                        "product_image": {"type": "string"},
                    },
                },
            },
        },
        "paths": {
            **public.paths(shop_product),
            **signals.paths(shop_product),
            **questions.paths(shop_product),
            **merchant.paths(shop_product),
            **webhooks.paths(),
        },
    }
