"""Importing another service's reviews: every row whatever its rating, all or nothing, once.

``read`` turns a file into checked rows and refusals without touching the
database (storing.py writes them, in short batches). No option filters by
stars or words: that would be suppression (RULES.md). A row the file has
imported before (same service, same id at the source) adds nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from socialproof.audit import RejectReason
from socialproof.errors import Invalid, Message, Number
from socialproof.fields import ascii_int, is_address
from socialproof.i18n import N_
from socialproof.portability import signing
from socialproof.portability.formats import Cells, detect
from socialproof.portability.reading import DayOrder, day_order, parse_date, rows
from socialproof.reviews import identifiers, provenance, scales
from socialproof.reviews.identifiers import Identifiers
from socialproof.reviews.input import AUTHOR_MAX, BODY_MAX, LANG_TAG, PRODUCT_NAME_MAX, TITLE_MAX
from socialproof.reviews.products import PRODUCT_ID
from socialproof.reviews.provenance import Service
from socialproof.reviews.status import ReviewStatus
from socialproof.sanitize import bounded
from socialproof.shops.registry import Shop

MONTH = re.compile(r"\d{4}-\d{2}")  # a date of experience as our export writes it


@dataclass(frozen=True)
class Incoming:
    """One review of the file, checked and ready to store."""

    line: int
    source: str
    source_id: str
    product: str
    product_name: str | None
    rating: int
    title: str
    body: str
    author: str
    email: str | None
    lang: str
    status: ReviewStatus
    reason: RejectReason | None
    created_at: str
    verified_at_source: bool
    reply: str
    reply_at: str
    photo_urls: tuple[str, ...]
    experienced_at: str | None = None  # "2026-03": when the buyer had the product, where the file says
    scales: Mapping[int, int] = field(default_factory=dict)  # answers to the shop's scales: scale id → point
    ids: Identifiers = identifiers.NONE
    verified: bool = False  # our own check, carried over only by a signed socialproof export


@dataclass(frozen=True)
class Refusal:
    line: int
    why: Message


@dataclass
class Plan:
    """What a file holds: the reviews to bring in, the rows refused, the reviews of the shop set aside."""

    service: Service
    file_hash: str
    reviews: list[Incoming]
    refused: list[Refusal]
    about_shop: list[int]
    addresses_dropped: int = 0


@dataclass
class Report:
    service: Service
    file_hash: str
    dry_run: bool
    reviews: int = 0
    replies: int = 0
    photos: int = 0
    already: int = 0
    waiting: int = 0
    rejected: int = 0
    per_product: Counter[str] = field(default_factory=Counter)
    refused: list[Refusal] = field(default_factory=list)
    photo_problems: list[Refusal] = field(default_factory=list)
    about_shop: int = 0
    addresses_dropped: int = 0

    def add(self, batch: Report) -> None:
        """Count a stored batch's reviews in."""
        for name in ("reviews", "replies", "photos", "already", "waiting", "rejected"):
            setattr(self, name, getattr(self, name) + getattr(batch, name))
        self.per_product.update(batch.per_product)


def read(
    data: bytes,
    shop: Shop,
    service: Service | None = None,
    dates: DayOrder | None = None,
    trusted: Sequence[Ed25519PublicKey] = (),
    known: Sequence[scales.Scale] = (),
) -> Plan:
    """The file's reviews and refusals; Invalid when the file as a whole can't be read."""
    records = rows(data)
    if not records:
        raise Invalid(N_("The file holds no reviews."))
    chosen = service or detect(records)
    cells = [Cells(r, chosen) for r in records]
    order = day_order((c.get("created_at") for c in cells), dates)
    plan = Plan(chosen, hashlib.sha256(data).hexdigest(), [], [], [])
    for c in cells:
        if c.about_shop():
            plan.about_shop.append(c.row.line)
            continue
        outcome = _checked(c, shop, order, trusted, known)
        if isinstance(outcome, Message):
            plan.refused.append(Refusal(c.row.line, outcome))
            continue
        if outcome.email is None and c.get("email"):
            plan.addresses_dropped += 1
        plan.reviews.append(outcome)
    return plan


LIMITS = {
    "title": TITLE_MAX,
    "body": BODY_MAX,
    "author": AUTHOR_MAX,
    "product_name": PRODUCT_NAME_MAX,
    "reply": BODY_MAX,
}
TOO_LONG = {
    "title": N_("the title is longer than %(limit)s characters"),
    "body": N_("the review is longer than %(limit)s characters"),
    "author": N_("the name is longer than %(limit)s characters"),
    "product_name": N_("the product name is longer than %(limit)s characters"),
    "reply": N_("the reply is longer than %(limit)s characters"),
}


