"""Attribute scales: a few questions a review of a product may answer ("Koko: Pieni | Sopiva | Suuri").

A shop defines a scale once, named and labelled in its own language and, if it likes, in the others;
products ask it (at most three scales a product). A review's answer is a point, 1 to the scale's number
of points: relabelling a scale never changes what a shopper said. Answers are optional, and counted
from published reviews only, like every other number.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.errors import FieldProblem, Invalid, Message, Number
from socialproof.i18n import LANGUAGES, N_
from socialproof.reviews.status import ReviewStatus
from socialproof.sanitize import bounded

POINTS = (3, 5)
PER_PRODUCT = 3
NAME_MAX, LABEL_MAX = 40, 30
ANSWERS_MAX = 10  # more answers than any product asks is no form of ours


@dataclass(frozen=True)
class Scale:
    id: int
    name: str  # its key, in the shop's language
    names: Mapping[str, str]  # by language, the shop's always among them
    labels: Mapping[str, tuple[str, ...]]  # by language: the points' labels, first to last
    lang: str  # the shop's language when the scale was made: where a missing translation falls back

    @property
    def points(self) -> int:
        return len(self.labels[self.lang])

    def name_in(self, lang: str) -> str:
        return self.names.get(lang) or self.names[self.lang]

    def labels_in(self, lang: str) -> tuple[str, ...]:
        return self.labels.get(lang) or self.labels[self.lang]

    def point_of(self, answer: str) -> int | None:
        """The point a label names, in any of the scale's languages (case aside), or None."""
        wanted = answer.strip().casefold()
        for labels in self.labels.values():
            for point, label in enumerate(labels, 1):
                if label.casefold() == wanted:
                    return point
        return None


def _scale(row: Mapping[str, Any]) -> Scale:
    labels = {k: tuple(v) for k, v in json.loads(row["labels"]).items()}
    return Scale(row["id"], row["name"], json.loads(row["names"]), labels, row["lang"])


def parse_labels(text: str, points: int | None = None) -> tuple[str, ...]:
    """'Pieni|Sopiva|Suuri' as its labels, or an Invalid that says what a scale needs; ``points``: as many
    as another language's labels of the same scale."""
    labels = tuple(bounded(part, LABEL_MAX) or "" for part in text.split("|"))
    if points is not None and len(labels) != points:
        raise Invalid(N_("Every language's labels are as many as the scale's points."))
    if len(labels) not in POINTS:
        raise Invalid(N_('A scale has 3 or 5 points: give its labels as "A|B|C" or "A|B|C|D|E".'))
    if any(not label for label in labels):
        raise Invalid(N_("Each label is 1-%(max)s characters."), max=Number(LABEL_MAX))
    if len({label.casefold() for label in labels}) != len(labels):
        raise Invalid(N_("A scale's labels must differ from one another."))
    return labels


def define(
    db: Database,
    shop_id: int,
    shop_lang: str,
    name: str,
    labels: Sequence[str],
    product_ids: Sequence[int],
    translations: Mapping[str, tuple[str, Sequence[str]]] | None = None,
    group_ids: Sequence[int] = (),
) -> Scale:
    """Create or change the shop's scale ``name`` and the products and product groups that ask it (when
    any are given, they replace the ones before). ``translations``: language → (name, labels)."""
    clean = bounded(name, NAME_MAX)
    if not clean:
        raise Invalid(N_("A scale's name is 1-%(max)s characters."), max=Number(NAME_MAX))
    names, by_lang = {shop_lang: clean}, {shop_lang: list(labels)}
    for lang, (other_name, other_labels) in (translations or {}).items():
        if lang not in LANGUAGES:
            raise Invalid(N_("A translation's language is fi, sv or en."))
        if len(other_labels) != len(labels):
            raise Invalid(N_("Every language's labels are as many as the scale's points."))
        names[lang] = bounded(other_name, NAME_MAX) or clean
        by_lang[lang] = list(other_labels)
    now = clock.now_iso()
    found = list(db.query("SELECT id, points FROM scales WHERE shop_id = ? AND name = ?", [shop_id, clean]))
    if found and found[0]["points"] != len(labels):
        # Answers are points: a scale of three can't become one of five without changing what was said.
        raise Invalid(N_("This scale keeps its number of points; to ask another way, set a scale of a new name."))
    record = [json.dumps(names, ensure_ascii=False), json.dumps(by_lang, ensure_ascii=False), now]
    if found:
        scale_id = found[0]["id"]
        db.execute("UPDATE scales SET names = ?, labels = ?, updated_at = ? WHERE id = ?", [*record, scale_id])
    else:
        db.execute(
            "INSERT INTO scales (shop_id, name, names, labels, updated_at, lang, points, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [shop_id, clean, *record, shop_lang, len(labels), now],
        )
        scale_id = next(db.query("SELECT id FROM scales WHERE shop_id = ? AND name = ?", [shop_id, clean]))["id"]
    if product_ids or group_ids:
        _ask(db, scale_id, product_ids, group_ids)
    row = next(db.query("SELECT * FROM scales WHERE id = ?", [scale_id]))
    return _scale(row)


