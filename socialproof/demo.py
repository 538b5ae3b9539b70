"""The demo shop: a small Finnish coffee roastery with products and reviews.

Seeded once per database; running the demo again only adds a fresh API key.
Reviews are written as shoppers write them, critical ones included, and a few
wait in the moderation queue so the demo shows moderation at work.
"""

from __future__ import annotations

from datetime import timedelta

from sqlite_utils import Database

from socialproof import clock
from socialproof.moderation import Action, log_action
from socialproof.reviews import upsert_product
from socialproof.shops import create_api_key, create_shop, get_shop

DEMO_SHOP = "paahtimo"

PRODUCTS = [
    ("aamukahvi", "Aamukahvi, vaalea paahto 500 g", "/tuotteet/aamukahvi"),
    ("tumma-joulu", "Joulupaahto, tumma 250 g", "/tuotteet/tumma-joulu"),
    ("espresso-sisu", "Espresso Sisu 1 kg", "/tuotteet/espresso-sisu"),
    ("kenia-aa", "Kenia AA, yhden tilan kahvi 250 g", "/tuotteet/kenia-aa"),
]

# product, days ago, rating, title, body, author, lang, recommend, status
REVIEWS = [
    ("aamukahvi", 92, 5, "Paras aamukahvi pitkään aikaan",
     "Raikas ja marjainen, mutta ei hapan. Suodatinkahvina tämä on juuri sopiva – koko perhe tykkää.",
     "Anni K.", "fi", True, "approved"),
    ("aamukahvi", 75, 4, "Hyvä, mutta jauhatus voisi olla karkeampi",
     "Maku on erinomainen. Tilasin valmiiksi jauhettuna ja pressoon se on vähän liian hienoa. Ensi kerralla papuina.",
     "Jussi", "fi", True, "approved"),
    ("aamukahvi", 61, 5, "Lovely light roast",
     "Ordered to Stockholm and it arrived in three days. Bright, clean cup with a hint of blueberry. Will order again.",
     "Emma L.", "en", True, "approved"),
    ("aamukahvi", 48, 3, "Ihan ok",
     "Minulle liian vaalea paahto, tykkään tummemmasta. Laatu näyttää kuitenkin hyvältä ja toimitus oli nopea.",
     "Pekka", "fi", False, "approved"),
    ("aamukahvi", 33, 5, "Kotimaista laatua",
     "On mukava tilata pieneltä paahtimolta, kun tietää keneltä ostaa. Pussissa oli paahtopäivä ja käsin kirjoitettu kiitos.",
     "Riikka M.", "fi", True, "approved"),
    ("aamukahvi", 21, 4, "",
     "Tasaisen hyvää. Hinta on vähän korkeampi kuin kaupan kahvissa, mutta ero maussa on selvä.",
     "Timo", "fi", True, "approved"),
    ("aamukahvi", 12, 2, "Pussi oli rikki",
     "Kahvi itsessään hyvää, mutta pakkaus oli repeytynyt kuljetuksessa ja osa pavuista levisi laatikkoon.",
     "Sari H.", "fi", False, "approved"),
    ("aamukahvi", 6, 5, "Great with oat milk",
     "Surprisingly good as a latte too. Smooth and sweet.", "Mikko", "en", True, "approved"),
    ("aamukahvi", 2, 4, "Uusi suosikki",
     "Vaihdoin tähän isomman ketjun kahvista. Aamut ovat parempia!", "Laura", "fi", True, "pending"),
    ("aamukahvi", 1, 1, "Ei minun makuuni",
     "Liian hapokas minulle. Ehkä en vain ole vaalean paahdon ystävä.", "Kari", "fi", False, "pending"),
    ("tumma-joulu", 40, 5, "Joulun tuoksu",
     "Tumma, suklainen ja vähän mausteinen. Annoin lahjaksi ja sain kiitosta.", "Helena", "fi", True, "approved"),
    ("tumma-joulu", 28, 4, "Vahva",
     "Täyteläinen ja vahva, juuri sopiva pakkasaamuihin.", "Ville R.", "fi", True, "approved"),
    ("tumma-joulu", 15, 3, "",
     "Hyvä kahvi, mutta 250 g pussi loppuu liian nopeasti. Isompi koko olisi tervetullut.", "Marja", "fi", True,
     "approved"),
    ("espresso-sisu", 80, 5, "Crema kuin Italiassa",
     "Kotikeittimellä saa paksun crema-kerroksen. Suklaata ja pähkinää.", "Antti", "fi", True, "approved"),
    ("espresso-sisu", 52, 5, "Our office coffee now",
     "We switched the whole office to Sisu. Consistent from bag to bag.", "Jonna (office manager)", "en", True,
     "approved"),
    ("espresso-sisu", 30, 4, "Hyvä hinta-laatusuhde",
     "Kilon pussi on edullinen, ja laatu pysyy tasaisena.", "Olli", "fi", True, "approved"),
    ("espresso-sisu", 9, 2, "Liian tummaa minulle",
     "Maistuu minusta hieman palaneelta. Maitojuomissa menettelee.", "Niina", "fi", False, "approved"),
    ("espresso-sisu", 3, 5, "", "Täydellinen espresso.", "Heikki", "fi", True, "pending"),
]


def seed(db: Database) -> str:
    """Create the demo shop if it isn't there; return a new API key for this run."""
    if get_shop(db, DEMO_SHOP) is None:
        shop = create_shop(db, DEMO_SHOP, "Paahtimo Pohjola", (), "fi")
        products = {pid: upsert_product(db, shop.id, pid, name, f"https://paahtimo.example.fi{url}")
                    for pid, name, url in PRODUCTS}
        now = clock.now()
        for product, days, rating, title, body, author, lang, recommend, status in REVIEWS:
            written = (now - timedelta(days=days, hours=rating)).isoformat(timespec="microseconds")
            published = (now - timedelta(days=days - 1)).isoformat(timespec="microseconds")
            review_id = db["reviews"].insert({
                "shop_id": shop.id, "product_id": products[product], "rating": rating, "title": title,
                "body": body, "author_name": author, "email": None, "recommend": int(recommend), "lang": lang,
                "status": status, "created_at": written,
                "published_at": published if status == "approved" else None,
                "moderated_at": published if status == "approved" else None,
            }).last_pk
            if status == "approved":
                log_action(db, shop.id, review_id, "demo-moderator", Action.APPROVE, None, "pending", "approved")
    return create_api_key(db, DEMO_SHOP)
