"""Problems a caller can act on: raised anywhere in the domain, answered only at the edge.

A problem carries a kind (what the caller can do about it), a catalog message
and its parameters, and for a form the same for each field at fault. Nothing
here is translated or knows HTTP: web/problems.py gives each kind its status
and answers in the contract's shape in the reader's language; the CLI prints
the English text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from socialproof.i18n import N_, Formatter, formatter


class ProblemKind(StrEnum):
    UNREADABLE = "unreadable"  # the request itself can't be read
    UNAUTHENTICATED = "unauthenticated"  # who is asking is not known
    FORBIDDEN = "forbidden"  # known, and not allowed
    NOT_FOUND = "not-found"
    TIMEOUT = "timeout"  # the request did not arrive in time
    CONFLICT = "conflict"  # it clashes with what is stored (taken, used, expired)
    TOO_LARGE = "too-large"
    UNSUPPORTED = "unsupported"  # a kind of body this does not take
    INVALID = "invalid"  # readable, but some fields need attention
    TOO_MANY = "too-many"  # a rate limit; retry_after says when to try again
    BUSY = "busy"  # the server is at capacity for this; retry_after too


@dataclass(frozen=True)
class Number:
    """A parameter shown in the reader's number format: 5 000 in Finnish, 5,000 in English."""

    value: int | float


@dataclass(frozen=True)
class Day:
    """A parameter shown as a date the reader's way: 3. huhtikuuta 2024, 3 april 2024, April 3, 2024."""

    iso: str


@dataclass(frozen=True)
class Message:
    """A catalog message, translated where it is shown. ``num`` picks the plural form and
    fills ``%(num)s`` (as a Number); the other parameters fill their own placeholders."""

    id: str
    plural: str | None = None
    num: int | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, t: Formatter) -> str:
        if self.plural is not None and self.num is not None:
            template = t.ngettext(self.id, self.plural, self.num)
        else:
            template = t.gettext(self.id)
        values = {name: _shown(v, t) for name, v in self.params.items()}
        if self.num is not None:
            values["num"] = t.number(self.num)
        return template % values if values else template


def _shown(value: Any, t: Formatter) -> Any:
    if isinstance(value, Number):
        return t.number(value.value)
    if isinstance(value, Day):
        return t.date(value.iso)
    return value


def plural(singular: str, plural_form: str, num: int, **params: Any) -> Message:
    """A message with plural forms, marked for the catalogs (catalogs.py extracts ``plural``)."""
    return Message(singular, plural_form, num, params)


def one_of(choices: Iterable[str]) -> Message:
    """ "one of a, b, c" for a field that takes one of the declared values (an enum's, say)."""
    return Message(N_("one of %(choices)s"), params={"choices": ", ".join(choices)})


# A field's problem: one message, or several shown together (each refused photo, say).
FieldProblem = str | Message | Sequence[str | Message]


def _as_text(problem: FieldProblem, t: Formatter, params: Mapping[str, Any]) -> str:
    """A field's problem in the reader's language; a plain message id shares the problem's parameters."""
    if isinstance(problem, Message):
        return problem.text(t)
    if isinstance(problem, str):
        return Message(problem, params=params if "%(" in problem else {}).text(t)
    return " ".join(_as_text(part, t, params) for part in problem)


class Problem(Exception):
    """Raise a subclass: its ``kind`` says what the caller can do about it."""

    kind: ProblemKind  # set by each subclass; InvitationProblem sets it per instance

    def __init__(
        self,
        message: str | Message,
        errors: Mapping[str, FieldProblem] | None = None,
        *,
        retry_after: int | None = None,
        **params: Any,
    ) -> None:
        self.detail = message if isinstance(message, Message) else Message(message, params=params)
        self.errors = dict(errors or {})
        self.retry_after = retry_after
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The sentence in English, for logs and the command line."""
        return self.detail.text(formatter("en"))

    def in_language(self, t: Formatter) -> tuple[str, dict[str, str]]:
        params = self.detail.params
        return self.detail.text(t), {name: _as_text(problem, t, params) for name, problem in self.errors.items()}


class Unreadable(Problem):
    kind = ProblemKind.UNREADABLE


class Unauthenticated(Problem):
    kind = ProblemKind.UNAUTHENTICATED


class Forbidden(Problem):
    kind = ProblemKind.FORBIDDEN


class NotFound(Problem):
    kind = ProblemKind.NOT_FOUND


class Timeout(Problem):
    kind = ProblemKind.TIMEOUT


class Conflict(Problem):
    kind = ProblemKind.CONFLICT


class TooLarge(Problem):
    kind = ProblemKind.TOO_LARGE


class Unsupported(Problem):
    kind = ProblemKind.UNSUPPORTED


class Invalid(Problem):
    kind = ProblemKind.INVALID


class TooMany(Problem):
    kind = ProblemKind.TOO_MANY


class Busy(Problem):
    kind = ProblemKind.BUSY
