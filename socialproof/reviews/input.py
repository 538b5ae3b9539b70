"""What a shopper may submit as a review: every field checked at once, cleaned by sanitize's rule."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from socialproof.errors import FieldProblem, Invalid, plural
from socialproof.fields import ADDRESS_MAX, ascii_int, is_address
from socialproof.i18n import N_
from socialproof.photos.intake import CHECK_REVIEW
from socialproof.reviews import scales
from socialproof.sanitize import bounded, folded

URL_GIVEN = N_("Give a full http or https address.")
URL = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f\ud800-\udfff]+")
LANG_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z]{2})?")
TITLE_MAX, BODY_MAX, AUTHOR_MAX, URL_MAX, PRODUCT_NAME_MAX = 120, 5000, 60, 2000, 200
EMAIL_MAX = ADDRESS_MAX
INVITATION_MAX = 500  # a review link's token is far shorter; past this it is no token of ours
CODE_MAX = 40  # an in-store code typed with spaces is 14-20 characters
# Said of a review link that is not ours, whether it is too long to be one or its signature fails.
LINK_NOT_VALID = N_("This review link is not valid. You can still write a review without it.")


@dataclass(frozen=True)
class ReviewInput:
    rating: int
    title: str
    body: str
    author_name: str
    lang: str
    email: str | None = None
    recommend: bool | None = None
    product_name: str | None = None
    product_url: str | None = None
    product_image: str | None = None
    invitation: str | None = None  # the token of a review link, checked when stored
    code: str | None = None  # an in-store code (store_codes.py), checked when stored
    scales: Mapping[str, str] = field(default_factory=dict)  # scale name → label; checked against the product's


def _text(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _clean(data: Mapping[str, Any], name: str, max_length: int, *, multiline: bool = False) -> str | None:
    """The field cleaned by sanitize's rule ("" when absent), or None when it is too long."""
    return bounded(_text(data, name) or "", max_length, multiline=multiline)


def _bool(value: Any) -> bool | None | str:
    """JSON true/false or a form's yes/no; the string 'invalid' when neither."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("yes", "true", "1", "on"):
        return True
    if isinstance(value, str) and value.lower() in ("no", "false", "0"):
        return False
    return "invalid"


def _words(data: Mapping[str, Any], errors: dict[str, FieldProblem]) -> tuple[str | None, str | None]:
    """The review's title and body, cleaned; a problem for each added to ``errors``."""
    title = _clean(data, "title", TITLE_MAX)
    if title is None:
        errors["title"] = plural(
            "The title can be at most %(num)s character.", "The title can be at most %(num)s characters.", TITLE_MAX
        )

    body = _clean(data, "body", BODY_MAX, multiline=True)
    if body == "":
        errors["body"] = N_("Write a few words about the product.")
    elif body is None:
        errors["body"] = plural(
            "The review can be at most %(num)s character.", "The review can be at most %(num)s characters.", BODY_MAX
        )
    return title, body


def parse_correction(data: Mapping[str, Any]) -> tuple[str, str]:
    """A writer's corrected title and body (reviews/own_link.py), checked as a new review's are."""
    errors: dict[str, FieldProblem] = {}
    title, body = _words(data, errors)
    if errors:
        raise Invalid(CHECK_REVIEW, errors)
    return title or "", body or ""


def product_fields(data: Mapping[str, Any], errors: dict[str, FieldProblem]) -> dict[str, str | None]:
    """What the page says of its product (``product_name``, ``product_url``, ``product_image``), each None
    when not given; a problem for each added to ``errors``."""
    product_name = _clean(data, "product_name", PRODUCT_NAME_MAX)
    if product_name is None:
        errors["product_name"] = N_("The product name is too long.")
    fields = {"product_name": product_name or None}
    for name in ("product_url", "product_image"):
        url = (_text(data, name) or "").strip() or None
        if url is not None and (len(url) > URL_MAX or not URL.fullmatch(url)):
            errors[name] = URL_GIVEN
        fields[name] = url
    return fields


def parse_review(data: Mapping[str, Any], default_lang: str) -> ReviewInput:
    """A ReviewInput, or a Invalid naming every field at fault at once."""
    errors: dict[str, FieldProblem] = {}

    rating = ascii_int(data.get("rating"), 1, 5) or 0
    if not rating:
        errors["rating"] = N_("Choose a rating from 1 to 5 stars.")

    title, body = _words(data, errors)

    author_name = _clean(data, "author_name", AUTHOR_MAX)
    if author_name == "":
        errors["author_name"] = N_("Give the name to show with your review.")
    elif author_name is None:
        errors["author_name"] = plural(
            "The name can be at most %(num)s character.", "The name can be at most %(num)s characters.", AUTHOR_MAX
        )

    email = (_text(data, "email") or "").strip() or None
    if email is not None and not is_address(email):
        errors["email"] = N_("Check the e-mail address, or leave it empty.")

    recommend = _bool(data.get("recommend"))
    if recommend == "invalid":
        errors["recommend"] = N_("Answer yes or no, or leave it unanswered.")

    lang = (_text(data, "lang") or "").strip() or default_lang
    if not LANG_TAG.fullmatch(lang):
        errors["lang"] = N_("The language should be a code like fi, sv or en.")

    product = product_fields(data, errors)

    invitation = (_text(data, "invitation") or "").strip() or None
    if invitation is not None and len(invitation) > INVITATION_MAX:
        errors["invitation"] = LINK_NOT_VALID

    code = (_text(data, "code") or "").strip()[:CODE_MAX] or None  # longer is no code: refused when checked

    answers = _answers(data, errors)

    if errors:
        raise Invalid(CHECK_REVIEW, errors)
    return ReviewInput(
        rating=rating,
        title=title or "",
        body=body or "",
        author_name=author_name or "",
        lang=lang,
        email=email,
        recommend=recommend if isinstance(recommend, bool) else None,
        invitation=invitation,
        code=code,
        scales=answers,
        **product,
    )


def _answers(data: Mapping[str, Any], errors: dict[str, FieldProblem]) -> dict[str, str]:
    """The answers to the product's scales: JSON's ``"scales": {NAME: LABEL}`` or a form's ``scales.NAME``
    fields. Which names and labels the product knows is checked where the review is stored."""
    given = data.get("scales")
    if given is None:
        given = {name.removeprefix("scales."): value for name, value in data.items() if name.startswith("scales.")}
    if not isinstance(given, Mapping) or len(given) > scales.ANSWERS_MAX:
        errors["scales"] = N_('Answer the product\'s questions as {"name": "answer"}, or leave them out.')
        return {}
    answers = {}
    for name, value in given.items():
        label = bounded(value, scales.LABEL_MAX) if isinstance(value, str) else None
        if label is None or len(name) > scales.NAME_MAX:
            errors[f"scales.{name[: scales.NAME_MAX]}"] = N_("Choose one of its answers, or leave it unanswered.")
        else:
            answers[name] = label
    return answers


def text_hash(text: str) -> str:
    """The same words however spaced or cased: for the workspace's "repeated text" hint."""
    return hashlib.sha256(folded(text).encode()).hexdigest()[:32]
