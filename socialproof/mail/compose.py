"""Messages as mail clients need them: multipart (plain text and HTML), in the reader's language.

The HTML is a single table with inline styles, no script and no remote
images, and carries its language; every link is absolute, from the server's
public URL. Every message says it was sent automatically (Auto-Submitted);
bulk mail (review requests) also carries the one-click unsubscribe of RFC 8058.
"""

from __future__ import annotations

import email.policy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.i18n import formatter
from socialproof.mail.outbox import MailKind, Queued
from socialproof.resources import PACKAGE_DIR
from socialproof.shops.registry import Shop, shop_by_id
from socialproof.templating import Templates

MAIL_TEMPLATES = Templates(PACKAGE_DIR / "mail" / "templates")
# Lines up to RFC 5322's 998 characters: the default 78 makes Python encode an unbreakable
# List-Unsubscribe as RFC 2047 words, which no mail client reads as a one-click unsubscribe (RFC 8058).
POLICY = email.policy.default.clone(max_line_length=998)


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str
    unsubscribe_url: str | None = None  # bulk mail only: List-Unsubscribe with one-click POST
    on_sent: Callable[[Database], None] | None = None  # what sending it changes, in the same transaction


# What each kind of message says, from what it refers to: (database, the queued message, public URL).
Composer = Callable[[Database, Queued, str], Mail]


def message(mail: Mail, *, sender: str, to: str, lang: str, reply_to: str | None = None) -> EmailMessage:
    """The message, whole and serialisable: a header Python can't build (a line break in it, an
    address its parser refuses) raises ValueError here, before the message is sent."""
    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = mail.subject
    msg["From"] = sender
    msg["To"] = to
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Date"] = formatdate(clock.now().timestamp(), usegmt=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to us
    if mail.unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(mail.text)
    msg.add_alternative(mail.html, subtype="html")
    msg["Content-Language"] = lang  # after the parts: making them moves Content-* headers into the first
    msg.as_bytes()  # what smtplib will do with it: fails now for whatever it would fail on then
    return msg


def from_template(lang: str, name: str, subject: str, **context: object) -> Mail:
    """The mail template ``name`` (name.txt and name.html) written out, the subject given to both."""
    context["subject"] = subject
    text, html = (
        MAIL_TEMPLATES.render(lang, f"{name}.txt", **context),
        MAIL_TEMPLATES.render(lang, f"{name}.html", **context),
    )
    return Mail(subject, text, html)


def shop_of(db: Database, queued: Queued) -> Shop:
    shop = shop_by_id(db, queued.shop_id) if queued.shop_id is not None else None
    if shop is None:  # the outbox row goes with its shop (ON DELETE CASCADE); digests don't ask
        raise LookupError(f"message {queued.id} is not about one shop")
    return shop


def test_mail(db: Database, queued: Queued, public_url: str) -> Mail:
    """What `socialproof mail test` sends: proof that the settings reach a mailbox."""
    shop = shop_of(db, queued)
    t = formatter(queued.lang)
    subject = t.gettext("Test message from socialproof for %(shop)s") % {"shop": shop.name}
    return from_template(queued.lang, "test", subject, shop=shop, public_url=public_url)


COMPOSERS: Mapping[MailKind, Composer] = {MailKind.TEST: test_mail}
