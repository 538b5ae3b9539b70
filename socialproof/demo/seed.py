"""The demo shop: a small Finnish coffee roastery with products and reviews.

Seeded once per database; running the demo again only adds a fresh API key.
Reviews are written as shoppers write them, critical ones included, and a few
wait in the moderation queue so the demo shows moderation at work.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from PIL import Image, ImageDraw

from socialproof import clock
from socialproof.audit import Action, ActorKind, actor, log_action
from socialproof.db.engine import Database
from socialproof.db.store import insert
from socialproof.demo import photos as demo_photos
from socialproof.demo.questions import seed_questions
from socialproof.demo.scales import seed_scales
from socialproof.demo.shop_reviews import seed_shop_reviews
from socialproof.moderation.accounts import create_moderator, set_password
from socialproof.photos import records as photo_records
from socialproof.photos.intake import write_files
from socialproof.photos.records import PhotoStatus
from socialproof.photos.storage import PhotoStorage
from socialproof.reviews import store_codes
from socialproof.reviews.products import upsert_product
from socialproof.shops.api_keys import create_api_key
from socialproof.shops.registry import Shop, create_shop, get_shop, update_shop
from socialproof.shops.trust import photo_data_uri

DEMO_SHOP = "paahtimo"
DEMO_MODERATOR = "moderaattori@paahtimo.example"
APPROVER = actor(ActorKind.MODERATOR, DEMO_MODERATOR)

PRODUCTS = [
    ("aamukahvi", "Aamukahvi, vaalea paahto 500 g", "/tuotteet/aamukahvi"),
    ("tumma-joulu", "Joulupaahto, tumma 250 g", "/tuotteet/tumma-joulu"),
    ("espresso-sisu", "Espresso Sisu 1 kg", "/tuotteet/espresso-sisu"),
    ("kenia-aa", "Kenia AA, yhden tilan kahvi 250 g", "/tuotteet/kenia-aa"),
]

PURCHASES = [  # product, days ago, quantity, town
    ("aamukahvi", 0, 2, "Oulu"),
    ("aamukahvi", 1, 1, "Tampere"),
    ("aamukahvi", 1, 3, "Oulu"),
    ("aamukahvi", 2, 1, "Helsinki"),
    ("aamukahvi", 3, 2, "Oulu"),
    ("aamukahvi", 4, 1, "Turku"),
    ("aamukahvi", 5, 2, "Helsinki"),
    ("aamukahvi", 6, 1, "Tampere"),
    ("aamukahvi", 6, 1, "Helsinki"),
    ("espresso-sisu", 2, 1, "Oulu"),
    ("espresso-sisu", 4, 2, "Espoo"),
    ("espresso-sisu", 5, 1, None),
    ("aamukahvi", 12, 4, "Oulu"),  # last week: not counted
]
RECOMMENDATIONS: dict[str | None, int] = {None: 37, "aamukahvi": 9, "espresso-sisu": 4}
HELPFUL = {
    "Pussi oli rikki": 7,
    "Hyvä, mutta jauhatus voisi olla karkeampi": 5,
    "Kotimaista laatua": 3,
    "Great with oat milk": 1,
}
PHOTOS = {  # review title -> scenes of the photos its writer attached
    "Great with oat milk": ["latte"],
    "Pussi oli rikki": ["torn-bag"],
    "Kotimaista laatua": ["bag", "filter"],
    "Crema kuin Italiassa": ["espresso"],
    "Joulun tuoksu": ["dark-bag"],
    "Lovely light roast": ["filter"],
}
VERIFIED = {
    "Paras aamukahvi pitkään aikaan",
    "Pussi oli rikki",
    "Kotimaista laatua",
    "Lovely light roast",
    "Crema kuin Italiassa",
}

# Written with a code handed out at the roastery's counter (reviews/store_codes.py), whatever their rating.
IN_STORE = {"Uusi suosikki", "Ei minun makuuni"}

# product, days ago, rating, title, body, author, lang, recommend, status
REVIEWS = [
    (
        "aamukahvi",
        92,
        5,
        "Paras aamukahvi pitkään aikaan",
        "Raikas ja marjainen, mutta ei hapan. Suodatinkahvina tämä on juuri sopiva – koko perhe tykkää.",
        "Anni K.",
        "fi",
        True,
        "approved",
    ),
    (
        "aamukahvi",
        75,
        4,
        "Hyvä, mutta jauhatus voisi olla karkeampi",
        "Maku on erinomainen. Tilasin valmiiksi jauhettuna ja pressoon se on vähän liian hienoa. Ensi kerralla papuina.",
        "Jussi",
        "fi",
        True,
        "approved",
    ),
    (
        "aamukahvi",
        61,
        5,
        "Lovely light roast",
        "Ordered to Stockholm and it arrived in three days. Bright, clean cup with a hint of blueberry. Will order again.",
        "Emma L.",
        "en",
        True,
        "approved",
    ),
    (
        "aamukahvi",
        48,
        3,
        "Ihan ok",
        "Minulle liian vaalea paahto, tykkään tummemmasta. Laatu näyttää kuitenkin hyvältä ja toimitus oli nopea.",
        "Pekka",
        "fi",
        False,
        "approved",
    ),
    (
        "aamukahvi",
        33,
        5,
        "Kotimaista laatua",
        "On mukava tilata pieneltä paahtimolta, kun tietää keneltä ostaa. Pussissa oli paahtopäivä ja käsin kirjoitettu kiitos.",
        "Riikka M.",
        "fi",
        True,
        "approved",
    ),
    (
        "aamukahvi",
        21,
        4,
        "",
        "Tasaisen hyvää. Hinta on vähän korkeampi kuin kaupan kahvissa, mutta ero maussa on selvä.",
        "Timo",
        "fi",
        True,
        "approved",
    ),
    (
        "aamukahvi",
        12,
        2,
        "Pussi oli rikki",
        "Kahvi itsessään hyvää, mutta pakkaus oli repeytynyt kuljetuksessa ja osa pavuista levisi laatikkoon.",
        "Sari H.",
        "fi",
        False,
        "approved",
    ),
    (
        "aamukahvi",
        6,
        5,
        "Great with oat milk",
        "Surprisingly good as a latte too. Smooth and sweet.",
        "Mikko",
        "en",
        True,
        "approved",
    ),
    (
        "aamukahvi",
        2,
        4,
        "Uusi suosikki",
        "Vaihdoin tähän isomman ketjun kahvista. Aamut ovat parempia!",
        "Laura",
        "fi",
        True,
        "pending",
    ),
    (
        "aamukahvi",
        1,
        1,
        "Ei minun makuuni",
        "Liian hapokas minulle. Ehkä en vain ole vaalean paahdon ystävä.",
        "Kari",
        "fi",
        False,
        "pending",
    ),
    (
        "tumma-joulu",
        40,
        5,
        "Joulun tuoksu",
        "Tumma, suklainen ja vähän mausteinen. Annoin lahjaksi ja sain kiitosta.",
        "Helena",
        "fi",
        True,
        "approved",
    ),
    (
        "tumma-joulu",
        28,
        4,
        "Vahva",
        "Täyteläinen ja vahva, juuri sopiva pakkasaamuihin.",
        "Ville R.",
        "fi",
        True,
        "approved",
    ),
    (
        "tumma-joulu",
        15,
        3,
        "",
        "Hyvä kahvi, mutta 250 g pussi loppuu liian nopeasti. Isompi koko olisi tervetullut.",
        "Marja",
        "fi",
        True,
        "approved",
    ),
    (
        "espresso-sisu",
        80,
        5,
        "Crema kuin Italiassa",
        "Kotikeittimellä saa paksun crema-kerroksen. Suklaata ja pähkinää.",
        "Antti",
        "fi",
        True,
        "approved",
    ),
    (
        "espresso-sisu",
        52,
        5,
        "Our office coffee now",
        "We switched the whole office to Sisu. Consistent from bag to bag.",
        "Jonna (office manager)",
        "en",
        True,
        "approved",
    ),
    (
        "espresso-sisu",
        30,
        4,
        "Hyvä hinta-laatusuhde",
        "Kilon pussi on edullinen, ja laatu pysyy tasaisena.",
        "Olli",
        "fi",
        True,
        "approved",
    ),
    (
        "espresso-sisu",
        9,
        2,
        "Liian tummaa minulle",
        "Maistuu minusta hieman palaneelta. Maitojuomissa menettelee.",
        "Niina",
        "fi",
        False,
        "approved",
    ),
    ("espresso-sisu", 3, 5, "", "Täydellinen espresso.", "Heikki", "fi", True, "pending"),
]


def founder_portrait() -> str:
    """A drawn portrait for the demo's founder (the demo downloads no images)."""
    image = Image.new("RGB", (320, 320), "#e8d5bf")
    draw = ImageDraw.Draw(image)
    draw.ellipse((70, 40, 250, 230), fill="#f1c9a5")  # face
    draw.pieslice((60, 20, 260, 200), 180, 360, fill="#7a4a2a")  # hair
    draw.ellipse((30, 220, 290, 420), fill="#2b1a10")  # shoulders
    draw.ellipse((120, 120, 140, 140), fill="#2b1a10")
    draw.ellipse((180, 120, 200, 140), fill="#2b1a10")
    draw.arc((130, 150, 190, 200), 20, 160, fill="#7c3a0c", width=6)
    return photo_data_uri(image)


