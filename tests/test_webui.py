"""The web UI and JSON API through Flask's test client, over real tantivy indexes in tmp dirs."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from indexer.config import Settings
from indexer.backends.tantivy import TantivyBackend
from indexer.cli import build_parser, cmd_serve
from indexer.models import Filters, SearchRequest, Sort
from indexer.search.export import export_lines
from indexer.search.service import SearchService
from webui import create_app
from webui.config import WebSettings
from webui.params import BadParameter, parse_search, search_args

from .conftest import REPO, SEED_000
from .webui_fixtures import (AN, BINH, CUONG, DONG_THAP, DUC, HANOI, HCM, KHANH, SLASH_ID, XSS_BODY, XSS_ID,
                             XSS_TITLE, build_index)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    return SearchService(build_index(tmp_path_factory.mktemp("webui")))


@pytest.fixture(scope="module")
def app(service: SearchService):
    app = create_app(service=service, web=WebSettings())
    app.config.update(TESTING=True)
    return app


@pytest.fixture()
def client(app):
    return app.test_client()


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:500])
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def api(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:500])
    assert response.mimetype == "application/json"
    return response.get_json()


def hit_ids(body: str) -> list[str]:
    """Article ids of the result titles, in page order."""
    return [html.unescape(m) for m in re.findall(r'<h2 class="hit-title"><a href="/articles/([^"?]+)', body)]


def hrefs(body: str, css_class: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(rf'<a class="{css_class}" href="([^"]+)"', body)]


def facet_link(body: str, value: str) -> str:
    """The href of the facet option showing `value` (its tick link)."""
    for match in re.finditer(r'<input type="checkbox" name="[^"]*" value="[^"]*" data-href="([^"]+)"[^>]*>(.*?)</label>',
                             body, re.S):
        label = re.search(r'<span class="facet-label">(.*?)</span>', match.group(2), re.S)
        if label and html.unescape(label.group(1)).strip() == value:
            return html.unescape(match.group(1))
    raise AssertionError(f"no facet option {value!r}")


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


# --- the search page ---------------------------------------------------------------------------


def test_search_page_shows_results_with_metadata_and_highlights(client) -> None:
    body = page(client, "/?q=chuyen+doi+so")
    assert '<html lang="vi">' in body
    ids = hit_ids(body)
    assert ids and set(ids) >= {"cds-hcm-1", "cds-dt-1"}
    assert 'href="/articles/cds-hcm-1?pos=' in body
    assert "15/03/2023" in body  # the date, Vietnamese style
    assert "Quận 1, Thành phố Hồ Chí Minh" in body  # the locality
    assert re.search(rf'<a class="speaker-tag" href="/nguoi-phat-bieu/[^"]+">{AN}</a>', body)  # the speakers, linked
    assert "<mark>chuyển đổi số</mark>" in body  # the highlighted snippet, the phrase as one mark
    assert re.search(r'<span class="total">\d+</span> kết quả', body)


def test_empty_query_browses_newest_first_with_every_facet(client) -> None:
    body = page(client, "/")
    assert "Tất cả bài viết" in body
    assert hit_ids(body)[:3] == ["cds-dn", "cds-hcm-2", "cds-hn-2"]
    for heading in ("Thời gian", "Địa phương", "Người phát biểu", "Nguồn"):
        assert f">{heading}</h2>" in body
    assert "Năm 2023" in body and HCM in body and KHANH in body
    # Many speakers: the filter box is there (shown by JavaScript).
    assert 'data-facet-filter="speaker-list"' in body


def test_sort_and_pagination_links_keep_the_state(client) -> None:
    body = page(client, "/?q=chuyen+doi+so&size=2")
    sort_newest = next(h for h in re.findall(r'<a href="([^"]+)"', body) if "sort=newest" in html.unescape(h))
    assert query_of(html.unescape(sort_newest)) == {"q": ["chuyen doi so"], "sort": ["newest"], "size": ["2"]}
    second = next(h for h in re.findall(r'<a class="page-next" href="([^"]+)"', body))
    assert query_of(html.unescape(second)) == {"q": ["chuyen doi so"], "size": ["2"], "page": ["2"]}
    first_page, second_page = hit_ids(body), hit_ids(page(client, html.unescape(second)))
    assert len(first_page) == len(second_page) == 2 and not set(first_page) & set(second_page)
    newest = hit_ids(page(client, "/?q=chuyen+doi+so&sort=newest"))
    oldest = hit_ids(page(client, "/?q=chuyen+doi+so&sort=oldest"))
    assert newest[0] == "cds-dn" and oldest == list(reversed(newest))  # every match is dated, no ties
    assert 'aria-current="page"' in page(client, "/?size=2&page=3")


def test_ticking_a_speaker_narrows_results_and_shows_a_removable_chip(client) -> None:
    body = page(client, "/?q=chuyen+doi+so")
    link = facet_link(body, BINH)
    assert query_of(link) == {"q": ["chuyen doi so"], "speaker": [BINH]}
    ticked = page(client, link)
    assert sorted(hit_ids(ticked)) == ["cds-hcm-1", "cds-hcm-2"]
    assert 'class="facet-option is-selected"' in ticked and 'class="chip"' in ticked
    # Unticking (the same option) and the chip both lead back; "Xoá tất cả" keeps the query.
    assert query_of(facet_link(ticked, BINH)) == {"q": ["chuyen doi so"]}
    assert [query_of(h) for h in hrefs(ticked, "chip")] == [{"q": ["chuyen doi so"]}]
    clear = re.search(r'<a class="chip-clear" href="([^"]+)">Xoá tất cả</a>', ticked)
    assert clear and query_of(html.unescape(clear.group(1))) == {"q": ["chuyen doi so"]}
    # A second speaker ORs with the first.
    both = page(client, facet_link(ticked, DUC))
    assert sorted(hit_ids(both)) == ["cds-dt-1", "cds-dt-2", "cds-hcm-1", "cds-hcm-2"]


def test_date_facet_drills_down_from_years_to_months_and_back(client) -> None:
    body = page(client, "/?period=2023")
    march = facet_link(body, "Tháng 3")
    assert query_of(march) == {"period": ["2023-03"]}  # the month replaces its year
    in_march = page(client, march)
    assert sorted(hit_ids(in_march)) == ["cds-hcm-1", "cds-hn-2"]
    assert "Tháng 3/2023" in in_march  # the chip
    assert query_of(facet_link(in_march, "Tháng 3")) == {"period": ["2023"]}  # unticking goes back up
    assert query_of(facet_link(in_march, "Năm 2023")) == {"period": ["2023"]}  # the whole year again
    assert query_of(facet_link(body, "Năm 2023")) == {}  # unticking the year clears the date
    assert query_of(facet_link(page(client, "/"), "Năm 2022")) == {"period": ["2022"]}


def test_locality_facet_drills_down_to_districts(client) -> None:
    assert "Quận/huyện</h3>" not in page(client, "/")
    body = page(client, "/?" + "province=" + HANOI)
    assert sorted(hit_ids(body)) == ["cds-hn-1", "cds-hn-2"]
    assert "Quận/huyện</h3>" in body
    district = facet_link(body, "Quận Ba Đình")
    assert query_of(district) == {"province": [HANOI], "district": ["Quận Ba Đình"]}
    assert hit_ids(page(client, district)) == ["cds-hn-1"]
    # Unticking the last province drops its districts too.
    assert query_of(facet_link(page(client, district), HANOI)) == {}


def test_date_range_filters_and_shows_chips(client) -> None:
    body = page(client, "/?from=2023-01-01&to=2023-03-31")
    assert sorted(hit_ids(body)) == ["cds-dt-2", "cds-hcm-1", "cds-hn-2"]
    assert "Từ ngày:</span> 01/01/2023" in body and "Đến ngày:</span> 31/03/2023" in body
    assert 'name="from" value="2023-01-01"' in body
    # Empty date fields of the form mean "no limit".
    assert len(hit_ids(page(client, "/?from=&to=&size=100"))) == 16


def test_search_form_keeps_the_filters_as_hidden_fields(client) -> None:
    body = page(client, "/?q=doi+moi&province=" + DONG_THAP + "&sort=newest&page=2")
    form = body[body.index('<form class="search-form"'):body.index("</form>")]
    assert 'name="q" type="search" value="doi moi"' in form
    assert f'<input type="hidden" name="province" value="{DONG_THAP}">' in form
    assert '<input type="hidden" name="sort" value="newest">' in form
    assert 'name="page"' not in form  # a new query starts on page 1


def test_no_results_offers_removing_each_filter_and_fewer_words(client) -> None:
    body = page(client, "/?q=chuyen+doi+xyzzyq&province=" + HANOI)
    assert "Không tìm thấy bài viết nào" in body
    assert "bỏ «Hà Nội»" in body
    fewer = re.search(r'<a href="([^"]+)">chuyen doi</a> \((\d+)\)', body)
    assert fewer and query_of(html.unescape(fewer.group(1))) == {"q": ["chuyen doi"], "province": [HANOI]}
    body = page(client, "/?q=chuyen+doi+so&province=" + HANOI + "&speaker=" + DUC)
    assert "Bỏ mọi bộ lọc" in body and "bỏ «Phạm Minh Đức»" in body


def test_url_state_round_trips_through_the_parser() -> None:
    web = WebSettings()
    request = SearchRequest(
        text="đổi mới", sort=Sort.OLDEST, page=3, size=20, facet_size=web.facet_size,
        filters=Filters(provinces=(HCM,), districts=("Quận 12",), speakers=(AN, BINH), sources=("a.vn",),
                        categories=("Xã hội",), periods=("2022", "2023-01"),
                        date_from=dt.date(2021, 1, 1), date_to=dt.date(2023, 12, 31)), said=True)
    args = search_args(request, web)
    assert parse_search(MultiDict(args), web) == request
    assert search_args(SearchRequest(facet_size=web.facet_size), web) == []  # defaults stay out of URLs


# --- the article page -------------------------------------------------------------------------


def test_article_page_shows_paragraphs_metadata_and_related(client) -> None:
    body = page(client, f"/articles/{SEED_000}")
    assert "<h1 id=\"article-title\">Quận 12: Tổng kết 15 năm" in body
    assert body.count("<p>") >= 3  # the body, split on blank lines
    assert "19/01/2022" in body and "07/12/2021" in body and "Song Anh" in body
    assert 'href="/nguoi-phat-bieu/Tr%E1%BA%A7n%20V%C4%83n%20%C3%9At">Trần Văn Út</a>' in body  # their page
    assert "Phó Bí thư Thường trực Quận ủy" in body  # the role
    assert re.search(r'href="/\?province=Th%C3%A0nh\+ph%E1%BB%91\+H%E1%BB%93\+Ch%C3%AD\+Minh">', body)
    assert re.search(r'href="/\?province=[^"]+&amp;district=Qu%E1%BA%ADn\+12">Quận 12</a>', body)
    assert "Bài viết liên quan" in body and 'href="/articles/002_dec426784ccdbed7.txt"' in body


def test_article_ids_with_a_slash(client) -> None:
    assert "Ninh Kiều tổng kết công tác dân vận" in page(client, f"/articles/{SLASH_ID}")
    assert api(client, f"/api/articles/{SLASH_ID}")["article"]["id"] == SLASH_ID
    assert f'href="/articles/{SLASH_ID}?pos=1&amp;q=ninh+kieu"' in page(client, "/?q=ninh+kieu")


def test_missing_article_is_404(client) -> None:
    body = page(client, "/articles/khong-co-bai-nay", 404)
    assert "Không tìm thấy" in body and "Traceback" not in body
    assert api(client, "/api/articles/khong-co-bai-nay", 404)["error"]["status"] == 404
    page(client, "/khong-co-trang-nay", 404)
    assert api(client, "/api/khong-co", 404)["error"]["message"]


# --- the JSON API ---------------------------------------------------------------------------


def test_api_search_shape(client) -> None:
    data = api(client, "/api/search?q=chuyen+doi+so&size=3")
    assert {"total", "page", "hits", "facets"} <= data.keys()
    assert data["page"] == 1 and data["total"] >= 7 and len(data["hits"]) == 3
    for hit in data["hits"]:
        assert {"id", "title", "published", "locality", "speakers", "snippet", "score"} <= hit.keys()
        assert isinstance(hit["speakers"], list) and isinstance(hit["score"], float)
    assert {"date", "province", "district", "speaker", "timeline"} <= data["facets"].keys()
    for name, values in data["facets"].items():
        if name == "timeline":
            assert set(values) == {"unit", "bars", "undated", "earlier", "later"}
            assert sum(b["count"] for b in values["bars"]) + values["undated"] + values["earlier"] + values[
                "later"] == data["total"]
            continue
        for value in values:
            assert set(value) == {"value", "count", "selected"}
    assert set(data["facets_more"]) == set(data["facets"]) - {"timeline"}


def test_api_speaker_counts_are_disjunctive(client) -> None:
    before = api(client, "/api/search?q=chuyen+doi+so")["facets"]
    after = api(client, f"/api/search?q=chuyen+doi+so&speaker={BINH}")
    assert after["total"] == 2
    counts_before = {v["value"]: v["count"] for v in before["speaker"]}
    counts_after = {v["value"]: (v["count"], v["selected"]) for v in after["facets"]["speaker"]}
    # The other speakers keep their counts; the ticked one is marked selected.
    assert counts_after[BINH] == (counts_before[BINH], True)
    assert counts_after[DUC] == (counts_before[DUC], False)
    assert counts_after[CUONG] == (counts_before[CUONG], False)
    # Other facets narrow to the two articles.
    assert {v["value"]: v["count"] for v in after["facets"]["province"]} == {HCM: 2}


def test_api_article_and_related(client) -> None:
    data = api(client, f"/api/articles/{SEED_000}")
    assert data["article"]["id"] == SEED_000 and data["article"]["body"]
    assert data["article"]["speakers"][0] == {"name": "Trần Văn Út", "role": "Phó Bí thư Thường trực Quận ủy"}
    assert data["related"] and data["related"][0]["id"] == "002_dec426784ccdbed7.txt"
    assert all({"id", "title", "published"} <= r.keys() for r in data["related"])


def test_api_suggest(client) -> None:
    suggestions = api(client, "/api/suggest?q=chuyen+doi")["suggestions"]
    titles = [s for s in suggestions if s["kind"] == "title"]
    assert titles and all(set(s) >= {"kind", "text", "id", "url"} for s in suggestions)
    assert titles[0]["url"] == f"/articles/{titles[0]['id']}"
    speakers = api(client, "/api/suggest?q=tran+thi")["suggestions"]
    binh_url = "/?speaker=Tr%E1%BA%A7n+Th%E1%BB%8B+B%C3%ACnh"
    assert {"kind": "speaker", "text": BINH, "id": None, "count": 2, "url": binh_url} in speakers
    places = api(client, "/api/suggest?q=dong+th")["suggestions"]
    assert ("province", DONG_THAP) in {(s["kind"], s["text"]) for s in places}
    assert api(client, "/api/suggest?q=")["suggestions"] == []
    assert api(client, "/api/suggest")["suggestions"] == []


def test_suggestions_put_people_and_places_first_then_phrases_then_titles(client) -> None:
    suggestions = api(client, "/api/suggest?q=chuyen+doi")["suggestions"]
    rank = {"speaker": 0, "province": 1, "district": 1, "completion": 2, "title": 3}
    kinds = [s["kind"] for s in suggestions]
    assert [rank[k] for k in kinds] == sorted(rank[k] for k in kinds)
    assert "chuyển đổi số" in [s["text"] for s in suggestions if s["kind"] == "completion"]
    assert {"completion", "title"} <= set(kinds)
    people = api(client, "/api/suggest?q=tran")["suggestions"]
    assert people[0] == {"kind": "speaker", "text": BINH, "id": None, "count": 2,
                         "url": "/?speaker=Tr%E1%BA%A7n+Th%E1%BB%8B+B%C3%ACnh"}
    places = [s for s in api(client, "/api/suggest?q=ha")["suggestions"] if s["kind"] == "province"]
    assert [p["count"] for p in places] == sorted((p["count"] for p in places), reverse=True)


def test_api_search_says_how_the_query_was_read(client) -> None:
    data = api(client, "/api/search?q=chuyeenr+ddooir+soos")
    said = data["interpretation"]
    assert said["decoded"] == [{"typed": "chuyeenr", "read": "chuyển", "method": "telex"},
                               {"typed": "ddooir", "read": "đổi", "method": "telex"},
                               {"typed": "soos", "read": "số", "method": "telex"}]
    assert said["reading"] == "chuyển đổi số"
    typed_right = api(client, "/api/search?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91")
    assert data["total"] == typed_right["total"] > 0
    accent_free = api(client, "/api/search?q=chuyen+doi+so")["interpretation"]
    assert accent_free["did_you_mean"] == {"text": "chuyển đổi số", "total": typed_right["total"]}
    assert accent_free["accents_restored"][0] == {"typed": "chuyen", "read": "chuyển"}
    assert api(client, "/api/search?q=ubnd")["interpretation"]["abbreviations"] == [
        {"typed": "ubnd", "expansions": ["Ủy ban nhân dân"], "abbreviation": True}]
    assert api(client, "/api/search?q=%E1%BB%A7y+ban+nh%C3%A2n+d%C3%A2n")["interpretation"]["abbreviations"] == [
        {"typed": "uỷ ban nhân dân", "expansions": ["UBND"], "abbreviation": False}]
    assert api(client, "/api/search?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i")["interpretation"]["did_you_mean"] is None


def test_search_page_shows_the_reading_and_did_you_mean(client) -> None:
    assert 'id="reading"' not in page(client, "/?q=xyzzy")  # nothing read otherwise: nothing said
    assert "«uỷ ban nhân dân»: đã tìm cả dạng viết tắt «UBND»" in page(client, "/?q=%E1%BB%A7y+ban+nh%C3%A2n+d%C3%A2n")
    assert "«UBND» viết tắt: đã tìm cả «Ủy ban nhân dân»" in page(client, "/?q=ubnd")
    body = page(client, "/?q=chuyen+doi+so")
    assert "Có phải bạn muốn tìm" in body
    assert '<a href="/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91" lang="vi">chuyển đổi số</a>' in body
    body = page(client, "/?q=vieetj+nam+%3Cb%3E")
    assert "«vieetj» gõ kiểu Telex khi tắt bộ gõ: đã tìm cả «việt»" in body
    assert "vieetj nam &lt;b&gt;" in body and "nam <b>" not in body  # typed text escaped


# --- bad parameters, errors ---------------------------------------------------------------------

BAD = [
    ("from=2022-13-45", "from"),
    ("to=2022-02-30", "to"),
    ("from=19/13/2022", "from"),
    ("from=2023-01-01&to=2022-01-01", "from"),
    ("page=-1", "page"),
    ("page=0", "page"),
    ("page=abc", "page"),
    ("page=1.5", "page"),
    ("page=5000", "page"),
    ("size=100000", "size"),
    ("size=0", "size"),
    ("size=ten", "size"),
    ("q=" + "a" * 10_000, "q"),
    ("sort=best", "sort"),
    ("period=2022-13", "period"),
    ("period=22", "period"),
    ("speaker=" + "x" * 1001, "speaker"),
    ("said=maybe", "said"),
    ("&".join(f"province=p{i}" for i in range(30)), "province"),
]


@pytest.mark.parametrize(("query", "parameter"), BAD, ids=[p for _, p in BAD])
def test_bad_parameters_answer_400_naming_the_parameter(client, query: str, parameter: str) -> None:
    error = api(client, "/api/search?" + query, 400)["error"]
    assert error["parameter"] == parameter and error["message"]
    if parameter in ("from", "to"):
        return  # the page says it inline and keeps the search (test_a_bad_date_is_said_inline)
    body = page(client, "/?" + query, 400)
    assert f'<code class="param">{parameter}</code>' in body and "Yêu cầu không hợp lệ" in body
    assert "Traceback" not in body


@pytest.mark.parametrize(("query", "said"), [
    ("from=2022-13-45", "«2022-13-45» không phải một ngày có thật"),
    ("to=30/02/2022", "«30/02/2022» không phải một ngày có thật"),
    ("from=19/13/2022&to=2022-01-01", "«19/13/2022» không phải một ngày có thật"),
    ("from=2023-01-01&to=2022-01-01", "Ngày bắt đầu (01/01/2023) sau ngày kết thúc (01/01/2022): đã đổi chỗ hai ngày."),
])
def test_a_bad_date_is_said_inline_keeping_the_search(client, query: str, said: str) -> None:
    body = page(client, f"/?q=chuyen+doi+so&province=Đà+Nẵng&{query}")
    assert said in html.unescape(body) and 'role="alert"' in body
    # The query and the filters stand.
    assert 'value="chuyen doi so"' in body and "Đà Nẵng" in html.unescape(" ".join(re.findall(r'class="chip".*?</a>', body, re.S)))


def test_dates_are_read_and_shown_as_day_month_year(client) -> None:
    body = page(client, "/?from=01/03/2021&to=31-12-2021")
    assert 'name="from" value="01/03/2021"' in body and 'name="to" value="31/12/2021"' in body
    assert api(client, "/api/search?from=1.3.2021&to=2021-12-31")["total"] == api(
        client, "/api/search?from=2021-03-01&to=2021-12-31")["total"]
    # A chosen period fills the range fields with its first and last day.
    body = page(client, "/?period=2022-02")
    assert 'name="from" value="01/02/2022"' in body and 'name="to" value="28/02/2022"' in body


def test_long_suggest_query_is_400(client) -> None:
    assert api(client, "/api/suggest?q=" + "a" * 10_000, 400)["error"]["parameter"] == "q"


def test_bad_parameter_names_itself() -> None:
    with pytest.raises(BadParameter) as caught:
        parse_search(MultiDict([("size", "101")]))
    assert caught.value.name == "size" and "100" in caught.value.message


def test_wrong_method_is_405(client) -> None:
    response = client.post("/api/search")
    assert response.status_code == 405 and response.get_json()["error"]["status"] == 405
    assert "GET" in response.headers["Allow"]
    response = client.post("/")
    assert response.status_code == 405 and "Phương thức không được hỗ trợ" in response.get_data(as_text=True)


def test_unexpected_errors_are_a_friendly_500(service: SearchService) -> None:
    app = create_app(service=service)

    def boom():
        raise RuntimeError("secret detail")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/boom", "api_boom", boom)
    client = app.test_client()
    response = client.get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "Đã có lỗi xảy ra" in body
    assert "secret detail" not in body and "Traceback" not in body
    response = client.get("/api/boom")
    assert response.status_code == 500 and response.get_json()["error"]["status"] == 500
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.fixture()
def broken_client(tmp_path: Path):
    """An app over a real index whose LIVE pointer names a version that does not exist."""
    root = tmp_path / "tantivy"
    root.mkdir()
    (root / "LIVE").write_text("v-missing\n", encoding="utf-8")
    return create_app(service=SearchService(TantivyBackend(Settings(data_dir=tmp_path)))).test_client()


@pytest.mark.parametrize("url", ["/", "/?q=doi+moi", f"/articles/{SEED_000}"])
def test_engine_failure_is_503_page(broken_client, url: str) -> None:
    response = broken_client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"].isdigit()
    assert "Dịch vụ tìm kiếm tạm thời gián đoạn" in body and "Traceback" not in body and "v-missing" not in body
    assert response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/api/search?q=doi", "/api/suggest?q=doi", f"/api/articles/{SEED_000}"])
def test_engine_failure_is_503_json(broken_client, url: str) -> None:
    response = broken_client.get(url)
    assert response.status_code == 503 and response.headers["Retry-After"].isdigit()
    assert response.get_json()["error"]["status"] == 503


def test_empty_index_says_so(tmp_path: Path) -> None:
    client = create_app(service=SearchService(TantivyBackend(Settings(data_dir=tmp_path)))).test_client()
    body = page(client, "/")
    assert "Chưa có bài viết nào trong kho" in body
    assert api(client, "/api/search")["total"] == 0


# --- security ---------------------------------------------------------------------------------


def test_script_injection_shows_as_text_everywhere(client) -> None:
    escaped_title = "Tiêu đề &lt;script&gt;alert(1)&lt;/script&gt; kiểm thử an toàn"
    results = page(client, "/?q=an+toan+thong+tin")
    search_page = page(client, "/?q=tieu+de+kiem+thu")
    article = page(client, f"/articles/{XSS_ID}")
    browse = page(client, "/?size=100")
    for body in (results, search_page, article, browse):
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "onerror=alert(1)>" not in body.replace("&gt;", "")  # no live attribute either
    assert escaped_title in search_page and escaped_title in article and escaped_title in browse
    assert "&lt;img src=x onerror=alert(1)&gt;" in results  # in the snippet, next to <mark>s
    assert "<mark>" in results
    assert "&lt;img src=x onerror=alert(1)&gt;" in article and "&lt;script&gt;alert(2)&lt;/script&gt;" in article
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in article  # the speaker's role
    # The API carries the text as JSON strings, with no markup in the bytes.
    for url in ("/api/search?q=tieu+de+kiem+thu", f"/api/articles/{XSS_ID}", "/api/suggest?q=tieu+de"):
        raw = client.get(url).get_data(as_text=True)
        assert "<script" not in raw and "<img" not in raw, url
    hit = api(client, "/api/search?q=tieu+de+kiem+thu")["hits"][0]
    assert hit["id"] == XSS_ID and hit["title"] == XSS_TITLE
    assert api(client, f"/api/articles/{XSS_ID}")["article"]["body"] == XSS_BODY
    suggestion = next(s for s in api(client, "/api/suggest?q=tieu+de")["suggestions"] if s["kind"] == "title")
    assert suggestion["text"] == XSS_TITLE and suggestion["url"] == "/articles/xss/inject.txt"
    snippet = api(client, "/api/search?q=an+toan+thong+tin")["hits"][0]["snippet"]
    assert "&lt;img" in snippet and "<img" not in snippet


def test_query_text_is_escaped_where_it_is_shown(client) -> None:
    body = page(client, "/?q=%3Cscript%3Ealert(9)%3C/script%3E")
    assert "<script>alert(9)" not in body and "&lt;script&gt;alert(9)&lt;/script&gt;" in body


@pytest.mark.parametrize("url", ["/", "/?q=doi+moi", f"/articles/{SEED_000}", "/api/search", "/api/suggest?q=a",
                                 "/static/app.css", "/static/app.js", "/articles/nope", "/?page=x"])
def test_security_headers_on_every_response(client, url: str) -> None:
    response = client.get(url)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, (url, name)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp


def test_pages_have_no_inline_script_or_style_and_load_nothing_from_the_network(client) -> None:
    for url in ("/", "/?q=chuyen+doi+so&speaker=" + BINH, f"/articles/{SEED_000}", "/articles/nope", "/?page=x"):
        body = client.get(url).get_data(as_text=True)
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body) == [], url
        assert not re.search(r"\son[a-z]+\s*=", body), url
        assert not re.search(r"\sstyle\s*=", body), url
        # The canonical link names the page itself (absolute, as it should be); it loads nothing.
        loading = re.sub(r'<link rel="canonical" href="[^"]*">', "", body)
        assert not re.search(r"""(src|href)=["'](https?:)?//""", loading), url
    for name in ("app.css", "app.js"):
        text = client.get(f"/static/{name}").get_data(as_text=True)
        assert "http://" not in text and "https://" not in text and "innerHTML" not in text


