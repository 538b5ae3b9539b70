"""Migration 0020: monthly roll-ups for Insights, kept by triggers as the aggregates of 0009 are.

An Insights page over a year of a large shop would otherwise read hundreds of
thousands of rows; these tables hold the same counts per shop, product and month,
so it reads a few hundred. Each count is kept twice: on its product's row and on the
shop's row (product_id 0), which the whole shop's figures read.

- ``review_months``: reviews by the month written (published, by star, with photos,
  answered by the shop and how soon, …);
- ``decision_months``: moderators' decisions by the month made, star rating and
  outcome, with how long each took;
- ``signal_months``: helpful votes and recommendations by the month given.

Durations are kept in buckets up to each of ``BOUNDS`` hours (the exact hours of every
decision would be a row per review again). ``reviews.replied_at`` (the shop's reply,
kept by triggers on replies) lets a review's row say whether and when it was answered.
No foreign keys: rows are written while a shop's reviews are being deleted, and
shops/removal.py deletes a shop's rows. insights/rollups.py recounts all three
(``socialproof doctor``). Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase

SHOP_ROW = 0  # the product_id of a shop's own row: the sum of its products' (and the shop's own signals)

BOUNDS = (1, 4, 12, 24, 48, 168, 720)  # hours: up to 1, 4, 12 hours, 1, 2, 7 and 30 days, then longer
BUCKETS = [f"h_{bound}" for bound in BOUNDS] + ["h_more"]
REPLY_BUCKETS = [f"reply_{b}" for b in BUCKETS]

HERE = "{r}.source NOT LIKE 'import:%'"  # written here, not brought in by an import
SHOWN = "{r}.status = 'approved' AND {r}.erased = 0"
ANSWERED = f"{SHOWN} AND {HERE} AND {{r}}.replied_at IS NOT NULL"
HOURS = {  # from one stored timestamp to another, in hours, as each engine reckons it
    "sqlite": "((julianday({end}) - julianday({start})) * 24)",
    "postgresql": "(extract(epoch FROM (({end})::timestamptz - ({start})::timestamptz)) / 3600)",
}
DECISION_HOURS = {"end": "{r}.moderated_at", "start": "{r}.created_at"}
REPLY_HOURS = {"end": "{r}.replied_at", "start": "coalesce({r}.published_at, {r}.created_at)"}


def bucket_tests(hours: str) -> list[str]:
    """For each bucket, the test that a duration of ``hours`` falls in it."""
    lows, highs = (None, *BOUNDS), (*BOUNDS, None)
    return [
        " AND ".join(([f"{hours} > {low}"] if low is not None else []) + ([f"{hours} <= {high}"] if high else []))
        for low, high in zip(lows, highs, strict=True)
    ]


def review_counts(engine: str, hours: str | None = None) -> dict[str, str]:
    """What a review adds to its month's row: each column's test on review row ``{r}``. ``hours``: where the
    reply's hours are already reckoned (a trigger reckons them once, not once for each bucket)."""
    hours = hours or HOURS[engine].format(**REPLY_HOURS)
    return {
        "written": HERE,
        "published_here": f"{SHOWN} AND {HERE}",
        "low_here": f"{SHOWN} AND {HERE} AND {{r}}.rating <= 2",
        **{f"n{stars}": f"{SHOWN} AND {{r}}.rating = {stars}" for stars in range(1, 6)},
        "with_photos": f"{SHOWN} AND {{r}}.has_photos = 1",
        "recommending": f"{SHOWN} AND {{r}}.recommend = 1",
        "answered": ANSWERED,
        "answered_low": f"{ANSWERED} AND {{r}}.rating <= 2",
        **{c: f"{ANSWERED} AND {test}" for c, test in zip(REPLY_BUCKETS, bucket_tests(hours), strict=True)},
    }


