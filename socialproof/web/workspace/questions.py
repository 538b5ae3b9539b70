"""The shop's questions in the workspace: publish or reject with a reason, and answer in the shop's name."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from socialproof.audit import Action
from socialproof.db.engine import Database
from socialproof.errors import Invalid
from socialproof.fields import MAX_PAGE, ascii_int, row_id
from socialproof.moderation.decisions import form_decision
from socialproof.questions import answering, asking, queue
from socialproof.questions.input import parse_answer
from socialproof.shops.registry import Shop
from socialproof.web.requests import settings, store
from socialproof.web.workspace.sessions import Session, checked_form, first, for_shop, page


def _view(request: Request) -> queue.View:
    try:
        return queue.View(request.query_params.get("view") or queue.View.WAITING)
    except ValueError:
        return queue.View.WAITING


@for_shop
async def questions_page(request: Request, current: Session, shop: Shop) -> Response:
    view, per_page = _view(request), settings(request).api_page_size
    number = ascii_int(request.query_params.get("page"), 1, MAX_PAGE) or 1

    def read(db: Database) -> tuple[tuple[list[dict[str, Any]], int], dict[queue.View, int]]:
        counted = queue.counts(db, shop)  # once: the page's total and the views' numbers
        return queue.page(db, shop, view, number, per_page, counted), counted

    (items, pages), counts = await store(request).read(read)
    return page(
        request,
        "questions.html",
        current,
        shop=shop,
        items=items,
        pages=pages,
        page_number=number,
        view=view,
        views=list(queue.View),
        counts=counts,
        done=request.query_params.get("done", ""),
    )


@for_shop
async def act(request: Request, current: Session, shop: Shop) -> Response:
    """One question's publish, rejection (with its reason) or the shop's answer; back to the view it was in."""
    form = await checked_form(request, current)
    question_id, who = request.path_params["id"], current.actor
    back = f"/admin/shops/{shop.slug}/questions?view={_view(request).value}"
    action = first(form, "action")
    try:
        if action == "answer":
            body = parse_answer({"body": first(form, "body")})
            await store(request).write(lambda db: answering.answer_as_shop(db, shop, question_id, body, who))
        elif action in (Action.APPROVE, Action.REJECT):
            decided, reason = form_decision(action, first(form, "reason"))
            await store(request).write(lambda db: asking.decide(db, shop, question_id, decided, reason, who))
        elif action in ("approve-answer", "reject-answer") and row_id(first(form, "answer")) is not None:
            answer_id = row_id(first(form, "answer")) or 0
            told, why = form_decision(action.removesuffix("-answer"), first(form, f"reason_{answer_id}"))
            await store(request).write(lambda db: answering.decide(db, shop, answer_id, told, why, who))
        else:
            return RedirectResponse(back, status_code=303)
    except Invalid as problem:  # told on the page, beside the question it was about
        done = "reason" if "reason" in problem.errors else "empty-answer"
        return RedirectResponse(f"{back}&done={done}#question-{question_id}", status_code=303)
    return RedirectResponse(f"{back}&done=question-{action}#question-{question_id}", status_code=303)


routes = [
    Route("/admin/shops/{shop}/questions", questions_page, methods=["GET"]),
    Route("/admin/shops/{shop}/questions/{id:id}", act, methods=["POST"]),
]
