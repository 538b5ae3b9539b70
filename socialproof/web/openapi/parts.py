"""What the OpenAPI description's parts share: schemas, error answers, parameters, choices."""

from __future__ import annotations

from typing import Any

from socialproof.audit import Action, RejectReason
from socialproof.reviews.input import AUTHOR_MAX, BODY_MAX, TITLE_MAX
from socialproof.reviews.products import PRODUCT_ID

# The description derives its limits and choices from their declarations, so it can't drift.
REASONS = [reason.value for reason in RejectReason]

JSON = "application/json"
ERROR = {"$ref": "#/components/schemas/Error"}
PRODUCT = {"type": "string", "pattern": f"^{PRODUCT_ID.pattern}$"}


def error_answer(description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": ERROR}}}


ERRORS = {
    "400": error_answer("a parameter or the body can't be read"),
    "401": error_answer("no valid API key"),
    "403": error_answer("a key of another shop, a browser origin the shop doesn't allow, or an unusable review link"),
    "404": error_answer("no such shop, product, review, question or photo"),
    "409": error_answer("a review link that was used already, or a rejected question to answer"),
    "413": error_answer("a body over the limit"),
    "415": error_answer("a body of another type"),
    "422": error_answer("fields at fault, each named"),
    "429": error_answer("too many requests; see Retry-After"),
}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    """A required JSON request body of ``schema``."""
    return {"required": True, "content": {JSON: {"schema": schema}}}


def answer(status: str, description: str, schema: dict[str, Any], *errors: str) -> dict[str, Any]:
    responses = {status: {"description": description, "content": {JSON: {"schema": schema}}}}
    return responses | {code: ERRORS[code] for code in errors}


def path_params(*names: str) -> list[dict[str, Any]]:
    schemas = {
        "shop": {"type": "string", "pattern": "^[a-z0-9-]{2,40}$"},
        "product": PRODUCT,
        "group": PRODUCT,  # a group is named as a product is
        "id": {"type": "integer", "minimum": 1},
    }
    return [{"name": n, "in": "path", "required": True, "schema": schemas[n]} for n in names]


BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
# What a shopper's post answers once stored (a review, a question, a review of the shop), and how it may fail.
STORED_PROPERTIES: dict[str, Any] = {"id": {"type": "integer"}, "status": {"enum": ["pending", "approved"]}}
STORED: dict[str, Any] = {"type": "object", "required": ["id", "status"], "properties": STORED_PROPERTIES}
POST_ERRORS = ("400", "403", "404", "413", "415", "422", "429")
# A review's words, as a product's and the shop's reviews take them.
REVIEW_WORDS = {
    "rating": {"type": "integer", "minimum": 1, "maximum": 5},
    "title": {"type": "string", "maxLength": TITLE_MAX},
    "body": {"type": "string", "minLength": 1, "maxLength": BODY_MAX},
    "author_name": {"type": "string", "minLength": 1, "maxLength": AUTHOR_MAX},
}


def decision(what: str) -> dict[str, Any]:
    """A moderation decision on ``what`` (a review, a question, a photo), by the holder of the shop's key."""
    return {
        "post": {
            "security": BEARER,
            "parameters": path_params("shop", "id"),
            "requestBody": json_body(
                {
                    "type": "object",
                    "required": ["action"],
                    "properties": {
                        "action": {"enum": [Action.APPROVE.value, Action.REJECT.value]},
                        "reason": {"enum": REASONS},
                    },
                }
            ),
            "responses": answer(
                "200",
                f"the {what} and its new status",
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
    }


COUNT = {"type": "object", "required": ["count"], "properties": {"count": {"type": "integer", "minimum": 0}}}
VISITOR = {
    "content": {JSON: {"schema": {"type": "object", "properties": {"visitor": {"type": "string"}}}}},
    "required": False,
}
SIGNAL_ERRORS = ("400", "403", "404", "413", "415", "422", "429")