def _fake_hash() -> str:
    return secrets.token_hex(16)  # demo shoppers: hashes of no one


def _reviews(db: Database, shop: Shop, products: dict[str, int], storage: PhotoStorage) -> None:
    now = clock.now()
    _, counter_codes = store_codes.create(db, shop.id, 20, by=APPROVER)
    for product, days, rating, title, body, author, lang, recommend, status in REVIEWS:
        written = (now - timedelta(days=days, hours=rating)).isoformat(timespec="microseconds")
        published = (now - timedelta(days=days - 1)).isoformat(timespec="microseconds")
        invitation_id = None
        ordered = now - timedelta(days=days + 5)
        if title in VERIFIED:  # written through a review link after a real (demo) order
            invitation_id = insert(
                db,
                "invitations",
                {
                    "shop_id": shop.id,
                    "order_ref": f"demo-{days}-{rating}",
                    "product_id": products[product],
                    "created_at": ordered.isoformat(),
                    "expires_at": (now + timedelta(days=85 - days)).isoformat(),
                    "used_at": written,
                },
            )
        review_id = insert(
            db,
            "reviews",
            {
                "shop_id": shop.id,
                "product_id": products[product],
                "rating": rating,
                "title": title,
                "body": body,
                "author_name": author,
                "email": None,
                "recommend": int(recommend),
                "lang": lang,
                "status": status,
                "created_at": written,
                "verified": int(invitation_id is not None or title in IN_STORE),
                "invitation_id": invitation_id,
                "experienced_at": ordered.isoformat()[:7] if invitation_id else None,
                "source": "invitation" if invitation_id else store_codes.SOURCE if title in IN_STORE else "web",
                "helpful_count": HELPFUL.get(title, 0),
                "published_at": published if status == "approved" else None,
                "moderated_at": published if status == "approved" else None,
            },
        )
        if title in IN_STORE:
            code = store_codes.check(db, shop.id, product, counter_codes.pop())
            store_codes.redeem(db, shop.id, product, code, review_id)
        scenes = PHOTOS.get(title, [])
        photos = [demo_photos.photo(scene, seed=review_id * 10 + n) for n, scene in enumerate(scenes)]
        write_files(storage, photos)
        photo_records.attach(db, shop.id, products[product], review_id, photos, PhotoStatus(status))
        for _ in range(HELPFUL.get(title, 0)):
            db.table("helpful_votes").insert({"review_id": review_id, "ip_hash": _fake_hash(), "created_at": written})
        if status == "approved":
            log_action(db, shop.id, review_id, APPROVER, Action.APPROVE, None, "pending", "approved")


