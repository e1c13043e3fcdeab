"""The review page in a real browser: `streamlit run app.py` driven by Debian's Chromium through Playwright.

An editor confirms the first flag, reloads, sees the verdict, downloads the confirmed flags as CSV,
and opens a hostile article whose HTML must show as text. Screenshots go to test-output/.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from checker import Checker, Store
from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    # Skipped only on a developer machine without Chromium; in CI (CI set) a missing browser fails.
    pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                       reason=f"{CHROMIUM} is not installed (apt-get install -y chromium); CI runs this test"),
]
OUTPUT = REPO / "test-output"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
HOSTILE = (
    "Harrowgate <script>alert('headline')</script> dam toll revised\n\n"
    "Saturday's collapse of the Harrowgate Dam left 9 people dead <img src=x onerror=alert(1)>, according to the "
    "coroner, and three more are still missing.\n\n"
    "The death toll stands at 9 and one person remains missing, the chief coroner's office said.\n"
)


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run installs Debian's chromium before pytest")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium); CI runs this test")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout:.0f} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory, corpus_db, extractor, embedder):
    """`streamlit run app.py` on a free port over a copy of the analysed demo corpus plus one hostile article."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "browser.db"
    shutil.copy(corpus_db[0], db)
    (folder / "hostile").mkdir()
    (folder / "hostile" / "hostile-gazette-2024-03-05.txt").write_text(HOSTILE, encoding="utf-8")
    with Store(db) as store:
        Checker(store, extractor=extractor, embedder=embedder).analyze([folder / "hostile"])
    port = _free_port()
    log = (folder / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=folder, env={**os.environ, "CHECKER_DB": str(db)}, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url, db
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit has finished the current run."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(300)


def _flag_in_url(page) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r"[?&]flag=([0-9a-f]+)", page.url)
    return match.group(1) if match else ""


def _screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Streamlit scrolls inside its own container, so grow the window to the page before the shot."""
    OUTPUT.mkdir(exist_ok=True)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 1000")
    page.set_viewport_size({"width": 1440, "height": min(max(1000, int(height) + 40), 6000)})
    page.wait_for_timeout(800)
    path = OUTPUT / name
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 1000})
    return path


def test_confirm_reload_and_download(server, page):
    url, db = server
    page.goto(url)
    page.locator(".ck-card").first.wait_for()
    _settle(page)
    first = _flag_in_url(page)
    with Store(db) as store:
        assert first == next(store.flag_rows())["flag_id"]

    page.get_by_label("Your name").fill("Ana Editor")
    page.get_by_label("Your name").press("Enter")
    _settle(page)
    page.get_by_label("Note").fill("Checked with the coroner's office.")
    page.locator(".st-key-v-confirmed button").click()
    page.get_by_text("Marked confirmed.").wait_for()
    _settle(page)
    with Store(db) as store:
        assert store.verdict(first)["status"] == "confirmed"
        assert store.verdict(first)["reviewer"] == "Ana Editor"
    page.wait_for_url(lambda address: f"flag={first}" not in address)  # the next flag opened

    page.locator(".st-key-prev button").click()
    page.wait_for_url(re.compile(f"flag={first}"))
    _settle(page)
    page.reload()
    page.locator(".ck-card").first.wait_for()
    _settle(page)
    assert _flag_in_url(page) == first
    assert page.get_by_label("Your name").input_value() == "Ana Editor"  # kept in the address
    verdict = page.locator("[data-testid='stMarkdownContainer']", has_text="by Ana Editor").first
    verdict.wait_for()
    assert "confirmed" in verdict.inner_text()
    assert page.get_by_label("Note").input_value() == "Checked with the coroner's office."
    page.get_by_text("How other outlets put it").click()
    page.get_by_text("Verdict history").click()
    page.wait_for_timeout(1000)
    _screenshot(page, "pair-view.png")

    page.get_by_role("tab", name="Export").click()
    page.get_by_text("confirmed flags only").click()
    _settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"^Download 1 flag")).click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [(r["flag_id"], r["status"], r["reviewer"], r["note"]) for r in rows] == [
        (first, "confirmed", "Ana Editor", "Checked with the coroner's office.")]
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_hostile_article_shows_as_text(server, page):
    url, _ = server
    page.goto(url)
    page.locator(".ck-card").first.wait_for()
    page.get_by_label("Text contains").fill("hostile gazette")
    page.get_by_label("Text contains").press("Enter")
    page.locator(".ck-card", has_text="hostile gazette").first.wait_for()
    _settle(page)
    cards = page.locator(".ck-card, .ck-context")
    assert "<img src=x onerror=alert(1)>" in " ".join(cards.all_inner_texts())
    assert page.locator("img[onerror], [data-testid='stMain'] script").count() == 0
    _screenshot(page, "pair-view-hostile.png")
    page.get_by_role("tab", name="Overview").click()
    page.locator("[data-testid='stMetric']").first.wait_for()
    _settle(page)
    _screenshot(page, "overview.png")
    assert page.dialogs == []  # type: ignore[attr-defined]
