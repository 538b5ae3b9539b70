"""One import from start to end, for the CLI and the API alike: read, fetch the photos, store.

The file is read and checked in one short transaction, the photos are
fetched with no transaction open (they take seconds), and everything is
stored in a second one. If that fails, the photo files it would have used are
removed again: nothing is left half-stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from socialproof.db.engine import Database
from socialproof.photos import intake
from socialproof.photos.process import Photo
from socialproof.photos.storage import PhotoStorage
from socialproof.portability import fetching, importer, signing
from socialproof.portability.importer import Refusal, Report
from socialproof.portability.reading import DayOrder
from socialproof.reviews.provenance import Service
from socialproof.shops.registry import require_shop

Write = Callable[[Callable[[Database], Any]], Any]


@dataclass(frozen=True)
class Options:
    service: Service | None = None
    dates: DayOrder | None = None
    dry_run: bool = False
    partial: bool = False
    fetch_photos: bool = True
    trusted_keys: tuple[str, ...] = ()  # public keys of servers whose signed exports keep "verified"


def bring_in(
    write: Write, storage: PhotoStorage, limits: fetching.Limits, slug: str, data: bytes, options: Options, actor: str
) -> Report:
    trusted = signing.parse_keys(options.trusted_keys)
    plan: importer.Plan = write(
        lambda db: importer.read(data, require_shop(db, slug), options.service, options.dates, trusted)
    )
    if options.dry_run or (plan.refused and not options.partial):  # the latter refused with every line named
        return write(
            lambda db: importer.store(
                db, require_shop(db, slug), plan, partial=options.partial, dry_run=options.dry_run
            )
        )
    photos: dict[int, list[Photo]] = {}
    problems: list[Refusal] = []
    if options.fetch_photos:
        photos, problems = fetching.fetch({r.line: r.photo_urls for r in plan.reviews if r.photo_urls}, limits)
    created = intake.write_files(storage, [p for line in photos.values() for p in line])

    def stored(db: Database) -> Report:
        return importer.store(
            db,
            require_shop(db, slug),
            plan,
            photos=photos,
            photo_problems=problems,
            partial=options.partial,
            actor=actor,
        )

    try:
        return write(stored)
    finally:  # files of a failed store, or of reviews imported before, that no photo row uses
        if created:
            write(lambda db: intake.remove_unreferenced(db, storage, created))
