"""JSON from anyone (a request body, a platform's webhook, an imported file), read within bounds.

The standard library's reader accepts NaN and Infinity, spends quadratic time on
a number of thousands of digits (and raises on 4,300), and recurses once per
level of nesting: each of those is refused here as a ValueError, which every
caller turns into a clear 4xx. Lone surrogates (what a JSON "\\ud800" escape
makes: not text, and nothing can store it) are dropped from every string.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from socialproof.sanitize import without_surrogates

JSON_MAX_DEPTH = 16  # our bodies nest three deep; anything far deeper is not meant for us


JSON_MAX_NUMBER_DIGITS = 30


def _bounded_number(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    """``convert``, refusing a number past ``JSON_MAX_NUMBER_DIGITS``: int() of 5,000 digits
    raises, and of 4,000 costs quadratic time before anything reads it."""

    def parse(text: str) -> Any:
        if len(text) > JSON_MAX_NUMBER_DIGITS:
            raise ValueError("number too long")
        return convert(text)

    return parse


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _checked(data: Any) -> Any:
    """``data`` with lone surrogates dropped from every string (sanitize.without_surrogates), or
    ValueError past ``JSON_MAX_DEPTH``; iterative, so no input can exhaust the stack."""
    stack: list[tuple[Any, int]] = [(data, 1)] if isinstance(data, (dict, list)) else []
    while stack:
        node, depth = stack.pop()
        if depth > JSON_MAX_DEPTH:
            raise ValueError("nested too deeply")
        if isinstance(node, dict) and any(without_surrogates(key) != key for key in node):
            cleaned = {without_surrogates(key): item for key, item in node.items()}
            node.clear()
            node.update(cleaned)
        for slot, item in list(node.items() if isinstance(node, dict) else enumerate(node)):
            if isinstance(item, str):
                node[slot] = without_surrogates(item)
            elif isinstance(item, (dict, list)):
                stack.append((item, depth + 1))
    return data


def loads(text: bytes | str) -> Any:
    """``text`` as JSON within the bounds above, or ValueError (JSONDecodeError and UnicodeDecodeError are ones)."""
    try:
        parsed = json.loads(
            text, parse_int=_bounded_number(int), parse_float=_bounded_number(float), parse_constant=_no_constant
        )
    except RecursionError:  # nesting deep enough to exhaust the parser's stack
        raise ValueError("nested too deeply") from None
    return _checked(parsed)
