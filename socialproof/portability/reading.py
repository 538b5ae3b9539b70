"""Reading an export file as the services and spreadsheets write it: rows of named cells, and their dates.

CSV from Finnish and Swedish Excel uses ``;``; files come with a UTF-8 BOM,
Windows line ends and bodies over several lines. JSON is a list of objects
(WooCommerce's REST API) or one object per line (socialproof's own export).
Dates come in four shapes; a file whose day and month could be either way
round is refused with a question, never guessed.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from socialproof import policy, untrusted_json
from socialproof.errors import Day, Invalid, Number, one_of
from socialproof.i18n import N_

DELIMITERS = ",;\t"


@dataclass(frozen=True)
class Row:
    """One record: its line in the file (for the report) and its cells by normalised header."""

    line: int
    cells: dict[str, object]
    raw: dict[str, Any] | None = None  # a JSON record as written: what its signature covers


def header_key(name: str) -> str:
    """A header as the alias table knows it: case, spaces, dashes and underscores ignored."""
    return re.sub(r"[\s_\-]+", "", name.strip().lower())


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(N_("The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”.")) from None


def rows(data: bytes) -> list[Row]:
    """Every record of a CSV, JSON or JSON-lines file."""
    text = decode(data)
    stripped = text.lstrip()
    if stripped.startswith("[") or stripped.startswith("{"):
        return _json_rows(stripped)
    return _csv_rows(text)


def _json_rows(text: str) -> list[Row]:
    line = 1
    try:
        if text.startswith("["):
            records = untrusted_json.loads(text)
            numbered = list(enumerate(records, start=1))
        else:
            numbered = []
            for line, record in enumerate(text.splitlines(), start=1):
                if record.strip():
                    numbered.append((line, untrusted_json.loads(record)))
                    _within_rows(len(numbered))
    except json.JSONDecodeError as e:
        raise Invalid(N_("The file is not valid JSON (line %(line)s)."), line=e.lineno + line - 1) from None
    except ValueError:  # nested too deeply, a number too long, NaN
        raise Invalid(N_("The file is not valid JSON (line %(line)s)."), line=line) from None
    _within_rows(len(numbered))
    if not all(isinstance(record, dict) for _, record in numbered):
        raise Invalid(N_("A JSON file must hold review objects, one per line or in one list."))
    return [Row(n, {header_key(k): v for k, v in record.items()}, record) for n, record in numbered]


def _within_rows(count: int) -> None:
    """Stop reading at once past ``policy.IMPORT_MAX_ROWS``: memory stays bounded whatever the file holds."""
    if count > policy.IMPORT_MAX_ROWS:
        raise Invalid(
            N_("The file holds more than %(max)s reviews: import it in parts of at most that many."),
            {"file": N_("at most %(max)s reviews")},
            max=Number(policy.IMPORT_MAX_ROWS),
        )


def _csv_rows(text: str) -> list[Row]:
    first = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise Invalid(N_("The file is empty.")) from None
    keys = [header_key(h) for h in header]
    found, ended = [], reader.line_num
    try:
        for cells in reader:
            # A record starts on the line after the last one ended: its body may run over several.
            if any(c.strip() for c in cells):
                found.append(Row(ended + 1, dict(zip(keys, cells, strict=False))))
                _within_rows(len(found))
            ended = reader.line_num
    except csv.Error as e:
        raise Invalid(
            N_("The CSV file can't be read near line %(line)s: %(problem)s"), line=reader.line_num, problem=str(e)
        ) from None
    return found


class DayOrder(StrEnum):
    """How to read ``01/02/2024``: the file's dates say, or the operator does."""

    DAY_FIRST = "dmy"
    MONTH_FIRST = "mdy"


SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
UTC_SUFFIXED = re.compile(r"^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})(?:\.\d+)? ?(?:UTC|GMT)$")
DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def day_order(values: Iterable[str], given: DayOrder | None) -> DayOrder | None:
    """The file's order of day and month in slashed dates, or Invalid when it can't be told."""
    first_over_12 = second_over_12 = slashed = False
    example: re.Match[str] | None = None  # a date of the file's own, to ask about
    for value in values:
        if match := SLASHED.match(value.strip()):
            slashed = True
            first_over_12 |= int(match[1]) > 12
            second_over_12 |= int(match[2]) > 12
            if example is None or example[1] == example[2]:
                example = match
    if not slashed:
        return given
    if first_over_12 and second_over_12:
        raise Invalid(N_("The file's dates mix day-first and month-first: correct them and import again."))
    told = DayOrder.DAY_FIRST if first_over_12 else DayOrder.MONTH_FIRST if second_over_12 else None
    if given is not None and told is not None and given is not told:
        raise Invalid(N_("The file's dates are not in the order given with --dates."))
    if told is None and given is None:
        assert example is not None
        a, b, year = int(example[1]), int(example[2]), int(example[3])
        raise Invalid(
            N_(
                "Does %(date)s mean %(day_first)s or %(month_first)s? Every date in the file could be either: "
                "say which with --dates dmy or --dates mdy (dates=dmy or dates=mdy in the API)."
            ),
            {"dates": one_of(o.value for o in DayOrder)},
            date=example[0].split()[0],
            day_first=Day(f"{year:04d}-{b:02d}-{a:02d}"),
            month_first=Day(f"{year:04d}-{a:02d}-{b:02d}"),
        )
    return told or given


def parse_date(value: str, order: DayOrder | None) -> str | None:
    """A date from the file as our ISO 8601 UTC text, or None when it has none of the known shapes."""
    value = value.strip()
    if match := SLASHED.match(value) or DOTTED.match(value):
        a, b, year = int(match[1]), int(match[2]), int(match[3])
        day, month = (a, b) if match.re is DOTTED or order is DayOrder.DAY_FIRST else (b, a)
        hour, minute, second = (int(p) if p else 0 for p in match.groups()[3:])
        try:
            moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        except ValueError:
            return None
        return moment.isoformat(timespec="microseconds")
    if match := UTC_SUFFIXED.match(value):
        value = match[1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:  # a bare date or time is taken as UTC, as the services write it
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
