"""Events as a chat message for a Slack or Microsoft Teams incoming webhook, in the shop's language.

One line says what happened ("New 2-star review of Aamukahvi waiting") with a
link into the workspace; the review's words and writer follow only when the
shop turned that on (they may hold what the writer would not post in a team
chat). Slack reads ``&``, ``<`` and ``>`` as markup, so they are escaped: a
review can't mention @channel or smuggle a link.
"""

from __future__ import annotations

from typing import Any

from socialproof.audit import RejectReason
from socialproof.display.labels import REASON_NAMES
from socialproof.errors import plural
from socialproof.i18n import N_, Formatter, formatter
from socialproof.shops.registry import Shop
from socialproof.webhooks.endpoints import EndpointKind
from socialproof.webhooks.events import EventType

QUOTE_MAX = 300
HEADLINES = {
    EventType.REVIEW_SUBMITTED: N_("New %(stars)s-star review of %(product)s waiting"),
    EventType.REVIEW_PUBLISHED: N_("A %(stars)s-star review of %(product)s was published"),
    EventType.REVIEW_REJECTED: N_("A %(stars)s-star review of %(product)s was rejected: %(reason)s"),
    EventType.REVIEW_EDITED: N_("A %(stars)s-star review of %(product)s was edited"),
    EventType.REVIEW_WITHDRAWN: N_("A review of %(product)s was withdrawn by its writer"),
    EventType.REVIEW_REPORTED: N_("A review of %(product)s was reported: %(reason)s"),
    EventType.REPLY_PUBLISHED: N_("The shop's reply to a review of %(product)s was published"),
    EventType.PHOTO_PUBLISHED: N_("A shopper's photo of %(product)s was published"),
}
SUBMITTED_PUBLISHED = N_("New %(stars)s-star review of %(product)s, published")
OPEN_QUEUE, OPEN_REPORTS, OPEN_WORKSPACE = N_("open the queue"), N_("open the reports"), N_("open the workspace")


def _reason(t: Formatter, value: str | None) -> str:
    return t.gettext(REASON_NAMES[RejectReason(value)]) if value in set(RejectReason) else "–"


def headline(t: Formatter, payload: dict[str, Any]) -> str:
    kind, data = EventType(payload["type"]), payload["data"]
    if kind is EventType.IMPORT_FINISHED:
        done = data["import"]
        return plural(
            "%(num)s review imported from %(service)s",
            "%(num)s reviews imported from %(service)s",
            done["reviews"],
            service=done["service"],
        ).text(t)
    review = data["review"]
    template = HEADLINES[kind]
    if kind is EventType.REVIEW_SUBMITTED and review["status"] == "approved":
        template = SUBMITTED_PUBLISHED
    reason = (
        (data.get("report") or {}).get("reason") if kind is EventType.REVIEW_REPORTED else review["rejection_reason"]
    )
    return t.gettext(template) % {
        "stars": t.number(review["rating"]),
        "product": review["product_name"] or review["product"],
        "reason": _reason(t, reason),
    }


def _link(payload: dict[str, Any], shop: Shop, public_url: str) -> tuple[str, str] | None:
    """Where a moderator acts on it, and the words for the link; None without a public URL."""
    if not public_url:
        return None
    kind, review = EventType(payload["type"]), payload["data"].get("review")
    base = f"{public_url.rstrip('/')}/admin/shops/{shop.slug}"
    if kind is EventType.REVIEW_REPORTED:
        return f"{base}?view=reported", OPEN_REPORTS
    if review is not None and review["status"] == "pending":
        return base, OPEN_QUEUE
    return base + (f"/reviews/{review['id']}" if review is not None else "/log"), OPEN_WORKSPACE


def _quote(payload: dict[str, Any]) -> str | None:
    review = payload["data"].get("review")
    if not review or review["erased"] or not (review["title"] or review["body"]):
        return None
    words = " – ".join(part for part in (review["title"], review["body"]) if part)
    words = words if len(words) <= QUOTE_MAX else words[: QUOTE_MAX - 1].rstrip() + "…"
    return f"{words} ({review['author_name']})" if review["author_name"] else words


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def message(
    kind: EndpointKind, payload: dict[str, Any], shop: Shop, public_url: str, *, include_text: bool
) -> dict[str, Any]:
    """The body to post to a chat endpoint of ``kind`` for the event ``payload``."""
    t = formatter(shop.lang)
    line, link = f"{shop.name}: {headline(t, payload)}", _link(payload, shop, public_url)
    quote = _quote(payload) if include_text else None
    if kind is EndpointKind.SLACK:
        text = _slack_escape(line) + (f" — <{link[0]}|{_slack_escape(t.gettext(link[1]))}>" if link else "")
        text += "\n>" + _slack_escape(quote).replace("\n", "\n>") if quote else ""
        return {"text": text, "unfurl_links": False}
    body: list[dict[str, Any]] = [{"type": "TextBlock", "text": line, "wrap": True, "weight": "Bolder"}]
    if quote:
        body.append({"type": "TextBlock", "text": quote, "wrap": True, "isSubtle": True})
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.4",
        "body": body,
    }
    if link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": t.gettext(link[1]), "url": link[0]}]
    return {
        "type": "message",
        "summary": line,
        "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "content": card}],
    }
