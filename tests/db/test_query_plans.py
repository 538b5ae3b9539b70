"""A product's summary is one kept row, and each page of its reviews stay index lookups at any size.

These EXPLAIN the very SQL the code runs, so a query changed in the code is
checked here too.
"""

import pytest

from socialproof.moderation.decisions import QUEUE_COUNT_SQL, QUEUE_SQL
from socialproof.questions.listing import ORDER_BY, PUBLISHED_SQL
from socialproof.questions.listing import Sort as QuestionSort
from socialproof.reviews.listing import LEAD, Sort, page_sql, seek_sql
from socialproof.reviews.summary import PRODUCT_STATS_SQL, SHOP_STATS_SQL

# PostgreSQL plans by table statistics, so a near-empty test database says nothing of its plans
# at size; scripts/benchmark.py measures those.
pytestmark = pytest.mark.engine("sqlite")


def plan(db, sql, params):
    return " | ".join(row["detail"] for row in db.query(f"EXPLAIN QUERY PLAN {sql}", params))


def assert_index_only(text):
    assert "SCAN" not in text, f"a table or index is scanned whole: {text}"
    assert "TEMP B-TREE" not in text, f"rows are sorted outside an index: {text}"
    assert "INDEX" in text, text


def test_a_products_summary_is_one_kept_row_found_by_index(db):
    text = plan(db, PRODUCT_STATS_SQL, [1, "P1"])
    assert_index_only(text)
    assert "reviews" not in text, text


@pytest.mark.parametrize("sort", list(Sort))
@pytest.mark.parametrize("stars", [None, 4])
def test_each_sort_and_star_filter_reads_the_page_from_an_index(db, sort, stars):
    params = [1] + ([stars] if stars else []) + [20, 40]
    assert_index_only(plan(db, page_sql(sort, stars), params))


def test_shop_wide_rating_is_one_kept_row(db):
    text = plan(db, SHOP_STATS_SQL, [1])
    assert "SCAN" not in text and "PRIMARY KEY" in text, text


def test_moderation_queue_is_an_index_range(db):
    assert_index_only(plan(db, QUEUE_SQL, [1, "pending", 20, 0]))
    assert_index_only(plan(db, QUEUE_COUNT_SQL, [1, "pending"]))


# The cursor's own lead value, and (for orders with a lead column) the values beyond it.
SEEKS = [(sort, False) for sort in Sort] + [(sort, True) for sort in Sort if LEAD[sort]]


@pytest.mark.parametrize(("sort", "beyond"), SEEKS)
def test_a_page_after_a_cursor_is_an_index_range_too(db, sort, beyond):
    sql = seek_sql(sort, None, False, beyond)
    assert_index_only(plan(db, sql, [1] + [0] * (sql.count("?") - 1)))


@pytest.mark.parametrize("sort", list(QuestionSort))
def test_each_order_of_a_products_questions_reads_the_page_from_an_index(db, sort):
    assert_index_only(plan(db, PUBLISHED_SQL.format(order=ORDER_BY[sort]), [1, "P1", 20, 0]))
