"""The monthly roll-ups equal a recount of the reviews on either engine, and the doctor mends drift."""

from __future__ import annotations

from socialproof import clock
from socialproof.audit import Action, RejectReason
from socialproof.insights import rollups
from socialproof.insights.scope import Period, Scope
from socialproof.moderation.decisions import decide
from socialproof.reviews.input import parse_review
from socialproof.reviews.products import product_row_id
from socialproof.reviews.replies import set_reply
from socialproof.reviews.submit import submit_review
from socialproof.safety.shoppers import Shopper
from socialproof.shops.registry import create_shop, update_shop
from socialproof.signals import recommendations, votes


def write(db, shop, product, rating, **fields):
    data = {"rating": rating, "body": "Hyvä tuote.", "author_name": "Anni"} | fields
    return submit_review(db, shop, product, parse_review(data, "fi"))["id"]


def a_month_of_reviews(db, travel):
    create_shop(db, "sh", "Shop")
    shop = update_shop(db, "sh", moderation="pre")
    ids = [write(db, shop, p, r) for p, r in (("P1", 5), ("P1", 1), ("P2", 4), ("P2", 2))]
    travel(hours=3)
    decide(db, shop, ids[0], Action.APPROVE, None, "test")
    decide(db, shop, ids[1], Action.REJECT, RejectReason.OFFENSIVE, "test")
    travel(hours=30)
    decide(db, shop, ids[2], Action.APPROVE, None, "test")
    decide(db, shop, ids[2], Action.REJECT, RejectReason.SPAM, "test")  # changed its mind: one decision stands
    post = update_shop(db, "sh", moderation="post")
    write(db, post, "P1", 3, recommend=True)
    for n, shopper in enumerate(Shopper(f"v{n}", f"ip{n}") for n in range(3)):
        votes.vote(db, shop, ids[0], shopper)
        recommendations.recommend(db, shop, "P2" if n else None, shopper)  # the first recommends the shop itself
    votes.vote(db, shop, ids[0], Shopper("v2", "ip2"), undo=True)
    set_reply(db, shop, ids[0], "Kiitos!", "test")
    return shop, ids


def test_the_roll_ups_equal_a_recount_and_give_the_same_figures_as_the_reviews(db, travel):
    shop, _ = a_month_of_reviews(db, travel)
    assert rollups.check(db) == []
    month = clock.now().strftime("%Y-%m")
    whole = rollups.review_counts(
        db, Scope(shop.id, Period.ALL), ("written", "published_here", "n5", "n3", "recommending")
    )
    assert whole == {month: {"written": 5, "published_here": 2, "n5": 1, "n3": 1, "recommending": 1}}
    # the same month read from the reviews themselves (a window, as the edge of a period is read)
    edge = Scope(shop.id, Period.ALL, window=(month, "9999"))
    assert rollups.review_counts(db, edge, ("written", "published_here", "n5", "n3", "recommending")) == whole
    signals = rollups.signal_counts(db, Scope(shop.id, Period.ALL))
    assert signals == {month: {"helpful_votes": 2, "recommendations": 3}}  # the shop's own recommendation too
    only_p2 = Scope(shop.id, Period.ALL, product_id=product_row_id(db, shop.id, "P2"))
    assert rollups.signal_counts(db, only_p2) == {month: {"helpful_votes": 0, "recommendations": 2}}
    assert rollups.signal_counts(db, edge) == signals
    answered = rollups.review_counts(db, Scope(shop.id, Period.ALL), ("answered", "reply_h_48"))
    assert answered == {month: {"answered": 1, "reply_h_48": 1}}  # replied 30 hours after publication
    decided = {(r["rating"], r["outcome"]): r for r in rollups.decision_counts(db, Scope(shop.id, Period.ALL))}
    assert {k: v["decisions"] for k, v in decided.items() if v["decisions"]} == {
        (5, "published"): 1,
        (1, "offensive"): 1,
        (4, "spam"): 1,
    }
    assert (decided[(5, "published")]["h_4"], decided[(4, "spam")]["h_48"]) == (1, 1)  # 3 and 33 hours
    from_reviews = {(r["rating"], r["outcome"]): r for r in rollups.decision_counts(db, edge)}
    assert {k: dict(v) for k, v in from_reviews.items()} == {k: dict(v) for k, v in decided.items() if v["decisions"]}


def test_a_hand_edited_roll_up_is_found_and_recounted(db, travel):
    a_month_of_reviews(db, travel)
    db.execute("UPDATE review_months SET n5 = n5 + 4")
    db.execute("DELETE FROM decision_months WHERE outcome = 'spam'")
    drift = [str(d) for d in rollups.check(db)]
    assert any("n5 is 5, a recount gives 1" in line for line in drift), drift
    assert any("decision_months" in line and "decisions is 0, a recount gives 1" in line for line in drift), drift
    rollups.repair(db)
    assert rollups.check(db) == []
