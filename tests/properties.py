"""How many examples a property test (hypothesis) draws: all of them in a whole run, fewer in the fast loop.

The fast loop (the README's "Contributing") passes ``--hypothesis-profile=fast``: each property is still
checked, on a quarter of the generated inputs, so a change is judged within a minute; the README's test
command, which every change passes before it lands, draws them all.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

FAST = "fast"
settings.register_profile(FAST, max_examples=25)  # for the tests that take hypothesis' own default (100)


def fast_loop() -> bool:
    """Whether this run is the fast loop (it chose the "fast" profile)."""
    return settings.get_current_profile_name() == FAST


def examples(count: int, *, health_checks: list[HealthCheck] | None = None) -> settings:
    """Settings drawing ``count`` examples (a quarter, at least five, in the fast loop), with no deadline:
    a shared two-core machine makes the time of one example say nothing."""
    if fast_loop():
        count = max(5, count // 4)
    checks = [HealthCheck.function_scoped_fixture] if health_checks is None else health_checks
    return settings(max_examples=count, deadline=None, suppress_health_check=checks)
