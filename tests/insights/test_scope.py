"""A period's whole months (read from the roll-ups) and its edges (read from the rows), at the turns of months and years."""

from __future__ import annotations

from datetime import UTC, datetime

from socialproof.insights.scope import Period, Scope, _next, _previous

NOW = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


def test_thirty_days_are_the_current_month_whole_and_the_part_of_the_one_before():
    scope = Scope(1, Period.DAYS_30, now=NOW)
    assert scope.start == "2026-11-06T09:30:00.000000+00:00" and scope.end is None
    assert scope.whole_months() == ("2026-12", None)
    assert [e.window for e in scope.edges()] == [("2026-11-06T09:30:00.000000+00:00", "2026-12")]


def test_the_period_before_with_no_whole_month_is_one_edge():
    before = Scope(1, Period.DAYS_30, now=NOW).previous()
    assert before is not None
    assert (before.start, before.end) == ("2026-10-07T09:30:00.000000+00:00", "2026-11-06T09:30:00.000000+00:00")
    assert before.whole_months() is None
    assert [e.window for e in before.edges()] == [(before.start, before.end)]


def test_a_year_before_spans_whole_months_with_an_edge_at_each_end():
    before = Scope(1, Period.MONTHS_12, now=NOW).previous()
    assert before is not None and before.whole_months() == ("2025-01", "2025-11")
    assert [e.window for e in before.edges()] == [
        ("2024-12-06T09:30:00.000000+00:00", "2025-01"),
        ("2025-12", "2025-12-06T09:30:00.000000+00:00"),
    ]


def test_all_time_is_every_month_and_no_edge():
    scope = Scope(1, Period.ALL, now=NOW)
    assert scope.whole_months() == ("", None) and scope.edges() == [] and scope.previous() is None


def test_covering_widens_to_the_first_day_of_the_first_month_touched():
    covering = Scope(1, Period.DAYS_30, now=NOW).covering()
    assert covering.start == "2026-11" and covering.whole_months() == ("2026-11", None) and covering.edges() == []
    assert covering.months == ("2026-11", "2026-12")


def test_months_turn_over_the_year():
    assert (_next("2026-12"), _next("2026-01"), _previous("2027-01"), _previous("2026-03")) == (
        "2027-01",
        "2026-02",
        "2026-12",
        "2026-02",
    )


def test_the_roll_up_condition_reads_the_shops_own_row_or_the_products():
    shop = Scope(1, Period.DAYS_30, now=NOW).months_where()
    assert shop == ("shop_id = ? AND month >= ? AND product_id = ?", [1, "2026-12", 0])
    product = Scope(1, Period.DAYS_30, product_id=7, now=NOW).months_where()
    assert product is not None and product[1] == [1, "2026-12", 7]
    every = Scope(1, Period.DAYS_30, now=NOW).months_where(each_product=True)
    assert every == ("shop_id = ? AND month >= ? AND product_id <> ?", [1, "2026-12", 0])
