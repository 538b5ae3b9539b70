"""Signing in and out of the workspace, and what every workspace page shares.

The session lives in a signed, HttpOnly, SameSite=Lax cookie (Secure over
https) naming a server-side session that expires. Every state-changing form
carries a per-session token, and a post whose Origin or Sec-Fetch-Site shows
it came from another site is refused before anything else is read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from socialproof import policy
from socialproof.audit import ActorKind, actor
from socialproof.db.engine import Database
from socialproof.display.render import templates
from socialproof.errors import Forbidden, NotFound, TooMany, Unauthenticated
from socialproof.i18n import LANGUAGES, N_, choose
from socialproof.moderation import accounts
from socialproof.moderation.accounts import Moderator
from socialproof.resources import WORKSPACE_TEMPLATES_DIR
from socialproof.safety import ratelimit
from socialproof.safety.shoppers import identify
from socialproof.shops.registry import Shop, get_shop
from socialproof.web import state
from socialproof.web.headers import WORKSPACE_HEADERS
from socialproof.web.requests import Upload, client_ip, read_form, read_form_with_files, settings, store

COOKIE = "sp_admin"
LANG_COOKIE = "sp_admin_lang"
HEADERS = WORKSPACE_HEADERS  # middleware.SecurityHeaders adds them to every /admin answer too

WORKSPACE_TEMPLATES = templates(WORKSPACE_TEMPLATES_DIR)


@dataclass(frozen=True)
class Session:
    moderator: Moderator
    csrf: str

    @property
    def actor(self) -> str:
        """How this moderator's changes are signed in the audit log."""
        return actor(ActorKind.MODERATOR, self.moderator.email)


def admin_lang(request: Request) -> str:
    return choose(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        accept_language=request.headers.get("accept-language"),
    )


async def session(request: Request) -> Session | None:
    cookie = request.cookies.get(COOKIE)

    def load(db: Database) -> Any:
        moderator = accounts.session_moderator(db, cookie)
        return Session(moderator, accounts.csrf_token(db, cookie)) if moderator else None

    return await store(request).read(load)


def to_login(request: Request) -> Response:
    return RedirectResponse(f"/admin/login?next={request.url.path}", status_code=303)


def same_site(request: Request) -> None:
    """Refuse a post that a browser says came from another site."""
    fetch_site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.url.netloc}"
    if fetch_site not in (None, "same-origin", "none") or (origin is not None and origin != own):
        raise Forbidden(N_("This form can only be sent from the workspace itself."))


Form = dict[str, list[str]]  # every value of each field, as a workspace form sends it


def first(form: Form, name: str) -> str:
    """A field's value ('' when the form did not send it)."""
    return form.get(name, [""])[0]


PRODUCT_SEPARATORS = re.compile(r"[\s,]+")


def product_ids(typed: str) -> list[str]:
    """Product ids as a moderator types them in one field: separated by spaces or commas."""
    return [p for p in PRODUCT_SEPARATORS.split(typed) if p]


def saved(path: str, anchor: str = "") -> RedirectResponse:
    """After a form is saved: its page again, saying so; a redirect, so a reload can't post it twice."""
    return RedirectResponse(f"{path}?done=saved" + (f"#{anchor}" if anchor else ""), status_code=303)


async def checked_form(request: Request, current: Session) -> dict[str, list[str]]:
    """A workspace form's fields (all values of each), once it is known to come from this session's page."""
    form, _ = await checked_form_with_file(request, current, None)
    return form


async def checked_form_with_file(
    request: Request, current: Session, file_field: str | tuple[str, ...] | None
) -> tuple[dict[str, list[str]], Upload | None]:
    """As checked_form, with at most one file sent as ``file_field`` or one of several names (an image,
    so the photo size limit)."""
    same_site(request)
    config = settings(request)
    limit = config.max_json_bytes + (config.photo_max_bytes if file_field else 0)
    form, files = await read_form_with_files(request, limit, file_field=file_field, max_files=1 if file_field else 0)
    if first(form, "csrf") != current.csrf:
        raise Forbidden(N_("This form has expired or did not come from the workspace: reload the page and try again."))
    return form, files[0] if files else None


