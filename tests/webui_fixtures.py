"""A small archive for the web UI tests: the five seeds plus hand-made articles with speakers,
localities and dates (several about "chuyển đổi số"), an id with a slash, and an article whose
title, body and speaker role carry HTML that must show as text everywhere."""

from __future__ import annotations

from pathlib import Path

from indexer.config import Settings
from indexer.backends.tantivy import TantivyBackend
from indexer.ingest import index_paths

from .conftest import SEEDS, quiet_progress, write_jsonl

XSS_ID = "xss/inject.txt"
SLASH_ID = "sub/a.txt"
XSS_TITLE = "Tiêu đề <script>alert(1)</script> kiểm thử an toàn"
XSS_BODY = ("Nội dung <img src=x onerror=alert(1)> về an toàn thông tin mạng.\n\n"
            "Đoạn thứ hai <script>alert(2)</script> vẫn chỉ là chữ.")

AN = "Nguyễn Văn An"
BINH = "Trần Thị Bình"
CUONG = "Lê Hoàng Cường"
DUC = "Phạm Minh Đức"
HANH = "Võ Thị Hạnh"
KHANH = "Đặng Quốc Khánh"
LONG = "Huỳnh Văn Long"
MAI = "Bùi Thị Mai"
NAM = "Đỗ Thanh Nam"
PHUC = "Hồ Văn Phúc"

HCM = "Thành phố Hồ Chí Minh"
HANOI = "Hà Nội"
DONG_THAP = "Đồng Tháp"
DA_NANG = "Đà Nẵng"
CAN_THO = "Cần Thơ"


def _text(title: str, *paragraphs: str) -> str:
    return title + "\n" + "\n\n".join(paragraphs)


