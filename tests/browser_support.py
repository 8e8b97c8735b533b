"""A real headless Chromium (Debian's /usr/bin/chromium driven by playwright) and the web UI
served by waitress from a thread, for the browser tests: fixtures and helpers.

Test modules import the fixtures by name (`from .browser_support import browser, new_page`).
The browser skips when it or playwright is missing, except in CI (CI set): there it fails.
Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from .conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 15_000
DESKTOP = (1366, 900)
PHONE = (375, 812)


def require_browser() -> None:
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the playwright package is not installed (pip install '.[test]')"
    if reason is None and not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """The app served by waitress from a thread, on a free loopback port: its base URL."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def new_page(browser) -> Iterator[Callable[..., Any]]:
    """Pages in fresh contexts; each records CSP violations, script errors and dialogs (an
    alert() would be XSS) in `page.problems`. `bypass_csp` lets a test inject axe-core."""
    contexts = []

    def make(width: int = 1280, height: int = 900, bypass_csp: bool = False, permissions: list[str] | None = None):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN",
                                      bypass_csp=bypass_csp, permissions=permissions or [])
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text
                and page.problems.append(m.text))
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
        return page

    yield make
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def state(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def facet_counts(page, facet: str) -> dict[str, str]:
    options = page.locator(f"{facet} .facet-option")
    return {options.nth(i).locator(".facet-label").inner_text(): options.nth(i).locator(".facet-count").inner_text()
            for i in range(options.count())}


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""
    def luminance(css: str) -> float:
        channels = [int(c) / 255 for c in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]
        r, g, bl = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
