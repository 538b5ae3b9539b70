"""Events out, with the shop's key: webhook endpoints, their delivery log, send again."""

from __future__ import annotations

from typing import Any

from socialproof import policy
from socialproof.web.openapi.parts import BEARER, ERRORS, JSON, error_answer, json_body, path_params
from socialproof.webhooks.deliveries import DeliveryStatus
from socialproof.webhooks.endpoints import URL_MAX, EndpointKind, EndpointStatus
from socialproof.webhooks.events import EventType

EVENTS = {"type": "array", "minItems": 1, "items": {"enum": [e.value for e in EventType]}}
WANTED = {
    "type": "object",
    "properties": {
        "url": {"type": "string", "maxLength": URL_MAX, "description": "https on a public address"},
        "events": EVENTS,
        "kind": {"enum": [k.value for k in EndpointKind], "description": "default: recognised from the address"},
        "include_text": {"type": "boolean", "description": "Slack and Teams: quote the review's words"},
        "status": {"enum": [s.value for s in EndpointStatus], "description": "active turns a paused one on again"},
    },
}
ENDPOINT = {
    "type": "object",
    "required": ["id", "url", "kind", "events", "include_text", "status", "created_at"],
    "properties": {
        "id": {"type": "integer"},
        "url": {"type": "string"},
        "kind": {"enum": [k.value for k in EndpointKind]},
        "events": EVENTS,
        "include_text": {"type": "boolean"},
        "status": {"enum": [s.value for s in EndpointStatus]},
        "paused_at": {"type": "string", "nullable": True},
        "failing_since": {"type": "string", "nullable": True},
        "created_at": {"type": "string"},
        "secret": {"type": "string", "pattern": "^whsec_", "description": "to verify webhook-signature"},
    },
}
DELIVERY = {
    "type": "object",
    "required": ["id", "event_id", "type", "message_id", "status", "attempts", "created_at"],
    "properties": {
        "id": {"type": "integer"},
        "event_id": {"type": "integer"},
        "type": {"enum": [e.value for e in EventType]},
        "message_id": {"type": "string", "description": "the webhook-id header, the same on every attempt"},
        "status": {"enum": [s.value for s in DeliveryStatus]},
        "attempts": {"type": "integer", "minimum": 0},
        "response_code": {"type": "integer", "nullable": True},
        "error": {"type": "string", "nullable": True},
        "created_at": {"type": "string"},
        "last_attempt_at": {"type": "string", "nullable": True},
        "next_attempt_at": {"type": "string", "nullable": True},
        "delivered_at": {"type": "string", "nullable": True},
    },
}
CONFLICT = error_answer("the address is registered already, the shop has its most webhooks, or it is queued already")


def _answers(status: str, description: str, schema: dict[str, Any] | None, *errors: str) -> dict[str, Any]:
    ok: dict[str, Any] = {"description": description}
    if schema is not None:
        ok["content"] = {JSON: {"schema": schema}}
    return {status: ok} | {code: CONFLICT if code == "409" else ERRORS[code] for code in errors}


def paths() -> dict[str, Any]:
    base, one = "/api/v1/shops/{shop}/webhooks", "/api/v1/shops/{shop}/webhooks/{id}"
    retries = ", ".join(f"{int(w.total_seconds())} s" for w in policy.WEBHOOK_RETRIES)
    return {
        base: {
            "post": {
                "security": BEARER,
                "description": "Send the shop's events to an endpoint, signed per Standard Webhooks "
                f"(retried after {retries}; paused after {policy.WEBHOOK_PAUSE_AFTER.days} days of failures).",
                "parameters": path_params("shop"),
                "requestBody": json_body(WANTED | {"required": ["url", "events"]}),
                "responses": _answers(
                    "201",
                    "the endpoint, with its signing secret",
                    ENDPOINT,
                    "400",
                    "401",
                    "403",
                    "404",
                    "409",
                    "413",
                    "415",
                    "422",
                ),
            },
            "get": {
                "security": BEARER,
                "parameters": path_params("shop"),
                "responses": _answers(
                    "200",
                    "the shop's endpoints, without their secrets",
                    {
                        "type": "object",
                        "required": ["webhooks"],
                        "properties": {"webhooks": {"type": "array", "items": ENDPOINT}},
                    },
                    "401",
                    "403",
                    "404",
                ),
            },
        },
        one: {
            "get": {
                "security": BEARER,
                "parameters": path_params("shop", "id"),
                "responses": _answers("200", "the endpoint, with its secret", ENDPOINT, "400", "401", "403", "404"),
            },
            "patch": {
                "security": BEARER,
                "parameters": path_params("shop", "id"),
                "requestBody": json_body(WANTED),
                "responses": _answers(
                    "200", "the endpoint as changed", ENDPOINT, "400", "401", "403", "404", "413", "415", "422"
                ),
            },
            "delete": {
                "security": BEARER,
                "parameters": path_params("shop", "id"),
                "responses": _answers("204", "removed, with its delivery log", None, "400", "401", "403", "404"),
            },
        },
        one + "/deliveries": {
            "get": {
                "security": BEARER,
                "parameters": path_params("shop", "id"),
                "responses": _answers(
                    "200",
                    "the latest deliveries, newest first",
                    {
                        "type": "object",
                        "required": ["deliveries"],
                        "properties": {"deliveries": {"type": "array", "items": DELIVERY}},
                    },
                    "400",
                    "401",
                    "403",
                    "404",
                ),
            }
        },
        one + "/deliveries/{delivery}/send-again": {
            "post": {
                "security": BEARER,
                "parameters": path_params("shop", "id")
                + [{"name": "delivery", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}],
                "responses": _answers(
                    "202", "queued again, with the same id and body", DELIVERY, "400", "401", "403", "404", "409"
                ),
            }
        },
    }
