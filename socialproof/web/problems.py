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

from socialproof.errors import Problem, ProblemKind
from socialproof.i18n import N_, Formatter, choose, formatter
from socialproof.web.headers import for_path as security_headers

log = logging.getLogger("socialproof")


def error_body(message: str, errors: dict[str, str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": message}
    if errors:
        body["errors"] = errors
    return body


def error_response(
    status: int, message: str, errors: dict[str, str] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(message, errors), status_code=status, headers=headers)


def request_language(request: Request) -> Formatter:
    """Errors speak the reader's language: the one the route chose (requests.request_formatter),
    or what the request asks for, English when it doesn't say."""
    chosen = getattr(request.state, "language", None)
    return formatter(
        chosen
        or choose(
            request.query_params.get("lang"), accept_language=request.headers.get("accept-language"), default="en"
        )
    )


# Each kind of problem's status: the one place the domain's problems meet HTTP.
STATUS: dict[ProblemKind, int] = {
    ProblemKind.UNREADABLE: 400,
    ProblemKind.UNAUTHENTICATED: 401,
    ProblemKind.FORBIDDEN: 403,
    ProblemKind.NOT_FOUND: 404,
    ProblemKind.TIMEOUT: 408,
    ProblemKind.CONFLICT: 409,
    ProblemKind.TOO_LARGE: 413,
    ProblemKind.UNSUPPORTED: 415,
    ProblemKind.INVALID: 422,
    ProblemKind.TOO_MANY: 429,
    ProblemKind.BUSY: 503,
}


def problem_headers(request: Request, problem: Problem) -> dict[str, str]:
    headers = {}
    if problem.retry_after is not None:
        headers["Retry-After"] = str(problem.retry_after)
    if problem.kind is ProblemKind.UNAUTHENTICATED and request.url.path.startswith("/api/"):
        headers["WWW-Authenticate"] = "Bearer"  # the API's one scheme: the shop's key
    if problem.kind is ProblemKind.TIMEOUT:
        headers["Connection"] = "close"  # the rest of the body may still be on its way
    return headers


def problem_response(request: Request, problem: Problem) -> JSONResponse:
    message, errors = problem.in_language(request_language(request))
    return error_response(STATUS[problem.kind], message, errors, problem_headers(request, problem))


async def problem_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return problem_response(request, exc)


_HTTP_MESSAGES = {
    400: N_("The request could not be read: check its form data."),
    404: N_("Nothing is here: check the address."),
    405: N_("This address does not accept that method."),
}


async def http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = _HTTP_MESSAGES.get(exc.status_code, N_("The request could not be handled."))
    return error_response(
        exc.status_code, request_language(request).gettext(message), headers=getattr(exc, "headers", None)
    )


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
    Problem: problem_handler,
    HTTPException: http_error_handler,
    Exception: server_error_handler,
}
