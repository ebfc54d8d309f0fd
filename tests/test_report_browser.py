"""The HTML report in headless Chromium: the SVG charts draw offline and nothing leaves the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.report_corpus import build_store
from undercurrent.analyze.dyad import build_dyad
from undercurrent.report.render import write_report

CHROMIUM = Path("/usr/bin/chromium")
# Screenshots for a reviewer to look at (make clean removes the folder).
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "report"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium (/usr/bin/chromium) is not installed"),
]


def test_report_browser_renders_offline(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) is not installed")
    store = build_store(f"sqlite:///{tmp_path / 'b.db'}")
    with store.engine.connect() as conn:
        dyad = build_dyad(conn, "RUS", "CHN")
    page_path = tmp_path / "report.html"
    write_report(dyad, "html", page_path)
    url = page_path.as_uri()
    blocked: list[str] = []
    errors: list[str] = []
    requested: list[str] = []

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requested.append(r.url))
            page.route("**/*", route)
            page.goto(url)
            page.wait_for_selector("#timeline-chart circle.event", timeout=30_000)
            assert page.locator("svg.chart").count() >= 2  # the timeline and the meeting's agenda
            assert page.locator("#timeline-chart circle.event").count() >= 3
            box = page.locator("#timeline-chart").bounding_box()
            assert box is not None and box["width"] > 600 and box["height"] > 100  # drawn at page width
            assert page.locator("svg.agenda rect.bar").count() >= 2
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "report-top.png"))
            page.locator("#timeline").screenshot(path=str(ARTIFACTS / "report-timeline.png"))
            page.locator("figure.agenda").first.screenshot(path=str(ARTIFACTS / "report-agenda.png"))
            page.locator("details.ev").first.locator("summary").click()
            assert page.locator("details.ev").first.get_attribute("open") is not None
        finally:
            browser.close()
    assert blocked == []
    assert set(requested) == {url}
    assert errors == []
