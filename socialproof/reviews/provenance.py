"""Where a review came from, said honestly: typed on our form, through an invitation, or imported.

``reviews.source`` holds ``web``, ``invitation``, ``in-store`` (a code handed out at
the counter, store_codes.py) or ``import:<service>``.
A review imported as "verified" is verified *at that service*, by its own
file's word: it is shown as such, never as our own check.
"""

from __future__ import annotations

from enum import StrEnum

from socialproof.db.engine import Database


class Service(StrEnum):
    JUDGEME = "judgeme"
    YOTPO = "yotpo"
    OKENDO = "okendo"
    LOOX = "loox"
    SHOPIFY = "shopify"
    WOOCOMMERCE = "woocommerce"
    SOCIALPROOF = "socialproof"


NAMES = {
    Service.JUDGEME: "Judge.me",
    Service.YOTPO: "Yotpo",
    Service.OKENDO: "Okendo",
    Service.LOOX: "Loox",
    Service.SHOPIFY: "Shopify Product Reviews",
    Service.WOOCOMMERCE: "WooCommerce",
    Service.SOCIALPROOF: "socialproof",
}
WEB, INVITATION, IMPORT_PREFIX = "web", "invitation", "import:"


def import_entry(service: Service, file_hash: str) -> str:
    """What the audit log keeps of one imported file: the service and the file's SHA-256."""
    return f"{service.value} sha256:{file_hash}"


def imported_file(entry: str) -> tuple[str, str]:
    """(the service's name, the file's SHA-256) from an entry ``import_entry`` wrote."""
    service, _, digest = entry.partition(" sha256:")
    return named(service), digest


def named(service: str) -> str:
    """A service's name as people know it ("judgeme" -> "Judge.me"); the value itself for one we don't know."""
    return service_name(IMPORT_PREFIX + service) or service


def imported(service: Service) -> str:
    return IMPORT_PREFIX + service.value


def service_of(source: str) -> Service | None:
    """The service an imported review came from; None for one written here."""
    name = source.removeprefix(IMPORT_PREFIX)
    return Service(name) if source.startswith(IMPORT_PREFIX) and name in set(Service) else None


def service_name(source: str) -> str | None:
    service = service_of(source)
    return NAMES[service] if service else None


def imported_services(db: Database, shop_id: int) -> list[str]:
    """The services the shop's reviews were imported from, by name: the disclosure says what their badges mean."""
    found = db.execute(
        "SELECT DISTINCT source FROM reviews WHERE shop_id = ? AND source_id IS NOT NULL AND source LIKE ?",
        [shop_id, IMPORT_PREFIX + "%"],
    ).fetchall()
    return sorted(name for (source,) in found if (name := service_name(source)))
