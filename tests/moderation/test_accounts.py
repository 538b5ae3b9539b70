"""Moderator accounts: signing in tells no one which addresses have accounts."""

from __future__ import annotations

from argon2 import PasswordHasher, extract_parameters

from socialproof.moderation import accounts
from tests.support import PASSWORD


def test_an_unknown_address_is_checked_as_dearly_as_a_known_one(db, monkeypatch):
    """Its password is verified against a hash made as the stored ones are, so the answer takes as long."""
    checked: list[str] = []

    class Watched(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            checked.append(str(hash))
            return super().verify(hash, password)

    monkeypatch.setattr(accounts, "_hasher", Watched(time_cost=2, memory_cost=16, parallelism=1))
    accounts._dummy_hash.cache_clear()  # made by the hasher in use at its first need
    try:
        accounts.create_moderator(db, "mod@kahvi.example", PASSWORD, admin=True)
        assert accounts.authenticate(db, "nobody@kahvi.example", PASSWORD) is None
        assert accounts.authenticate(db, "mod@kahvi.example", PASSWORD + "!") is None
        assert accounts.authenticate(db, "mod@kahvi.example", PASSWORD) is not None
    finally:
        accounts._dummy_hash.cache_clear()
    unknown, known, _ = checked
    assert extract_parameters(unknown) == extract_parameters(known)
