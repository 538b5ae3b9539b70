"""In-store review codes: a code verifies one review of what it was handed out for, and nothing else."""

from __future__ import annotations

import pytest

from socialproof.audit import ActorKind, actor
from socialproof.db.store import open_migrated, transaction
from socialproof.errors import Invalid
from socialproof.reviews import store_codes
from socialproof.reviews.store_codes import CodeProblem, Fault

BY = actor(ActorKind.COMMAND_LINE, "codes create")


@pytest.fixture
def db(db_path, shops):
    shops.create("kahvi", "Kahvi Oy")
    shops.create("tee", "Tee Oy")
    database = open_migrated(db_path)
    yield database
    database.close()


def made(db, shop="kahvi", count=3, products=(), days=90):
    shop_id = db.execute("SELECT id FROM shops WHERE slug = ?", [shop]).fetchone()[0]
    with transaction(db):
        return store_codes.create(db, shop_id, count, products, days, by=BY)


def fault_of(db, code, product="P1", shop_id=1):
    with pytest.raises(CodeProblem) as raised:
        store_codes.check(db, shop_id, product, code)
    return raised.value.fault


def use(db, code, product="P1", review_id=1):
    with transaction(db):
        store_codes.redeem(db, 1, product, store_codes.check(db, 1, product, code), review_id)


def test_a_code_is_typed_forgivingly_and_a_changed_character_is_refused(db):
    _, (code, *_) = made(db, products=["P1"])
    assert len(code) == 14 and code.count("-") == 2
    sloppy = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert store_codes.check(db, 1, "P1", sloppy).batch.products == ("P1",)
    changed = ("A" if code[5] != "A" else "B").join((code[:5], code[6:]))
    assert fault_of(db, changed) is Fault.FORGED
    assert fault_of(db, "not a code") is Fault.FORGED


def test_codes_of_one_batch_look_unrelated(db):
    _, codes = made(db, count=20)
    assert len({c[:4] for c in codes}) > 10 and len({c[-4:] for c in codes}) > 10


def test_a_product_code_verifies_one_review_of_that_product(db):
    _, (code, *_) = made(db, products=["P1"])
    use(db, code)
    assert fault_of(db, code) is Fault.USED
    _, (other, *_) = made(db, products=["P1"])
    assert fault_of(db, other, product="P2") is Fault.OTHER_PRODUCT


def test_a_basket_code_reviews_each_of_its_products_once(db):
    _, (code, *_) = made(db, products=["P1", "P2"])
    use(db, code, "P1")
    assert fault_of(db, code, "P1") is Fault.USED
    assert store_codes.unused(db, 1, store_codes.look_up(db, 1, code)) == ["P2"]
    use(db, code, "P2", review_id=2)
    assert store_codes.unused(db, 1, store_codes.look_up(db, 1, code)) == []
    assert store_codes.batches(db, 1)[0].used == 1  # one code used, for two reviews


def test_a_code_for_any_product_is_used_once_in_all(db):
    _, (code, *_) = made(db)
    use(db, code, "P7")
    assert fault_of(db, code, "P8") is Fault.USED


def test_a_revoked_batch_and_an_expired_code_are_refused(db, travel):
    batch, (code, *_) = made(db, products=["P1"])
    _, (later, *_) = made(db, products=["P1"], days=10)
    with transaction(db):
        assert store_codes.revoke(db, 1, batch.id, by=BY) and not store_codes.revoke(db, 1, batch.id, by=BY)
    assert fault_of(db, code) is Fault.REVOKED
    store_codes.check(db, 1, "P1", later)
    travel(days=11)
    assert fault_of(db, later) is Fault.EXPIRED


def test_one_shops_code_means_nothing_to_another(db):
    _, (code, *_) = made(db, shop="tee", products=["P1"])
    assert fault_of(db, code, shop_id=1) is Fault.FORGED


def test_numbers_continue_across_batches(db):
    first, _ = made(db, count=5)
    second, _ = made(db, count=2)
    assert (first.first_number, second.first_number) == (1, 6)
    assert [b.id for b in store_codes.batches(db, 1)] == [second.id, first.id]


@pytest.mark.parametrize(("count", "days", "field"), [(0, 90, "count"), (10_001, 90, "count"), (5, 0, "expires_days")])
def test_settings_out_of_bounds_store_nothing(db, count, days, field):
    with pytest.raises(Invalid) as raised:
        made(db, count=count, days=days)
    assert field in raised.value.errors
    assert store_codes.batches(db, 1) == []
