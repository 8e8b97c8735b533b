"""axe-core (from npm: package.json, `npm ci`) in a real Chromium: no serious or critical
violation on the search page, with filters, on the article page, on the no-results page and on
a speaker's page, at a desktop and a phone width, and with the phone's filter sheet open.

axe runs every rule it has (WCAG 2.0-2.2 A and AA and best practices); the page is loaded
with its Content-Security-Policy bypassed only so that axe's script can be injected.
Without node_modules/axe-core the tests skip, except in CI (CI set): there they fail.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from indexer.search.service import SearchService
from webui import create_app

from .browser_support import DESKTOP, PHONE, browser, new_page, served  # noqa: F401
from .conftest import REPO
from .webui_fixtures import BINH, HCM, build_index

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "search": "/?q=chuyen+doi+so",
    "filtered": f"/?q=chuyen+doi+so&province={quote(HCM)}&speaker={quote(BINH)}&period=2023&more=speaker",
    "article": "/articles/cds-hcm-1?q=chuyen+doi+so&pos=1",
    "no-results": "/?q=khongcobaivietnaocotukhoanay",
    "speaker": f"/nguoi-phat-bieu/{quote(BINH)}",
    "syntax": "/cu-phap",
}
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(create_app(service=SearchService(build_index(tmp_path_factory.mktemp("a11y"))))) as url:
        yield url


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        reason = f"{AXE.relative_to(REPO)} is missing (npm ci)"
        if os.environ.get("CI"):
            pytest.fail(f"accessibility tests cannot run in CI: {reason}")
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in SERIOUS]


def describe(found: list[dict]) -> str:
    return json.dumps([{"id": v["id"], "impact": v["impact"], "help": v["help"],
                        "nodes": [n["target"] for n in v["nodes"][:5]]} for v in found], ensure_ascii=False, indent=1)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_violation(base_url: str, new_page, axe_source: str, name: str, size: tuple[int, int]) -> None:
    page = new_page(*size, bypass_csp=True)
    page.goto(base_url + PAGES[name])
    if name == "no-results":
        assert page.locator(".hit").count() == 0 and page.locator(".empty").count() == 1
    else:
        assert page.locator("h1").count() == 1
    found = violations(page, axe_source)
    assert found == [], describe(found)


def test_no_serious_violation_with_the_filter_sheet_open(base_url: str, new_page, axe_source: str) -> None:
    page = new_page(*PHONE, bypass_csp=True)
    page.goto(base_url + PAGES["filtered"])
    page.locator(".sheet-open").click()
    assert page.locator("aside.sidebar.is-sheet").is_visible()
    found = violations(page, axe_source)
    assert found == [], describe(found)


def test_axe_finds_what_it_should(base_url: str, new_page, axe_source: str) -> None:
    """The check can fail: a control without a name on the same page is reported."""
    page = new_page(*DESKTOP, bypass_csp=True)
    page.goto(base_url + PAGES["search"])
    page.evaluate("() => { const i = document.createElement('input'); i.type = 'text';"
                  " document.querySelector('main').appendChild(i); }")
    assert "label" in {v["id"] for v in violations(page, axe_source)}
