"""Messages as mail clients need them: multipart (plain text and HTML), in the reader's language.

The HTML is a single table with inline styles, no script and no remote
images (the shop's logo and its products' pictures travel inside the message),
and carries its language; every link is absolute, from the server's
public URL. Every message says it was sent automatically (Auto-Submitted);
bulk mail (review requests) also carries the one-click unsubscribe of RFC 8058.
"""

from __future__ import annotations

import email.policy
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.i18n import formatter
from socialproof.mail.outbox import MailKind, Queued
from socialproof.resources import PACKAGE_DIR
from socialproof.shops.logo import logo_png
from socialproof.shops.registry import Shop, shop_by_id
from socialproof.templating import Templates

MAIL_TEMPLATES = Templates(PACKAGE_DIR / "mail" / "templates")
# Lines up to RFC 5322's 998 characters: the default 78 makes Python encode an unbreakable
# List-Unsubscribe as RFC 2047 words, which no mail client reads as a one-click unsubscribe (RFC 8058).
POLICY = email.policy.default.clone(max_line_length=998)


@dataclass(frozen=True)
class Inline:
    """An image the HTML shows by its Content-ID (``cid:``), carried in the message itself: a remote
    image would tell its host who opened the mail, and when."""

    cid: str
    data: bytes
    subtype: str  # png or jpeg


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str
    unsubscribe_url: str | None = None  # bulk mail only: List-Unsubscribe with one-click POST
    on_sent: Callable[[Database], None] | None = None  # what sending it changes, in the same transaction
    inline: tuple[Inline, ...] = ()  # the shop's logo, the products' pictures


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
    if mail.inline:
        html = msg.get_body(("html",))
        assert html is not None  # added just now
        for image in mail.inline:
            html.add_related(image.data, "image", image.subtype, cid=f"<{image.cid}>", disposition="inline")
    msg["Content-Language"] = lang  # after the parts: making them moves Content-* headers into the first
    msg.as_bytes()  # what smtplib will do with it: fails now for whatever it would fail on then
    return msg


LOGO_CID = "logo@socialproof"
LOGO_SHOWN = (240, 80)  # the largest the logo is shown in mail, in CSS pixels
LINK = "#1d4ed8"  # links in mail when the shop has chosen no accent


def from_template(lang: str, name: str, subject: str, *, inline: Sequence[Inline] = (), **context: object) -> Mail:
    """The mail template ``name`` (name.txt and name.html) written out, the subject given to both.

    A mail about a shop (``shop`` in the context) comes with the shop's logo at the top and its accent
    colour (contrast-checked on white when it was set) for links; ``inline`` are the template's own images.
    """
    shop = context.get("shop")
    context |= {"subject": subject, "logo": None, "accent": LINK}
    images = list(inline)
    if isinstance(shop, Shop):
        context["accent"] = json.loads(shop.theme).get("accent") or LINK
        if shop.logo:
            png, width, height = logo_png(shop.logo)
            scale = min(1.0, LOGO_SHOWN[0] / width, LOGO_SHOWN[1] / height)
            context["logo"] = {"src": f"cid:{LOGO_CID}", "width": round(width * scale), "height": round(height * scale)}
            images.insert(0, Inline(LOGO_CID, png, "png"))
    text, html = (
        MAIL_TEMPLATES.render(lang, f"{name}.txt", **context),
        MAIL_TEMPLATES.render(lang, f"{name}.html", **context),
    )
    return Mail(subject, text, html, inline=tuple(images))


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
