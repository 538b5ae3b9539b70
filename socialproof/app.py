"""Assembles the application: routes by audience, the database, error handling."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from socialproof import housekeeping, mailing
from socialproof.config import Settings
from socialproof.db.engine import Database
from socialproof.db.keys import server_secret
from socialproof.db.store import Store, writing
from socialproof.mail.transport import Smtp
from socialproof.photos.storage import LocalStorage
from socialproof.signals.beats import FLUSH_SECONDS, Beats, flush
from socialproof.signals.beats import read as read_beats
from socialproof.web import workspace
from socialproof.web.beating import Heartbeats
from socialproof.web.cors import PublicCORS
from socialproof.web.errors import EXCEPTION_HANDLERS
from socialproof.web.kept import KeptAnswers
from socialproof.web.middleware import BoundedRequests, SecurityHeaders
from socialproof.web.rendered import FOLLOW_SECONDS, RenderCache
from socialproof.web.routes import (
    assets,
    demo,
    hooks,
    merchant_api,
    moderation_api,
    my_review,
    photos,
    portability_api,
    presence,
    public_api,
    review_page,
    signals_api,
    unsubscribe,
    webhooks_api,
    widget_actions,
    widgets,
)
from socialproof.webhooks import deliveries, sending

log = logging.getLogger("socialproof")
MAIL_INTERVAL_SECONDS = 60
WEBHOOK_INTERVAL_SECONDS = 2  # the first retry waits 5 s (policy.WEBHOOK_RETRIES)


def create_app(settings: Settings | None = None, *, demo_page: bool = False) -> Starlette:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        def start(db: Database) -> None:
            app.state.form_key = server_secret(db, "form")  # signs the review form's start stamp
            cache.start_at(db)
            beats.refreshed(flush(db, beats.detach(), beats.read_since()))  # who is looking already

        with writing(settings.db_path) as write:  # retried if another node starting beside it got in the way
            write(start)
        app.state.store = store = Store(settings.db_path, settings.reader_threads)
        store.after_commit.append(cache.follow)  # this process's own writes show on its next request
        # Decoding photos is CPU work: its own small pool, so it never starves reads.
        app.state.photo_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sp-photos")
        sweeper = asyncio.create_task(sweep(store))
        follower = asyncio.create_task(follow_changes(store, cache))
        writer = asyncio.create_task(write_beats(store, beats))
        mailer = asyncio.create_task(send_mail(store, settings))
        poster = asyncio.create_task(send_webhooks(store, settings))
        try:
            yield
        finally:
            sweeper.cancel()
            follower.cancel()
            writer.cancel()
            mailer.cancel()
            poster.cancel()
            await flush_beats(store, beats)  # what arrived last is not lost on a clean stop
            app.state.photo_executor.shutdown(wait=True)
            store.close()

    routes: list[BaseRoute] = [
        *widgets.routes,
        *widget_actions.routes,
        *review_page.routes,
        *unsubscribe.routes,
        *my_review.routes,
        *public_api.routes,
        *signals_api.routes,
        *presence.routes,
        *merchant_api.routes,
        *portability_api.routes,
        *hooks.routes,
        *webhooks_api.routes,
        *moderation_api.routes,
        *photos.routes,
        *workspace.routes,
        *assets.routes,
    ]
    if demo_page:
        routes += demo.routes
    app_assets = assets.Assets(settings.embed_max_age)
    cache = RenderCache(settings.render_cache_mb * 1024 * 1024)
    beats = Beats()
    middleware = [
        Middleware(KeptAnswers, cache=cache, fixed=app_assets.by_path),  # first: most requests end there
        Middleware(Heartbeats, cache=cache, beats=beats, body_seconds=settings.body_seconds),  # and most others
        Middleware(SecurityHeaders),
        Middleware(
            BoundedRequests,
            body_seconds=settings.body_seconds,
            uploads_in_flight=settings.uploads_in_flight,
            upload_wait_seconds=settings.upload_wait_seconds,
        ),
        Middleware(PublicCORS),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers=EXCEPTION_HANDLERS, middleware=middleware)
    app.state.settings = settings
    app.state.assets = app_assets
    app.state.beats = beats
    app.state.render_cache = cache
    app.state.photo_storage = LocalStorage(settings.photo_path)
    return app


async def sweep(store: Store) -> None:
    """Forget what is kept only for a while (housekeeping.py), every minute while serving."""
    while True:
        try:
            await store.write(housekeeping.purge)
        except Exception:  # a failed sweep is retried next time; it must not stop serving
            log.exception("housekeeping failed")
        await asyncio.sleep(housekeeping.INTERVAL_SECONDS)


async def follow_changes(store: Store, cache: RenderCache) -> None:
    """Other processes' writes (other workers, the CLI) reach this one's cache through the feed."""
    while True:
        try:
            await store.read(cache.follow)
        except Exception:  # retried on the next tick; serving goes on
            log.exception("reading the change feed failed")
        await store.wait_for_change(FOLLOW_SECONDS)


async def send_mail(store: Store, settings: Settings) -> None:
    """Due mail every minute, unless it is off or not set up (then `socialproof mail send-due` sends)."""
    smtp = Smtp.configured(settings)
    if settings.mail_sender == "off" or smtp is None or not settings.sends_mail:
        return
    while True:
        try:  # SMTP talks on a thread of its own; the database only in short write transactions
            await asyncio.to_thread(mailing.run, store.write_sync, smtp, settings.public_url)
        except Exception:  # retried next minute; serving goes on
            log.exception("sending mail failed")
        await asyncio.sleep(MAIL_INTERVAL_SECONDS)


async def send_webhooks(store: Store, settings: Settings) -> None:
    """Events out to the shops' endpoints every few seconds (off: `socialproof webhooks send-due` sends)."""
    if settings.webhook_sender == "off":
        return
    while True:
        try:  # posts happen on threads, outside any transaction (webhooks/sending.py)
            if await store.read(deliveries.has_work):
                await asyncio.to_thread(
                    sending.run, store.write_sync, settings.public_url, loopback=bool(settings.webhooks_allow_loopback)
                )
        except Exception:  # retried on the next tick; serving goes on
            log.exception("sending webhooks failed")
        await asyncio.sleep(WEBHOOK_INTERVAL_SECONDS)


async def write_beats(store: Store, beats: Beats) -> None:
    """Heartbeats counted in memory go to the database at most once a second (signals/beats.py)."""
    while True:
        await asyncio.sleep(FLUSH_SECONDS)
        await flush_beats(store, beats)


async def flush_beats(store: Store, beats: Beats) -> None:
    """Write what arrived, or only read back what the other processes wrote when nothing did."""
    batch, since = beats.detach(), beats.read_since()
    known = None
    try:
        if len(batch) or beats.needs_keys():
            known = await store.write(lambda db: flush(db, batch, since))
        else:
            known = await store.read(lambda db: read_beats(db, since))
    except Exception:  # dropped: presence is about the last minute and the next beats rebuild it
        log.exception("writing heartbeats failed")
    finally:
        beats.refreshed(known)


def app_from_env() -> Starlette:
    """The factory uvicorn's worker processes call (``socialproof serve --workers N``)."""
    return create_app(Settings.from_env(), demo_page=os.environ.get("SOCIALPROOF_DEMO_PAGE") == "1")
