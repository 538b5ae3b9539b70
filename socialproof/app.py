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

from socialproof.config import Settings
from socialproof.db.engine import Database
from socialproof.db.server_secrets import server_secret
from socialproof.db.store import Store, migrate
from socialproof.jobs.schedule import background, every
from socialproof.photos.storage import LocalStorage
from socialproof.signals.beats import FLUSH_SECONDS, Beats, flush
from socialproof.signals.beats import read as read_beats
from socialproof.web import AppState, workspace
from socialproof.web.assets import Assets
from socialproof.web.cache.before_routing import CachedAnswers
from socialproof.web.cache.memory import FOLLOW_SECONDS, RenderCache
from socialproof.web.cors import PublicCORS
from socialproof.web.heartbeats import Heartbeats
from socialproof.web.middleware import BoundedRequests, SecurityHeaders
from socialproof.web.problems import EXCEPTION_HANDLERS
from socialproof.web.routes import (
    activity,
    all_reviews_page,
    answer_page,
    assets,
    demo,
    groups_api,
    merchant_api,
    moderation_api,
    my_review,
    orders_in,
    photo_files,
    portability_api,
    public_api,
    questions_api,
    review_page,
    shop_reviews_api,
    shop_reviews_page,
    signals_api,
    store_code_page,
    trust_report,
    unsubscribe,
    webhooks_api,
    widget_actions,
    widgets,
)

log = logging.getLogger("socialproof")


def create_app(settings: Settings | None = None, *, demo_page: bool = False) -> Starlette:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        def start(db: Database) -> None:
            held.form_key = server_secret(db, "form")  # signs the review form's start stamp
            cache.start_at(db)
            beats.refreshed(flush(db, beats.detach(), beats.read_since()))  # who is looking already

        held.store = store = Store(settings.db_path, settings.reader_threads)
        try:  # on the writer's own connection, not one opened for it: opening one reads the whole schema
            store.write_sync(migrate)
            store.write_sync(start)  # retried if another node starting beside it got in the way
        except BaseException:
            store.close()
            raise
        store.after_commit.append(cache.follow)  # this process's own writes show on its next request
        # Decoding photos is CPU work: its own small pool, so it never starves reads.
        held.photo_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sp-photos")
        loops = [
            *background(store, settings),
            # other processes' writes (other workers, the CLI) reach this one's cache through the feed
            every(FOLLOW_SECONDS, lambda: store.read(cache.follow), failed="reading the change feed failed",
                  wait=store.wait_for_change),
            # heartbeats counted in memory go to the database at most once a second (signals/beats.py)
            every(FLUSH_SECONDS, lambda: flush_beats(store, beats), failed="writing heartbeats failed"),
        ]  # fmt: skip
        tasks = [asyncio.create_task(loop) for loop in loops]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await flush_beats(store, beats)  # what arrived last is not lost on a clean stop
            held.photo_executor.shutdown(wait=True)
            store.close()

    routes: list[BaseRoute] = [
        *widgets.routes,
        *widget_actions.routes,
        *review_page.routes,
        *answer_page.routes,
        *store_code_page.routes,
        *trust_report.routes,
        *shop_reviews_page.routes,
        *all_reviews_page.routes,
        *unsubscribe.routes,
        *my_review.routes,
        *public_api.routes,
        *questions_api.routes,
        *shop_reviews_api.routes,
        *signals_api.routes,
        *activity.routes,
        *merchant_api.routes,
        *groups_api.routes,
        *portability_api.routes,
        *orders_in.routes,
        *webhooks_api.routes,
        *moderation_api.routes,
        *photo_files.routes,
        *workspace.routes,
        *assets.routes,
    ]
    if demo_page:
        routes += demo.routes
    app_assets = Assets(settings.embed_max_age)
    cache = RenderCache(settings.render_cache_mb * 1024 * 1024)
    beats = Beats()
    middleware = [
        Middleware(CachedAnswers, cache=cache, fixed=app_assets.by_path),  # first: most requests end there
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
    app.state.socialproof = held = AppState(settings, app_assets, cache, beats, LocalStorage(settings.photo_path))
    return app


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
