import pytest

from socialproof.sanitize import plain_text


@pytest.mark.parametrize("raw, clean", [
    ("<script>alert(1)</script>Hyvää", "alert(1)Hyvää"),
    ("<b>bold</b> claim", "bold claim"),
    ('<img src=x onerror="alert(1)">', ""),
    ("a < b & c > d", "a < b & c > d"),
    ("right\u202eto-left trick", "rightto-left trick"),
    ("  spaced   out  ", "spaced out"),
    ("zero\u200bwidth", "zerowidth"),
])
def test_markup_and_disguises_are_removed(raw, clean):
    assert plain_text(raw) == clean


def test_multiline_keeps_paragraphs_but_not_runs_of_blank_lines():
    assert plain_text("first\r\n\r\n\r\n\r\nsecond  line\n", multiline=True) == "first\n\nsecond line"


def test_single_line_fields_fold_newlines():
    assert plain_text("Anni\nK.") == "Anni K."
