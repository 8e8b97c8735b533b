"""Tools for journalists and researchers in a real Chromium: the whole result set downloaded
and read back (CSV for spreadsheets, RIS for citation managers), the search's feed found from
the page and parsed by a feed library, an article's citation copied, a speaker's page."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest

from indexer.ingest.sources import Skipped, read_sources
from indexer.search.service import SearchService
from webui import create_app

from .conftest import SEED_000, SEEDS

from .browser_support import browser, new_page, served  # noqa: F401
from .webui_fixtures import BINH, build_index

pytestmark = pytest.mark.browser


def _republished_seed() -> dict:
    """The first seed as another site republished it: its own headline, the same text."""
    [seed] = [i.article for i in read_sources([SEEDS / SEED_000]) if not isinstance(i, Skipped)]
    return {"id": "dcs-republished", "text": "Quận 12 tổng kết Nghị quyết Trung ương 5 khóa X\n" + seed.body,
            "published": "2022-01-21", "source": "dangcongsan.vn", "locality": "Hà Nội"}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    backend = build_index(tmp_path_factory.mktemp("tools"), extra=[_republished_seed()])
    with served(create_app(service=SearchService(backend))) as url:
        yield url


def test_the_whole_result_set_downloaded_and_read_back(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + "/?q=chuyen+doi+so&size=3")
    listed = int(page.locator(".total").inner_text())
    titles_on_page = page.locator(".hit-title a").all_inner_texts()
    with page.expect_download() as download_info:
        page.locator(".result-tools a", has_text="CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("vnsearch-") and download.suggested_filename.endswith(".csv")
    raw = open(download.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) > len(titles_on_page) and len(rows) >= listed  # every result, not the page of 3
    assert [r["title"] for r in rows[:3]] == titles_on_page  # Vietnamese text intact, same order
    assert all(r["page_url"].startswith(base_url + "/articles/") for r in rows)

    page.goto(base_url + "/?speaker=" + BINH)
    with page.expect_download() as download_info:
        page.locator(".result-tools a", has_text="RIS").click()
    ris = open(download_info.value.path(), encoding="utf-8").read()
    records = [dict(line.split("  - ", 1) for line in r.strip().splitlines()) for r in ris.split("ER  - ") if r.strip()]
    assert len(records) == int(page.locator(".total-muted").inner_text().strip("()"))
    assert all(r["TY"] == "NEWS" and r["TI"] and BINH in ris for r in records)
    expect(page.locator(".hit-title a").first).to_be_visible()
    assert page.problems == []


def test_the_feed_link_and_a_valid_feed(base_url: str, new_page) -> None:
    import feedparser
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + "/?q=chuyen+doi+so")
    advertised = page.locator("link[rel=alternate][type='application/atom+xml']")
    expect(advertised).to_have_count(1)
    visible = page.locator("a.feed-link")
    expect(visible).to_be_visible()
    assert visible.get_attribute("href") == advertised.get_attribute("href")
    response = page.request.get(base_url + visible.get_attribute("href"))
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.version == "atom10"
    assert len(feed.entries) >= 5 and feed.feed.title == "vnsearch: chuyen doi so"
    dates = [e.published for e in feed.entries if "published" in e]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert page.problems == []


def test_an_articles_citation_copied(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(base_url + "/?q=chuyen+doi+so")
    page.locator(".hit-title a", has_text="TP.HCM đẩy mạnh chuyển đổi số").click()
    page.wait_for_url("**/articles/cds-hcm-1?**")
    page.locator("button.copy-button", has_text="Sao chép trích dẫn").click()
    expect(page.locator(".copy-status")).to_have_text("Đã sao chép.")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == ("Minh Anh. (2023, ngày 15 tháng 3). TP.HCM đẩy mạnh chuyển đổi số trong công tác xây dựng "
                      f"Đảng. thanhuytphcm.vn. {base_url}/articles/cds-hcm-1")
    page.locator("button.copy-button", has_text="Sao chép đường dẫn").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == base_url + "/articles/cds-hcm-1"
    # Printed, the article keeps its citation and link and drops the navigation.
    page.emulate_media(media="print")
    expect(page.locator(".citation-text")).to_be_visible()
    expect(page.locator("#permalink")).to_be_visible()
    expect(page.locator(".trail")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    page.emulate_media(media="screen")
    # The permalink needs no search: it opens the same article.
    page.goto(copied.rsplit(" ", 1)[1])
    expect(page.locator("h1")).to_have_text("TP.HCM đẩy mạnh chuyển đổi số trong công tác xây dựng Đảng")
    assert page.problems == []


def test_a_speaker_page_from_a_result_card(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + "/?q=chuyen+doi+so")
    card = page.locator(".hit", has_text="Quận 12 triển khai chuyển đổi số ở khu phố")
    card.locator("a.speaker-tag", has_text=BINH).click()
    page.wait_for_url("**/nguoi-phat-bieu/**")
    expect(page.locator("h1")).to_have_text(BINH)
    expect(page.locator("table.roles")).to_contain_text("Phó Chủ tịch UBND")
    statements = page.locator(".statements-list .said-passage")
    expect(statements.first).to_contain_text("các phường tiếp tục chuyển đổi số")
    # Searchable within the page.
    page.locator("#said-q").fill("phuong tiep tuc")
    page.locator(".statements-search button").click()
    page.wait_for_url("**q=phuong*")
    expect(page.locator(".statements-list .said-passage mark").first).to_be_visible()
    page.locator("#said-q").fill("ngan sach")
    page.locator(".statements-search button").click()
    expect(page.locator(".statements-list")).to_have_count(0)
    # Those they appear with have their own pages.
    page.locator(".speaker-aside a", has_text="Lê Hoàng Cường").click()
    expect(page.locator("h1")).to_have_text("Lê Hoàng Cường")
    assert page.problems == []


def test_proximity_and_speaker_queries_from_the_syntax_page(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.goto(base_url + "/")
    page.locator("a.syntax-help").click()
    expect(page.locator("h1")).to_have_text("Cú pháp tìm kiếm")
    # "chuyển đổi số phải lấy người dân": two words between "số" and "người".
    box = page.locator("#q")
    box.fill('"chuyển đổi số người dân"~2')
    box.press("Enter")
    page.wait_for_url("**q=*")
    first = page.locator(".hit").first
    expect(first.locator(".hit-title")).to_have_text("TP.HCM đẩy mạnh chuyển đổi số trong công tác xây dựng Đảng")
    expect(first.locator(".hit-partial")).to_have_count(0)  # a strong match, the only one
    expect(page.locator(".total")).to_have_text("1")
    box = page.locator("#q")
    box.fill('"chuyển đổi số người dân"~1')  # not near enough
    box.press("Enter")
    page.wait_for_url("**%7E1*")
    # No strong match anywhere: the page says so and lists the near ones.
    expect(page.locator(".notice[role=status]")).to_contain_text("Không có bài viết nào khớp đủ")
    expect(page.locator("#results-heading")).to_contain_text("kết quả gần đúng")
    box = page.locator("#q")
    box.fill(f'speaker:"{BINH}" chuyển đổi số')
    box.press("Enter")
    page.wait_for_url("**speaker*")
    expect(page.locator(".hit")).to_have_count(1)
    expect(page.locator(".said-passage").first).to_contain_text("các phường tiếp tục chuyển đổi số")
    assert page.problems == []


def test_a_republished_article_listed_once_with_its_copy(base_url: str, new_page) -> None:
    from playwright.sync_api import expect

    pair = {SEED_000, "dcs-republished"}
    page = new_page()
    page.goto(base_url + "/?q=đổi+mới+phương+thức+lãnh+đạo+quận+12")
    hrefs = page.locator(".hit-title a").evaluate_all("links => links.map(a => a.pathname)")
    listed = [h.split("/articles/", 1)[1] for h in hrefs]
    assert len(pair & set(listed)) == 1, listed  # the story once
    [shown] = pair & set(listed)
    card = page.locator("li.hit", has=page.locator(f".hit-title a[href^='/articles/{shown}']"))
    copies = card.locator("details.copies")
    expect(copies.locator("summary")).to_have_text("1 bản đăng lại")
    expect(copies.locator(".copies-list")).to_be_hidden()
    copies.locator("summary").click()  # opens the copies
    [other] = pair - {shown}
    link = copies.locator(".copies-list a")
    expect(link).to_be_visible()
    assert link.get_attribute("href").endswith("/articles/" + other)
    expect(page.locator("#copies-note")).to_contain_text("tính cả bản đăng lại")
    # Every copy on asking; the count is the same, as it counts the copies either way.
    total = page.locator(".total").inner_text()
    page.locator("#copies-note a", has_text="Hiện cả bản đăng lại").click()
    listed_all = [h.split("/articles/", 1)[1] for h in page.locator(".hit-title a").evaluate_all(
        "links => links.map(a => a.pathname)")]
    assert pair <= set(listed_all) and page.locator(".total").inner_text() == total
    # The copy's page names the article it copies, and does not offer it as merely related.
    link_page = new_page()
    link_page.goto(base_url + "/articles/" + other)
    section = link_page.locator("#ban-dang-lai")
    expect(section.locator("h2")).to_have_text("Bản đăng lại")
    assert section.locator("a").get_attribute("href").endswith("/articles/" + shown)
    expect(link_page.locator(".related a[href$='/articles/" + shown + "']")).to_have_count(0)
    assert page.problems == [] and link_page.problems == []