# The scales a product asks, itself or through its group; parameters: the product's row id, twice.
ASKED = (
    "SELECT s.* FROM scales s WHERE s.id IN (SELECT scale_id FROM scale_products WHERE product_id = ?) "
    "OR s.id IN (SELECT sg.scale_id FROM scale_groups sg JOIN products p ON p.group_id = sg.group_id WHERE p.id = ?) "
    "ORDER BY s.id"
)


def _ask(db: Database, scale_id: int, product_ids: Sequence[int], group_ids: Sequence[int]) -> None:
    db.execute("DELETE FROM scale_products WHERE scale_id = ?", [scale_id])
    db.execute("DELETE FROM scale_groups WHERE scale_id = ?", [scale_id])
    for product_id in dict.fromkeys(product_ids):
        db.execute("INSERT INTO scale_products (scale_id, product_id) VALUES (?, ?)", [scale_id, product_id])
    for group_id in dict.fromkeys(group_ids):
        db.execute("INSERT INTO scale_groups (scale_id, group_id) VALUES (?, ?)", [scale_id, group_id])
    asking = db.query(
        "SELECT id, external_id FROM products WHERE id IN (SELECT product_id FROM scale_products WHERE scale_id = ?) "
        "OR group_id IN (SELECT group_id FROM scale_groups WHERE scale_id = ?)",
        [scale_id, scale_id],
    )
    for product in list(asking):  # the form a product's shoppers fill in stays short
        if len(list(db.query(ASKED, [product["id"], product["id"]]))) > PER_PRODUCT:
            raise Invalid(
                N_("Product %(product)s asks %(max)s scales already: a review form stays short."),
                product=product["external_id"],
                max=Number(PER_PRODUCT),
            )


def remove(db: Database, shop_id: int, name: str) -> int:
    """Remove the shop's scale and every answer to it; how many answers went (0 when there was no such scale)."""
    answers = next(
        db.query(
            "SELECT count(*) AS n FROM review_scales rs JOIN scales s ON s.id = rs.scale_id "
            "WHERE s.shop_id = ? AND s.name = ?",
            [shop_id, name],
        )
    )["n"]
    db.execute("DELETE FROM scales WHERE shop_id = ? AND name = ?", [shop_id, name])
    return int(answers)


def of_shop(db: Database, shop_id: int) -> list[tuple[Scale, list[str]]]:
    """Every scale of the shop with what asks it ("P1", "group tumma"), by name."""
    rows = db.query("SELECT * FROM scales WHERE shop_id = ? ORDER BY name", [shop_id])
    return [
        (
            _scale(row),
            [
                p["asker"]
                for p in db.query(
                    "SELECT p.external_id AS asker FROM scale_products sp JOIN products p ON p.id = sp.product_id "
                    "WHERE sp.scale_id = ? UNION ALL SELECT 'group ' || g.external_id FROM scale_groups sg "
                    "JOIN product_groups g ON g.id = sg.group_id WHERE sg.scale_id = ? ORDER BY 1",
                    [row["id"], row["id"]],
                )
            ],
        )
        for row in rows
    ]


