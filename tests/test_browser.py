"""The web UI in a real headless Chromium over a real index: searching, suggestions, facets,
the phone layout, markup that must stay text. Navigation (facets at length, the timeline,
dates, the article page's trail, keyboard) is in test_navigation.py, accessibility checks in
test_accessibility.py; the browser and server fixtures in browser_support.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from indexer.search.service import SearchService
from webui import create_app

from .browser_support import browser, contrast, facet_counts, new_page, no_horizontal_scroll, served, shot, state  # noqa: F401
from .webui_fixtures import AN, BINH, DUC, HCM, XSS_ID, build_index

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = create_app(service=SearchService(build_index(tmp_path_factory.mktemp("browser"))))
    with served(app) as url:
        yield url


def speaker_counts(page) -> dict[str, str]:
    return facet_counts(page, "#speaker-list")

def test_search_suggest_tick_speaker_and_back(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + "/")
    box = page.locator("#q")
    expect(box).to_have_attribute("role", "combobox")

    # Typing without diacritics shows suggestions, navigable with the keyboard.
    box.click()
    box.press_sequentially("chuyen doi", delay=40)
    options = page.locator("#q-suggestions [role=option]")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    # Accented as the archive writes it: first the phrase, then titles.
    expect(options.first.locator(".suggestion-text")).to_have_text("chuyển đổi")
    assert any("chuyển đổi số" in text.lower() for text in options.all_inner_texts())
    box.press("ArrowDown")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(0).get_attribute("id"))
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(options.nth(0)).to_have_attribute("aria-selected", "false")
    box.press("ArrowUp")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    box.press("Escape")
    expect(page.locator("#q-suggestions")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    # Submit the query (Enter with no option chosen submits the form).
    box.press_sequentially(" so", delay=40)
    box.press("Enter")
    page.wait_for_url("**/?q=chuyen+doi+so")
    total_before = int(page.locator(".total").inner_text())
    counts_before = speaker_counts(page)
    provinces_before = facet_counts(page, "[aria-labelledby=facet-province]")
    assert total_before > 2

    # Tick a speaker: results and counts change, the URL holds the state.
    page.locator("#speaker-list .facet-option", has_text=BINH).click()
    page.wait_for_url("**speaker=*")
    assert state(page) == {"q": ["chuyen doi so"], "speaker": [BINH]}
    expect(page.locator(".total")).to_have_text("2")
    expect(page.locator(".hit")).to_have_count(2)
    expect(page.locator(".chip")).to_contain_text(BINH)
    counts_after = speaker_counts(page)
    assert counts_after[BINH] == counts_before[BINH] and counts_after[DUC] == counts_before[DUC]  # disjunctive
    provinces_after = facet_counts(page, "[aria-labelledby=facet-province]")
    assert HCM in provinces_after and provinces_after != provinces_before  # the province facet narrows
    expect(page.locator("#speaker-list .facet-option.is-selected")).to_have_count(1)
    shot(page, "search-desktop.png")

    # Back restores the previous state.
    page.go_back()
    page.wait_for_url("**/?q=chuyen+doi+so")
    expect(page.locator(".total")).to_have_text(str(total_before))
    expect(page.locator("#speaker-list .facet-option.is-selected")).to_have_count(0)
    expect(page.locator("#q")).to_have_value("chuyen doi so")
    assert page.problems == []


def test_choosing_a_suggestion_with_the_keyboard_opens_the_article(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link").first).to_be_focused()  # the first stop: skip to the content
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.locator("#q").focus()
    page.keyboard.type("tran thi", delay=40)
    speaker = page.locator("#q-suggestions [role=option]", has_text=BINH)
    expect(speaker).to_be_visible()
    page.keyboard.press("Escape")  # closes the list
    expect(page.locator("#q-suggestions")).to_be_hidden()
    expect(page.locator("#q")).to_have_value("tran thi")
    page.locator("#q").fill("")
    page.keyboard.type("quan 12 trien", delay=40)
    options = page.locator("#q-suggestions [role=option]")
    expect(options.first).to_be_visible()
    # Titles come after people, places and phrases: down to the first title.
    kinds = options.locator(".suggestion-kind").all_text_contents()
    for _ in range(kinds.index("Bài viết") + 1):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/cds-hcm-2")
    expect(page.locator("h1")).to_have_text("Quận 12 triển khai chuyển đổi số ở khu phố")
    assert page.problems == []


def test_telex_did_you_mean_and_people_first(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + "/")
    box = page.locator("#q")
    # Raw Telex, typed with the input method off: read as "việt nam", and found.
    box.click()
    box.press_sequentially("vieetj nam", delay=30)
    box.press("Enter")
    page.wait_for_url("**/?q=vieetj+nam")
    expect(page.locator(".reading-text")).to_have_text("việt nam")
    expect(page.locator(".reading-notes")).to_contain_text("«vieetj» gõ kiểu Telex")
    expect(page.locator(".hit").first).to_be_visible()
    marked = page.locator(".hit-snippet mark").all_inner_texts()
    assert "Việt Nam" in marked  # the phrase as one mark, as read
    # The highlight is told apart without colour: bold and underlined.
    style = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.hit-snippet mark'));
        return [s.fontWeight, s.textDecorationLine, s.textDecorationColor]; }""")
    assert int(style[0]) >= 700 and "underline" in style[1]
    assert contrast(style[2], "rgb(255, 255, 255)") >= 3 and contrast(style[2], MARK_BACKGROUND) >= 3
    shot(page, "reading-telex.png")

    # Accent-free: "Có phải bạn muốn tìm" with the accented form, its count, as a link.
    box = page.locator("#q")
    box.fill("")
    box.press_sequentially("chuyen doi so", delay=20)
    box.press("Enter")  # no option chosen: submits
    page.wait_for_url("**/?q=chuyen+doi+so")
    offer = page.locator(".did-you-mean a")
    expect(offer).to_have_text("chuyển đổi số")
    count = page.locator(".did-you-mean .reading-count").inner_text()
    offer.click()
    page.wait_for_url("**/?q=chuy*")
    assert f"({page.locator('.total').inner_text()} kết quả)" == count
    expect(page.locator(".did-you-mean")).to_have_count(0)  # typed as it reads now

    # Suggestions: a person first, with a count, the typed part in bold.
    box = page.locator("#q")
    box.fill("")
    box.press_sequentially("tran", delay=40)
    first = page.locator("#q-suggestions [role=option]").first
    expect(first).to_be_visible()
    expect(first.locator(".suggestion-kind")).to_have_text("Người phát biểu")
    expect(first.locator(".suggestion-text")).to_have_text(BINH)
    expect(first.locator(".suggestion-text b")).to_have_text("Trần")
    expect(first.locator(".suggestion-count")).to_have_text("2 bài")
    assert page.problems == []


