"""The moderation workspace at /admin: server-rendered pages for the shop's moderators."""

from socialproof.web.workspace import auth, mail, pages, queue, settings, webhooks

routes = [*auth.routes, *pages.routes, *queue.routes, *mail.routes, *webhooks.routes, *settings.routes]
