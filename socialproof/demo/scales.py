"""The demo's attribute scale: how strong the morning coffee tasted, answered by four of its reviews."""

from __future__ import annotations

from socialproof.db.engine import Database
from socialproof.reviews import scales
from socialproof.shops.registry import Shop

LABELS = ("Mieto", "Sopiva", "Vahva")
TRANSLATIONS = {"sv": ("Styrka", ("Mild", "Lagom", "Stark")), "en": ("Strength", ("Mild", "Just right", "Strong"))}
ANSWERS = {  # review title -> the label its writer chose
    "Paras aamukahvi pitkään aikaan": "Sopiva",
    "Hyvä, mutta jauhatus voisi olla karkeampi": "Sopiva",
    "Lovely light roast": "Mild",
    "Ihan ok": "Mieto",
}


def seed_scales(db: Database, shop: Shop, products: dict[str, int]) -> None:
    strength = scales.define(db, shop.id, shop.lang, "Vahvuus", LABELS, [products["aamukahvi"]], TRANSLATIONS)
    for title, label in ANSWERS.items():
        (row,) = db.query("SELECT id FROM reviews WHERE shop_id = ? AND title = ?", [shop.id, title])
        scales.record(db, row["id"], scales.checked([strength], {strength.name: label}))
