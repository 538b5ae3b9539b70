"""One import from start to end, for the CLI and the API alike: read, fetch the photos, store.

The file is read and checked with no transaction open (a large one takes
seconds), and so are the photos fetched; then the reviews are stored in
short batches (storing.py), so every other shop's writes go on meanwhile.
Photo files that no stored review uses are removed again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from socialproof.db.engine import Database
from socialproof.photos import intake
from socialproof.photos.process import Photo
from socialproof.photos.storage import PhotoStorage
from socialproof.portability import fetching, importer, signing, storing
from socialproof.portability.importer import Refusal, Report
from socialproof.portability.reading import DayOrder
from socialproof.reviews import scales
from socialproof.reviews.provenance import Service
from socialproof.shops.registry import Shop, require_shop

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
    """Read and check the whole file outside any transaction; refuse it whole for a refused row (unless
    ``partial``), a dry run exactly as the import; fetch the photos; store in short batches."""
    trusted = signing.parse_keys(options.trusted_keys)
    shop, known = write(lambda db: _shop_and_scales(db, slug))
    plan = importer.read(data, shop, options.service, options.dates, trusted, known)  # seconds, holding nothing
    if plan.refused and not options.partial:
        raise storing.refuse_whole(plan)
    photos: dict[int, list[Photo]] = {}
    problems: list[Refusal] = []
    if options.fetch_photos and not options.dry_run:
        photos, problems = fetching.fetch({r.line: r.photo_urls for r in plan.reviews if r.photo_urls}, limits)
    report = storing.start(plan, options.dry_run, problems)
    created = intake.write_files(storage, [p for line in photos.values() for p in line])
    seen: set[storing.Key] = set()
    try:
        for batch in storing.batches(plan):
            counted, brought = write(
                functools.partial(
                    _batch,
                    slug=slug,
                    plan=plan,
                    batch=batch,
                    seen=frozenset(seen),
                    photos=photos,
                    dry_run=options.dry_run,
                )
            )
            report.add(counted)
            seen |= brought
        if report.reviews and not options.dry_run:
            write(lambda db: storing.record(db, require_shop(db, slug), plan, report, actor))
    finally:  # files of a failed store, or of reviews imported before, that no photo row uses
        if created:
            write(lambda db: intake.remove_unreferenced(db, storage, created))
    return report


def _shop_and_scales(db: Database, slug: str) -> tuple[Shop, list[scales.Scale]]:
    shop = require_shop(db, slug)
    return shop, [scale for scale, _ in scales.of_shop(db, shop.id)]


def _batch(
    db: Database,
    slug: str,
    plan: importer.Plan,
    batch: list[importer.Incoming],
    seen: frozenset[storing.Key],
    photos: dict[int, list[Photo]],
    dry_run: bool,
) -> tuple[Report, set[storing.Key]]:
    return storing.store_batch(db, require_shop(db, slug), plan, batch, seen, photos, dry_run)
