"""What the browser tests share: Chromium's flags, the demo server's handle, waiting for widgets."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
from axe_playwright_python.sync_playwright import Axe
from click.testing import CliRunner
from playwright.sync_api import Locator, Page, expect

from socialproof import clock
from socialproof.cli import cli
from socialproof.db.server_secrets import existing_secret
from socialproof.db.store import connect
from socialproof.safety import formguard
from tests.support import serving

CHROMIUM = os.environ.get("SOCIALPROOF_CHROMIUM", "/usr/bin/chromium")
# Every new window (each test's browser context) loaded the address bar's two WebUI popups in a renderer of
# their own: 0.7 core-seconds there and 0.4 in the browser process, where the test's page cost 0.1, for an
# address bar nobody types into. Chromium reads only the last --disable-features, and Playwright passes one
# of its own first (chromiumSwitches.ts), so this one repeats Playwright's (`disabled_by_playwright` checks).
UNSEEN_ADDRESS_BAR = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")
PLAYWRIGHTS_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
DISABLED_FEATURES = PLAYWRIGHTS_DISABLED_FEATURES + UNSEEN_ADDRESS_BAR
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # navigator.webdriver stays false, as in a shopper's browser: the widgets count only people
    # as "looking now" (test_trust_and_presence.py shows an automated browser is not counted).
    "--disable-blink-features=AutomationControlled",
    "--disable-features=" + ",".join(DISABLED_FEATURES),
]
# A shopper's browser as the server sees it; headless Chromium's own says "HeadlessChrome", a program.
PERSON_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def axe_violations(
    page: Page, options: dict = WCAG_21_AA, within: str | None = None, contrast: bool = True
) -> list[dict]:
    """What axe finds, each rule broken with its first nodes: on the page, or only in the element ``within``
    selects (the part that changed since a run over the whole page); without the colour-contrast rule (over
    half of each run) where another run checks the same colours, in the same scheme at the same width."""
    if not contrast:
        options = {**options, "rules": {"color-contrast": {"enabled": False}}}
    found = Axe().run(page, context=within, options=options).response["violations"]
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]} for v in found]


def disabled_by_playwright() -> set[str]:
    """The features Playwright's own --disable-features names, read from the command line of the Chromium
    this process launched through Playwright's driver (its child, whose child the browser is)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, _, rest = stat.read_text().partition(" (")
            parents.setdefault(int(rest.rsplit(") ", 1)[1].split()[1]), []).append(int(pid))
        except (OSError, IndexError, ValueError):  # a process that ended while read
            continue
    for driver in parents.get(os.getpid(), []):
        for child in parents.get(driver, []):
            args = Path(f"/proc/{child}/cmdline").read_bytes().decode().split("\0")
            if "--remote-debugging-pipe" in args:
                switches = [a.split("=", 1)[1] for a in args if a.startswith("--disable-features=")]
                return set(switches[0].split(","))  # Playwright's comes first, ours last
    raise AssertionError("no Chromium launched by this process's Playwright driver")


@dataclass
class DemoServer:
    url: str
    key: str
    password: str = ""
    db: str = ""
    shop: str = "paahtimo"
    moderator: str = "moderaattori@paahtimo.example"

    def api(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {self.key}"})


WIDGETS = 10  # placeholders on the demo page


def filled_by_a_person(form: Locator, server: DemoServer) -> None:
    """Date the review form's start stamp ten seconds back, signed with the server's own key.

    A person takes longer than the form's minimum fill time; a test need not wait it out in real time.
    """
    with connect(server.db, readonly=True) as db:
        key = existing_secret(db, "form")
    assert key is not None, "the server signs its forms with a key it keeps in the database"
    moment = clock.now().timestamp() - 10
    form.locator(f'input[name="{formguard.STAMP}"]').evaluate(
        "(el, v) => { el.value = v; }", formguard.stamp(key, moment)
    )


CLS_OBSERVER = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""


def layout_shift(page: Page) -> float:
    """The page's cumulative layout shift so far (CLS_OBSERVER installed), once two frames have been drawn."""
    return page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => "
        "setTimeout(() => done(window.__layoutShift), 0))))"
    )


@contextmanager
def shop_page(html: str) -> Iterator[str]:
    """``html`` served as a shop's own page, from its own origin on a free loopback port; its URL.

    Not Playwright's page.route: routing turns the browser's HTTP cache off, and a repeat view
    is only a repeat view with the cache on."""
    with serving({"/product": html.encode()}) as base:
        yield base + "/product"


# Down the page while a widget waits to be drawn (embed.js draws each as it comes within a quarter of a
# screen), then back to the top: a screen a step by default, which passes every widget through that reach;
# a fifth of a screen a step, as a shopper reads on, where a test watches for layout shift on the way.
SCREEN, READING = 1.0, 0.2
SCROLL_DOWN = """async (step) => {
  const frame = () => new Promise((next) => requestAnimationFrame(next));
  for (let n = 1; n < 200 && document.querySelector('[data-sp-state=waiting]'); n++) {
    scrollTo(0, n * step * innerHeight);
    await frame();
    await frame();
  }
  scrollTo(0, 0);
}"""


def wait_for_widgets(page: Page, count: int, pace: float = SCREEN) -> None:
    """The page's ``count`` widgets answered, then each drawn as the page is read down at ``pace`` (screens
    a step), and back at its top."""
    page.wait_for_function(
        f"document.querySelectorAll('[data-sp-state=ready], [data-sp-state=waiting]').length === {count}"
    )
    page.evaluate(SCROLL_DOWN, pace)
    page.wait_for_function(f"document.querySelectorAll('[data-sp-state=ready]').length === {count}")


OPEN_DETAILS = """() => {
  for (const host of document.querySelectorAll('[data-socialproof]'))
    for (const details of host.shadowRoot.querySelectorAll('details')) details.open = true;
}"""


def open_everything(page: Page) -> None:
    """All a shopper can open, for axe: the forms sent only when asked for (a review's report form, then
    the review form, clicked as a shopper would), then every <details> in every widget."""
    if page.locator('[data-socialproof="reviews"]').count():
        reviews = page.locator('[data-socialproof="reviews"]').first
        if reviews.locator(".sp-report-link").count():
            reviews.locator(".sp-report-link").first.click()
            expect(reviews.locator('select[name="reason"]')).to_be_focused()
        reviews.locator(".sp-write-top a").click()
        expect(reviews.locator('input[name="rating"]').first).to_be_focused()
    page.evaluate(OPEN_DETAILS)


def in_store_code(server: DemoServer, *products: str) -> str:
    """A code from the shop's counter for these products (none: any product), as the CLI prints it."""
    out = Path(server.db).with_name(f"codes-{len(products)}.csv")
    options = [item for p in products for item in ("--product", p)]
    made = CliRunner().invoke(
        cli,
        ["codes", "create", server.shop, "--count", "1", *options, "--format", "csv", "--out", str(out)]
        + ["--public-url", server.url, "--db", server.db],
    )
    assert made.exit_code == 0, made.output
    return out.read_text().strip().split("code=")[1]