def asked_by(db: Database, product_id: int | None) -> list[Scale]:
    """The scales a product's review form asks, oldest first."""
    if product_id is None:
        return []
    return [_scale(row) for row in db.query(ASKED, [product_id, product_id])]


def checked(scales: Sequence[Scale], answers: Mapping[str, str]) -> dict[int, int]:
    """A review's answers (scale name → label, in any of its languages) as scale id → point; unanswered
    scales are left out. Raises Invalid naming each answer (``scales.NAME``) that fits no scale."""
    by_name = {s.name.casefold(): s for s in scales} | {n.casefold(): s for s in scales for n in s.names.values()}
    errors: dict[str, FieldProblem] = {}
    points: dict[int, int] = {}
    for name, answer in answers.items():
        if not answer:
            continue
        scale = by_name.get(name.casefold())
        if scale is None:
            errors[f"scales.{name}"] = N_("This product asks no such question.")
        elif (point := scale.point_of(answer)) is None:
            errors[f"scales.{name}"] = Message(
                N_("Choose one of its answers: %(labels)s."), params={"labels": ", ".join(scale.labels[scale.lang])}
            )
        else:
            points[scale.id] = point
    if errors:
        raise Invalid(N_("Check the answers."), errors)
    return points


def record(db: Database, review_id: int, points: Mapping[int, int]) -> None:
    for scale_id, point in points.items():
        db.execute(
            "INSERT INTO review_scales (review_id, scale_id, point) VALUES (?, ?, ?)", [review_id, scale_id, point]
        )


Answers = Sequence[tuple[Scale, int]]  # a review's answers: each scale with the point chosen


def answers_of(db: Database, review_ids: Iterable[int]) -> Mapping[int, Answers]:
    """Each review's answers, by review id, in the order the scales were made; one query for them all."""
    ids = list(review_ids)
    found: dict[int, list[tuple[Scale, int]]] = {}
    if not ids:
        return found
    marks = ", ".join("?" * len(ids))
    rows = db.query(
        f"SELECT rs.review_id, rs.point, s.* FROM review_scales rs JOIN scales s ON s.id = rs.scale_id "
        f"WHERE rs.review_id IN ({marks}) ORDER BY rs.review_id, s.id",
        ids,
    )
    for row in rows:
        found.setdefault(row["review_id"], []).append((_scale(row), row["point"]))
    return found


def as_json(answers: Answers) -> dict[str, str]:
    """A review's answers as the API shows them: scale name → label, in the shop's language."""
    return {scale.name: scale.labels[scale.lang][point - 1] for scale, point in answers}


@dataclass(frozen=True)
class Distribution:
    scale: Scale
    counts: tuple[int, ...]  # published reviews' answers per point, first to last

    @property
    def answers(self) -> int:
        return sum(self.counts)

    def as_json(self, lang: str) -> dict[str, object]:
        return {"labels": list(self.scale.labels_in(lang)), "distribution": list(self.counts), "answers": self.answers}


def distributions(
    db: Database, product_id: int | None, scales: Sequence[Scale], group_id: int | None = None
) -> list[Distribution]:
    """How the product's published reviews (with ``group_id``, its group's) answered each of its scales."""
    if product_id is None or not scales:
        return []
    which = (
        "r.product_id IN (SELECT id FROM products WHERE group_id = ?)" if group_id is not None else "r.product_id = ?"
    )
    counted: dict[tuple[int, int], int] = {
        (row["scale_id"], row["point"]): row["n"]
        for row in db.query(
            "SELECT rs.scale_id, rs.point, count(*) AS n FROM review_scales rs JOIN reviews r ON r.id = rs.review_id "
            f"WHERE {which} AND r.status = ? GROUP BY rs.scale_id, rs.point",
            [product_id if group_id is None else group_id, ReviewStatus.APPROVED.value],
        )
    }
    return [Distribution(s, tuple(counted.get((s.id, point), 0) for point in range(1, s.points + 1))) for s in scales]