async def moderated_shop(request: Request, current: Session) -> Shop:
    """The shop in the path, if this moderator works on it; otherwise it doesn't exist for them."""
    slug = request.path_params["shop"]
    shop = await store(request).read(lambda db: get_shop(db, slug))
    if shop is None or not current.moderator.can_moderate(shop.id):
        raise NotFound(N_("There is no shop %(slug)s in your workspace."), slug=repr(slug))
    return shop


Handler = Callable[..., Awaitable[Response]]


def signed_in(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A workspace page: the moderator's session comes as ``current``; no session, the sign-in page."""

    @functools.wraps(handler)
    async def page_for_moderator(request: Request) -> Response:
        current = await session(request)
        if current is None:
            return to_login(request)
        request.state.language = admin_lang(request)  # its refusals speak the workspace's language
        return await handler(request, current)

    return page_for_moderator


def for_shop(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A workspace page of one shop: ``current`` and the ``shop``, which the moderator must work on."""

    async def with_shop(request: Request, current: Session) -> Response:
        return await handler(request, current, await moderated_shop(request, current))

    return signed_in(functools.wraps(handler)(with_shop))


def page(request: Request, template: str, current: Session | None, *, status: int = 200, **context: Any) -> Response:
    lang = admin_lang(request)
    base = state(request).assets
    html = WORKSPACE_TEMPLATES.render(
        lang,
        template,
        session=current,
        css_url=base.admin_css.url,
        js_url=base.admin_js.url,
        path=request.url.path,
        languages=LANGUAGES,
        **context,
    )
    response = HTMLResponse(html, status_code=status, headers=HEADERS)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE,
            lang,
            max_age=365 * 86400,
            path="/admin",
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    return response


def _next(value: object) -> str:
    target = value if isinstance(value, str) else ""
    parts = urlsplit(target)
    return target if target.startswith("/admin") and not parts.netloc and not parts.scheme else "/admin"


async def login_page(request: Request) -> Response:
    if await session(request):
        return RedirectResponse(_next(request.query_params.get("next")), status_code=303)
    return page(request, "login.html", None, next=_next(request.query_params.get("next")), error=None)


async def login(request: Request) -> Response:
    same_site(request)
    form = await read_form(request, settings(request).max_json_bytes)
    email, password = str(form.get("email", "")).strip().lower(), str(form.get("password", ""))
    target, ip, hours = _next(form.get("next")), client_ip(request), settings(request).admin_session_hours

    def attempt(db: Database) -> Any:
        address = identify(db, None, ip).ip_hash
        buckets = [
            (f"login:{email}:{address}", policy.LOGIN_FAILURES),
            (f"login-ip:{address}", policy.LOGIN_FAILURES_PER_ADDRESS),
            (f"login:{email}", policy.LOGIN_FAILURES_PER_ACCOUNT),
        ]
        window = policy.LOGIN_WINDOW_SECONDS
        waits = [w for key, limit in buckets if (w := ratelimit.blocked_for(db, key, limit, window))]
        if waits:
            return None, max(waits)
        moderator = accounts.authenticate(db, email, password)
        if moderator is None:
            for key, limit in buckets:  # only failures count
                ratelimit.spend(db, key, limit, window)
            return None, None
        return accounts.start_session(db, moderator, hours), None

    cookie, wait = await store(request).write(attempt)
    browser = "text/html" in request.headers.get("accept", "")
    if wait:
        if not browser:
            raise TooMany(N_("Too many failed sign-ins; wait and try again."), retry_after=wait)
        response = page(request, "login.html", None, status=429, next=target, error="throttled", wait=wait)
        response.headers["Retry-After"] = str(wait)
        return response
    if cookie is None:
        if not browser:
            raise Unauthenticated(N_("The e-mail address or the password is not right."))
        return page(request, "login.html", None, status=401, next=target, error="invalid")
    response = RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=hours * 3600,
        path="/admin",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


async def logout(request: Request) -> Response:
    current = await session(request)
    if current:
        await checked_form(request, current)
        cookie = request.cookies.get(COOKIE)
        await store(request).write(lambda db: accounts.end_session(db, cookie))
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(COOKIE, path="/admin")
    return response


routes = [
    Route("/admin/login", login_page, methods=["GET"]),
    Route("/admin/login", login, methods=["POST"]),
    Route("/admin/logout", logout, methods=["POST"]),
]
