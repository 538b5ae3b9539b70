"""Migration 0020: monthly roll-ups for Insights, kept by triggers as the aggregates of 0009 are.

An Insights page over a year of a large shop would otherwise read hundreds of
thousands of reviews; these tables hold the same counts per shop, product and
month, so it reads a few hundred rows. ``review_months`` counts reviews by the
month they were written; ``decision_months`` counts moderators' decisions by the
month they were made, with how long each took in buckets (the exact hours of every
decision would be a row per review again). No foreign keys: a row is written while
its shop's reviews are being deleted, and shops/removal.py deletes a shop's rows.
insights/rollups.py recounts both from the reviews (``socialproof doctor``).
Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase

HERE = "{r}.source NOT LIKE 'import:%'"  # written here, not brought in by an import
SHOWN = "{r}.status = 'approved' AND {r}.erased = 0"
# review_months: what a review adds to the row of its shop, product and month written.
REVIEW_COUNTS = {
    "written": HERE,
    "published_here": f"{SHOWN} AND {HERE}",
    "low_here": f"{SHOWN} AND {HERE} AND {{r}}.rating <= 2",
    **{f"n{stars}": f"{SHOWN} AND {{r}}.rating = {stars}" for stars in range(1, 6)},
    "with_photos": f"{SHOWN} AND {{r}}.has_photos = 1",
    "recommending": f"{SHOWN} AND {{r}}.recommend = 1",
}
# decision_months: a decision is a review written here, published or rejected, with the moment it was made.
DECIDED = "{r}.status <> 'pending' AND {r}.moderated_at IS NOT NULL AND " + HERE
OUTCOME = "CASE WHEN {r}.status = 'approved' THEN 'published' ELSE coalesce({r}.rejection_reason, 'rejected') END"
# How long a decision took, in buckets up to each bound (hours); beyond the last, 'h_more'.
BOUNDS = (1, 4, 12, 24, 48, 168, 720)
BUCKETS = [f"h_{bound}" for bound in BOUNDS] + ["h_more"]
HOURS = {
    "sqlite": "((julianday({r}.moderated_at) - julianday({r}.created_at)) * 24)",
    "postgresql": "(extract(epoch FROM ({r}.moderated_at::timestamptz - {r}.created_at::timestamptz)) / 3600)",
}
REVIEW_TRIGGER_COLUMNS = "status, erased, rating, has_photos, recommend, source, created_at, product_id, shop_id"
DECISION_TRIGGER_COLUMNS = "status, moderated_at, rating, rejection_reason, source, created_at, product_id, shop_id"


def _case(test: str, sign: str) -> str:
    return f"{sign}(CASE WHEN {test} THEN 1 ELSE 0 END)"


def _review_upsert(r: str, sign: str) -> str:
    columns = ", ".join(REVIEW_COUNTS)
    values = ", ".join(_case(test.format(r=r), sign) for test in REVIEW_COUNTS.values())
    sets = ", ".join(f"{c} = review_months.{c} + excluded.{c}" for c in REVIEW_COUNTS)
    return (
        f"INSERT INTO review_months (shop_id, product_id, month, {columns}) "
        f"VALUES ({r}.shop_id, {r}.product_id, substr({r}.created_at, 1, 7), {values}) "
        f"ON CONFLICT (shop_id, product_id, month) DO UPDATE SET {sets};"
    )


def bucket_tests(hours: str) -> list[str]:
    """For each bucket, the test that a decision taking ``hours`` falls in it."""
    lows = (None, *BOUNDS)
    highs = (*BOUNDS, None)
    return [
        " AND ".join(([f"{hours} > {low}"] if low is not None else []) + ([f"{hours} <= {high}"] if high else []))
        for low, high in zip(lows, highs, strict=True)
    ]


def _decision_upsert(r: str, sign: str, engine: str) -> str:
    buckets = [_case(test, sign) for test in bucket_tests(HOURS[engine].format(r=r))]
    sets = ", ".join(f"{c} = decision_months.{c} + excluded.{c}" for c in ["decisions", *BUCKETS])
    return (
        f"INSERT INTO decision_months (shop_id, product_id, month, rating, outcome, decisions, {', '.join(BUCKETS)}) "
        f"SELECT {r}.shop_id, {r}.product_id, substr({r}.moderated_at, 1, 7), {r}.rating, {OUTCOME.format(r=r)}, "
        f"{sign}1, {', '.join(buckets)} WHERE {DECIDED.format(r=r)} "
        f"ON CONFLICT (shop_id, product_id, month, rating, outcome) DO UPDATE SET {sets};"
    )


def _tables() -> list[str]:
    counts = ", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in REVIEW_COUNTS)
    buckets = ", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in BUCKETS)
    return [
        f"CREATE TABLE review_months (shop_id INTEGER NOT NULL, product_id INTEGER NOT NULL, month TEXT NOT NULL, "
        f"{counts}, PRIMARY KEY (shop_id, product_id, month))",
        "CREATE INDEX review_months_by_shop ON review_months (shop_id, month)",
        "CREATE TABLE decision_months (shop_id INTEGER NOT NULL, product_id INTEGER NOT NULL, month TEXT NOT NULL, "
        "rating INTEGER NOT NULL, outcome TEXT NOT NULL, decisions INTEGER NOT NULL DEFAULT 0, "
        f"{buckets}, PRIMARY KEY (shop_id, product_id, month, rating, outcome))",
        "CREATE INDEX decision_months_by_shop ON decision_months (shop_id, month)",
        # the part of a period before its first whole month is read from the reviews themselves
        "CREATE INDEX reviews_by_shop_time ON reviews (shop_id, created_at)",
        "CREATE INDEX reviews_by_shop_decided ON reviews (shop_id, moderated_at)",
    ]


def triggers(engine: str) -> list[str]:
    """The triggers in SQLite's form; PostgreSQL's are translated from them by db/translate.py."""
    both = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["OLD", "NEW"]}
    sql = []
    for event, rows in both.items():
        of = {"UPDATE": f"UPDATE OF {REVIEW_TRIGGER_COLUMNS}"}.get(event, event)
        body = " ".join(_review_upsert(r, "-" if r == "OLD" else "") for r in rows)
        sql.append(f"CREATE TRIGGER reviews_months_{event.lower()} AFTER {of} ON reviews BEGIN {body} END")
        of = {"UPDATE": f"UPDATE OF {DECISION_TRIGGER_COLUMNS}"}.get(event, event)
        body = " ".join(_decision_upsert(r, "-" if r == "OLD" else "", engine) for r in rows)
        sql.append(f"CREATE TRIGGER reviews_decisions_{event.lower()} AFTER {of} ON reviews BEGIN {body} END")
    return sql


def review_recount() -> str:
    """The rows of review_months counted from the reviews, as the triggers keep them."""
    sums = ", ".join(
        f"sum(CASE WHEN {test.format(r='r')} THEN 1 ELSE 0 END) AS {c}" for c, test in REVIEW_COUNTS.items()
    )
    return (
        f"SELECT r.shop_id, r.product_id, substr(r.created_at, 1, 7) AS month, {sums} FROM reviews r "
        "GROUP BY r.shop_id, r.product_id, substr(r.created_at, 1, 7)"
    )


def decision_recount(engine: str) -> str:
    """The rows of decision_months counted from the reviews, as the triggers keep them."""
    buckets = ", ".join(
        f"sum({_case(test, '')}) AS {c}"
        for c, test in zip(BUCKETS, bucket_tests(HOURS[engine].format(r="r")), strict=True)
    )
    outcome = OUTCOME.format(r="r")
    return (
        f"SELECT r.shop_id, r.product_id, substr(r.moderated_at, 1, 7) AS month, r.rating, {outcome} AS outcome, "
        f"count(*) AS decisions, {buckets} FROM reviews r WHERE {DECIDED.format(r='r')} "
        f"GROUP BY r.shop_id, r.product_id, substr(r.moderated_at, 1, 7), r.rating, {outcome}"
    )


def fill(db: AnyDatabase, engine: str) -> None:
    """Count the reviews already stored, as the triggers would have."""
    db.execute(f"INSERT INTO review_months (shop_id, product_id, month, {', '.join(REVIEW_COUNTS)}) {review_recount()}")
    db.execute(
        f"INSERT INTO decision_months (shop_id, product_id, month, rating, outcome, decisions, {', '.join(BUCKETS)}) "
        f"{decision_recount(engine)}"
    )


def sqlite(db: Database) -> None:
    for statement in _tables():
        db.execute(statement)
    fill(db, "sqlite")
    for statement in triggers("sqlite"):
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in _tables():
        db.execute(statement)
    fill(db, "postgresql")
    for sqlite_form in triggers("postgresql"):
        for statement in translate.trigger(sqlite_form):
            db.execute(statement)
