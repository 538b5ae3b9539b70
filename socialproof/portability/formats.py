"""The services' export formats: which service wrote a file, and what each of its cells means.

Headers are matched through ALIASES (case, spaces and underscores ignored),
never by position. Each service's words for a review's state and for
"verified" are read only where that service writes them; IP addresses and
locations are never read at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from socialproof.audit import RejectReason
from socialproof.errors import Invalid, one_of
from socialproof.i18n import N_
from socialproof.portability.reading import Row, header_key
from socialproof.reviews.provenance import Service
from socialproof.reviews.status import ReviewStatus
from socialproof.sanitize import text_of_html

# Our name for a cell → the header keys the services use for it (reading.header_key form).
ALIASES: Mapping[str, Sequence[str]] = {
    "id": ("reviewid", "id"),
    "product": ("product", "productid", "producthandle", "handle", "sku"),
    "product_name": ("productname", "producttitle"),
    "product_url": ("producturl",),
    "rating": ("rating", "reviewscore", "score", "stars"),
    "title": ("title", "reviewtitle"),
    "body": ("body", "reviewcontent", "review", "content"),
    "created_at": ("createdat", "reviewdate", "reviewcreationdate", "datecreatedgmt", "datecreated", "date"),
    "author": ("authorname", "reviewername", "reviewerdisplayname", "author", "reviewer", "name", "nickname"),
    "author_full": ("fullname",),
    "email": ("revieweremail", "email"),
    "lang": ("lang", "language"),
    "reply": ("reply", "replybody", "commentcontent"),
    "experienced_at": (
        "experiencemonth",
        "dateofexperience",
        "experiencedate",
        "experiencedat",
        "orderdate",
        "orderedat",
        "purchasedate",
        "purchasedat",
    ),
    "reply_at": ("replydate", "repliedat", "replycreatedat", "commentcreationdate"),
    "photos": ("photos", "pictureurls", "publishedimageurls", "imageurls", "img"),
    "state": ("status", "curated", "reviewstatus", "state"),
    "reason": ("rejectionreason",),
    "verified": ("verifiedatsource", "reviewertype", "verifiedpurchase", "verified"),
    "type": ("reviewtype",),
    "gtin": ("gtin", "productgtin", "ean", "upc", "barcode"),
    "mpn": ("mpn", "productmpn"),
    "sku": ("sku", "productsku", "variantsku"),
    "brand": ("brand", "productbrand", "vendor"),
    "source": ("source",),
    "source_id": ("sourceid",),
    "scales": ("scales",),
}

TAKEN = frozenset(key for keys in ALIASES.values() for key in keys)  # headers already read as something else

# What identifies each service's file: header keys that only it writes together.
SIGNATURES: Sequence[tuple[Service, frozenset[str]]] = (
    (Service.SOCIALPROOF, frozenset({"schema"})),
    (Service.JUDGEME, frozenset({"curated", "reviewdate"})),
    (Service.YOTPO, frozenset({"reviewscore", "reviewcontent"})),
    (Service.LOOX, frozenset({"verifiedpurchase", "nickname"})),
    (Service.SHOPIFY, frozenset({"producthandle", "state"})),
    (Service.WOOCOMMERCE, frozenset({"reviewer", "datecreatedgmt"})),
    (Service.OKENDO, frozenset({"datecreated", "body"})),
)
# Where a service's file says a review was by a buyer, and the words it uses for yes.
VERIFIED_BY = {
    Service.YOTPO: {"verifiedbuyer"},
    Service.LOOX: {"true", "yes", "1"},
    Service.WOOCOMMERCE: {"true", "yes", "1"},
    Service.SOCIALPROOF: {"true", "1"},
}
PUBLISHED = {"published", "approved", "ok", "active", "visible", "yes", "true", "1"}
SPAM = {"spam"}
HTML_BODIES = {Service.WOOCOMMERCE}  # its REST API answers with the rendered review
SHOP_REVIEW_TYPES = {"sitereview", "storereview", "shopreview"}


def detect(rows: Sequence[Row]) -> Service:
    """The service that wrote these rows, from their headers."""
    headers = set(rows[0].cells) if rows else set()
    for service, needed in SIGNATURES:
        if needed <= headers:
            return service
    raise Invalid(
        N_("The file's columns don't match any service's export: name the service with --from."),
        {"from": one_of(s.value for s in Service)},
    )


@dataclass(frozen=True)
class Cells:
    """A row read through the alias table."""

    row: Row
    service: Service

    def get(self, name: str) -> str:
        for key in ALIASES[name]:
            value = self.row.cells.get(key)
            if value is not None and str(value).strip() != "":
                return str(value).strip() if not isinstance(value, bool) else str(value).lower()
        return ""

    def raw(self, name: str) -> object:
        for key in ALIASES[name]:
            if key in self.row.cells:
                return self.row.cells[key]
        return None

    def scale_answers(self, names: Iterable[str]) -> dict[str, str]:
        """Answers to the shop's scales (``names``, in any of their languages): our own export's ``scales``
        (an object, or its JSON in a CSV cell), else Judge.me's ``CF_<name>`` columns, or a column named as
        the scale is (how the services write a custom question's answers: its title as the header), unless
        that name is one of the columns read for something else. ValueError when ``scales`` is neither."""
        given = self.raw("scales")
        if isinstance(given, str) and given.strip():
            given = json.loads(given)
        if isinstance(given, dict):
            return {str(k): str(v) for k, v in given.items()}
        if given not in (None, ""):
            raise ValueError(given)
        found = {}
        for name in names:
            key = header_key(name)
            value = self.row.cells.get("cf" + key)
            if value in (None, "") and key not in TAKEN:
                value = self.row.cells.get(key)
            if value not in (None, ""):
                found[name] = str(value).strip()
        return found

    def body(self) -> str:
        body = self.get("body")
        return text_of_html(body) if self.service in HTML_BODIES else body

    def status(self) -> tuple[ReviewStatus, RejectReason | None]:
        """The review's state at the source. Unpublished there without a reason our policy accepts,
        it waits for a moderator here, who decides with a stated reason."""
        word = _word(self.get("state"))
        if self.service is Service.SOCIALPROOF:
            reason = self.get("reason")
            if word == ReviewStatus.REJECTED and reason in set(RejectReason):
                return ReviewStatus.REJECTED, RejectReason(reason)
            return (ReviewStatus.APPROVED if word == ReviewStatus.APPROVED else ReviewStatus.PENDING), None
        if word in SPAM:
            return ReviewStatus.REJECTED, RejectReason.SPAM
        if word in PUBLISHED or (not word and self.service in (Service.OKENDO, Service.JUDGEME)):
            return ReviewStatus.APPROVED, None
        return ReviewStatus.PENDING, None

    def verified_at_source(self) -> bool:
        words = VERIFIED_BY.get(self.service)
        return bool(words) and _word(self.get("verified")) in (words or set())

    def about_shop(self) -> bool:
        return _word(self.get("type")) in SHOP_REVIEW_TYPES

    def author(self) -> str:
        return self.get("author") or self.get("author_full")

    def photo_urls(self) -> list[str]:
        raw = self.raw("photos")
        if isinstance(raw, list):
            return [str(u) for u in raw if isinstance(u, str)]
        return [u for u in re.split(r"[,\s|]+", self.get("photos")) if u]

    def reply(self) -> tuple[str, str]:
        """The shop's reply and its date; socialproof's own export nests them."""
        raw = self.raw("reply")
        if isinstance(raw, dict):
            return str(raw.get("body") or ""), str(raw.get("created_at") or "")
        return self.get("reply"), self.get("reply_at")


def _word(value: str) -> str:
    return re.sub(r"[\s_\-]+", "", value.lower())