# decision_months: a decision is a review written here, published or rejected, with the moment it was made.
DECIDED = "{r}.status <> 'pending' AND {r}.moderated_at IS NOT NULL AND " + HERE
OUTCOME = "CASE WHEN {r}.status = 'approved' THEN 'published' ELSE coalesce({r}.rejection_reason, 'rejected') END"

REVIEW_TRIGGER_COLUMNS = (
    "status, erased, rating, has_photos, recommend, source, created_at, published_at, replied_at, product_id, shop_id"
)
DECISION_TRIGGER_COLUMNS = "status, moderated_at, rating, rejection_reason, source, created_at, product_id, shop_id"


def _case(test: str, sign: str = "") -> str:
    return f"{sign}(CASE WHEN {test} THEN 1 ELSE 0 END)"


def grouped_upsert(table: str, keys: list[str], values: list[str], selects: list[str]) -> str:
    """One statement adding every row ``selects`` propose (each SELECT naming ``keys`` and ``values``) to
    ``table``: summed by key first, since one statement may not touch a row twice (a review's old and new
    counts often fall on the same row). One statement, not one per row: each costs a trigger a plan."""
    sums = ", ".join(f"sum({v}) AS {v}" for v in values)
    sets = ", ".join(f"{v} = {table}.{v} + excluded.{v}" for v in values)
    key = ", ".join(keys)
    return (
        f"INSERT INTO {table} ({key}, {', '.join(values)}) SELECT {key}, {sums} FROM ({' UNION ALL '.join(selects)}) "
        f"AS d WHERE true GROUP BY {key} ON CONFLICT ({key}) DO UPDATE SET {sets};"
    )


def _review_upserts(rows: list[str], engine: str) -> str:
    """A review's counts on its product's row and the shop's: ``rows`` are 'OLD' (taken away) and/or 'NEW'."""
    counts = review_counts(engine, hours="x.h")
    selects = [
        f"SELECT {r}.shop_id AS shop_id, {product} AS product_id, substr({r}.created_at, 1, 7) AS month, "
        + ", ".join(f"{_case(test.format(r=r), '-' if r == 'OLD' else '')} AS {c}" for c, test in counts.items())
        + f" FROM (SELECT {HOURS[engine].format(**REPLY_HOURS).format(r=r)} AS h) AS x"
        for r in rows
        for product in (f"{r}.product_id", str(SHOP_ROW))
    ]
    return grouped_upsert("review_months", ["shop_id", "product_id", "month"], list(counts), selects)


def _decision_upserts(rows: list[str], engine: str) -> str:
    selects = []
    for r in rows:
        sign = "-" if r == "OLD" else ""
        buckets = ", ".join(f"{_case(test, sign)} AS {c}" for c, test in zip(BUCKETS, bucket_tests("x.h"), strict=True))
        selects += [
            f"SELECT {r}.shop_id AS shop_id, {product} AS product_id, substr({r}.moderated_at, 1, 7) AS month, "
            f"{r}.rating AS rating, {OUTCOME.format(r=r)} AS outcome, {sign}1 AS decisions, {buckets} "
            f"FROM (SELECT {HOURS[engine].format(**DECISION_HOURS).format(r=r)} AS h) AS x WHERE {DECIDED.format(r=r)}"
            for product in (f"{r}.product_id", str(SHOP_ROW))
        ]
    keys = ["shop_id", "product_id", "month", "rating", "outcome"]
    return grouped_upsert("decision_months", keys, ["decisions", *BUCKETS], selects)


def _signal_upserts(column: str, shop: str, product: str, when: str, sign: str) -> str:
    """A helpful vote or a recommendation at ``when``: on its product's row (when it has one) and the shop's."""
    selects = [
        f"SELECT {shop} AS shop_id, {row} AS product_id, substr({when}, 1, 7) AS month, {sign}1 AS {column} "
        f"WHERE {shop} IS NOT NULL AND {row} IS NOT NULL"
        for row in (product, str(SHOP_ROW))
    ]
    return grouped_upsert("signal_months", ["shop_id", "product_id", "month"], [column], selects)


