"""In-store review codes: "Verified buyer (in store)" for what was bought at the counter.

A code is one of the shop's numbers and a signature over it, made with the shop's own
key (derived from this database's ``store-codes`` secret), so ``socialproof codes
create`` makes any number of them without the server and without a row per code. A
batch records the run of numbers it covers, its products, when it expires and whether
it was revoked; each use is a row, so a code reviews a product once. A code is short
enough to type from a receipt: twelve letters and digits of Crockford's base32, which
has no I, L, O or U to misread ("7K2M-Q9XD-3PWA").

A code proves no more than that the shop handed it out with a purchase; the
disclosure says so (widgets/_disclosure.html).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from socialproof import clock
from socialproof.audit import Action, log_action
from socialproof.db.engine import Database
from socialproof.db.server_secrets import existing_secret, server_secret
from socialproof.db.store import insert
from socialproof.errors import FieldProblem, Invalid, Message, Number, ProblemKind
from socialproof.i18n import N_
from socialproof.reviews.invitations import InvitationProblem
from socialproof.reviews.products import product_row_id, upsert_product, validate_product_id

SECRET = "store-codes"  # server_secrets' name of the secret every shop's key is derived from
SOURCE = "in-store"  # reviews.source of a review written with a code (provenance.py names the others)
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
LENGTH = 12  # characters: 60 bits hold the number's 24 and the signature's 36
NUMBER_BITS, SIGNATURE_BITS = 24, 36  # 16.7 million codes a shop; a guessed code is right once in 69 billion
MAX_COUNT = 10_000  # codes in one batch: a few hundred sheets of labels
DEFAULT_EXPIRES_DAYS, MAX_EXPIRES_DAYS = 90, 3 * 365
ANY_PRODUCT = 0  # store_codes_used.product_id of a code for whichever product the shopper chooses
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


class Fault(StrEnum):
    """Why a code can't be used."""

    FORGED = "forged"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    OTHER_PRODUCT = "other-product"


FAULTS = {
    Fault.FORGED: (
        ProblemKind.FORBIDDEN,
        N_("This code is not one of the shop's. Check it against your receipt, or write a review without it."),
    ),
    Fault.USED: (
        ProblemKind.CONFLICT,
        N_("This code has been used already. You can still write a review without it."),
    ),
    Fault.EXPIRED: (
        ProblemKind.FORBIDDEN,
        N_("This code has expired. You can still write a review without it."),
    ),
    Fault.REVOKED: (
        ProblemKind.FORBIDDEN,
        N_("The shop has withdrawn this code. You can still write a review without it."),
    ),
    Fault.OTHER_PRODUCT: (
        ProblemKind.FORBIDDEN,
        N_("This code is for other products. You can still write a review without it."),
    ),
}


class CodeProblem(InvitationProblem):
    """A code that can't be used; the shopper may still post without it."""

    field = "code"
    faults = FAULTS


@dataclass(frozen=True)
class Batch:
    id: int
    first_number: int
    count: int
    expires_at: str
    created_at: str
    revoked_at: str | None
    products: tuple[str, ...]  # the products its codes are for; none: any product of the shop
    used: int = 0


@dataclass(frozen=True)
class Code:
    """A code that can be used: its number and the batch it belongs to."""

    number: int
    batch: Batch


def _key(db: Database, shop_id: int, *, making: bool = False) -> bytes | None:
    """The shop's own key: one shop's codes say nothing of another's. Only ``making`` codes (on the
    writer) makes the secret; before that no code can be genuine (None), and readers may look codes up."""
    secret = server_secret(db, SECRET) if making else existing_secret(db, SECRET)
    return None if secret is None else hmac.new(secret, f"shop:{shop_id}".encode(), hashlib.sha256).digest()


def _signature(key: bytes, number: int) -> int:
    digest = hmac.new(key, number.to_bytes(4, "big"), hashlib.sha256).digest()
    return int.from_bytes(digest[:5], "big") >> (40 - SIGNATURE_BITS)


