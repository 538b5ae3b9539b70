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
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from socialproof.headers import for_path as security_headers
from socialproof.i18n import N_, Formatter, choose, formatter

log = logging.getLogger("socialproof")


class ApiError(Exception):
    """An error the client can act on; raised anywhere, answered in the contract's shape.

    ``message`` and the ``errors`` values are catalog message ids (English),
    with ``params`` filled in after translation: the handler answers in the
    language the request asks for (?lang=, then Accept-Language).
    """

    def __init__(self, status: int, message: str, errors: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None, **params: Any) -> None:
        self.message_id = message
        self.params = params
        self.message = message % params if params else message
        super().__init__(self.message)
        self.status = status
        self.errors = errors or {}
        self.headers = headers or {}

    def in_language(self, t: Formatter) -> tuple[str, dict[str, str]]:
        message = t.gettext(self.message_id)
        return (message % self.params if self.params else message,
                {field: t.gettext(problem) for field, problem in self.errors.items()})


class NotFound(ApiError):
    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(404, message, **params)


class Conflict(ApiError):
    def __init__(self, message: str, errors: dict[str, str] | None = None, **params: Any) -> None:
        super().__init__(409, message, errors, **params)


class ValidationError(ApiError):
    def __init__(self, message: str, errors: dict[str, str], **params: Any) -> None:
        super().__init__(422, message, errors, **params)


def error_body(message: str, errors: dict[str, str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": message}
    if errors:
        body["errors"] = errors
    return body


def error_response(status: int, message: str, errors: dict[str, str] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(message, errors), status_code=status, headers=headers)


def request_language(request: Request) -> Formatter:
    """Errors speak the reader's language; English when the request doesn't say."""
    return formatter(choose(request.query_params.get("lang"), accept_language=request.headers.get("accept-language"),
                            default="en"))


async def api_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    message, errors = exc.in_language(request_language(request))
    return error_response(exc.status, message, errors, exc.headers)


_HTTP_MESSAGES = {
    400: N_("The request could not be read: check its form data."),
    404: N_("Nothing is here: check the address."),
    405: N_("This address does not accept that method."),
}


async def http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = _HTTP_MESSAGES.get(exc.status_code, N_("The request could not be handled."))
    return error_response(exc.status_code, request_language(request).gettext(message),
                          headers=getattr(exc, "headers", None))


async def server_error_handler(request: Request, exc: Exception) -> Response:
    request_id = secrets.token_hex(8)
    log.exception("unhandled error, request id %s, %s %s", request_id, request.method, request.url.path)
    message = request_language(request).gettext(N_("Something went wrong on our side; the request id is %(id)s."))
    # This answer leaves outside the middleware, so it brings its own security headers; and it
    # closes the connection, which may be in any state after an unhandled error.
    return JSONResponse(
        error_body(message % {"id": request_id}),
        status_code=500,
        headers={"X-Request-Id": request_id, "Connection": "close", **security_headers(request.url.path)},
    )


async def client_disconnect_handler(request: Request, exc: Exception) -> Response:
    """The client went away mid-body: nothing to answer and nothing wrong on our side."""
    log.info("client disconnected before sending the whole body: %s %s", request.method, request.url.path)
    return Response(status_code=400, headers={"Connection": "close"})


EXCEPTION_HANDLERS = {
    ClientDisconnect: client_disconnect_handler,
    ApiError: api_error_handler,
    HTTPException: http_error_handler,
    Exception: server_error_handler,
}
