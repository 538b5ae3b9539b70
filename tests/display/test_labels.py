"""Every declared reason has words for each audience, and forms carry the limits the server keeps."""

from __future__ import annotations

import pytest

from socialproof.audit import RejectReason
from socialproof.display.labels import REASON_LABELS, REASON_NAMES, REPORT_CHOICES
from socialproof.i18n import formatter
from socialproof.reviews.input import BODY_MAX, TITLE_MAX
from tests.support import published


@pytest.mark.parametrize("words", [REASON_LABELS, REPORT_CHOICES, REASON_NAMES])
def test_every_reason_has_words(words):
    assert set(words) == set(RejectReason)


@pytest.mark.parametrize(
    "lang, listed",
    [
        ("en", "spam, offensive content, personal data, off-topic, or not genuine"),
        ("fi", "roskaposti, loukkaava sisältö, henkilötiedot, asiaton tai epäaito"),
        ("sv", "skräppost, kränkande innehåll, personuppgifter, ovidkommande eller inte äkta"),
    ],
)
def test_the_disclosure_lists_every_reason_in_the_readers_language(client, lang, listed):
    assert formatter(lang).alternatives(REASON_NAMES.values()) == listed
    assert listed in client.get(f"/w/kahvi/reviews?product=P1&lang={lang}").text


def test_the_form_and_the_report_follow_the_declarations(client, shops):
    review_id = published(client, shops)
    form = client.get("/w/kahvi/reviews?product=P1&write=1").text
    assert f'maxlength="{BODY_MAX}"' in form and f'maxlength="{TITLE_MAX}"' in form
    report = client.get(f"/w/kahvi/reviews?product=P1&report=review:{review_id}").text
    assert all(f'<option value="{reason.value}">' in report for reason in RejectReason)
