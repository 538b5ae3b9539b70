"""The stand-alone page where a buyer answers a question, through the link they were mailed (questions/buyers.py).

Phone first and complete on its own, like the review page: no shop page, no script, never cached.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.display.content import FormState
from socialproof.display.render import render
from socialproof.errors import Conflict, Invalid
from socialproof.questions import answering, buyers
from socialproof.questions.input import parse_buyer_answer
from socialproof.safety import formguard
from socialproof.sanitize import printable
from socialproof.web import state
from socialproof.web.requests import base_url, form_stamp, read_form, request_formatter, settings, store
from socialproof.web.routes.review_page import PRIVATE_PAGE
from socialproof.web.widget_requests import theme_url


def _page(
    request: Request, asked: dict[str, Any], answers: list[dict], lang: str, form: FormState, note: str = ""
) -> Response:
    html = render(
        lang,
        "answer_page.html",
        shop=asked["shop"],
        asked=asked,
        answers=answers,
        form=form,
        note=note,
        form_action=str(request.url.include_query_params(lang=lang)),
        css_url=base_url(request) + state(request).assets.widget_css.url,
        theme_url=theme_url(request, asked["shop"]),
        form_stamp=form_stamp(request),
    )
    return HTMLResponse(html, headers=PRIVATE_PAGE)


async def _load(request: Request) -> tuple[dict[str, Any], list[dict]]:
    capability = request.path_params["token"]

    def load(db: Database) -> tuple[dict[str, Any], list[dict]]:
        asked = buyers.find(db, capability)
        return asked, answering.of_questions(db, [asked["question_id"]])[asked["question_id"]]

    return await store(request).read(load)


async def show(request: Request) -> Response:
    asked, answers = await _load(request)
    t = request_formatter(request, asked["shop"].lang)
    if asked["answered_at"] is not None:
        return _page(request, asked, answers, t.lang, FormState(submitted_status="answered"))
    return _page(request, asked, answers, t.lang, FormState(values={"author_name": asked["buyer_name"] or ""}))


async def submit(request: Request) -> Response:
    asked, answers = await _load(request)
    t = request_formatter(request, asked["shop"].lang)
    data = await read_form(request, settings(request).max_json_bytes)
    values = {k: printable(v) for k, v in data.items() if isinstance(v, str)}
    capability = request.path_params["token"]
    try:
        name, body = parse_buyer_answer(data)
        if formguard.verdict(state(request).form_key, data):  # a bot: thanked, nothing stored
            return _page(request, asked, answers, t.lang, FormState(submitted_status="pending"))
        result = await store(request).write(lambda db: answering.answer_as_buyer(db, capability, name, body))
        form = FormState(submitted_status=result["status"])
    except Invalid as e:
        form = FormState(values=values, errors=e.in_language(t)[1])
    except Conflict as e:
        form = FormState(submitted_status="answered")
        return _page(request, asked, answers, t.lang, form, e.in_language(t)[0])
    asked, answers = await _load(request)
    return _page(request, asked, answers, t.lang, form)


routes = [
    Route("/answer/{token}", show, methods=["GET"]),
    Route("/answer/{token}", submit, methods=["POST"]),
]
