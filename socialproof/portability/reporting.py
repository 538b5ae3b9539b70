"""The import report, in the operator's language: as JSON (the API, --json) and as lines (the CLI)."""

from __future__ import annotations

from typing import Any

from socialproof.errors import plural
from socialproof.i18n import N_, Formatter
from socialproof.portability.importer import Refusal, Report
from socialproof.reviews.provenance import NAMES


def _lines(refusals: list[Refusal], t: Formatter) -> list[dict[str, Any]]:
    return [{"line": r.line, "why": r.why.text(t)} for r in refusals]


def as_json(report: Report, t: Formatter) -> dict[str, Any]:
    return {
        "service": report.service.value,
        "file_sha256": report.file_hash,
        "dry_run": report.dry_run,
        "reviews": report.reviews,
        "replies": report.replies,
        "photos": report.photos,
        "already_imported": report.already,
        "waiting_for_a_decision": report.waiting,
        "rejected": report.rejected,
        "per_product": dict(sorted(report.per_product.items())),
        "refused": _lines(report.refused, t),
        "photo_problems": _lines(report.photo_problems, t),
        "shop_reviews_set_aside": report.about_shop,
        "addresses_left_out": report.addresses_dropped,
    }


def as_text(report: Report, t: Formatter) -> str:
    service = NAMES[report.service]
    counts = [
        plural("%(num)s review", "%(num)s reviews", report.reviews),
        plural("%(num)s reply", "%(num)s replies", report.replies),
        plural("%(num)s photo", "%(num)s photos", report.photos),
    ]
    said = ", ".join(c.text(t) for c in counts)
    head = (
        N_("Would import from %(service)s: %(counts)s.")
        if report.dry_run
        else N_("Imported from %(service)s: %(counts)s.")
    )
    lines = [
        t.gettext(head) % {"service": service, "counts": said},
        t.gettext(
            N_("Waiting for a moderator's decision: %(waiting)s; not published (spam at the source): %(rejected)s.")
        )
        % {"waiting": t.number(report.waiting), "rejected": t.number(report.rejected)},
    ]
    if report.already:  # said only when it happened: a first import has nothing to say here
        lines.insert(
            1,
            plural(
                "%(num)s review was imported before: left as it is.",
                "%(num)s reviews were imported before: left as they are.",
                report.already,
            ).text(t),
        )
    lines += [f"  {product}: {t.number(count)}" for product, count in sorted(report.per_product.items())]
    if report.about_shop:
        lines.append(
            t.gettext(N_("Reviews of the shop itself, set aside (socialproof keeps product reviews): %(num)s."))
            % {"num": t.number(report.about_shop)}
        )
    if report.addresses_dropped:
        lines.append(
            t.gettext(N_("E-mail addresses that are not valid, left out: %(num)s."))
            % {"num": t.number(report.addresses_dropped)}
        )
    refused, noted = t.gettext(N_("Line %(line)s: not imported: %(why)s")), t.gettext(N_("Line %(line)s: %(why)s"))
    lines += [refused % r for r in _lines(report.refused, t)]
    lines += [noted % r for r in _lines(report.photo_problems, t)]
    lines.append(f"sha256 {report.file_hash}")
    return "\n".join(lines)
