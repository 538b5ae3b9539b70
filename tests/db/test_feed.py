"""The change feed records what the public can see, in order, in the same transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest

from socialproof import clock
from socialproof.audit import Action
from socialproof.db import feed
from socialproof.db.feed import ChangeKind
from socialproof.db.store import transaction
from socialproof.moderation.decisions import decide
from socialproof.reviews.input import parse_review
from socialproof.reviews.submit import submit_review
from socialproof.shops.registry import create_shop, update_shop


def test_the_enum_and_the_databases_check_name_the_same_kinds(db):
    shop = create_shop(db, "sh", "Shop")
    for kind in ChangeKind:  # each kind the code knows, the database takes
        db.execute("INSERT INTO changes (shop_id, kind, ref_id) VALUES (?, ?, 1)", [shop.id, kind.value])
    with pytest.raises(Exception, match="(?i)check"), transaction(db):  # and no other
        db.execute("INSERT INTO changes (shop_id, kind, ref_id) VALUES (?, 'nonsense', 1)", [shop.id])


def test_a_pending_review_is_not_a_change_and_its_approval_is(db):
    shop = create_shop(db, "sh", "Shop")
    start = feed.latest(db)
    review = submit_review(db, shop, "P1", parse_review({"rating": 4, "body": "Hyvä.", "author_name": "A"}, "fi"))
    kinds = [c.kind for c in feed.since(db, start)]
    assert ChangeKind.REVIEW not in kinds  # only the new product row
    before = feed.latest(db)
    decide(db, shop, review["id"], Action.APPROVE, None, "test")
    changes = feed.since(db, before)
    assert [(c.kind, c.ref_id, c.shop_id) for c in changes] == [(ChangeKind.REVIEW, review["id"], shop.id)]
    assert changes[0].id > before


def test_a_failed_write_leaves_no_change(db):
    create_shop(db, "sh", "Shop")
    before = feed.latest(db)
    with pytest.raises(RuntimeError), transaction(db):
        update_shop(db, "sh", name="New name")
        raise RuntimeError("the rest of the write failed")
    assert feed.since(db, before) == []


def test_consumers_remember_where_they_are_and_old_changes_are_forgotten(db, monkeypatch):
    create_shop(db, "sh", "Shop")
    assert feed.position(db, "cache") is None
    feed.remember(db, "cache", feed.latest(db))
    assert feed.position(db, "cache") == feed.latest(db)
    later = clock.now() + timedelta(days=feed.RETENTION_DAYS + 1)
    monkeypatch.setattr(clock, "now", lambda: later)
    newest = feed.latest(db)
    assert feed.forget_old(db) >= 1
    assert feed.since(db, 0) == []
    update_shop(db, "sh", name="Renamed")
    assert feed.since(db, 0)[0].id > newest  # ids never go back
