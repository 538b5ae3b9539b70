"""The moderation workspace at /admin: server-rendered pages for the shop's moderators."""

from socialproof.web.workspace import (
    codes,
    groups,
    insights,
    mail,
    pages,
    questions,
    queue,
    sessions,
    settings,
    shop_reviews,
    webhooks,
)

routes = [
    *sessions.routes,
    *pages.routes,
    *queue.routes,
    *questions.routes,
    *shop_reviews.routes,
    *mail.routes,
    *webhooks.routes,
    *codes.routes,
    *groups.routes,
    *settings.routes,
    *insights.routes,
]
