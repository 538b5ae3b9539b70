"""A product's summary and each page of its reviews stay index lookups at any size.

These EXPLAIN the very SQL the code runs, so a query changed in the code is
checked here too.
"""

import pytest

from socialproof.moderation.decisions import QUEUE_COUNT_SQL, QUEUE_SQL
from socialproof.reviews.listing import Sort, page_sql
from socialproof.reviews.summary import SHOP_SUMMARY_SQL, SUMMARY_SQL


def plan(db, sql, params):
    return " | ".join(row["detail"] for row in db.query(f"EXPLAIN QUERY PLAN {sql}", params))


def assert_index_only(text):
    assert "SCAN" not in text, f"a table or index is scanned whole: {text}"
    assert "TEMP B-TREE" not in text, f"rows are sorted outside an index: {text}"
    assert "INDEX" in text, text


def test_summary_is_an_index_range(db):
    text = plan(db, SUMMARY_SQL, [1, "P1"])
    assert_index_only(text)
    assert "COVERING INDEX" in text, text


@pytest.mark.parametrize("sort", list(Sort))
@pytest.mark.parametrize("stars", [None, 4])
def test_each_sort_and_star_filter_reads_the_page_from_an_index(db, sort, stars):
    params = [1] + ([stars] if stars else []) + [20, 40]
    assert_index_only(plan(db, page_sql(sort, stars), params))


def test_shop_wide_rating_is_an_index_range(db):
    text = plan(db, SHOP_SUMMARY_SQL, [1])
    assert_index_only(text)
    assert "COVERING INDEX" in text, text


def test_moderation_queue_is_an_index_range(db):
    assert_index_only(plan(db, QUEUE_SQL, [1, "pending", 20, 0]))
    assert_index_only(plan(db, QUEUE_COUNT_SQL, [1, "pending"]))