def _mask(key: bytes, signature: int) -> int:
    """Hides the number behind its signature, so a batch's codes look unrelated, not counted up."""
    digest = hmac.new(key, b"mask" + signature.to_bytes(5, "big"), hashlib.sha256).digest()
    return int.from_bytes(digest[: NUMBER_BITS // 8], "big")


def _text(key: bytes, number: int) -> str:
    signature = _signature(key, number)
    value = signature << NUMBER_BITS | (number ^ _mask(key, signature))
    return _grouped("".join(ALPHABET[value >> (5 * i) & 31] for i in reversed(range(LENGTH))))


def _number(key: bytes | None, text: str) -> int | None:
    """The number a code stands for; None when it is mistyped or not signed with this key."""
    if key is None:
        return None
    chars = _typed(text)
    if len(chars) != LENGTH or any(c not in ALPHABET for c in chars):
        return None
    value = 0
    for c in chars:
        value = value << 5 | ALPHABET.index(c)
    signature = value >> NUMBER_BITS
    number = (value & (2**NUMBER_BITS - 1)) ^ _mask(key, signature)
    if not hmac.compare_digest(signature.to_bytes(5, "big"), _signature(key, number).to_bytes(5, "big")):
        return None
    return number


def _typed(text: str) -> str:
    """The characters a shopper meant, however typed: lower case, spaces and hyphens, O for 0, I or L for 1."""
    return text.upper().translate(_MISREAD)


def _grouped(chars: str) -> str:
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def normalized(text: str) -> str:
    """A code as printed, however it was typed."""
    return _grouped(_typed(text))


def create(
    db: Database,
    shop_id: int,
    count: int,
    products: Sequence[str] = (),
    expires_days: int = DEFAULT_EXPIRES_DAYS,
    *,
    by: str,
) -> tuple[Batch, list[str]]:
    """A new batch of ``count`` codes for ``products`` (none: any product), and the codes; ``by`` (an
    audit actor) is logged as having made them."""
    errors: dict[str, FieldProblem] = {}
    if not 1 <= count <= MAX_COUNT:
        errors["count"] = Message(N_("Make from 1 to %(max)s codes at a time."), params={"max": Number(MAX_COUNT)})
    if not 1 <= expires_days <= MAX_EXPIRES_DAYS:
        errors["expires_days"] = Message(
            N_("Codes may be valid from 1 to %(max)s days."), params={"max": Number(MAX_EXPIRES_DAYS)}
        )
    if errors:
        raise Invalid(N_("Check the codes' settings."), errors)
    ids = list(dict.fromkeys(validate_product_id(p) for p in products))
    (next_number,) = db.execute(
        "SELECT coalesce(max(first_number + count), 1) FROM store_code_batches WHERE shop_id = ?", [shop_id]
    ).fetchone()
    if next_number + count > 2**NUMBER_BITS:
        raise Invalid(N_("Check the codes' settings."), {"count": N_("The shop has no more code numbers left.")})
    now = clock.now()
    batch_id = insert(
        db,
        "store_code_batches",
        {
            "shop_id": shop_id,
            "first_number": next_number,
            "count": count,
            "expires_at": (now + timedelta(days=expires_days)).isoformat(timespec="seconds"),
            "created_at": now.isoformat(timespec="seconds"),
        },
    )
    for product in ids:
        db.execute(
            "INSERT INTO store_code_products (batch_id, product_id) VALUES (?, ?)",
            [batch_id, upsert_product(db, shop_id, product)],
        )
    key = _key(db, shop_id, making=True)
    assert key is not None
    codes = [_text(key, n) for n in range(next_number, next_number + count)]
    log_action(db, shop_id, None, by, Action.CODES, None, None, None)
    return batches(db, shop_id, batch_id)[0], codes


def batches(db: Database, shop_id: int, batch_id: int | None = None) -> list[Batch]:
    """The shop's batches, newest first, with how many of their codes were used."""
    only = " AND b.id = ?" if batch_id is not None else ""
    rows = db.query(
        "SELECT b.*, (SELECT count(DISTINCT u.number) FROM store_codes_used u WHERE u.batch_id = b.id) AS used "
        f"FROM store_code_batches b WHERE b.shop_id = ?{only} ORDER BY b.id DESC",
        [shop_id, *([batch_id] if batch_id is not None else [])],
    )
    found = []
    for row in rows:
        products = db.execute(
            "SELECT p.external_id FROM store_code_products c JOIN products p ON p.id = c.product_id "
            "WHERE c.batch_id = ? ORDER BY p.external_id",
            [row["id"]],
        ).fetchall()
        found.append(
            Batch(
                row["id"],
                row["first_number"],
                row["count"],
                row["expires_at"],
                row["created_at"],
                row["revoked_at"],
                tuple(p for (p,) in products),
                row["used"],
            )
        )
    return found


def revoke(db: Database, shop_id: int, batch_id: int, *, by: str) -> bool:
    """Withdraw a batch's unused codes (logged as done ``by``); False when there is no such batch or it was
    revoked already."""
    revoked = db.execute(
        "UPDATE store_code_batches SET revoked_at = ? WHERE id = ? AND shop_id = ? AND revoked_at IS NULL",
        [clock.now_iso(), batch_id, shop_id],
    ).rowcount
    if revoked:
        log_action(db, shop_id, None, by, Action.CODES_REVOKE, None, None, None)
    return bool(revoked)


def look_up(db: Database, shop_id: int, text: str) -> Code:
    """The code, or the CodeProblem that says why it can't be used (for no product in particular)."""
    key = _key(db, shop_id)
    number = _number(key, text)
    if number is None:
        raise CodeProblem(Fault.FORGED)
    rows = list(
        db.query(
            "SELECT id FROM store_code_batches WHERE shop_id = ? AND first_number <= ? AND ? < first_number + count",
            [shop_id, number, number],
        )
    )
    if not rows:
        raise CodeProblem(Fault.FORGED)
    batch = batches(db, shop_id, rows[0]["id"])[0]
    if batch.revoked_at is not None:
        raise CodeProblem(Fault.REVOKED)
    if clock.now() > datetime.fromisoformat(batch.expires_at):
        raise CodeProblem(Fault.EXPIRED)
    return Code(number, batch)


def _use_key(db: Database, shop_id: int, code: Code, product: str) -> int:
    """store_codes_used.product_id for reviewing ``product`` with ``code``; CodeProblem when it can't."""
    if not code.batch.products:
        return ANY_PRODUCT
    if product not in code.batch.products:
        raise CodeProblem(Fault.OTHER_PRODUCT)
    row_id = product_row_id(db, shop_id, product)
    assert row_id is not None  # the batch's products were stored with it
    return row_id


def unused(db: Database, shop_id: int, code: Code) -> list[str]:
    """The batch's products this code has not reviewed yet (none left: the code is used up)."""
    used = {
        p
        for (p,) in db.execute(
            "SELECT p.external_id FROM store_codes_used u JOIN products p ON p.id = u.product_id "
            "WHERE u.shop_id = ? AND u.number = ?",
            [shop_id, code.number],
        ).fetchall()
    }
    return [p for p in code.batch.products if p not in used]


def peek(db: Database, shop_id: int, product: str, text: str) -> Code | CodeProblem:
    """Like check, for showing the review page: the problem is returned, not raised."""
    try:
        return check(db, shop_id, product, text)
    except CodeProblem as problem:
        return problem


def check(db: Database, shop_id: int, product: str, text: str) -> Code:
    """The code if it may verify a review of ``product`` now; the CodeProblem that says why not."""
    code = look_up(db, shop_id, text)
    if _taken(db, shop_id, code.number, _use_key(db, shop_id, code, product)):
        raise CodeProblem(Fault.USED)
    return code


def usable(db: Database, shop_id: int, text: str) -> Code:
    """``look_up``, and a code for any product that was used already is refused (a basket's code lists
    what it has left to review instead)."""
    code = look_up(db, shop_id, text)
    if not code.batch.products and _taken(db, shop_id, code.number, ANY_PRODUCT):
        raise CodeProblem(Fault.USED)
    return code


def _taken(db: Database, shop_id: int, number: int, product_key: int) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM store_codes_used WHERE shop_id = ? AND number = ? AND product_id = ?",
            [shop_id, number, product_key],
        ).fetchone()
        is not None
    )


def redeem(db: Database, shop_id: int, product: str, code: Code, review_id: int) -> None:
    """Mark the code ``check`` gave used for the review just stored, in the same transaction."""
    db.execute(
        "INSERT INTO store_codes_used (shop_id, number, product_id, batch_id, review_id, used_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [shop_id, code.number, _use_key(db, shop_id, code, product), code.batch.id, review_id, clock.now_iso()],
    )


def an_unused_code(db: Database, shop_id: int, batch: Batch) -> str | None:
    """A code of the batch no review has used yet, as printed (the demo shows one to try); None when all were.
    Codes are signed, not stored, so any of a batch's can be written out again."""
    used = {n for (n,) in db.execute("SELECT number FROM store_codes_used WHERE batch_id = ?", [batch.id]).fetchall()}
    key = _key(db, shop_id, making=True)
    assert key is not None
    for number in range(batch.first_number, batch.first_number + batch.count):
        if number not in used:
            return _text(key, number)
    return None


def has_codes(db: Database, shop_id: int) -> bool:
    """Whether the shop hands out codes at all: the disclosure then says what "in store" means."""
    return db.execute("SELECT 1 FROM store_code_batches WHERE shop_id = ? LIMIT 1", [shop_id]).fetchone() is not None
