"""What a shopper may ask and what an answer may say: every field checked at once, cleaned by sanitize's rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from socialproof.errors import FieldProblem, Invalid, plural
from socialproof.fields import is_address, text_of
from socialproof.i18n import N_
from socialproof.reviews.input import AUTHOR_MAX, LANG_TAG, product_fields
from socialproof.sanitize import bounded

QUESTION_MAX, ANSWER_MAX = 1000, 2000
CHECK_QUESTION = N_("Please check the question: some fields need attention.")


@dataclass(frozen=True)
class QuestionInput:
    body: str
    author_name: str
    lang: str
    email: str | None = None  # only to tell the asker of an answer; forgotten once told
    product_name: str | None = None
    product_url: str | None = None
    product_image: str | None = None


def _name(data: Mapping[str, Any], errors: dict[str, FieldProblem], missing: str) -> str | None:
    """The name to show, cleaned; ``missing`` (or the limit) added to ``errors`` when it can't be used."""
    name = bounded(text_of(data, "author_name"), AUTHOR_MAX)
    if name == "":
        errors["author_name"] = missing
    elif name is None:
        errors["author_name"] = plural(
            "The name can be at most %(num)s character.", "The name can be at most %(num)s characters.", AUTHOR_MAX
        )
    return name


def parse_question(data: Mapping[str, Any], default_lang: str) -> QuestionInput:
    """A QuestionInput, or Invalid naming every field at fault at once."""
    errors: dict[str, FieldProblem] = {}
    body = bounded(text_of(data, "body"), QUESTION_MAX, multiline=True)
    if body == "":
        errors["body"] = N_("Write your question.")
    elif body is None:
        errors["body"] = plural(
            "A question can be at most %(num)s character.",
            "A question can be at most %(num)s characters.",
            QUESTION_MAX,
        )
    author_name = _name(data, errors, N_("Give the name to show with your question."))
    email = text_of(data, "email").strip() or None
    if email is not None and not is_address(email):
        errors["email"] = N_("Check the e-mail address, or leave it empty.")
    lang = text_of(data, "lang").strip() or default_lang
    if not LANG_TAG.fullmatch(lang):
        errors["lang"] = N_("The language should be a code like fi, sv or en.")
    product = product_fields(data, errors)
    if errors:
        raise Invalid(CHECK_QUESTION, errors)
    return QuestionInput(body or "", author_name or "", lang, email, **product)


def parse_answer(data: Any) -> str:
    """An answer's words, or Invalid saying what is wrong with them."""
    body = bounded(text_of(data, "body"), ANSWER_MAX, multiline=True) if isinstance(data, Mapping) else ""
    if body == "":
        raise Invalid(N_("Write the answer."), {"body": N_("required")})
    if body is None:
        raise Invalid(
            plural(
                "An answer can be at most %(num)s character.",
                "An answer can be at most %(num)s characters.",
                ANSWER_MAX,
            ),
            {"body": plural("at most %(num)s character", "at most %(num)s characters", ANSWER_MAX)},
        )
    return body


CHECK_ANSWER = N_("Please check the answer: some fields need attention.")


def parse_buyer_answer(data: Mapping[str, Any]) -> tuple[str, str]:
    """A buyer's name and answer, or Invalid naming each field at fault."""
    errors: dict[str, FieldProblem] = {}
    body = bounded(text_of(data, "body"), ANSWER_MAX, multiline=True)
    if body == "":
        errors["body"] = N_("Write your answer.")
    elif body is None:
        errors["body"] = plural(
            "An answer can be at most %(num)s character.", "An answer can be at most %(num)s characters.", ANSWER_MAX
        )
    author_name = _name(data, errors, N_("Give the name to show with your answer."))
    if errors:
        raise Invalid(CHECK_ANSWER, errors)
    return author_name or "", body or ""