def test_labelled_controls_and_landmarks(client) -> None:
    body = page(client, "/?q=chuyen+doi+so")
    assert '<label class="visually-hidden" for="q">' in body
    assert 'role="search"' in body and '<main id="main"' in body and 'class="skip-link"' in body
    assert 'aria-label="Phân trang"' in body and "page-next" in body
    assert '<details class="filters" open' in body  # facets fold into <details> on phones
    for field_id in re.findall(r'<input id="([^"]+)"', body):
        assert f'for="{field_id}"' in body, field_id


# --- serving ---------------------------------------------------------------------------------


def test_serve_subcommand_parses_host_and_port() -> None:
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "8081"])
    assert args.func is cmd_serve and args.host == "0.0.0.0" and args.port == 8081
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--port", "70000"])


def test_vnsearch_serve_runs_waitress(service: SearchService, tmp_path: Path) -> None:
    data_dir = service.backend.settings.data_dir
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"VNSEARCH_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "serve", "--port", str(port)], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=doi+moi", timeout=10) as r:
                    data = json.loads(r.read())
                    server = r.headers.get("Server", "")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(proc.communicate(timeout=5)[1].decode())
                time.sleep(0.2)
        assert data["total"] >= 2 and "vnsearch" in server  # waitress, not the Flask dev server
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_page_says_strong_and_partial_matches_apart(client, service: SearchService) -> None:
    text = "chuyen doi so ha noi"
    result = service.search(SearchRequest(text=text, size=10))
    assert result.total >= 1 and result.partial_total >= 1 and not result.relaxed
    body = page(client, f"/?q={text.replace(' ', '+')}")
    assert f'<span class="total">{result.total}</span> kết quả cho' in body
    assert f"thêm {result.partial_total} kết quả gần đúng" in body
    assert body.count('class="hit-partial"') == sum(h.partial for h in result.hits) >= 1
    newest = page(client, f"/?q={text.replace(' ', '+')}&sort=newest")
    assert 'class="hit-partial"' not in newest and "chỉ liệt kê" in newest
    data = client.get("/api/search", query_string={"q": text}).get_json()
    assert (data["total"], data["partial_total"], data["relaxed"]) == (result.total, result.partial_total, False)


