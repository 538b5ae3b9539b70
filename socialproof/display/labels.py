"""How declared values read to people: catalog messages keyed by the enum, one mapping per audience.

Templates get these as globals, so a form's options, a label and a sentence that
lists the reasons all follow ``RejectReason``; tests/display/test_labels.py
fails when a reason has no words.
"""

from __future__ import annotations

from socialproof.audit import Action, ActorKind, RejectReason, Subject, actor_parts, subject_parts
from socialproof.i18n import N_
from socialproof.moderation.reports import NOTE_MAX
from socialproof.questions.input import ANSWER_MAX, QUESTION_MAX
from socialproof.reviews.input import AUTHOR_MAX, BODY_MAX, EMAIL_MAX, TITLE_MAX
from socialproof.reviews.provenance import imported_file
from socialproof.reviews.replies import REPLY_MAX
from socialproof.shops.registry import ModerationMode

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
# A moderation mode within a sentence ("changed from … to …"), in the public integrity report.
MODE_NAMES = {
    ModerationMode.PRE: N_("reading every review before publishing it"),
    ModerationMode.POST: N_("publishing reviews at once"),
}
# What happened, in the workspace's audit log and a review's history.
ACTION_LABELS = {
    Action.APPROVE: N_("Approved"),
    Action.REJECT: N_("Rejected"),
    Action.PUBLISH: N_("Published at once (post-moderation)"),
    Action.REPLY: N_("Replied"),
    Action.REPLY_EDIT: N_("Edited the reply"),
    Action.REPLY_REMOVE: N_("Removed the reply"),
    Action.REDACT: N_("Removed personal data"),
    Action.REPORT: N_("Reported by a shopper"),
    Action.BLOCKLIST: N_("Changed the words to flag"),
    Action.WRITER_EDIT: N_("Corrected by the writer"),
    Action.IMPORT: N_("Imported reviews from a file"),
    Action.WITHDRAW: N_("Withdrawn by the writer"),
    Action.MODE: N_("Changed the moderation mode"),
    Action.CODES: N_("Made in-store review codes"),
    Action.CODES_REVOKE: N_("Withdrew a batch of in-store review codes"),
    Action.ANSWER: N_("Answered a question"),
}
# What an entry that is not about a review is about; %(id)s is its number.
SUBJECT_LABELS = {
    Subject.QUESTION: N_("Question #%(id)s"),
    Subject.ANSWER: N_("Answer #%(id)s"),
    Subject.SHOP_REVIEW: N_("Review of the shop #%(id)s"),
}
# Who did it; %(detail)s is what the log stored beside the kind (an e-mail, a key's prefix, a command).
ACTOR_LABELS = {
    ActorKind.MODERATOR: N_("%(detail)s (moderator)"),
    ActorKind.API_KEY: N_("The shop's system, API key %(detail)s…"),
    ActorKind.COMMAND_LINE: N_("Command line: socialproof %(detail)s"),
    ActorKind.SYSTEM: N_("socialproof, by the shop's settings"),
    ActorKind.SHOPPER: N_("A shopper"),
    ActorKind.WRITER: N_("The review's writer"),
}
# The maxlength of each form field, from the limits the server enforces.
FIELD_MAX = {
    "title": TITLE_MAX,
    "body": BODY_MAX,
    "author_name": AUTHOR_MAX,
    "email": EMAIL_MAX,
    "note": NOTE_MAX,
    "reply": REPLY_MAX,
    "question": QUESTION_MAX,
    "answer": ANSWER_MAX,
}
# A review's report form is asked for as report=review:{id}, as a question's is question:{id} (audit.about).
REVIEW_MARK = "review"
TEMPLATE_GLOBALS = {
    "REVIEW_MARK": REVIEW_MARK,
    "REASON_LABELS": REASON_LABELS,
    "REPORT_CHOICES": REPORT_CHOICES,
    "REASON_NAMES": REASON_NAMES,
    "ACTION_LABELS": ACTION_LABELS,
    "MODE_NAMES": MODE_NAMES,
    "ACTOR_LABELS": ACTOR_LABELS,
    "actor_parts": actor_parts,
    "SUBJECT_LABELS": SUBJECT_LABELS,
    "subject_parts": subject_parts,
    "imported_file": imported_file,
    "FIELD_MAX": FIELD_MAX,
}
