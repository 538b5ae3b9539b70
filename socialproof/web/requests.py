"""Reading requests: bounded bodies, JSON with limits, forms with files, parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.types import Message

from socialproof import untrusted_json
from socialproof.config import Settings
from socialproof.db.store import Store
from socialproof.errors import FieldProblem, Problem, TooLarge, Unreadable, Unsupported, one_of
from socialproof.fields import MAX_PAGE, SQLITE_MAX_ID, ascii_int
from socialproof.i18n import N_, Formatter, choose, formatter
from socialproof.reviews.listing import KeysetCursor, Sort
from socialproof.safety import formguard
from socialproof.web import state

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def store(request: Request) -> Store:
    return state(request).store


def settings(request: Request) -> Settings:
    return state(request).settings


def base_url(request: Request) -> str:
    configured = settings(request).public_url
    return configured.rstrip("/") if configured else str(request.base_url).rstrip("/")


def request_formatter(request: Request, default: str, *explicit: str | None) -> Formatter:
    """The reader's language: what they asked for, then their browser's, then the shop's.

    Remembered on the request, so an error raised later answers in the same language."""
    t = formatter(
        choose(
            *explicit,
            request.query_params.get("lang"),
            accept_language=request.headers.get("accept-language"),
            default=default,
        )
    )
    request.state.language = t.lang
    return t


def _too_large(request: Request, limit: int) -> Problem:
    """The 413 for a body past ``limit``, raised at once if Content-Length already says so."""
    too_large = TooLarge(N_("The request body is larger than the %(kb)s KB this accepts."), kb=limit // 1024)
    declared = ascii_int(request.headers.get("content-length"), 0, SQLITE_MAX_ID)
    if declared is not None and declared > limit:
        raise too_large
    return too_large


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused with 413 as soon as it is known to exceed ``limit``."""
    too_large = _too_large(request, limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def json_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object, or a 400 in the contract's shape: never a 500, whatever was sent."""
    try:
        data = untrusted_json.loads(body)
    except ValueError:
        raise Unreadable(N_("The body is not valid UTF-8 JSON.")) from None
    if not isinstance(data, dict):
        raise Unreadable(N_("The body should be a JSON object."))
    return data


async def read_json(request: Request, limit: int) -> dict[str, Any]:
    if media_type(request) != "application/json":
        raise Unsupported(N_("Send the body as application/json."))
    return json_object(await read_body(request, limit))


async def read_optional_json(request: Request, limit: int) -> dict[str, Any]:
    """A JSON object, or {} for an empty body (the shopper signals need none)."""
    body = await read_body(request, limit)
    if not body.strip():
        return {}
    if media_type(request) != "application/json":
        raise Unsupported(N_("Send the body as application/json, or send none."))
    return json_object(body)


def client_ip(request: Request) -> str | None:
    """The shopper's address as uvicorn resolved it (X-Forwarded-For from a trusted proxy).

    Only ever passed to shoppers.identify, which hashes it; never stored."""
    return request.client.host if request.client else None


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


async def read_json_or_form(request: Request, limit: int, refusal: str) -> dict[str, Any]:
    """A body's fields, sent as JSON or as a form's (no files); ``refusal`` (415) for any other kind."""
    kind = media_type(request)
    if kind == "application/json":
        return await read_json(request, limit)
    if kind in FORM_TYPES:
        return await read_form(request, limit)
    raise Unsupported(refusal)


async def read_form(request: Request, limit: int) -> dict[str, Any]:
    """Form fields only (files are refused); a repeated field gives its first value."""
    fields, _ = await read_form_with_files(request, limit, file_field=None, max_files=0)
    return {name: values[0] for name, values in fields.items()}


async def read_form_with_files(
    request: Request, limit: int, *, file_field: str | tuple[str, ...] | None, max_files: int
) -> tuple[dict[str, list[str]], list[Upload]]:
    """Form fields (each with all its values) and the files sent as ``file_field`` (or any of
    several names); 413 as soon as the body passes ``limit``.

    The body is counted as it streams in, so an oversized upload is refused
    before it is read whole; files are read inside the form's context, which
    then closes (and deletes) the parser's temporary files.
    """
    too_large = _too_large(request, limit)
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await request.receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise too_large
        return message

    fields: dict[str, list[str]] = {}
    uploads: list[Upload] = []
    wanted = (file_field,) if isinstance(file_field, str) else file_field or ()
    async with Request(request.scope, counted).form(max_files=max_files, max_fields=200) as form:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                if name in wanted and value.filename:  # an empty file input sends a nameless part
                    uploads.append(Upload(value.filename, await value.read()))
            else:
                fields.setdefault(name, []).append(value)
    return fields, uploads


def form_stamp(request: Request) -> str:
    """The review form's signed start time (formguard.py)."""
    return formguard.stamp(state(request).form_key)


def int_param(
    params: Mapping[str, str],
    name: str,
    default: int | None,
    low: int,
    high: int,
    errors: dict[str, FieldProblem],
    message: str,
) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    value = ascii_int(raw, low, high)
    if value is None:
        errors[name] = message
        return default
    return value


def cursor_param(params: Mapping[str, str], sort: Sort, t: Formatter) -> KeysetCursor | None:
    """``after``: where the page before ended (its ``next``), or None for counting pages from the start."""
    raw = params.get("after", "")
    if not raw:
        return None
    try:
        return KeysetCursor.decode(raw[:300], sort)
    except ValueError:
        raise Unreadable(
            t.gettext("Some parameters are not valid."),
            {"after": t.gettext("The “next” of the page before, in the same order.")},
        ) from None


PAGE_NUMBER = N_("A page number from 1 up.")


def page_param(params: Mapping[str, str], t: Formatter) -> int:
    """The page a query string asks for (1 when none), or a 400 naming it."""
    errors: dict[str, FieldProblem] = {}
    page = int_param(params, "page", 1, 1, MAX_PAGE, errors, t.gettext(PAGE_NUMBER))
    if errors:
        raise Unreadable(t.gettext("Some parameters are not valid."), errors)
    return page or 1


def listing_params(params: Mapping[str, str], t: Formatter) -> tuple[int, Sort, int | None, bool]:
    """page, sort, stars and "with photos" from a query string, or a 400 naming what is wrong."""
    errors: dict[str, FieldProblem] = {}
    page = int_param(params, "page", 1, 1, MAX_PAGE, errors, t.gettext(PAGE_NUMBER))
    stars = int_param(params, "stars", None, 1, 5, errors, t.gettext("A star count from 1 to 5."))
    sort = Sort.NEWEST
    if params.get("sort"):
        try:
            sort = Sort(params["sort"])
        except ValueError:
            errors["sort"] = one_of(Sort).text(t)
    with_photos = params.get("photos", "") in ("1", "true", "yes")
    if params.get("photos", "") not in ("", "0", "1", "true", "false", "yes", "no"):
        errors["photos"] = t.gettext("1 to show only reviews with photos.")
    if errors:
        raise Unreadable(t.gettext("Some parameters are not valid."), errors)
    return page or 1, sort, stars, with_photos


def only_product(params: Mapping[str, str], t: Formatter) -> bool:
    """``only=product``: a grouped product's own reviews, without the rest of its group's; a 400 for any other."""
    only = params.get("only", "")
    if only not in ("", "product"):
        raise Unreadable(t.gettext("Some parameters are not valid."), {"only": t.gettext("product, or leave it out.")})
    return only == "product"
