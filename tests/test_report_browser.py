"""Reports opened in a real browser: headless Chromium (Debian's `/usr/bin/chromium`) through Playwright.

Each kind of report (a round of talks, a channel run, a sweep, a comparison) must load with
no console error and no request to anything but the file itself, draw the expected number
of plots, and (for a run) show an event's details when the mouse is over its marker. A
full-page screenshot of each is left in the test's temporary folder; to keep them, run

    pytest tests/test_report_browser.py --basetemp=/tmp/parley-reports

and look in /tmp/parley-reports/test_*/<kind>.png. Playwright never downloads a browser here:
where Chromium is missing, the tests are skipped and say why (`-rs`). `.ci/run` installs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
"""Debian's Chromium, headless, with every background request it might make of its own turned off."""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium, or a skip that says why there is none."""
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (install it: apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except sync_api.Error as error:
            pytest.skip(f"Chromium at {CHROMIUM} would not start: {str(error).splitlines()[0]}")
        yield launched
        launched.close()


class Visit:
    """One report opened in a fresh page: its console errors and the requests it tried outside the file."""

    def __init__(self, browser: Any, report: Path) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._route)
        self.page.goto(report.as_uri())

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def plots(self, expected: int) -> int:
        """Wait until `expected` plots are drawn; return how many there are."""
        self.page.wait_for_function(f"document.querySelectorAll('.plot .main-svg').length >= {expected}",
                                    timeout=30_000)
        return int(self.page.evaluate("document.querySelectorAll('.js-plotly-plot').length"))

    def check(self, expected_plots: int, screenshot: Path) -> None:
        """The page drew its plots with no console error and no outside request; screenshot it."""
        assert self.plots(expected_plots) == expected_plots
        self.page.screenshot(path=str(screenshot), full_page=True)
        assert screenshot.stat().st_size > 10_000
        assert self.errors == []
        assert self.outside == []


def hover_marker(page: Any, plot: str, trace_name: str, point: int = 0) -> str:
    """Move the mouse onto marker `point` of the trace named `trace_name` in `plot`; return the hover text."""
    index = page.evaluate(
        "([plot, name]) => document.getElementById(plot).data.findIndex(trace => trace.name === name)",
        [plot, trace_name])
    assert index >= 0, f"no trace {trace_name} in {plot}"
    marker = page.locator(f"#{plot} .scatterlayer .trace").nth(index).locator(".points path").nth(point)
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(f"#{plot} .hoverlayer .hovertext", timeout=5_000)
    return str(page.locator(f"#{plot} .hoverlayer .hovertext").first.text_content())


def test_run_report_in_chromium(browser: Any, tmp_path: Path) -> None:
    """Istanbul's report: four plots, no error, no network; hovering the agreement shows what was agreed."""
    out = tmp_path / "run"
    assert main(["run", str(SCENARIOS / "istanbul-2025-05.yaml"), "--out", str(out), "--no-plots"]) == 0
    visit = Visit(browser, out / "report.html")
    visit.check(4, tmp_path / "run.png")
    text = hover_marker(visit.page, "plot-timeline", "agreement")
    assert "agreement" in text and "released: RU 1000, UA 1000" in text
    visit.page.screenshot(path=str(tmp_path / "run-hover.png"))


def test_channel_run_report_in_chromium(browser: Any, tmp_path: Path) -> None:
    """Shalit's report (a channel run): two plots, no error, no network; an exchange shows its round."""
    out = tmp_path / "run"
    assert main(["run", str(SCENARIOS / "shalit-2011.yaml"), "--out", str(out), "--no-plots"]) == 0
    visit = Visit(browser, out / "report.html")
    visit.check(2, tmp_path / "channel.png")
    assert "round 1: 1,040 returned" in hover_marker(visit.page, "plot-channel", "returned to Hamas", point=1)


def test_sweep_report_in_chromium(browser: Any, tmp_path: Path) -> None:
    """A sweep's report: three plots, no error, no network."""
    out = tmp_path / "sweep"
    assert main(["sweep", str(SCENARIOS / "istanbul-2025-05.yaml"), "--set",
                 "parties.UA.leader.veto.threshold=0.1,0.3", "--runs", "2", "--workers", "1", "--out", str(out),
                 "--no-plots"]) == 0
    Visit(browser, out / "report.html").check(3, tmp_path / "sweep.png")


def test_compare_report_in_chromium(browser: Any, tmp_path: Path) -> None:
    """A comparison's report: three plots, no error, no network."""
    out = tmp_path / "compare"
    assert main(["compare", str(SCENARIOS / "ru-ua-channel.yaml"), "--history",
                 str(ROOT / "seeds" / "history" / "ru_ua_exchanges.csv"), "--from", "2022-02-24", "--to",
                 "2022-09-30", "--runs", "2", "--workers", "1", "--out", str(out), "--no-plots"]) == 0
    Visit(browser, out / "report.html").check(3, tmp_path / "compare.png")


def test_backtest_report_in_chromium(browser: Any, tmp_path: Path) -> None:
    """A backtest's report (one origin, a reduced fit): a fan chart and the PIT histogram, no error, no network."""
    out = tmp_path / "backtest"
    assert main(["backtest", str(SCENARIOS / "ru-ua-channel.yaml"), "--history",
                 str(ROOT / "seeds" / "history" / "ru_ua_exchanges.csv"), "--origins", "2022-06-30", "--horizon", "92",
                 "--param", "channel.rounds.list_size=20:200", "--budget", "12", "--population", "6", "--runs", "3",
                 "--workers", "1", "--out", str(out), "--no-plots"]) == 0
    Visit(browser, out / "report.html").check(2, tmp_path / "backtest.png")