def _tables(engine: str) -> list[str]:
    counts = ", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in review_counts(engine))
    buckets = ", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in BUCKETS)
    key = "shop_id INTEGER NOT NULL, product_id INTEGER NOT NULL, month TEXT NOT NULL"
    return [
        "ALTER TABLE reviews ADD COLUMN replied_at TEXT",
        "UPDATE reviews SET replied_at = (SELECT created_at FROM replies WHERE review_id = reviews.id)",
        f"CREATE TABLE review_months ({key}, {counts}, PRIMARY KEY (shop_id, product_id, month))",
        f"CREATE TABLE decision_months ({key}, rating INTEGER NOT NULL, outcome TEXT NOT NULL, "
        f"decisions INTEGER NOT NULL DEFAULT 0, {buckets}, PRIMARY KEY (shop_id, product_id, month, rating, outcome))",
        f"CREATE TABLE signal_months ({key}, helpful_votes INTEGER NOT NULL DEFAULT 0, "
        "recommendations INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (shop_id, product_id, month))",
        # the parts of a period before its first whole month are read from the rows themselves
        "CREATE INDEX reviews_by_shop_time ON reviews (shop_id, created_at)",
        "CREATE INDEX reviews_by_product_time ON reviews (product_id, created_at)",
        "CREATE INDEX reviews_by_shop_decided ON reviews (shop_id, moderated_at)",
        "CREATE INDEX reviews_by_product_decided ON reviews (product_id, moderated_at)",
        "CREATE INDEX helpful_votes_by_time ON helpful_votes (created_at)",
        "CREATE INDEX recommendations_by_time ON recommendations (shop_id, created_at)",
    ]


def triggers(engine: str) -> list[str]:
    """The triggers in SQLite's form; PostgreSQL's are translated from them by db/translate.py."""
    events = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["OLD", "NEW"]}
    sql = []
    for event, rows in events.items():
        for name, columns, upserts in (
            ("months", REVIEW_TRIGGER_COLUMNS, _review_upserts),
            ("decisions", DECISION_TRIGGER_COLUMNS, _decision_upserts),
        ):
            of = f"UPDATE OF {columns}" if event == "UPDATE" else event
            sql.append(
                f"CREATE TRIGGER reviews_{name}_{event.lower()} AFTER {of} ON reviews BEGIN {upserts(rows, engine)} END"
            )
    vote = "(SELECT {c} FROM reviews WHERE id = {r}.review_id)"
    for event, r, sign in (("insert", "NEW", ""), ("delete", "OLD", "-")):
        shop, product = vote.format(c="shop_id", r=r), vote.format(c="product_id", r=r)
        body = _signal_upserts("helpful_votes", shop, product, f"{r}.created_at", sign)
        sql.append(
            f"CREATE TRIGGER helpful_votes_months_{event} AFTER {event.upper()} ON helpful_votes BEGIN {body} END"
        )
        body = _signal_upserts("recommendations", f"{r}.shop_id", f"{r}.product_id", f"{r}.created_at", sign)
        sql.append(
            f"CREATE TRIGGER recommendations_months_{event} AFTER {event.upper()} ON recommendations BEGIN {body} END"
        )
    sql += [
        "CREATE TRIGGER replies_answer_insert AFTER INSERT ON replies "
        "BEGIN UPDATE reviews SET replied_at = NEW.created_at WHERE id = NEW.review_id; END",
        "CREATE TRIGGER replies_answer_delete AFTER DELETE ON replies "
        "BEGIN UPDATE reviews SET replied_at = NULL WHERE id = OLD.review_id; END",
    ]
    return sql