def _signals(db: Database, shop: Shop, products: dict[str, int]) -> None:
    now = clock.now()
    for product, days, quantity, town in PURCHASES:
        db.table("purchase_events").insert(
            {
                "shop_id": shop.id,
                "product_id": products[product],
                "quantity": quantity,
                "town": town,
                "created_at": (now - timedelta(days=days, hours=2)).isoformat(),
            }
        )
    for recommended, n in RECOMMENDATIONS.items():
        for day in range(n):
            db.table("recommendations").insert(
                {
                    "shop_id": shop.id,
                    "product_id": products[recommended] if recommended else None,
                    "ip_hash": _fake_hash(),
                    "created_at": (now - timedelta(days=day * 3)).isoformat(),
                }
            )


def seed(db: Database, storage: PhotoStorage) -> tuple[str, str]:
    """Create the demo shop if it isn't there; a new API key and moderator password for this run."""
    if get_shop(db, DEMO_SHOP) is None:
        shop = create_shop(db, DEMO_SHOP, "Paahtimo Pohjola", (), "fi")
        # Two visitors on one page see each other in the demo; shops default to 2.
        shop = update_shop(
            db,
            DEMO_SHOP,
            business_id="1618033-3",
            country="FI",
            ships_from="FI",
            independent=True,
            founder_name="Aino Pohjola",
            returns_days=30,
            free_returns=True,
            founded=2016,
            viewer_threshold=1,
            greeting="Paahdan jokaisen erän itse Oulussa ja pakkaan tilauksesi käsin. "
            "Kiitos, että tuet pientä paahtimoa!",
        )
        # Generated in memory, so stored directly rather than through --founder-photo FILE.
        db.table("shops").update(shop.id, {"founder_photo": founder_portrait()})
        products = {
            pid: upsert_product(db, shop.id, pid, name, f"https://paahtimo.example.fi{url}")
            for pid, name, url in PRODUCTS
        }
        _reviews(db, shop, products, storage)
        seed_scales(db, shop, products)
        seed_questions(db, shop, products, APPROVER)
        seed_shop_reviews(db, shop, APPROVER)
        _signals(db, shop, products)
    password = secrets.token_urlsafe(9)
    if list(db.query("SELECT 1 FROM moderators WHERE email = ?", [DEMO_MODERATOR])):
        set_password(db, DEMO_MODERATOR, password)
    else:
        create_moderator(db, DEMO_MODERATOR, password, (DEMO_SHOP,))
    return create_api_key(db, DEMO_SHOP), password