RECORDS: list[dict] = [
    {"id": "cds-hcm-1", "published": "2023-03-15", "event_date": "2023-03-14", "source": "thanhuytphcm.vn",
     "author": "Minh Anh", "locality": {"province": HCM, "district": "Quận 1"},
     "speakers": [{"name": AN, "role": "Bí thư Quận ủy Quận 1"}, {"name": BINH, "role": "Phó Chủ tịch UBND"}],
     "text": _text("TP.HCM đẩy mạnh chuyển đổi số trong công tác xây dựng Đảng",
                   "Sáng 14/3, Quận ủy Quận 1 tổ chức hội nghị về chuyển đổi số trong công tác xây dựng Đảng.",
                   "Đồng chí Nguyễn Văn An nhấn mạnh chuyển đổi số phải lấy người dân làm trung tâm.")},
    {"id": "cds-hcm-2", "published": "2023-05-02", "source": "thanhuytphcm.vn",
     "locality": {"province": HCM, "district": "Quận 12"},
     "speakers": [{"name": BINH, "role": "Phó Chủ tịch UBND"}, {"name": CUONG, "role": "Trưởng Ban Tuyên giáo"}],
     "text": _text("Quận 12 triển khai chuyển đổi số ở khu phố",
                   "Quận 12 triển khai nền tảng số tại các khu phố, giúp người dân giải quyết thủ tục nhanh hơn.",
                   "Đồng chí Trần Thị Bình đề nghị các phường tiếp tục chuyển đổi số.")},
    {"id": "cds-dt-1", "published": "2022-09-10", "source": "dongthap.gov.vn",
     "locality": {"province": DONG_THAP, "district": "Thành phố Cao Lãnh"},
     "speakers": [{"name": DUC, "role": "Phó Bí thư Tỉnh uỷ"}],
     "text": _text("Đồng Tháp: chuyển đổi số trong nông nghiệp",
                   "Tỉnh Đồng Tháp đẩy mạnh chuyển đổi số trong sản xuất lúa và trái cây.",
                   "Nông dân được hướng dẫn dùng điện thoại để theo dõi mùa vụ.")},
    {"id": "cds-dt-2", "published": "2023-01-20", "source": "dongthap.gov.vn",
     "locality": {"province": DONG_THAP, "district": "Thành phố Sa Đéc"},
     "speakers": [{"name": DUC, "role": "Phó Bí thư Tỉnh uỷ"}, {"name": HANH, "role": "Giám đốc Sở Du lịch"}],
     "text": _text("Sa Đéc chuyển đổi số du lịch làng hoa",
                   "Làng hoa Sa Đéc ứng dụng chuyển đổi số để quảng bá du lịch.")},
    {"id": "cds-hn-1", "published": "2022-11-11", "source": "hanoi.gov.vn",
     "locality": {"province": HANOI, "district": "Quận Ba Đình"},
     "speakers": [{"name": KHANH, "role": "Chủ tịch UBND quận"}],
     "text": _text("Hà Nội: chuyển đổi số trong cải cách hành chính",
                   "Quận Ba Đình gắn chuyển đổi số với cải cách hành chính.")},
    {"id": "cds-hn-2", "published": "2023-03-28", "source": "hanoi.gov.vn",
     "locality": {"province": HANOI, "district": "Quận Hoàn Kiếm"},
     "speakers": [{"name": KHANH, "role": "Chủ tịch UBND quận"}, {"name": LONG, "role": "Bí thư Quận uỷ"},
                  {"name": AN, "role": "Khách mời"}],
     "text": _text("Hội nghị chuyển đổi số các quận nội thành Hà Nội",
                   "Các quận nội thành Hà Nội chia sẻ kinh nghiệm chuyển đổi số.",
                   "Hội nghị thống nhất lộ trình đến năm 2025.")},
    {"id": "cds-dn", "published": "2023-07-07", "source": "danang.gov.vn",
     "locality": {"province": DA_NANG, "district": "Quận Hải Châu"},
     "speakers": [{"name": NAM, "role": "Bí thư Thành uỷ"}, {"name": CUONG, "role": "Khách mời"}],
     "text": _text("Đà Nẵng: chuyển đổi số xây dựng đô thị thông minh",
                   "Đà Nẵng tiếp tục là địa phương dẫn đầu về chuyển đổi số và đô thị thông minh.")},
    {"id": "kt-ct", "published": "2021-06-06", "source": "cantho.gov.vn", "locality": CAN_THO,
     "speakers": [{"name": MAI, "role": "Phó Chủ tịch UBND thành phố"}],
     "text": _text("Cần Thơ phát triển kinh tế biển và logistics",
                   "Thành phố Cần Thơ phát triển kinh tế và logistics vùng Đồng bằng sông Cửu Long.")},
    {"id": "dn-hoc-tap", "published": "2021-09-09", "source": "danang.gov.vn",
     "locality": {"province": DA_NANG, "district": "Quận Hải Châu"},
     "speakers": [{"name": NAM, "role": "Bí thư Thành uỷ"}, {"name": PHUC, "role": "Trưởng Ban Dân vận"}],
     "text": _text("Đà Nẵng học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                   "Các cấp uỷ Đảng ở Đà Nẵng tổng kết việc học tập và làm theo Bác.")},
    {"id": SLASH_ID, "published": "2020-02-02", "source": "cantho.gov.vn",
     "locality": {"province": CAN_THO, "district": "Quận Ninh Kiều"},
     "speakers": [{"name": PHUC, "role": "Trưởng Ban Dân vận"}],
     "text": _text("Ninh Kiều tổng kết công tác dân vận",
                   "Quận Ninh Kiều tổng kết công tác dân vận năm 2019.")},
    {"id": XSS_ID, "published": "2020-03-03", "source": "test.example",
     "speakers": [{"name": "Ngô Thử Nghiệm", "role": "<script>alert(3)</script>"}],
     "statements": [{"speaker": "Ngô Thử Nghiệm", "kind": "quote",
                     "text": "Lời nói <img src=x onerror=alert(4)> về an toàn thông tin"}],
     "text": XSS_TITLE + "\n" + XSS_BODY},
]


def build_index(root: Path, extra: list[dict] = ()) -> TantivyBackend:  # type: ignore[assignment]
    """Index the seeds, RECORDS and `extra` records into `root/data` (a fresh, real tantivy index)."""
    (root / "input").mkdir(parents=True, exist_ok=True)
    records = write_jsonl(root / "input" / "webui.jsonl", [*RECORDS, *extra])
    backend = TantivyBackend(Settings(data_dir=root / "data"))
    report = index_paths(backend, [SEEDS, records], quiet_progress())
    assert report.ok, report.skipped
    return backend