def _checked(
    c: Cells, shop: Shop, order: DayOrder | None, trusted: Sequence[Ed25519PublicKey], known: Sequence[scales.Scale]
) -> Incoming | Message:
    verified = signed = False
    if trusted and c.service is Service.SOCIALPROOF:
        if c.row.raw is None or not signing.genuine(c.row.raw, trusted):
            return Message(N_("its signature does not check: it was changed after export, or another server signed it"))
        verified, signed = c.row.raw.get("verified") is True, True
    rating = ascii_int(c.get("rating").removesuffix(".0"), 1, 5)
    if rating is None:
        return Message(N_("the rating is not a whole number from 1 to 5"))
    product = c.get("product")
    if not PRODUCT_ID.fullmatch(product):
        return Message(N_("no product id, or one that is not 1-100 letters, digits and . _ : -"))
    created_at = parse_date(c.get("created_at"), order)
    if created_at is None:
        return Message(N_("the date is missing or not a date"))
    experience = c.get("experienced_at")
    experienced_at = _month(experience, order) if experience else None
    if experience and experienced_at is None:
        return Message(N_("the date of experience is not a date"))
    if experienced_at and experienced_at > created_at[:7]:
        return Message(N_("the date of experience is after the review was written"))
    answers = _answers(c, known)
    if isinstance(answers, Message):
        return answers
    texts = {
        "title": c.get("title"),
        "body": c.body(),
        "author": c.author(),
        "product_name": c.get("product_name"),
    }
    reply, reply_at = c.reply()
    texts["reply"] = reply
    clean = {name: bounded(value, LIMITS[name], multiline=name in ("body", "reply")) for name, value in texts.items()}
    for name, value in clean.items():
        if value is None:
            return Message(TOO_LONG[name], params={"limit": Number(LIMITS[name])})
    reply_text = clean["reply"] or ""
    try:
        ids = identifiers.parse({name: c.get(name) for name in identifiers.NAMES})
    except Invalid:
        return Message(identifiers.BAD_GTIN)
    status, reason = c.status()
    email = c.get("email")
    lang = c.get("lang") or shop.lang
    source, source_id = _provenance(c, texts, created_at, signed)
    return Incoming(
        line=c.row.line,
        source=source,
        source_id=source_id,
        product=product,
        product_name=clean["product_name"] or None,
        rating=rating,
        title=clean["title"] or "",
        body=clean["body"] or "",
        author=clean["author"] or "",
        email=email if email and is_address(email) else None,
        lang=lang if LANG_TAG.fullmatch(lang) else shop.lang,
        status=status,
        reason=reason,
        created_at=created_at,
        verified_at_source=c.verified_at_source(),
        reply=reply_text,
        reply_at=parse_date(reply_at, order) or created_at if reply_text else "",
        photo_urls=tuple(c.photo_urls()),
        experienced_at=experienced_at,
        scales=answers,
        ids=ids,
        verified=verified,
    )


def _answers(c: Cells, known: Sequence[scales.Scale]) -> dict[int, int] | Message:
    """The row's answers to the shop's scales as scale id → point, or why a row's answers can't be taken."""
    try:
        given = c.scale_answers(name for s in known for name in {s.name, *s.names.values()})
    except ValueError:
        return Message(N_("the scales cell is not an object of answers"))
    try:
        return scales.checked(known, given)
    except Invalid as e:
        name = next(iter(e.errors)).removeprefix("scales.")
        return Message(
            N_("the answer to %(scale)s is none of its labels, or the shop has no such scale"), params={"scale": name}
        )


def _month(value: str, order: DayOrder | None) -> str | None:
    """A date of experience as its month ("2026-03", as our export writes it, or any date the file has)."""
    if MONTH.fullmatch(value.strip()) and 1 <= int(value.strip()[5:]) <= 12:
        return value.strip()
    moment = parse_date(value, order)
    return moment[:7] if moment else None


def _provenance(c: Cells, texts: Mapping[str, str], created_at: str, signed: bool) -> tuple[str, str]:
    """The review's source and its id there. A review moved from another socialproof keeps the source
    it had there (web, invitation, an import) only when its record's signature checks against a key the
    importer trusts, so it reads as it did; any other record is "Imported", whatever it claims. A file
    without ids gets one from what identifies the review, so that re-importing it adds nothing."""
    if c.service is Service.SOCIALPROOF:
        kept = c.get("source")
        known = kept in (provenance.WEB, provenance.INVITATION) or provenance.service_of(kept) is not None
        source = kept if signed and known else provenance.imported(Service.SOCIALPROOF)
        return source, c.get("source_id") or f"sp:{c.get('id')}"
    if own_id := c.get("id"):
        return provenance.imported(c.service), own_id
    digest = hashlib.sha256("\x1f".join([c.get("product"), created_at, texts["author"], texts["body"]]).encode())
    return provenance.imported(c.service), "h:" + digest.hexdigest()[:32]
