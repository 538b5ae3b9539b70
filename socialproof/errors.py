"""The contract's one error shape, and the handlers that make every error use it.

``{"error": "one human sentence", "errors": {"field": "what is wrong"}}`` with
a fitting 4xx. Anything that escapes as a 5xx is a bug and is logged with a
request id the response also carries.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

log = logging.getLogger("socialproof")


class ApiError(Exception):
    """An error the client can act on; raised anywhere, answered in the contract's shape."""

    def __init__(self, status: int, message: str, errors: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or {}
        self.headers = headers or {}


class NotFound(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(404, message)


class Conflict(ApiError):
    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(409, message, errors)


class ValidationError(ApiError):
    def __init__(self, message: str, errors: dict[str, str]) -> None:
        super().__init__(422, message, errors)


def error_body(message: str, errors: dict[str, str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": message}
    if errors:
        body["errors"] = errors
    return body


def error_response(status: int, message: str, errors: dict[str, str] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(message, errors), status_code=status, headers=headers)


async def api_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.message, exc.errors, exc.headers)


# Starlette raises these for unknown paths and wrong methods; English is fine
# here because no shopper-facing page links to a path that doesn't exist.
_HTTP_MESSAGES = {
    404: "Nothing is here: check the address.",
    405: "This address does not accept that method.",
}


async def http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = _HTTP_MESSAGES.get(exc.status_code, exc.detail or "The request could not be handled.")
    return error_response(exc.status_code, message, headers=getattr(exc, "headers", None))


async def server_error_handler(request: Request, exc: Exception) -> Response:
    request_id = secrets.token_hex(8)
    log.exception("unhandled error, request id %s, %s %s", request_id, request.method, request.url.path)
    return JSONResponse(
        error_body(f"Something went wrong on our side; the request id is {request_id}."),
        status_code=500,
        headers={"X-Request-Id": request_id},
    )


EXCEPTION_HANDLERS = {
    ApiError: api_error_handler,
    HTTPException: http_error_handler,
    Exception: server_error_handler,
}
