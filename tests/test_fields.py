import pytest

from socialproof.fields import SQLITE_MAX_ID, ascii_int, row_id


@pytest.mark.parametrize("raw, value", [("1", 1), ("005", 5), (" 7 ", 7), (3, 3), (str(SQLITE_MAX_ID), SQLITE_MAX_ID)])
def test_ascii_digits_in_range_are_numbers(raw, value):
    assert ascii_int(raw, 0, SQLITE_MAX_ID) == value


@pytest.mark.parametrize(
    "raw",
    [
        "¹",
        "₀₁₂",
        "٣",
        "５",
        "1" * 19,
        "9" * 5000,
        "-1",
        "+1",
        "1.0",
        "1e3",
        "0x1",
        "",
        " ",
        "1 2",
        True,
        1.0,
        None,
        [1],
        "\x001",
    ],
)
def test_anything_else_is_none(raw):
    assert ascii_int(raw, 0, SQLITE_MAX_ID) is None


def test_out_of_range_is_none():
    assert ascii_int("6", 1, 5) is None and ascii_int(0, 1, 5) is None


def test_row_ids_start_at_one_and_fit_sqlite():
    assert row_id("0") is None and row_id("1") == 1 and row_id(str(2**63)) is None
