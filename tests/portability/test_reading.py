"""Reading export files as spreadsheets and services write them."""

from __future__ import annotations

import pytest

from socialproof.errors import Invalid
from socialproof.i18n import formatter
from socialproof.portability.reading import DayOrder, day_order, parse_date, rows


def test_semicolons_a_bom_crlf_and_a_body_over_two_lines_are_read_by_header():
    data = '\ufeffRating;Body;Product Handle\r\n5;"Kaksi\r\nriviä 😀";tumma\r\n4;Yksi;vaalea\r\n'.encode()
    first, second = rows(data)
    assert first.cells == {"rating": "5", "body": "Kaksi\r\nriviä 😀", "producthandle": "tumma"}
    assert (first.line, second.line) == (2, 4)  # the second record starts after the two-line body


def test_json_lists_and_json_lines_are_both_read():
    assert rows(b'[{"Rating": 5}, {"Rating": 4}]')[1].cells == {"rating": 4}
    assert [r.line for r in rows(b'{"rating": 5}\n\n{"rating": 3}\n')] == [1, 3]


@pytest.mark.parametrize(
    ("raw", "order", "iso"),
    [
        ("2024-03-01 08:00:00 UTC", None, "2024-03-01T08:00:00.000000+00:00"),
        ("2024-02-01T10:00:00Z", None, "2024-02-01T10:00:00.000000+00:00"),
        ("2024-02-01T12:00:00+02:00", None, "2024-02-01T10:00:00.000000+00:00"),
        ("03/04/2024", DayOrder.DAY_FIRST, "2024-04-03T00:00:00.000000+00:00"),
        ("03/04/2024 10:30", DayOrder.MONTH_FIRST, "2024-03-04T10:30:00.000000+00:00"),
        ("3.4.2024", None, "2024-04-03T00:00:00.000000+00:00"),
    ],
)
def test_the_four_date_shapes_become_utc(raw, order, iso):
    assert parse_date(raw, order) == iso


def test_the_day_month_order_comes_from_the_file_or_the_operator_never_a_guess():
    assert day_order(["13/01/2024", "02/03/2024"], None) is DayOrder.DAY_FIRST
    assert day_order(["01/13/2024"], None) is DayOrder.MONTH_FIRST
    with pytest.raises(Invalid) as asked:
        day_order(["07/07/2024", "03/04/2024", "05/06/2024"], None)
    question, _ = asked.value.in_language(formatter("fi"))  # a date the file holds, both ways, in words
    assert question.startswith("Tarkoittaako 03/04/2024 3. huhtikuuta 2024 vai 4. maaliskuuta 2024?")
    assert day_order(["03/04/2024"], DayOrder.MONTH_FIRST) is DayOrder.MONTH_FIRST
    with pytest.raises(Invalid, match="not in the order given"):
        day_order(["13/01/2024"], DayOrder.MONTH_FIRST)
    with pytest.raises(Invalid, match="mix day-first and month-first"):
        day_order(["13/01/2024", "01/13/2024"], None)


def test_a_file_that_is_not_utf8_is_refused_with_what_to_do():
    with pytest.raises(Invalid, match="CSV UTF-8"):
        rows("rating\n5\nä".encode("latin-1"))
