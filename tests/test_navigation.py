"""Faceted navigation in a real Chromium: facets at length and looked through on the server, a
chosen value's true count, two provinces at once, the timeline, dates said inline, the article
page's way back, the keyboard, and the filter sheet on a phone.

The archive is the web UI tests' one (webui_fixtures.py), served twice: as configured by
default, and with three values per facet, so that values fall outside the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from indexer.search.service import SearchService
from webui import create_app
from webui.config import WebSettings

from .browser_support import PHONE, browser, facet_counts, new_page, served, shot, state  # noqa: F401
from .webui_fixtures import DONG_THAP, HANOI, HCM, LONG, build_index

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return build_index(tmp_path_factory.mktemp("navigation"))


@pytest.fixture(scope="module")
def base_url(index) -> Iterator[str]:
    with served(create_app(service=SearchService(index))) as url:
        yield url


@pytest.fixture(scope="module")
def short_url(index) -> Iterator[str]:
    """Three values per facet: most speakers and provinces are outside the lists."""
    with served(create_app(service=SearchService(index), web=WebSettings(facet_size=3))) as url:
        yield url


def total(page) -> int:
    return int(page.locator(".total, .total-muted").first.inner_text().strip("()").replace(".", ""))


def focused(page, what: str) -> str | None:
    return page.evaluate(f"() => document.activeElement && document.activeElement.{what}")


def test_more_values_and_the_filter_box_finding_a_value_outside_the_list(short_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(short_url + "/")
    speakers = page.locator("#speaker-list .facet-option")
    expect(speakers).to_have_count(3)
    assert LONG not in facet_counts(page, "#speaker-list")

    # "Xem thêm" lists more, on the same results; focus comes back to the link (now "Thu gọn").
    page.locator("section[aria-labelledby=facet-speaker] .facet-more", has_text="Xem thêm").click()
    page.wait_for_url("**more=speaker*")
    assert speakers.count() > 3 and LONG in facet_counts(page, "#speaker-list")
    expect(page.locator("section[aria-labelledby=facet-speaker] .facet-more")).to_have_text("Thu gọn")
    expect(page.locator("section[aria-labelledby=facet-speaker] .facet-more")).to_be_focused()

    # The filter box looks through every value on the server, accent-insensitively.
    page.goto(short_url + "/")
    box = page.locator("#speaker-filter")
    expect(box).to_be_visible()
    box.press_sequentially("huynh van lo", delay=30)
    expect(speakers).to_have_count(1)
    expect(speakers.first.locator(".facet-label")).to_have_text(LONG)
    expect(page.locator("section[aria-labelledby=facet-speaker] .facet-empty")).to_contain_text("1 kết quả phù hợp")
    count = int(speakers.first.locator(".facet-count").inner_text().split()[0])

    # Ticking it narrows the results; the chosen value keeps its true count though outside the top.
    speakers.first.locator("input").click()
    page.wait_for_url("**speaker=*")
    assert state(page)["speaker"] == [LONG]
    assert total(page) == count
    counts = facet_counts(page, "#speaker-list")
    assert counts[LONG].split()[0] == str(count)
    expect(page.locator("#speaker-list input:checked")).to_have_count(1)
    assert focused(page, "value") == LONG  # focus is back on the checkbox just used
    assert page.problems == []


def test_two_provinces_at_once_said_as_any_of(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + "/")
    before = {k: int(v.split()[0]) for k, v in facet_counts(page, "#province-list").items()}
    page.locator("#province-list .facet-option", has_text=HCM).locator("input").click()
    page.wait_for_url("**province=*")
    assert focused(page, "value") == HCM
    # The other provinces keep their counts: Hà Nội can be added.
    after_one = {k: int(v.split()[0]) for k, v in facet_counts(page, "#province-list").items()}
    assert after_one == before
    page.locator("#province-list .facet-option", has_text=HANOI).locator("input").click()
    page.wait_for_url(re.compile(r".*province=.*province=.*"))
    assert state(page)["province"] == [HCM, HANOI]
    assert total(page) == before[HCM] + before[HANOI]
    expect(page.locator("#province-list input:checked")).to_have_count(2)
    expect(page.locator("section[aria-labelledby=facet-province] .facet-rule")).to_contain_text("bất kỳ")
    assert focused(page, "value") == HANOI
    shot(page, "two-provinces-desktop.png")
    assert page.problems == []


def test_clicking_a_timeline_bar_filters_that_month(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page(1366, 900)
    page.goto(base_url + "/")
    bars = page.locator(".timeline .bar-link")
    expect(bars.first).to_be_visible()
    undated = page.locator(".timeline-undated")
    expect(undated).to_contain_text("Không rõ ngày")
    # The bars and the undated add up to the total.
    counts = [int(b.locator(".bar-count").inner_text()) for b in bars.all()]
    assert sum(counts) + int(re.search(r"(\d+) bài", undated.inner_text()).group(1)) == total(page)
    shot(page, "timeline-desktop.png")
    march = page.locator(".timeline .bar-link[data-focus-key='bar-2023-03']")
    expected = int(march.locator(".bar-count").inner_text())
    march.click()
    page.wait_for_url("**period=2023-03*")
    assert total(page) == expected == 2
    expect(page.locator(".timeline td.is-selected .bar-link")).to_have_count(1)
    # One date model: the month is ticked, its year partly, the range fields show the month.
    expect(page.locator("input[type=checkbox][name=period][value='2023-03']")).to_be_checked()
    assert page.locator("input[type=checkbox][name=period][value='2023']").evaluate("el => el.indeterminate")
    expect(page.locator(".date-range input[name=from][type=text]")).to_have_value("01/03/2023")
    expect(page.locator(".date-range input[name=to][type=text]")).to_have_value("31/03/2023")
    expect(page.locator(".chip", has_text="Tháng 3/2023")).to_be_visible()
    assert page.problems == []


def test_a_reversed_date_range_is_turned_round_and_said_keeping_the_search(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + "/?q=chuyen+doi+so&province=" + quote(HCM))
    page.locator(".date-range input[name=from][type=text]").fill("31/12/2023")
    page.locator(".date-range input[name=to][type=text]").fill("1/1/2022")
    page.locator(".date-range button[type=submit]").click()
    page.wait_for_url("**from=*")
    alert = page.locator("#corrections[role=alert]")
    expect(alert).to_contain_text("Ngày bắt đầu (31/12/2023) sau ngày kết thúc (01/01/2022): đã đổi chỗ hai ngày.")
    expect(page.locator("#q")).to_have_value("chuyen doi so")
    expect(page.locator(".chip", has_text=HCM)).to_be_visible()
    expect(page.locator(".date-range input[name=from][type=text]")).to_have_value("01/01/2022")
    expect(page.locator(".date-range input[name=to][type=text]")).to_have_value("31/12/2023")
    assert total(page) > 0
    # A day that is not one is said too, the rest of the search kept.
    page.locator(".date-range input[name=from][type=text]").fill("31/02/2023")
    page.locator(".date-range button[type=submit]").click()
    page.wait_for_url("**from=31*")
    expect(alert).to_contain_text("«31/02/2023» không phải một ngày có thật")
    expect(page.locator("#q")).to_have_value("chuyen doi so")
    assert page.problems == []


def test_the_article_page_keeps_the_search(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + "/?q=chuyen+doi+so&size=3")
    results_url = page.url
    titles = page.locator(".hit-title a").all_inner_texts()
    page.goto(base_url + "/?q=chuyen+doi+so&size=3&page=2")
    second_page_titles = page.locator(".hit-title a").all_inner_texts()
    page.goto(results_url)
    page.locator(".hit-title a").nth(2).click()  # the third result, last of page 1
    page.wait_for_url("**/articles/**")
    expect(page.locator("h1")).to_have_text(titles[2])
    # The search's words are marked, with a jump to the first.
    expect(page.locator(".article-body mark").first).to_be_visible()
    page.locator(".trail-jump").click()
    assert page.evaluate("() => location.hash") == "#first-match"
    # Next: the first result of page 2; previous: back to the second result.
    page.locator(".trail-next").click()
    expect(page.locator("h1")).to_have_text(second_page_titles[0])
    expect(page.locator(".trail-position")).to_contain_text("4")
    page.locator(".trail-prev").click()
    expect(page.locator("h1")).to_have_text(titles[2])
    page.locator(".trail-prev").click()
    expect(page.locator("h1")).to_have_text(titles[1])
    # Back to the same results.
    page.locator(".trail-back").click()
    page.wait_for_url("**/?q=chuyen+doi+so*")
    assert state(page) == {"q": ["chuyen doi so"], "size": ["3"]}
    assert page.locator(".hit-title a").all_inner_texts() == titles
    assert page.problems == []


@pytest.mark.parametrize("url", ["/?q=chuyen+doi+so", "/?q=chuyen+doi+so&province=" + quote(DONG_THAP)])
def test_the_first_result_in_a_few_tab_presses(base_url: str, new_page, url: str) -> None:
    page = new_page(1366, 900)
    page.goto(base_url + url)
    first = page.locator(".hit-title a").first.get_attribute("href")
    presses = 0
    for presses in range(1, 6):
        page.keyboard.press("Tab")
        if focused(page, "getAttribute('href')") == first:
            break
        if focused(page, "textContent") == "Đến kết quả":
            page.keyboard.press("Enter")  # the skip link takes focus to the results
    assert focused(page, "getAttribute('href')") == first, "not reached in 5 Tab presses"
    assert presses <= 5
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none"  # focus is visible


def test_headings_start_with_the_h1(base_url: str, new_page) -> None:
    page = new_page()
    for url in ("/?q=chuyen+doi+so&province=" + quote(HCM), "/articles/cds-hcm-1?q=chuyen+doi+so&pos=1"):
        page.goto(base_url + url)
        levels = page.evaluate("() => [...document.querySelectorAll('h1,h2,h3')].map(h => h.tagName)")
        assert levels[0] == "H1" and levels.count("H1") == 1, (url, levels)


def test_the_filter_sheet_on_a_phone(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page(*PHONE)
    page.goto(base_url + "/?q=chuyen+doi+so")
    sheet = page.locator("aside.sidebar")
    expect(sheet).to_be_hidden()
    page.locator(".sheet-open").click()
    expect(sheet).to_be_visible()
    box = sheet.bounding_box()
    assert box is not None and box["width"] >= PHONE[0] - 1 and box["height"] >= PHONE[1] - 1  # full screen
    shot(page, "filter-sheet-phone.png")
    # A dialog: Tab stays inside the sheet.
    for _ in range(25):
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.querySelector('aside.sidebar').contains(document.activeElement)")
    # A pick keeps the sheet open, focus on the checkbox, not back at the top.
    option = page.locator("#province-list .facet-option", has_text=HCM)
    option.scroll_into_view_if_needed()
    option.locator("input").click()
    page.wait_for_url("**province=*")
    expect(sheet).to_be_visible()
    assert focused(page, "value") == HCM
    assert page.evaluate("() => document.activeElement.getBoundingClientRect().top") >= 0
    # "Xem N kết quả" closes it on the results.
    see = page.locator(".sheet-foot .sheet-close")
    n = int(re.search(r"Xem (\d+) kết quả", see.inner_text()).group(1))
    see.click()
    expect(sheet).to_be_hidden()
    assert n == total(page)
    expect(page.locator(".hit").first).to_be_visible()
    # The skip link "Đến bộ lọc" opens the sheet on a phone.
    page.keyboard.press("Home")
    page.locator(".skip-link", has_text="Đến bộ lọc").focus()
    page.keyboard.press("Enter")
    expect(sheet).to_be_visible()
    page.keyboard.press("Escape")
    expect(sheet).to_be_hidden()
    assert page.problems == []