MARK_BACKGROUND = "rgb(255, 241, 191)"  # --mark in app.css


def test_phone_width_has_no_horizontal_scroll(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page(375, 800)
    page.goto(base_url + "/?q=chuyen+doi+so&speaker=" + BINH)
    filters = page.locator("details.filters")
    assert filters.evaluate("el => !el.open")  # folded on a phone
    assert no_horizontal_scroll(page)
    shot(page, "search-phone.png")
    page.locator(".sheet-open").click()  # the filters open as a sheet (test_navigation.py)
    expect(page.locator("#speaker-list")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "search-phone-filters.png")
    page.goto(base_url + "/articles/000_bf4495a8d93b5c4c.txt")
    assert no_horizontal_scroll(page)
    shot(page, "article-phone.png")
    page.goto(base_url + "/?q=" + "rất dài " * 40)
    assert no_horizontal_scroll(page)
    assert page.problems == []


def test_speaker_filter_box_and_article_page(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + "/")
    filter_box = page.locator("#speaker-filter")
    expect(filter_box).to_be_visible()  # shown by JavaScript: many speakers
    filter_box.fill("binh")
    visible = page.locator("#speaker-list li:visible")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text(BINH)
    filter_box.fill("")  # the list as it was
    expect(page.locator("#speaker-list li").nth(8)).to_be_visible()

    page.goto(base_url + "/articles/cds-hcm-1")
    expect(page.locator(".article-speakers")).to_contain_text(BINH)
    page.locator(".article-speakers a", has_text=BINH).click()  # the speaker's page
    page.wait_for_url("**/nguoi-phat-bieu/**")
    expect(page.locator("h1")).to_have_text(BINH)
    page.locator(".speaker-summary a", has_text="bài viết").click()  # every article naming them
    page.wait_for_url("**speaker=*")
    assert state(page) == {"speaker": [BINH]}
    shot(page, "speaker-search-desktop.png")
    page.goto(base_url + "/articles/000_bf4495a8d93b5c4c.txt")
    shot(page, "article-desktop.png")
    assert page.problems == []


def test_injected_markup_stays_text_in_the_browser(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + f"/articles/{XSS_ID}")
    expect(page.locator("h1")).to_contain_text("<script>alert(1)</script>")
    assert page.locator(".article-body img").count() == 0
    page.goto(base_url + "/")
    page.locator("#q").press_sequentially("tieu de", delay=40)
    option = page.locator("#q-suggestions [role=option]", has_text="Bài viết").first
    expect(option).to_contain_text("<script>alert(1)</script>")
    assert page.locator("#q-suggestions script").count() == 0
    page.locator("#q").press("Enter")
    page.wait_for_url("**q=tieu*")
    expect(page.locator(".hit-title", has_text="<script>alert(1)</script>")).to_have_count(1)
    assert page.locator(".hits img").count() == 0
    assert page.problems == []


def test_what_a_speaker_said_from_the_article_page_and_the_search_box(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + "/articles/cds-hcm-1")
    theirs = page.locator(".article-speakers li", has_text=AN).locator(".speaker-statements")
    expect(theirs).to_contain_text("chuyển đổi số phải lấy người dân làm trung tâm")
    page.locator(".article-speakers a.said-search", has_text=AN).click()
    page.wait_for_url("**said=1*")
    assert state(page) == {"speaker": [AN], "said": ["1"]}
    expect(page.locator("#results-heading")).to_contain_text("lời phát biểu của")
    passages = page.locator(".said-passage")
    expect(passages.first).to_contain_text("lấy người dân làm trung tâm")
    expect(passages.first.locator("footer")).to_contain_text(AN)
    shot(page, "said-search-desktop.png")
    # The chip takes the search back to the articles' text.
    page.locator(".chip", has_text="lời phát biểu").click()
    page.wait_for_url(lambda url: "said=" not in url)
    assert page.locator(".said-passage").count() == 0

    page.goto(base_url + "/")
    page.locator("#q").fill(f'speaker:"{BINH}" chuyển đổi số')
    page.locator("#q").press("Enter")
    page.wait_for_url("**q=speaker*")
    expect(page.locator(".hit")).to_have_count(1)
    expect(page.locator(".said-passage mark").first).to_be_visible()
    expect(page.locator(".said-passage").first).to_contain_text("các phường tiếp tục")
    assert page.problems == []


def test_statements_with_markup_stay_text(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + f"/articles/{XSS_ID}")
    expect(page.locator(".speaker-statements")).to_contain_text("<img src=x onerror=alert(4)>")
    assert page.locator(".article img").count() == 0
    page.goto(base_url + "/?q=speaker:%22Ng%C3%B4%20Th%E1%BB%AD%20Nghi%E1%BB%87m%22%20an%20to%C3%A0n")
    expect(page.locator(".said-passage")).to_contain_text("<img src=x onerror=alert(4)>")
    assert page.locator(".hits img").count() == 0
    assert page.problems == []
