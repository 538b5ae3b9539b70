"""Requests that miss the render cache together share one render (caching.render_once)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from socialproof.web.cache.answers import render_once
from socialproof.web.cache.entries import make_entry
from socialproof.web.cache.memory import Entry, Rendering

T = TypeVar("T")


def run(scenario: Coroutine[Any, Any, T]) -> T:
    """On a thread of its own: a browser test earlier in the run may leave an event loop in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, scenario).result()


def test_requests_missing_together_wait_for_one_render():
    async def scenario() -> tuple[int, list[Entry]]:
        rendering: Rendering = {}
        renders = 0
        release = asyncio.Event()

        async def render() -> Entry:
            nonlocal renders
            renders += 1
            await release.wait()
            return make_entry(b"<p>rendered</p>", "text/html", 1)

        waiting = [asyncio.create_task(render_once(rendering, "key", render)) for _ in range(20)]
        await asyncio.sleep(0)
        release.set()
        entries = await asyncio.gather(*waiting)
        assert rendering == {}
        return renders, entries

    renders, entries = run(scenario())
    assert renders == 1 and len({id(e) for e in entries}) == 1


def test_a_failed_render_fails_every_waiter_and_the_next_request_renders_again():
    async def scenario() -> list[BaseException | Entry]:
        rendering: Rendering = {}
        release = asyncio.Event()

        async def failing() -> Entry:
            await release.wait()
            raise LookupError("no such shop")

        waiting = [asyncio.create_task(render_once(rendering, "key", failing)) for _ in range(3)]
        await asyncio.sleep(0)
        release.set()
        results = await asyncio.gather(*waiting, return_exceptions=True)

        async def working() -> Entry:
            return make_entry(b"ok", "text/plain", 1)

        return [*results, await render_once(rendering, "key", working)]

    *failures, entry = run(scenario())
    assert all(isinstance(f, LookupError) for f in failures)
    assert isinstance(entry, Entry) and entry.encoded.plain() == b"ok"


def test_a_waiter_renders_itself_when_the_render_it_waited_for_is_cancelled():
    async def scenario() -> Entry:
        rendering: Rendering = {}
        started = asyncio.Event()

        async def slow() -> Entry:
            started.set()
            await asyncio.Event().wait()  # never: the client went away
            raise AssertionError

        async def quick() -> Entry:
            return make_entry(b"mine", "text/plain", 1)

        first = asyncio.create_task(render_once(rendering, "key", slow))
        await started.wait()
        second = asyncio.create_task(render_once(rendering, "key", quick))
        await asyncio.sleep(0)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        return await second

    assert run(scenario()).encoded.plain() == b"mine"
