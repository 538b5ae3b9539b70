"""The moderation workspace at /admin: server-rendered pages for the shop's moderators."""

from socialproof.web.workspace import auth, pages, queue

routes = [*auth.routes, *pages.routes, *queue.routes]
