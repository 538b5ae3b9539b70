"""Signed exports: "verified" survives a move between socialproof servers, and can't be forged by editing a file.

Each server has an Ed25519 key made on first use (its seed is one of the
database's server secrets). An export's records carry a signature over their
canonical JSON; ``socialproof key public`` prints the public half. An import
that names that public key keeps our own "verified" for records whose
signature checks, and refuses any record that was changed.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from socialproof.db.engine import Database
from socialproof.db.server_secrets import existing_secret, server_secret
from socialproof.errors import Invalid
from socialproof.i18n import N_

SECRET = "export-signing"
PREFIX = "ed25519:"
UNSIGNED = ("signature", "signed_by")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _private(db: Database) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(server_secret(db, SECRET))


def has_key(db: Database) -> bool:
    return existing_secret(db, SECRET) is not None


def public_key(db: Database) -> str:
    """This server's public key as ``ed25519:…`` (writer connection: made on first use)."""
    return PREFIX + _b64(_private(db).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def canonical(record: dict[str, Any]) -> bytes:
    return json.dumps(
        {k: v for k, v in record.items() if k not in UNSIGNED},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()


class Signer:
    def __init__(self, db: Database) -> None:
        self._key, self.public = _private(db), public_key(db)

    def signed(self, record: dict[str, Any]) -> dict[str, Any]:
        return record | {"signed_by": self.public, "signature": _b64(self._key.sign(canonical(record)))}


def parse_keys(texts: Sequence[str]) -> list[Ed25519PublicKey]:
    keys = []
    for text in texts:
        try:
            raw = _unb64(text.strip().removeprefix(PREFIX))
            keys.append(Ed25519PublicKey.from_public_bytes(raw))
        except ValueError:
            raise Invalid(
                N_("The key is not a socialproof public key (ed25519:…)."), {"trust_key": text[:80]}
            ) from None
    return keys


def genuine(record: dict[str, Any], keys: Sequence[Ed25519PublicKey]) -> bool:
    """Whether one of ``keys`` signed exactly this record."""
    signature = record.get("signature")
    if not isinstance(signature, str):
        return False
    try:
        raw = _unb64(signature)
    except ValueError:
        return False
    for key in keys:
        try:
            key.verify(raw, canonical(record))
            return True
        except InvalidSignature:
            continue
    return False