def test_with_no_strong_match_the_page_shows_partial_ones_and_says_so(client) -> None:
    data = client.get("/api/search", query_string={"q": '"so chuyen doi"', "size": 100}).get_json()
    assert data["relaxed"] and data["total"] == len(data["hits"]) > 0 and all(h["partial"] for h in data["hits"])
    body = page(client, "/?q=%22so+chuyen+doi%22")
    assert "kết quả gần đúng cho" in body and "Không có bài viết nào khớp đủ với từ khoá" in body


# --- faceted navigation: more values, the facet API, labels, the article page's trail ---------------


def test_the_facet_api_looks_through_every_value(client) -> None:
    data = api(client, "/api/facets/speaker?contains=huynh+van")
    assert data["facet"] == "speaker" and data["contains"] == "huynh van"
    assert [v["value"] for v in data["values"]] == ["Huỳnh Văn Long"] and not data["more"]
    value = data["values"][0]
    assert value["count"] == api(client, "/api/search?speaker=Hu%E1%BB%B3nh+V%C4%83n+Long")["total"]
    assert query_of(value["url"]) == {"speaker": ["Huỳnh Văn Long"]}
    # Under the search and its filters: the toggle keeps them.
    narrowed = api(client, "/api/facets/speaker?q=chuyen+doi+so&province=H%C3%A0+N%E1%BB%99i&contains=a")
    assert narrowed["values"] and all(query_of(v["url"])["province"] == ["Hà Nội"] for v in narrowed["values"])
    assert api(client, "/api/facets/source?contains=nld")["values"] == []
    assert api(client, "/api/facets/date?contains=2022", 400)["error"]["parameter"] == "facet"


