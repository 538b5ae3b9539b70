"""The writer's own page for a review (reviews/own_link.py): where it stands, correct it, withdraw it.

A page of its own, like the stand-alone review page: no script, no cookie,
posts only to itself. Every request through a link, looking included, is
counted against the shopper's limit, so the page is no oracle for guessing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.db.store import transaction
from socialproof.display.content import FormState
from socialproof.display.render import render
from socialproof.errors import Invalid, NotFound
from socialproof.i18n import N_, Formatter
from socialproof.moderation.statements import REASONS
from socialproof.reviews import own_link
from socialproof.reviews.input import parse_correction
from socialproof.reviews.status import ReviewStatus
from socialproof.safety import ratelimit
from socialproof.safety.shoppers import identify
from socialproof.web import state
from socialproof.web.requests import base_url, client_ip, read_form, request_formatter, settings, store
from socialproof.web.routes.review_page import PRIVATE_PAGE

T = TypeVar("T")
CORRECTED = {
    ReviewStatus.PENDING: N_("Your correction is saved. The shop checks it before it is shown."),
    ReviewStatus.APPROVED: N_("Your correction is saved and shown."),
    ReviewStatus.REJECTED: N_("Your correction is saved."),
}


async def _through_link(request: Request, fn: Callable[[Database], T]) -> T:
    """``fn`` in a write, after the shopper's limit for writer links is taken.

    A wrong link still costs its try: ``fn`` runs in a savepoint, so its 404 undoes only
    what ``fn`` did, and the take commits. Otherwise guessing would be free.
    """
    ip, done = client_ip(request), []

    def limited(db: Database) -> NotFound | None:
        ratelimit.guard_shopper(db, "writer", identify(db, None, ip))
        try:
            with transaction(db):
                done.append(fn(db))  # the last attempt's, if PostgreSQL retried the write
        except NotFound as wrong:
            return wrong
        return None

    wrong = await store(request).write(limited)
    if wrong is not None:
        raise wrong
    return done[-1]


def _page(request: Request, t: Formatter, mine: own_link.Mine, form: FormState, *, done: str = "") -> Response:
    reason = REASONS[mine.reason] if mine.reason and mine.status is ReviewStatus.REJECTED else None
    html = render(
        t.lang,
        "my_review.html",
        shop=mine.shop,
        mine=mine,
        form=form,
        done=done,
        withdrawn=False,
        status_words=t.gettext(own_link.STATUS_WORDS[mine.status]),
        reason=t.gettext(reason) if reason else "",
        form_action=str(request.url),
        css_url=base_url(request) + state(request).assets.widget_css.url,
    )
    return _answer(html)


def _answer(html: str) -> Response:
    return HTMLResponse(html, headers=PRIVATE_PAGE | {"X-Robots-Tag": "noindex"})


def _words(mine: own_link.Mine) -> FormState:
    return FormState(values={"title": mine.title, "body": mine.body})


async def show(request: Request) -> Response:
    capability = request.path_params["token"]
    mine = await _through_link(request, lambda db: own_link.find(db, capability))
    t = request_formatter(request, mine.shop.lang)
    return _page(request, t, mine, _words(mine))


async def act(request: Request) -> Response:
    capability = request.path_params["token"]
    data: dict[str, Any] = await read_form(request, settings(request).max_json_bytes)
    if data.get("action") == "withdraw":
        if data.get("sure") != "yes":
            raise Invalid(N_("Tick the box to say you want the review erased."), {"sure": N_("required")})
        storage = state(request).photo_storage
        shop = await _through_link(request, lambda db: own_link.withdraw(db, capability, storage))
        t = request_formatter(request, shop.lang)
        html = render(
            t.lang,
            "my_review.html",
            shop=shop,
            withdrawn=True,
            css_url=base_url(request) + state(request).assets.widget_css.url,
        )
        return _answer(html)
    try:
        title, body = parse_correction(data)
    except Invalid as problem:  # the page again, with what they typed and why not
        mine = await _through_link(request, lambda db: own_link.find(db, capability))
        t = request_formatter(request, mine.shop.lang)
        values = {"title": data.get("title", ""), "body": data.get("body", "")}
        return _page(request, t, mine, FormState(values=values, errors=problem.in_language(t)[1]))
    # One write: the limit, the link's check and the correction together (correct() finds the review).
    mine = await _through_link(request, lambda db: own_link.correct(db, capability, title, body))
    t = request_formatter(request, mine.shop.lang)
    return _page(request, t, mine, _words(mine), done=t.gettext(CORRECTED[mine.status]))


routes = [
    Route("/my-review/{token}", show, methods=["GET"]),
    Route("/my-review/{token}", act, methods=["POST"]),
]
