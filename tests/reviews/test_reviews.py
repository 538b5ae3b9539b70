"""Review rules that hold whatever the HTTP layer does."""

import pytest

from socialproof.errors import Invalid
from socialproof.i18n import formatter
from socialproof.reviews.input import parse_review
from socialproof.reviews.status import ReviewStatus
from socialproof.reviews.submit import submit_review
from socialproof.reviews.summary import Summary
from socialproof.shops.registry import create_shop, update_shop


def test_every_bad_field_is_named_at_once():
    with pytest.raises(Invalid) as caught:
        parse_review(
            {
                "rating": 0,
                "title": "x" * 121,
                "body": "",
                "author_name": "y" * 61,
                "email": "nope",
                "recommend": "maybe",
                "lang": "!!",
            },
            "fi",
        )
    assert set(caught.value.errors) == {"rating", "title", "body", "author_name", "email", "recommend", "lang"}


def test_errors_come_in_the_shoppers_language():
    with pytest.raises(Invalid) as caught:
        parse_review({}, "fi")
    assert caught.value.in_language(formatter("fi"))[1]["rating"] == "Valitse arvosana yhdestä viiteen tähteen."


@pytest.mark.parametrize("rating", [True, 2.5, "5 stars", None, 6, "¹", "٥", "₅", "5" * 20, "05x", 5.0, "-1", "+5"])
def test_rating_must_be_a_whole_number_of_stars_in_ascii_digits(rating):
    with pytest.raises(Invalid) as caught:
        parse_review({"rating": rating, "body": "b", "author_name": "a"}, "fi")
    assert "rating" in caught.value.errors


def test_body_of_only_invisible_characters_counts_as_empty():
    with pytest.raises(Invalid) as caught:
        parse_review({"rating": 4, "body": "\u200b\x00 \u202e\n", "author_name": "a"}, "fi")
    assert "body" in caught.value.errors


def test_text_too_long_is_refused_before_it_is_cleaned():
    with pytest.raises(Invalid) as caught:
        parse_review({"rating": 4, "body": "<a " * 100_000, "author_name": "a"}, "fi")
    assert "5,000" in caught.value.in_language(formatter("en"))[1]["body"]
    assert "5\xa0000" in caught.value.in_language(formatter("fi"))[1]["body"]


def test_limits_are_inclusive():
    review = parse_review({"rating": "5", "title": "t" * 120, "body": "b" * 5000, "author_name": "a" * 60}, "sv")
    assert (len(review.title), len(review.body), len(review.author_name), review.lang) == (120, 5000, 60, "sv")


@pytest.mark.parametrize("rating", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("mode, status", [("pre", ReviewStatus.PENDING), ("post", ReviewStatus.APPROVED)])
def test_status_follows_the_moderation_mode_never_the_rating(db, rating, mode, status):
    create_shop(db, "kahvi", "Kahvi")
    shop = update_shop(db, "kahvi", moderation=mode)
    review = parse_review({"rating": rating, "body": "b", "author_name": "a"}, "fi")
    assert submit_review(db, shop, "P1", review)["status"] == status


def test_average_is_the_mean_of_all_ratings_rounded_half_up():
    assert Summary("p", {5: 1, 4: 1, 1: 0}).average == 4.5
    assert Summary("p", {5: 2, 4: 1}).average == 4.7  # 4.666...
    assert Summary("p", {5: 1, 4: 3}).average == 4.3  # 4.25 rounds up, not to even
    assert Summary("p", {}).average is None
