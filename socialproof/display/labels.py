"""How declared values read to people: catalog messages keyed by the enum, one mapping per audience.

Templates get these as globals, so a form's options, a label and a sentence that
lists the reasons all follow ``RejectReason``; tests/display/test_labels.py
fails when a reason has no words.
"""

from __future__ import annotations

from socialproof.audit import RejectReason
from socialproof.i18n import N_
from socialproof.moderation.reports import NOTE_MAX
from socialproof.reviews.input import AUTHOR_MAX, BODY_MAX, EMAIL_MAX, TITLE_MAX
from socialproof.reviews.replies import REPLY_MAX

# The moderators' words, in the workspace's lists, log and statistics.
REASON_LABELS = {
    RejectReason.SPAM: N_("Spam"),
    RejectReason.OFFENSIVE: N_("Offensive"),
    RejectReason.PERSONAL_DATA: N_("Personal data"),
    RejectReason.OFF_TOPIC: N_("Off-topic"),
    RejectReason.NOT_GENUINE: N_("Not genuine"),
}
# The shoppers' words, in the form that reports a review.
REPORT_CHOICES = {
    RejectReason.SPAM: N_("Spam or advertising"),
    RejectReason.OFFENSIVE: N_("Offensive"),
    RejectReason.PERSONAL_DATA: N_("Contains personal data"),
    RejectReason.OFF_TOPIC: N_("Not about the product"),
    RejectReason.NOT_GENUINE: N_("Not a genuine review"),
}
# Within a sentence, as the disclosure lists them ("spam, offensive content, … or not genuine").
REASON_NAMES = {
    RejectReason.SPAM: N_("spam"),
    RejectReason.OFFENSIVE: N_("offensive content"),
    RejectReason.PERSONAL_DATA: N_("personal data"),
    RejectReason.OFF_TOPIC: N_("off-topic"),
    RejectReason.NOT_GENUINE: N_("not genuine"),
}
# The maxlength of each form field, from the limits the server enforces.
FIELD_MAX = {
    "title": TITLE_MAX,
    "body": BODY_MAX,
    "author_name": AUTHOR_MAX,
    "email": EMAIL_MAX,
    "note": NOTE_MAX,
    "reply": REPLY_MAX,
}
TEMPLATE_GLOBALS = {
    "REASON_LABELS": REASON_LABELS,
    "REPORT_CHOICES": REPORT_CHOICES,
    "REASON_NAMES": REASON_NAMES,
    "FIELD_MAX": FIELD_MAX,
}