def test_more_lists_a_facet_at_length(client, service) -> None:
    assert api(client, "/api/search?more=bogus", 400)["error"]["parameter"] == "more"
    assert "more=speaker" in page(client, "/?more=speaker")  # the links keep it
    short = create_app(service=service, web=WebSettings(facet_size=2)).test_client()
    listed = api(short, "/api/search")
    assert len(listed["facets"]["speaker"]) == 2 and listed["facets_more"]["speaker"] is True
    opened = api(short, "/api/search?more=speaker")
    assert len(opened["facets"]["speaker"]) > 2 and opened["facets_more"]["speaker"] is False
    assert [v["value"] for v in opened["facets"]["speaker"][:2]] == [v["value"] for v in listed["facets"]["speaker"]]


def test_labels_of_stored_values() -> None:
    from webui.present import value_label

    assert value_label("nld", "source") == "Người Lao Động" and value_label("dân trí", "source") == "Dân trí"
    assert value_label("danang.gov.vn", "source") == "danang.gov.vn"
    assert value_label("Chinh tri Xa hoi", "category") == "Chính trị – Xã hội"
    assert value_label("Xây dựng Đảng", "category") == "Xây dựng Đảng"
    assert value_label("2021-03", "period") == "Tháng 3/2021"


def test_the_article_page_keeps_the_search(client) -> None:
    results = hit_ids(page(client, "/?q=chuyen+doi+so"))
    i = results.index("cds-hcm-2")  # its body says "chuyển đổi số" twice
    assert 0 < i < len(results) - 1
    body = page(client, f"/articles/cds-hcm-2?q=chuyen+doi+so&pos={i + 1}")
    back = hrefs(body, "trail-back")
    assert [query_of(u) for u in back] == [{"q": ["chuyen doi so"]}]
    assert '<mark id="first-match">' in body and body.count("<mark") >= 2 and 'href="#first-match"' in body
    previous, following = hrefs(body, "trail-prev"), hrefs(body, "trail-next")
    assert len(previous) == len(following) == 1
    assert query_of(previous[0])["pos"] == [str(i)] and query_of(following[0])["pos"] == [str(i + 2)]
    assert previous[0].startswith(f"/articles/{results[i - 1]}?") and following[0].startswith(f"/articles/{results[i + 1]}?")
    # Page 2 of 3 results a page: "back" goes to page 2.
    assert query_of(hrefs(page(client, f"/articles/{results[4]}?q=chuyen+doi+so&pos=5&size=3"), "trail-back")[0]) == {
        "q": ["chuyen doi so"], "size": ["3"], "page": ["2"]}
    # A place that does not hold the article (a stale or made-up link) is dropped, the search kept.
    wrong = page(client, "/articles/cds-hcm-2?q=chuyen+doi+so&pos=23")
    assert [query_of(u) for u in hrefs(wrong, "trail-back")] == [{"q": ["chuyen doi so"]}]
    assert "trail-next" not in wrong and "trail-position" not in wrong and "<mark" in wrong
    # Without a search, the article stands alone; a bad search parameter does not break it.
    assert "trail-back" not in page(client, "/articles/cds-hcm-2")
    assert "trail-back" not in page(client, "/articles/cds-hcm-2?q=x&page=abc")