def review_recount(engine: str) -> str:
    """The rows of review_months counted from the reviews, as the triggers keep them."""
    counts = review_counts(engine)
    sums = ", ".join(f"sum({_case(test.format(r='r'))}) AS {c}" for c, test in counts.items())
    grouped = (
        f"SELECT r.shop_id, {{product}} AS product_id, substr(r.created_at, 1, 7) AS month, {sums} FROM reviews r "
        "GROUP BY r.shop_id, {product}, substr(r.created_at, 1, 7)"
    )
    return with_shop_rows(grouped)


def decision_recount(engine: str) -> str:
    """The rows of decision_months counted from the reviews, as the triggers keep them."""
    hours = HOURS[engine].format(**DECISION_HOURS).format(r="r")
    buckets = ", ".join(f"sum({_case(test)}) AS {c}" for c, test in zip(BUCKETS, bucket_tests(hours), strict=True))
    outcome = OUTCOME.format(r="r")
    grouped = (
        f"SELECT r.shop_id, {{product}} AS product_id, substr(r.moderated_at, 1, 7) AS month, r.rating, "
        f"{outcome} AS outcome, count(*) AS decisions, {buckets} FROM reviews r WHERE {DECIDED.format(r='r')} "
        f"GROUP BY r.shop_id, {{product}}, substr(r.moderated_at, 1, 7), r.rating, {outcome}"
    )
    return with_shop_rows(grouped)


def signal_recount() -> str:
    """The rows of signal_months counted from the votes and recommendations, as the triggers keep them."""
    votes = (
        "SELECT r.shop_id, {product} AS product_id, substr(v.created_at, 1, 7) AS month, count(*) AS helpful_votes, "
        "0 AS recommendations FROM helpful_votes v JOIN reviews r ON r.id = v.review_id "
        "GROUP BY r.shop_id, {product}, substr(v.created_at, 1, 7)"
    )
    recommendations = (
        "SELECT r.shop_id, {product} AS product_id, substr(r.created_at, 1, 7) AS month, 0 AS helpful_votes, "
        "count(*) AS recommendations FROM recommendations r WHERE {product} IS NOT NULL "
        "GROUP BY r.shop_id, {product}, substr(r.created_at, 1, 7)"
    )
    both = f"{with_shop_rows(votes)} UNION ALL {with_shop_rows(recommendations)}"
    return (
        "SELECT shop_id, product_id, month, sum(helpful_votes) AS helpful_votes, "
        f"sum(recommendations) AS recommendations FROM ({both}) AS counted GROUP BY shop_id, product_id, month"
    )


def with_shop_rows(grouped: str) -> str:
    """``grouped`` once per product and once for the shop's own row."""
    per_shop = grouped.replace("{product}", str(SHOP_ROW)).replace(
        f"GROUP BY r.shop_id, {SHOP_ROW}, ", "GROUP BY r.shop_id, "
    )
    return f"{grouped.replace('{product}', 'r.product_id')} UNION ALL {per_shop}"


def fill(db: AnyDatabase, engine: str) -> None:
    """Count what is already stored, as the triggers would have."""
    columns = ", ".join(review_counts(engine))
    db.execute(f"INSERT INTO review_months (shop_id, product_id, month, {columns}) {review_recount(engine)}")
    db.execute(
        f"INSERT INTO decision_months (shop_id, product_id, month, rating, outcome, decisions, {', '.join(BUCKETS)}) "
        f"{decision_recount(engine)}"
    )
    db.execute(
        f"INSERT INTO signal_months (shop_id, product_id, month, helpful_votes, recommendations) {signal_recount()}"
    )


def sqlite(db: Database) -> None:
    for statement in _tables("sqlite"):
        db.execute(statement)
    fill(db, "sqlite")
    for statement in triggers("sqlite"):
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in _tables("postgresql"):
        db.execute(statement)
    fill(db, "postgresql")
    for sqlite_form in triggers("postgresql"):
        for statement in translate.trigger(sqlite_form):
            db.execute(statement)
