"""The workbench in headless Chromium, served by uvicorn on loopback, with every outside request blocked.

The store is the sample corpus read by the real pipeline (once per session),
plus a hand-built article carrying script payloads.
"""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from tests.test_web_api import hostile_analysis

from undercurrent.config import load_settings
from undercurrent.records import stable_id

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SAMPLE = Path(__file__).resolve().parents[1] / "undercurrent" / "data" / "sample"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# Seconds to wait for the server to accept connections and for the page to draw its chart.
SERVER_START_S = 30
CHART_MS = 30_000
TOKEN = "browser-test-token"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium (/usr/bin/chromium) is not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def sample_settings(tmp_path_factory):
    """Settings over a store holding the ingested sample corpus and the hostile article."""
    from undercurrent.pipeline import ingest_paths
    from undercurrent.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'sample.db'}"
    settings = load_settings(env={}, db_url=url, model="sm")
    store = Store.open(url)
    summary = ingest_paths([str(SAMPLE)], settings, store)
    assert summary.failed == [] and summary.ingested >= 15
    store.save_analysis(hostile_analysis())
    store.dispose()
    return settings


@contextmanager
def _serving(app):
    """Base URL of ``app`` served by uvicorn on a free loopback port, while the block runs."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_S
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=SERVER_START_S)


@pytest.fixture(scope="session")
def server(sample_settings):
    """Base URL of the workbench over the ingested sample corpus (loopback, no token)."""
    from undercurrent.web.app import create_app

    with _serving(create_app(sample_settings)) as base:
        yield base


@pytest.fixture(scope="session")
def token_server(sample_settings):
    """The same workbench started with a token: every page asks for it."""
    from undercurrent.web.app import create_app

    with _serving(create_app(sample_settings, token=TOKEN)) as base:
        yield base


@contextmanager
def _chromium(server):
    """A Chromium page that may only reach ``server``; yields (page, blocked, errors, dialogs)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) is not installed")
    blocked: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []

    def route(r):
        if r.request.url.startswith(server + "/"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    def on_dialog(d):
        dialogs.append(d.message)
        d.dismiss()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", route)
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", on_dialog)
            yield page, blocked, errors, dialogs
        finally:
            browser.close()
    assert blocked == []


@pytest.fixture
def browser_page(server):
    """A Chromium page that may only reach the test server; yields (page, blocked, errors, dialogs)."""
    with _chromium(server) as opened:
        yield opened


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def test_web_browser_timeline_click_leads_to_the_sentence(server, browser_page):
    page, blocked, errors, _ = browser_page
    page.goto(f"{server}/pair/RUS/CHN")
    page.wait_for_selector("#timeline-chart[data-ready='1'] .scatterlayer .trace", timeout=CHART_MS)
    _shot(page, "pair")
    point = page.locator("#timeline-chart .scatterlayer .trace path.point").first
    box = point.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    card = page.locator("#event-panel .event-card:visible").first
    card.wait_for(timeout=CHART_MS)
    link = card.locator("a.evidence").first
    sentence = link.inner_text()
    assert sentence.strip()
    _shot(page, "pair-clicked")
    link.click()
    page.wait_for_url("**/document/**")
    marked = page.locator("#doctext .hl")
    assert marked.count() >= 1
    assert "".join(marked.all_inner_texts()).split() == sentence.split()
    assert marked.first.is_visible()
    in_view = page.evaluate(
        "() => { const r = document.querySelector('#doctext .hl').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )
    assert in_view
    _shot(page, "document-highlighted")
    assert errors == []
    assert blocked == []


def test_web_browser_script_payloads_stay_text(server, browser_page):
    page, blocked, errors, dialogs = browser_page
    for path in (f"/document/{stable_id('doc', 'hostile')}", "/pair/BLR/RUS", "/search?q=defaced"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__pwned === undefined"), path
    page.goto(f"{server}/document/{stable_id('doc', 'hostile')}")
    text = page.locator("#doctext").inner_text()
    assert "<script>window.__pwned = 1</script>" in text
    assert 'onerror="window.__pwned = 2"' in text
    assert page.locator("#doctext img, #doctext script, #doctext a[href^='javascript:']").count() == 0
    _shot(page, "hostile-document")
    page.goto(f"{server}/pair/BLR/RUS")
    page.wait_for_selector("#timeline-chart[data-ready='1'] .scatterlayer .trace", timeout=CHART_MS)
    assert page.evaluate("() => window.__pwned === undefined")
    assert dialogs == []
    assert errors == []
    assert blocked == []


def test_web_browser_overview_and_search_work_offline(server, browser_page):
    page, blocked, errors, _ = browser_page
    page.goto(server + "/")
    page.wait_for_selector("#months-chart[data-ready='1'] .main-svg", timeout=CHART_MS)
    assert page.locator("text=Most active pairs").count() == 1
    page.fill("header input[name=q]", "Putin")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Putin")
    assert page.locator("ol.hits li").count() >= 1
    assert page.locator("ol.hits mark").first.inner_text().lower() == "putin"
    _shot(page, "search")
    assert errors == []
    assert blocked == []


def test_web_browser_token_once_then_the_cookie(token_server):
    with _chromium(token_server) as (page, blocked, errors, _):
        first = page.goto(f"{token_server}/pair/RUS/CHN?type=AID")
        assert first.status == 401 and page.locator("text=Xi Jinping").count() == 0
        _shot(page, "token-asked")
        page.fill("input[name=token]", "not-it")
        page.press("input[name=token]", "Enter")
        page.wait_for_selector("text=That is not this server's token.")
        page.fill("input[name=token]", TOKEN)
        page.press("input[name=token]", "Enter")
        page.wait_for_url(f"{token_server}/pair/RUS/CHN?type=AID")  # the token is gone from the address
        page.wait_for_selector("#timeline-chart[data-ready='1'] .scatterlayer .trace", timeout=CHART_MS)
        (cookie,) = page.context.cookies()
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and TOKEN not in cookie["value"]
        assert page.evaluate("() => document.cookie") == ""  # no script can read it
        assert page.goto(f"{token_server}/documents").status == 200
        page.context.clear_cookies()
        assert page.goto(f"{token_server}/documents").status == 401
        assert page.goto(f"{token_server}/?token={TOKEN}").status == 200 and page.url == f"{token_server}/"
        page.wait_for_selector("#months-chart[data-ready='1'] .main-svg", timeout=CHART_MS)
        _shot(page, "token-overview")
        # The only errors are the two refused page loads (the console names their 401).
        assert all("401" in e for e in errors), errors
        assert blocked == []