def test_the_article_page_marks_stay_escaped(client) -> None:
    body = page(client, f"/articles/{XSS_ID}?q=noi+dung&pos=1")
    assert "<mark" in body and "<img" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body


def test_another_province_drops_the_districts_chosen_inside_the_first(client) -> None:
    body = page(client, f"/?province={HCM}&district=Qu%E1%BA%ADn+1")
    assert query_of(facet_link(body, HANOI)) == {"province": [HCM, HANOI]}
    # Counted without the district: each province's count is what ticking it gives.
    alone = api(client, f"/api/search?province={HCM}")["total"]
    counts = {v["value"]: v["count"] for v in api(client, f"/api/search?province={HCM}&district=Qu%E1%BA%ADn+1")[
        "facets"]["province"]}
    assert counts[HCM] == alone and counts[HANOI] == api(client, f"/api/search?province={HANOI}")["total"]


# --- export and the feed ------------------------------------------------------------------------------


def test_export_csv_is_the_whole_result_set_for_spreadsheets(client) -> None:
    import csv
    import io

    listed = api(client, "/api/search?q=chuyen+doi+so&size=2")["listed"]
    response = client.get("/export?q=chuyen+doi+so&size=2&page=3&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="vnsearch-')
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == listed > 2  # every result, whatever page and size the page showed
    pages = [hit["id"] for p in range(1, listed // 2 + 2)
             for hit in api(client, f"/api/search?q=chuyen+doi+so&size=2&page={p}")["hits"]]
    assert [r["id"] for r in rows] == pages
    first = next(r for r in rows if r["id"] == "cds-hcm-1")
    assert first["title"] == "TP.HCM đẩy mạnh chuyển đổi số trong công tác xây dựng Đảng"
    assert first["speakers"] == f"{AN}; {BINH}" and first["province"] == HCM and first["date"] == "2023-03-15"
    assert first["page_url"] == "http://localhost/articles/cds-hcm-1" and "chuyển đổi số" in first["snippet"]
    assert "<mark>" not in raw.decode("utf-8")


def test_export_jsonl_and_ris(client) -> None:
    jsonl = client.get(f"/export?speaker={BINH}&format=jsonl")
    assert jsonl.content_type.startswith("application/x-ndjson")
    rows = [json.loads(line) for line in jsonl.get_data(as_text=True).splitlines()]
    assert sorted(r["id"] for r in rows) == ["cds-hcm-1", "cds-hcm-2"] and all(BINH in r["speakers"] for r in rows)
    ris = client.get(f"/export?speaker={BINH}&format=ris").get_data(as_text=True)
    records = [r for r in ris.split("ER  - ") if r.strip()]
    assert len(records) == 2
    fields = [dict(line.split("  - ", 1) for line in r.strip().splitlines()) for r in records]
    assert {f["TY"] for f in fields} == {"NEWS"} and {f["ID"] for f in fields} == {"cds-hcm-1", "cds-hcm-2"}
    assert any(f["TI"] == "Quận 12 triển khai chuyển đổi số ở khu phố" and f["DA"] == "2023/05/02" for f in fields)
    assert '<code class="param">format</code>' in page(client, "/export?format=xlsx", 400)
    assert client.get("/export?q=khongcogicakhongco&format=csv").get_data() == b"\xef\xbb\xbf" + (
        "id,title,date,author,source,url,province,district,speakers,snippet,partial,page_url,copy_group\r\n".encode())
    for fmt in ("jsonl", "ris"):  # nothing found: an empty file, not an error
        empty = client.get(f"/export?q=khongcogicakhongco&format={fmt}")
        assert empty.status_code == 200 and empty.get_data() == b""


def test_the_feed_of_a_search(client) -> None:
    import feedparser

    body = page(client, "/?q=chuyen+doi+so&sort=oldest&page=2")
    alternate = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)">', body)
    assert alternate and query_of(html.unescape(alternate.group(1))) == {"q": ["chuyen doi so"]}
    response = client.get(html.unescape(alternate.group(1)))
    assert response.content_type == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.bozo_exception
    listed = api(client, "/api/search?q=chuyen+doi+so&sort=newest&size=50")
    dated = [h["id"] for h in listed["hits"]][:30]
    assert [e.link.rsplit("/", 1)[-1] for e in feed.entries] == dated  # newest first
    assert feed.feed.title == "vnsearch: chuyen doi so" and feed.feed.language == "vi"
    entry = next(e for e in feed.entries if e.link.endswith("/cds-hcm-1"))
    assert entry.title == "TP.HCM đẩy mạnh chuyển đổi số trong công tác xây dựng Đảng"
    assert entry.published.startswith("2023-03-15") and {t.term for t in entry.tags} == {AN, BINH}
    # Markup from a document stays text in the XML.
    xss = feedparser.parse(client.get("/feed?q=tieu+de+kiem+thu").get_data())
    assert any("<script>alert(1)</script>" in e.title for e in xss.entries) and not xss.bozo


def test_the_article_page_cites_itself_and_has_a_stable_link(client) -> None:
    body = html.unescape(page(client, "/articles/cds-hcm-1"))
    assert '<link rel="canonical" href="http://localhost/articles/cds-hcm-1">' in body
    assert '<meta property="og:title" content="TP.HCM đẩy mạnh chuyển đổi số trong công tác xây dựng Đảng">' in body
    assert '<meta property="article:published_time" content="2023-03-15">' in body
    cited = re.search(r'<p class="citation-text" id="citation-text">(.*?)</p>', body).group(1)
    assert cited == ("Minh Anh. (2023, ngày 15 tháng 3). TP.HCM đẩy mạnh chuyển đổi số trong công tác xây dựng Đảng. "
                     "<i>thanhuytphcm.vn</i>. http://localhost/articles/cds-hcm-1")
    assert 'data-copy="Minh Anh. (2023, ngày 15 tháng 3). TP.HCM đẩy mạnh' in body
    assert 'id="permalink"' in body and 'value="http://localhost/articles/cds-hcm-1"' in body
    # Without an author the title leads; markup from a document stays text in the citation and the head.
    raw = page(client, f"/articles/{XSS_ID}")
    assert "<script>alert(1)</script>" not in raw and "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert re.search(r'<p class="citation-text" id="citation-text">Tiêu đề &lt;script&gt;', raw)


# --- speaker pages --------------------------------------------------------------------------------


def test_the_speaker_page(client) -> None:
    body = html.unescape(page(client, "/nguoi-phat-bieu/" + BINH))
    assert f'<h1 id="speaker-name">{BINH}</h1>' in body
    roles = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(\d+)</td></tr>", body)
    assert roles == [("Phó Chủ tịch UBND", "15/03/2023", "02/05/2023", "2")]
    assert "Lê Hoàng Cường" in body and "Nguyễn Văn An" in body  # who they appear with
    assert HCM in body and 'class="timeline' in body
    assert "các phường tiếp tục chuyển đổi số" in body  # what they said
    narrowed = html.unescape(page(client, f"/nguoi-phat-bieu/{BINH}?q=ngan+sach"))
    assert "0 bài có lời phát biểu khớp «ngan sach»" in narrowed
    assert client.get("/nguoi-phat-bieu/Ai%20Đó%20Không%20Có").status_code == 404
    data = api(client, "/api/speakers/" + BINH)
    assert data["name"] == BINH and data["articles"] == 2 and data["roles"][0]["first"] == "2023-03-15"
    assert [w["name"] for w in data["with"]] == ["Lê Hoàng Cường", "Nguyễn Văn An"]
    assert data["statements"]["articles"][0]["statements"][0]["text"] == "các phường tiếp tục chuyển đổi số"
    assert sum(b["count"] for b in data["timeline"]["bars"]) == 2
    api(client, "/api/speakers/Ai%20Đó%20Không%20Có", 404)


def test_export_cells_are_never_formulas_and_say_what_is_partial(service) -> None:
    from indexer.models import Article, Hit
    from indexer.search.export import _cell, _ris, _row

    assert _cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")" and _cell("-1") == "'-1"
    assert _cell("Đổi mới") == "Đổi mới" and _cell(["A", "B"]) == "A; B" and _cell(True) == "1"
    article = Article.from_json({"id": "x", "title": "T", "body": "b", "url": "javascript:alert(1)",
                                 "author": "Minh Anh", "locality": {"province": "Huế"}})
    row = _row(Hit(article=article, score=1.0, partial=True), "http://h/articles/x")
    assert row["url"] is None and row["partial"] is True
    ris = _ris(row)
    assert "AU  - Minh Anh" in ris and "UR  -" not in ris and "javascript" not in ris and "KW  - Huế" in ris
    listed = service.search(SearchRequest(text='"chuyển đổi số"', size=50))
    rows = list(export_lines(service, SearchRequest(text='"chuyển đổi số"'), "jsonl", lambda i: i))
    partial = {json.loads(r)["id"] for r in rows if json.loads(r)["partial"]}
    assert partial == {h.article.id for h in listed.hits if h.partial}


def test_the_feed_holds_only_what_xml_can(app) -> None:
    import feedparser

    from indexer.models import Article, Hit, SearchResult
    from webui.feed import atom

    article = Article.from_json({"id": "x", "title": "Tiêu đề \x1b có \x0b ký tự lạ", "body": "b",
                                 "published": "2024-01-02", "speakers": ["An\x0b"]})
    result = SearchResult(request=SearchRequest(text="a\x1bb"), total=1,
                          hits=(Hit(article=article, score=1.0, snippet="x\x1by"),))
    with app.test_request_context():
        xml = atom(result, "http://h/?q=a", "http://h/feed?q=a")
    feed = feedparser.parse(xml)
    assert not feed.bozo and feed.entries[0].title == "Tiêu đề  có  ký tự lạ"
    undated = SearchResult(request=SearchRequest(), total=1, hits=(Hit(article=Article.from_json(
        {"id": "y", "title": "Không ngày", "body": "b"}), score=1.0),))
    with app.test_request_context():
        assert feedparser.parse(atom(undated, "http://h/", "http://h/feed")).entries == []


def test_a_period_replaces_a_typed_range_on_the_page(client) -> None:
    # The filter form without JavaScript sends a ticked period with the range fields.
    body = html.unescape(page(client, "/?q=chuyen+doi+so&period=2023&from=01/01/2022&to=31/12/2022"))
    assert "khoảng ngày đã gõ được bỏ" in body
    assert 'name="from" value="01/01/2023"' in body and 'name="to" value="31/12/2023"' in body
    shown = api(client, "/api/search?q=chuyen+doi+so&period=2023")["total"]
    assert re.search(rf'<span class="total">{shown}</span>', body)
    # The API keeps both, as asked: the period and the range.
    assert api(client, "/api/search?q=chuyen+doi+so&period=2023&from=2022-01-01&to=2022-12-31")["total"] == 0


def test_a_search_page_is_remembered_until_the_index_changes(tmp_path: Path) -> None:
    """The page asked again is served from memory (its time written in afresh, the placeholder
    never shown); after another writer's commit the page shows the new article."""
    from webui import create_app
    from webui.pages import _TOOK

    from .conftest import index_records, quiet_progress, write_jsonl
    from indexer.ingest import index_paths

    records = [{"id": "a", "text": "Tin một\nHội nghị bàn về kinh tế biển.", "published": "2022-01-02"}]
    writer_side = index_records(tmp_path, records)
    service = SearchService(TantivyBackend(Settings(data_dir=tmp_path / "index")))
    client = create_app(service=service).test_client()
    first = client.get("/?q=kinh+te").get_data(as_text=True)
    hits = service.answers.hits
    again = client.get("/?q=kinh+te").get_data(as_text=True)
    assert service.answers.hits == hits + 1  # the page itself, not its search again
    took = re.compile(r"Tìm trong \d+ ms")
    assert took.search(again) and took.sub("", again) == took.sub("", first) and _TOOK not in again + first
    assert took.sub("", client.get("/?q=hoi+nghi").get_data(as_text=True)) != took.sub("", first)  # its own page
    records.append({"id": "b", "text": "Tin hai\nKinh tế số lên ngôi.", "published": "2022-02-03"})
    index_paths(writer_side.backend, [write_jsonl(tmp_path / "docs.jsonl", records)], quiet_progress())
    after = client.get("/?q=kinh+te").get_data(as_text=True)
    assert "Tin hai" in after and "Tin hai" not in first
