"""Taking photos in with a review: all of them accepted, or none and nothing stored.

Every file is processed before anything is written. Files are written before
the review's transaction; if that transaction fails, the files it would have
referred to are removed again unless another photo uses them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor
from typing import Any, TypeVar

from socialproof.db.engine import Database
from socialproof.errors import Invalid, Message, Number, plural
from socialproof.i18n import N_
from socialproof.photos.process import Photo, PhotoRefused, process
from socialproof.photos.records import file_names
from socialproof.photos.storage import PhotoStorage
from socialproof.sanitize import plain_text

T = TypeVar("T")

REASONS = {
    "too-large": N_("“%(file)s” is larger than %(limit)s MB."),
    "not-a-photo": N_("“%(file)s” is not a JPEG, PNG or WebP photo."),
    "polyglot": N_("“%(file)s” contains something other than a photo."),
    "too-many-pixels": N_("“%(file)s” has too many pixels: at most %(limit)s megapixels."),
    "animated": N_("“%(file)s” is animated: send a still photo."),
    "unreadable": N_("“%(file)s” could not be read as a photo: it may be damaged or incomplete."),
}


def megabytes(count: int) -> float:
    """Bytes as MB for shoppers: whole when large, one decimal when small (0.1 MB, not 0 MB)."""
    mb = count / (1024 * 1024)
    return round(mb) if mb >= 10 else round(mb, 1)


# The sentence over a review's field errors, whichever part found them (the text's or the photos').
CHECK_REVIEW = N_("Please check the review: some fields need attention.")


def refusal(refused: PhotoRefused, max_bytes: int, max_pixels: int) -> Message:
    limit = megabytes(max_bytes) if refused.reason == "too-large" else round(max_pixels / 1_000_000, 1)
    return Message(
        REASONS[refused.reason], params={"file": plain_text(refused.filename)[:80] or "?", "limit": Number(limit)}
    )


async def take(
    uploads: Sequence[tuple[str, bytes]], *, executor: Executor, max_files: int, max_bytes: int, max_pixels: int
) -> list[Photo]:
    """Every upload as a Photo, or an Invalid naming each refused file and why."""
    if len(uploads) > max_files:
        raise Invalid(
            CHECK_REVIEW,
            {"photos": plural("Attach at most %(num)s photo.", "Attach at most %(num)s photos.", max_files)},
        )
    loop = asyncio.get_running_loop()
    results = await asyncio.gather(
        *(loop.run_in_executor(executor, _try, name, data, max_bytes, max_pixels) for name, data in uploads)
    )
    problems = [refusal(r, max_bytes, max_pixels) for r in results if isinstance(r, PhotoRefused)]
    if problems:
        raise Invalid(CHECK_REVIEW, {"photos": problems})
    return [r for r in results if isinstance(r, Photo)]


def _try(name: str, data: bytes, max_bytes: int, max_pixels: int) -> Photo | PhotoRefused:
    try:
        return process(name, data, max_bytes=max_bytes, max_pixels=max_pixels)
    except PhotoRefused as refused:
        return refused


def write_files(storage: PhotoStorage, photos: Sequence[Photo]) -> list[str]:
    """Store each photo's files; the names that are new (for cleaning up after a failure)."""
    created = []
    for photo in photos:
        files = file_names(photo.content_hash)
        for name, data in zip(files, (photo.full, photo.thumb, photo.small), strict=True):
            if storage.put(name, data):
                created.append(name)
    return created


def remove_unreferenced(db: Database, storage: PhotoStorage, names: Sequence[str]) -> None:
    for name in names:
        content_hash = name.split("-")[0].split(".")[0]
        if not list(db.query("SELECT 1 FROM photos WHERE content_hash = ? LIMIT 1", [content_hash])):
            storage.delete(name)


async def stored_with(
    photos: Sequence[Photo],
    storage: PhotoStorage,
    executor: Executor,
    write: Callable[[Callable[[Database], T]], Awaitable[T]],
    transaction: Callable[[Database], T],
) -> T:
    """Write the photos' files, then run ``transaction``; on failure leave no file behind."""
    loop = asyncio.get_running_loop()
    created = await loop.run_in_executor(executor, write_files, storage, photos) if photos else []
    try:
        return await write(transaction)
    except BaseException:
        if created:
            await write(lambda db: _clean_up(db, storage, created))
        raise


def _clean_up(db: Database, storage: PhotoStorage, names: Sequence[str]) -> Any:
    """remove_unreferenced, typed to fit ``write`` whatever the transaction returned."""
    remove_unreferenced(db, storage, names)
    return None
