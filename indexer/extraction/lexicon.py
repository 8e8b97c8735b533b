"""Word lists the extractor works from. Data only: edit here, not in the code.

All phrases are written as they appear in running text (lower case unless the
word is capitalised in use); the code adds flexible spacing and, where noted,
case-insensitivity. "uỷ"/"ủy" style spellings are listed explicitly where they
matter.
"""

from __future__ import annotations

# --- people -----------------------------------------------------------------

# Vietnamese family names: a person's name is 2-5 capitalised syllables starting with one.
SURNAMES: tuple[str, ...] = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Lưu", "Đinh", "Trương", "Mai", "Đoàn", "Trịnh", "Lâm", "Tô",
    "Hà", "Tạ", "Cao", "Lương", "Chu", "Châu", "Vương", "Thái", "Đào", "Kiều", "Quách", "Tăng",
    "Thân", "Hứa", "La", "Mạc", "Nông", "Triệu", "Tôn", "Đàm", "Khổng", "Giang", "Lại", "Phùng",
    "Vi", "Diệp", "Lò", "Lục", "Doãn", "Ninh", "Hầu", "Âu", "Ứng", "Bế", "Thạch", "Kim",
    "Khúc", "Chế", "Trình", "Lữ", "Mẫn", "Phí", "Ngụy", "Nguỵ", "Bạch", "Tống", "Nghiêm", "Lã",
    "Tiêu", "Viên", "Cù", "Hàn", "Đồng", "Quan", "Lạc", "Giáp", "Nhữ", "Lều", "Kha", "Mã", "Đậu",
    "Bạc", "Lầu", "Sầm", "Cầm", "Tào",
)
# Capitalised pairs that start like a name but are not people (countries, regions, clubs).
NOT_PERSON_NAMES: tuple[str, ...] = (
    "Việt Nam", "Trung Quốc", "Nhật Bản", "Hoa Kỳ", "Ấn Độ", "Đài Loan", "Thụy Điển", "Thụy Sĩ",
    "Na Uy", "Phần Lan", "Ba Lan", "Đan Mạch", "Ai Cập", "Nam Phi", "Miến Điện", "Liên Xô", "Đông Nam Á",
    "Lầu Năm Góc", "La Haye", "Đăk Lăk", "Đắc Lắc", "Đăk Nông", "Tây Nguyên", "Nam Bộ", "Bắc Bộ", "Trung Bộ",
    "Thái Lan", "Hàn Quốc", "Hà Lan", "Châu Âu", "Châu Á", "Châu Phi", "Châu Mỹ", "Châu Úc",
    "Châu Đại Dương", "Hoàng Anh Gia Lai", "Hoàng Gia", "Mã Lai", "Bạch Mai", "Hồ Gươm", "Hồ Tây",
    "Hồ Hoàn Kiếm", "Lê Lợi", "Trần Hưng Đạo", "Lý Thường Kiệt", "Hàn Quốc", "Nguyễn Huệ",
    "Hồng Kông", "Thái Bình Dương", "Đồng Tâm", "Đồng Nai", "Cao Miên", "Lào Cai", "Triều Tiên",
    # Provinces of before 2008 that the gazetteer does not know ("Sở GDĐT Hà Tây cho rằng").
    "Hà Tây", "Minh Hải", "Sông Bé", "Hà Bắc", "Hải Hưng", "Vĩnh Phú", "Nghệ Tĩnh", "Bắc Thái",
    "Nam Hà", "Hà Sơn Bình", "Cửu Long", "Phú Khánh", "Thuận Hải", "Nghĩa Bình", "Bình Trị Thiên",
    "Hà Nam Ninh", "Hoàng Liên Sơn", "Cao Lạng",
)

# Words that open a person's name without being a role: "ông Út", "đồng chí Lê Thị Hồng Nga".
HONORIFICS: tuple[str, ...] = (
    "đồng chí", "đ/c", "Đ/c", "ông", "bà", "anh", "chị", "cô", "chú", "bác", "thầy", "cụ", "ngài",
    "em", "Ông", "Bà", "Anh", "Chị", "Cô", "Chú", "Bác", "Thầy", "Cụ", "Ngài", "Đồng chí",
    "thằng", "Thằng",
)
# Honorifics strong enough that a name after them is a person even if it is also a place.
PERSON_HONORIFICS: tuple[str, ...] = ("đồng chí", "ông", "bà", "anh", "chị", "đ/c")

# The verbs and constructions that make a named person a speaker (chair, speak, report, quote).
SPEECH_VERBS: tuple[str, ...] = (
    "cho biết", "cho hay", "cho rằng", "cho là", "phát biểu", "chủ trì", "đồng chủ trì", "đề nghị",
    "nhấn mạnh", "đánh giá", "báo cáo", "khẳng định", "yêu cầu", "chỉ đạo", "kết luận", "nói",
    "nhận định", "trình bày", "thông tin", "thông báo", "chia sẻ", "giải thích", "tuyên bố",
    "ghi nhận", "lưu ý", "đề xuất", "kiến nghị", "tâm sự", "kể", "thừa nhận", "xác nhận",
    "phân tích", "nhắc nhở", "biểu dương", "hoan nghênh", "quán triệt", "cảnh báo", "tiết lộ",
    "trả lời", "bày tỏ", "lý giải", "cam kết", "phủ nhận", "bác bỏ", "khuyến cáo", "chất vấn",
    "góp ý", "gợi ý", "nhận xét", "chỉ rõ", "chỉ ra", "nêu rõ", "khuyên", "nhắn nhủ", "phản ánh",
    "trao đổi", "hứa", "hứa hẹn", "dặn dò", "quả quyết", "thổ lộ", "bộc bạch", "thắc mắc", "hỏi",
    "đặt vấn đề", "kêu oan", "thú nhận", "kêu gọi", "chỉ trích", "nhắc lại", "nhớ lại", "kể lại",
    "phàn nàn", "than phiền", "khuyến nghị", "trấn an", "trải lòng", "lên tiếng", "bật mí",
    "bình luận", "thốt lên", "lo ngại rằng", "nêu ý kiến", "nêu quan điểm", "khai", "khai nhận",
    "đáp", "đáp lại", "cho đây là", "cho đó là", "tiếp lời",
)
# The speech verbs whose object is what was said: a statement follows them ("X cho biết ...").
# The others make a speaker ("X chủ trì", "X biểu dương ...") but report no words of theirs,
# unless a colon or a quotation follows.
STATEMENT_VERBS: tuple[str, ...] = (
    "cho biết", "cho hay", "cho rằng", "cho là", "phát biểu", "đề nghị", "nhấn mạnh", "khẳng định",
    "yêu cầu", "kết luận", "nói", "nhận định", "thông tin", "thông báo", "chia sẻ", "giải thích",
    "tuyên bố", "lưu ý", "đề xuất", "kiến nghị", "tâm sự", "thừa nhận", "xác nhận", "phân tích",
    "nhắc nhở", "cảnh báo", "tiết lộ", "trả lời", "bày tỏ", "lý giải", "cam kết",
    "khuyến cáo", "nhận xét", "chỉ rõ", "chỉ ra", "nêu rõ", "khuyên", "nhắn nhủ", "hứa", "hứa hẹn",
    "dặn dò", "quả quyết", "thổ lộ", "bộc bạch", "thắc mắc", "hỏi", "kể", "đánh giá", "chỉ đạo",
    "thú nhận", "kêu gọi", "chỉ trích", "nhắc lại", "nhớ lại", "kể lại", "phàn nàn", "than phiền",
    "khuyến nghị", "trấn an", "trải lòng", "bật mí", "bình luận", "thốt lên", "lo ngại rằng", "khai", "khai nhận",
    "đáp", "đáp lại", "cho đây là", "cho đó là", "tiếp lời",
    "nêu ý kiến", "nêu quan điểm",
)
# Titles only a person holds: a single foreign word after one is a surname ("HLV Mourinho"),
# where after "Giám đốc" it is as often a company ("Giám đốc Sacomreal").
PERSON_ONLY_ROLES: tuple[str, ...] = (
    "HLV", "huấn luyện viên", "HLV trưởng", "tiền đạo", "tiền vệ", "hậu vệ", "thủ môn", "thủ thành",
    "cầu thủ", "tay vợt", "danh thủ", "võ sĩ", "vận động viên", "VĐV", "tướng", "đại tướng",
    "trung tướng", "thiếu tướng", "Tổng thống", "tổng thống", "Thủ tướng", "thủ tướng",
    "Ngoại trưởng", "ngoại trưởng", "Bộ trưởng", "bộ trưởng", "Thượng nghị sĩ", "thượng nghị sĩ",
    "nghị sĩ", "Giáo sư", "giáo sư", "GS", "Tiến sĩ", "tiến sĩ", "TS", "bác sĩ", "ca sĩ", "nhạc sĩ",
    "nhà văn", "đạo diễn", "diễn viên", "Đức Giáo hoàng", "Giáo hoàng", "Hoàng tử", "Công nương",
    "Nữ hoàng", "Tổng thư ký", "người phát ngôn", "phát ngôn viên", "Người phát ngôn",
    "Thái tử", "thái tử", "Quốc vương", "quốc vương", "Nhật hoàng", "Hoàng đế", "hoàng đế",
)
# Nouns for people that, right after a given name and a comma, say it is a person's name
# ("Hương, sinh viên Đại học Kiến trúc, ..."): features name students, workers, artists so.
PERSON_DESCRIPTORS: tuple[str, ...] = (
    "sinh viên", "cựu sinh viên", "học sinh", "học viên", "thí sinh", "nhân viên", "công nhân",
    "nông dân", "ngư dân", "giáo viên", "cô giáo", "thầy giáo", "bác sĩ", "y tá", "kỹ sư", "luật sư",
    "diễn viên", "ca sĩ", "nhạc sĩ", "nhà văn", "nhà thơ", "họa sĩ", "hoạ sĩ", "đạo diễn", "người mẫu",
    "tiểu thương", "chủ quán", "chủ tiệm", "chủ cửa hàng", "tài xế", "bệnh nhân", "phóng viên",
    "nhà báo", "cầu thủ", "vận động viên", "nghệ sĩ", "nghệ nhân", "chuyên viên", "cán bộ",
)
# The unmistakable speech verbs: the only ones that still count after a few other words
# ("X ở hạng cân 60 kg quả quyết"), where a noun reading ("đề nghị", "báo cáo") would mislead.
PLAIN_SPEECH_VERBS: tuple[str, ...] = (
    "cho biết", "cho hay", "cho rằng", "nói", "khẳng định", "nhấn mạnh", "tuyên bố", "tâm sự", "kể",
    "thừa nhận", "quả quyết", "chia sẻ", "bày tỏ", "nhận định", "xác nhận", "tiết lộ", "thổ lộ",
    "bộc bạch", "giải thích", "phát biểu", "cam kết", "phủ nhận", "bác bỏ", "cảnh báo", "than thở",
    "bình luận", "nhận xét",
)
# Words that, between a name and a speech verb, mean the name is not the one speaking
# ("X bị đề nghị truy tố", "X theo lời kể của Y", "X và Y"); a short gap without them is an adverb
# or a place ("X phấn chấn tâm sự", "X ở hạng cân 60 kg quả quyết").
NOT_SPEECH_GAP: tuple[str, ...] = (
    "bị", "được", "theo", "khi", "để", "của", "với", "và", "hoặc", "cùng", "mà", "nếu", "vì", "do",
    "là", "cho", "rằng", "những", "các", "người", "ông", "bà", "anh", "chị", "không", "chưa",
    "chẳng", "từ chối", "nghe", "thấy", "lời", "sau khi", "trước khi", "nhưng", "hay", "tôi",
    # "rất khó khẳng định là ...", "bác bỏ ý kiến cho rằng ...": the verb is not theirs to say.
    "khó", "bác bỏ", "phủ nhận", "sẽ", "dự kiến", "sắp", "mong muốn", "dự định",  # a wish to speak is no speech
)
# Verb look-alikes that are not speech: "kể cả", "kể từ", "nói chung".
NOT_SPEECH_AFTER_VERB: tuple[str, ...] = (
    "kể cả", "kể từ", "nói chung", "nói riêng", "hỏi thăm", "hỏi mua", "hỏi vay", "nói dối",
    "tuyên bố giải nghệ", "tuyên bố phá sản", "tuyên bố từ chức", "tiết lộ bí mật",
    "hứa hẹn sẽ đem", "hứa hẹn sẽ mang", "hứa hẹn sẽ là", "hứa hẹn sẽ có", "hứa hẹn sẽ trở",  # promising, not promised
    # "nói lời chia tay Rome Masters" (knocked out), "không nói gì" (said nothing).
    "nói lời chia tay", "nói lời tạm biệt", "nói gì", "nói năng", "nói lên",
    "lên tiếng ở phút", "lên tiếng phút", "lên tiếng vào phút",  # a goal scored, not words
    "đáp ứng", "đáp án", "đáp xuống", "đáp lễ", "đáp trả", "đáp số", "đáp từ",
    # "khai" opens, exploits, declares as often as it testifies
    "khai trương", "khai mạc", "khai thác", "khai báo", "khai giảng", "khai sinh", "khai hoang",
    "khai phá", "khai thông", "khai tử", "khai triển", "khai quật", "khai hỏa", "khai hoả", "khai sáng",
    "khai cuộc", "khai bút", "khai xuân", "khai man", "khai thuế", "khai hải quan", "khai tâm",
)
# Words that may stand between a name (or its role) and the speech verb.
AUXILIARIES: tuple[str, ...] = (
    "đã", "đang", "vừa", "cũng", "còn", "lại", "đều", "thì", "liền", "từng", "mới", "luôn",
    "trực tiếp", "thêm", "tiếp tục", "một lần nữa", "sau đó", "hôm qua", "hôm nay", "sáng nay",
    "trưa nay", "chiều nay", "tối nay", "sáng qua", "trưa qua", "chiều qua", "tối qua", "đêm qua",
    "mới đây", "vừa qua", "cũng đã", "đã từng", "vẫn", "phải", "đành", "lập tức", "thẳng thắn",
    "nhanh chóng",
)
# Opening phrases that make the next named person the speaker: "Phát biểu tại hội nghị, X ...".
SPEECH_OPENERS: tuple[str, ...] = (
    "phát biểu", "báo cáo", "trả lời", "kết luận", "chia sẻ", "giải thích", "trao đổi", "lý giải",
    "nói về", "trong bài phát biểu", "trong phần phát biểu", "trong bài nói",
)
# "Theo ông X, ..." quotes X.
QUOTE_OPENERS: tuple[str, ...] = (
    "theo", "theo lời", "theo ý kiến của", "theo đánh giá của", "theo nhận định của", "nói như",
)

# A role may be "former": "nguyên Chủ tịch", "cựu Bộ trưởng".
# "tân" (new) in lower case only: "Tân" is a given name ("Trần Văn Tân Chủ tịch ...").
ROLE_MODIFIERS: tuple[str, ...] = ("nguyên", "cựu", "quyền", "tân", "Nguyên", "Cựu", "Quyền")
# Roles, as written before or after a name. Matched case-insensitively (multi-word entries)
# so that "phó giám đốc" counts like "Phó Giám đốc"; single words only with their capital.
ROLE_WORDS: tuple[str, ...] = (
    "Tổng Bí thư", "Bí thư", "Phó Bí thư", "Chủ tịch", "Phó Chủ tịch", "Thủ tướng", "Phó Thủ tướng",
    "Bộ trưởng", "Thứ trưởng", "Trưởng ban", "Phó Trưởng ban", "Trưởng phòng", "Phó Trưởng phòng",
    "Trưởng đoàn", "Phó Trưởng đoàn", "Trưởng khoa", "Trưởng bộ môn", "Trưởng công an",
    "Trưởng Công an", "Trưởng đài", "Trưởng trạm", "Trưởng phòng khám", "Trưởng tòa",
    "Giám đốc", "Phó Giám đốc", "Tổng Giám đốc", "Phó Tổng Giám đốc", "Tổng giám đốc",
    "Cục trưởng", "Phó Cục trưởng", "Tổng cục trưởng", "Phó Tổng cục trưởng", "Vụ trưởng", "Vụ phó",
    "Viện trưởng", "Phó Viện trưởng", "Chánh án", "Phó Chánh án", "Chánh Văn phòng", "Chánh Thanh tra",
    "Tổng Thanh tra", "Chủ nhiệm", "Phó Chủ nhiệm", "Ủy viên", "Uỷ viên", "Đại biểu Quốc hội",
    "chiến sĩ", "phụ trách", "Hiệu trưởng", "Phó Hiệu trưởng", "Hiệu phó", "Tư lệnh", "Phó Tư lệnh", "Chính ủy", "Chính uỷ",
    "Chỉ huy trưởng", "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá",
    "Thượng tá", "Trung tá", "Thiếu tá", "Đại úy", "Đại uý", "Giáo sư", "Phó Giáo sư", "Tiến sĩ",
    "Thạc sĩ", "Bác sĩ", "Luật sư", "Kiến trúc sư", "Kỹ sư", "Nhà báo", "Nhà văn", "Nhà thơ",
    "Nhạc sĩ", "Họa sĩ", "Hoạ sĩ", "Ca sĩ", "Nghệ sĩ", "Đạo diễn", "Huấn luyện viên", "Tổng Thư ký",
    "Phó Tổng Thư ký", "Thư ký", "Người phát ngôn", "Phát ngôn viên", "Đại sứ", "Tổng Lãnh sự",
    "Tổng thống", "Phó Tổng thống", "Thống đốc", "Phó Thống đốc", "Kiểm sát viên", "Kiểm sát trưởng",
    "Điều tra viên", "Thẩm phán", "Chủ tọa", "Chủ toạ", "Hội thẩm", "Trợ lý", "Cố vấn", "Chuyên gia",
    "Phó Trưởng", "Trưởng", "Phó", "Chánh", "Thanh tra viên", "Điều phối viên", "Chủ doanh nghiệp",
    "Chủ nhiệm khoa", "Tổng biên tập", "Phó Tổng biên tập", "Chủ biên", "Đội trưởng",
    "Đội phó", "Tiểu đoàn trưởng", "Trung đoàn trưởng", "Sư đoàn trưởng", "Chủ nhiệm Ủy ban",
    "Ủy viên Bộ Chính trị", "Bí thư Trung ương Đảng", "Tổng Lãnh sự", "Lãnh sự", "Hòa thượng",
    "Thượng tọa", "Linh mục", "Mục sư", "Chủ tịch nước", "Phó Chủ tịch nước", "GS", "PGS", "TS", "ThS", "BS", "TSKH", "GS.TS", "PGS.TS", "GS-TS", "PGS-TS",
    "KTS", "LS", "NSND", "NSƯT", "HLV", "TBT", "Đại diện", "đại diện", "Cục phó", "Chi cục trưởng",
    "Chi cục phó", "Tổ trưởng", "Tổ phó", "Trạm trưởng", "Hạt trưởng", "Trưởng ga", "Trưởng thôn",
    "Trưởng ấp", "Trưởng khu phố", "Phó phòng", "Kế toán trưởng", "Cán bộ", "cán bộ", "Giảng viên",
    "Giáo viên", "Nghiên cứu viên", "Điều dưỡng", "Chủ nhiệm HTX", "Chủ nhiệm hợp tác xã",
    "Ngoại trưởng", "Thủ quân", "Tiền đạo", "Tiền vệ", "Hậu vệ", "Trung vệ", "Thủ môn",
    "Trọng tài", "nhân viên", "Nữ hoàng", "Quốc vương", "Hoàng tử", "Công chúa", "Giáo hoàng",
    "Thị trưởng", "Phó Thị trưởng", "Tổng chưởng lý", "Chủ tịch Hạ viện", "Thượng nghị sĩ",
    "Nghị sĩ", "Hạ nghị sĩ", "Tổng tham mưu trưởng", "Cảnh sát trưởng", "Giám mục",
)
# Words that open a role when written in front of it ("Chính HLV trưởng X, Carlo Ancelotti, ...").
ROLE_LEADERS: tuple[str, ...] = ("chính", "ngay cả", "cả", "còn", "đến", "và", "cũng", "cùng")

# Capitalised words that stand before a foreign name or look like one without being a person:
# countries, clubs, companies and agencies ("Tổng thống Israel X", "Manchester United khẳng định").
NOT_FOREIGN_NAME_WORDS: tuple[str, ...] = (
    "Israel", "Kenya", "Iraq", "Iran", "Syria", "Palestine", "Ukraine", "Afghanistan", "Pakistan",
    "Uzbekistan", "Kyrgyzstan", "Kazakhstan", "Indonesia", "Malaysia", "Philippines", "Singapore",
    "Myanmar", "Campuchia", "Brazil", "Argentina", "Chile", "Mexico", "Canada", "Australia",
    "Italy", "Italia", "Tây Ban Nha", "Bồ Đào Nha", "Scotland", "England", "Libya", "Sudan",
    "Nigeria", "Somalia", "Ethiopia", "Egypt", "Lebanon", "Jordan", "Saudi", "Arab", "Yemen",
    "Qatar", "Kuwait", "Thổ Nhĩ Kỳ", "Venezuela", "Colombia", "Peru", "Cuba", "Georgia", "Belarus",
    "Serbia", "Croatia", "Bosnia", "Kosovo", "Albania", "Romania", "Bulgaria", "Hungary", "Czech",
    "Slovakia", "Slovenia", "Estonia", "Latvia", "Litva", "Moldova", "Armenia", "Azerbaijan",
    "Nepal", "Bangladesh", "Sri", "Lanka", "Mông Cổ", "Đài Loan", "Macau", "Matxcơva", "Moscow",
    "London", "Paris", "Washington", "Tokyo", "Bắc Kinh", "Seoul", "Bangkok", "Jerusalem", "Kremlin",
    "Pentagon", "Reuters", "AFP", "CNN", "BBC", "Xinhua", "Kyodo", "Interfax", "Itar-Tass", "Tass",
    "United", "City", "Madrid", "Munich", "Milan", "Inter", "Juventus", "Chelsea", "Arsenal",
    "Liverpool", "Manchester", "Barcelona", "Real", "Bayern", "Dortmund", "Roma", "Lazio", "Ajax",
    "Porto", "Benfica", "Valencia", "Deportivo", "Celtic", "Rangers", "Newcastle", "Tottenham",
    "Everton", "Villa", "Leeds", "Fulham", "PSV", "Lyon", "Marseille", "Monaco", "FC", "AC",
    "Corp", "Corporation", "Group", "Motors", "Bank", "News", "Times", "Post", "Airlines",
    "Airways", "Inc", "Ltd", "Nations", "Union", "House", "Microsoft", "Google", "Intel", "Apple",
    "Samsung", "Sony", "Toyota", "Honda", "Ford", "Boeing", "Airbus", "Nokia", "Motorola", "Yahoo",
    "Hamas", "Hezbollah", "Taliban", "Fatah", "Al", "Qaeda", "NATO", "Cup", "Premier", "League",
    "Champions", "Euro", "World", "Olympic", "Open", "Grand", "Prix", "Nam", "Bắc", "Tây", "Đông",
    "Marốc", "Angiêri", "Tuynidi", "Iceland", "Norway", "Sweden", "Finland", "Denmark", "Netherlands", "Holland", "Belgium",
    "Switzerland", "Austria", "Germany", "France", "Spain", "Portugal", "Greece", "Poland", "Russia",
    "China", "Japan", "Korea", "India", "Thailand", "Laos", "Vietnam", "Africa", "America", "Asia",
    "Club", "Europe", "Album", "Miss", "Mister", "Turf", "Studio", "Records", "Festival", "Show",
    "Award", "Awards", "Foundation", "Institute", "University", "College", "School", "Hospital",
    "Center", "Centre", "Company", "Holdings", "Partners", "Systems", "Software", "Technologies",
    "Street", "Journal", "Daily", "Mail", "Telegraph", "Guardian", "Tuesday", "Mirror", "Sun",
    "Press", "Watch", "Rights", "International", "Amnesty", "Sachs", "Stanley", "Lynch", "Lehman",
    "Brothers", "Chartered", "Standard", "Credit", "Suisse", "Deutsche", "Fitch", "Moody's",
    "Holdings", "Company", "Vietnam", "Asia", "Pacific", "Foundation", "Institute", "Council",
    "College", "University", "Valley", "Insight", "Vision", "Research", "Center", "Centre",
    "Systems", "Solutions", "Software", "Technologies", "Networks", "Media", "Studio", "Studios",
    "Records", "Entertainment", "Magazine", "Agency", "Association", "Society", "School",
    "Hospital", "Clinic", "Labs", "Lab", "Haye", "Hague", "Magazin", "Shiite", "Sunni", "Service", "Pack", "Electric", "Bureau", "Mobile", "Telecom", "Broadband", "Internet", "Online", "Business",
    "Design", "Zealand", "New", "East", "West", "North", "South", "Anglia",
    "Ảrập", "Arập", "Xêút", "Manila", "Jakarta", "Kabul", "Baghdad", "Tehran", "Berlin", "Rome",
    "Kiev", "Islamabad", "Delhi", "Cairo", "Riyadh", "Damascus", "Beirut", "Gaza", "Ramallah",
    "Havana", "Caracas", "Brussels", "Geneva", "Vienna", "Stockholm", "Oslo", "Canberra", "Sydney",
    "Ottawa", "Pyongyang", "Phnom", "Penh", "Vientiane", "Yangon", "Kuala", "Lumpur", "Penang",
    "Texas", "California", "Florida", "York", "Angeles", "Chicago", "Boston", "Hollywood", "Holywood",
    "Ireland", "Wales", "Luxembourg", "Lithuania", "Tunisia", "Algeria", "Morocco", "Ghana",
    "Zimbabwe", "Uganda", "Congo", "Cameroon", "Senegal", "Haiti", "Panama", "Ecuador", "Bolivia",
    "Paraguay", "Uruguay", "Honduras", "Guatemala", "Nicaragua", "Jamaica", "Timor", "Brunei",
    "Tajikistan", "Turkmenistan", "Mongolia", "Oman", "Bahrain", "Emirates", "Dubai", "Chechnya",
    "Rwanda", "Liberia", "Angola", "Mozambique", "Zambia", "Namibia", "Cyprus", "Malta",
    "Montenegro", "Macedonia", "Ukraina", "Gruzia", "Palestin", "Kyrgystan", "Kirghizstan", "Design",
    "Libăng", "Xyri", "Irắc", "Ixraen", "Ápganixtan", "Pakixtan", "Inđônêxia", "Malaixia", "Xingapo",
    "Philíppin", "Mianma", "Ôxtrâylia", "Niu", "Dilân", "Bỉ", "Hungari", "Rumani", "Bungari",
    # Agencies and companies written as one capitalised word before their officer's name
    # ("Giám đốc Europol Storbeck"); none is also a common surname.
    "Europol", "Interpol", "Gazprom", "Aeroflot", "Lukoil", "Yukos", "Petronas", "Pertamina",
    "Unilever", "Nestle", "Siemens", "Nike", "Adidas", "Ferrari", "Renault", "Peugeot", "Volkswagen",
    "Mercedes", "Daimler", "Chrysler", "Nissan", "Hyundai", "Daewoo", "Panasonic", "Toshiba",
    "Hitachi", "Fujitsu", "Vodafone", "Alcatel", "Oracle", "Cisco", "Citigroup", "Chevron", "Exxon",
    "Pfizer", "Novartis", "Mastercard", "Lenovo", "Kodak", "Xerox", "Hewlett", "Packard", "Prudential",
    "Capital", "Securities", "Investment", "Investments", "Fund", "Management", "Consulting", "Ventures",
    "Asset", "Assets", "Finance", "Financial", "Insurance", "Trading", "Logistics", "Energy", "Petroleum",
    "Telecom", "Electronics", "Beauties", "Weekly", "Today", "Herald", "Tribune", "Gazette", "Review",
    "Virus", "Worm", "Trojan", "Tel", "Aviv", "Recorder", "Player", "Explorer", "Windows", "Office", "Messenger", "Screen",
    "Maryland", "Virginia", "Ohio", "Michigan", "Massachusetts", "Pennsylvania", "Illinois", "Oregon",
    "Arizona", "Colorado", "Nevada", "Utah", "Wisconsin", "Minnesota", "Missouri", "Tennessee", "Kentucky",
    "Carolina", "Louisiana", "Alabama", "Indiana", "Iowa", "Kansas", "Oklahoma", "Arkansas", "Connecticut",
    "Jersey", "Hawaii", "Alaska", "Queensland", "Ontario", "Quebec", "Bavaria", "Catalonia",
    "Online", "Hong", "Kong", "Spa", "Resort", "Hotel", "Motel", "Plaza", "Tower", "Mall", "Oxfam",
    "Greenpeace", "Sophos", "Symantec", "Gartner", "Forrester", "Ipsos", "Gallup", "Nielsen",
)
# Chinese and Korean surnames in pinyin or romanisation that are also Vietnamese syllables ("Tan",
# "He", "Song", "Li"): before a given name Vietnamese cannot spell ("Tan Weidong"), part of the name.
CJK_SURNAMES: tuple[str, ...] = (
    "Li", "Ma", "Hu", "He", "Lin", "Tan", "Tang", "Han", "Dong", "Song", "Lao", "Fan", "Long", "Tao",
    "Mao", "Hao", "Ban", "Kim", "Lim", "Nam", "Ha", "Na", "Min", "Ho", "Ko", "Moon", "Son", "Sin",
    "Yu", "Lu", "Mo", "Bai", "Dai", "Pan", "Cao", "Chu", "Ding", "Deng", "Tian", "Ye", "Su", "Xu",
)
# East Asian surnames written first ("Chen Hsin Hsiung", "Roh Moo-hyun"), beyond CJK_SURNAMES; some
# are also Vietnamese syllables ("Chen", "Chang"): the article may name the person by them alone
# ("Chen khai nhận").
EAST_ASIAN_SURNAMES: tuple[str, ...] = (
    "Chen", "Wang", "Zhang", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Sun", "Zhu", "Guo", "Luo",
    "Zheng", "Liang", "Xie", "Feng", "Jiang", "Shen", "Xiao", "Park", "Lee", "Choi", "Jung", "Jeong",
    "Kang", "Cho", "Yoon", "Jang", "Shin", "Hwang", "Roh", "Chung", "Chang", "Wong", "Cheung", "Chan",
    "Leung", "Lau", "Yeo", "Goh", "Teo", "Koh",
)
# Vietnamese short names of countries and regions that are also surnames or syllables: at the
# head of a name followed by a foreign one they end a title ("Thủ tướng Anh Tony Blair",
# "Chủ tịch Uỷ ban châu Âu Romano Prodi", "Hiệp hội gạo Thái Pramote Vanichanont").
COUNTRY_SHORT_NAMES: tuple[str, ...] = (
    "Âu", "Á", "Phi", "Mỹ", "Anh", "Pháp", "Đức", "Nga", "Nhật", "Hàn", "Trung", "Úc", "Ý", "Lào",
    "Thái", "Hà Lan", "Bỉ", "Séc", "Ấn", "Triều Tiên", "Hy Lạp", "Thụy Điển", "Thụy Sĩ", "Na Uy",
)
# Businesses named after a person's name ("cửa hàng vàng bạc Kim Phụng", "hãng luật Schaeffer
# Lamere"): a name after these (and at most three lower-case words) is the business.
BUSINESS_BEFORE: tuple[str, ...] = (
    "cửa hàng", "tiệm", "nhà hàng", "khách sạn", "doanh nghiệp tư nhân", "DNTN",
    "xưởng", "hãng luật", "công ty luật", "văn phòng luật", "văn phòng luật sư", "đại lý",
    "thẩm mỹ viện", "nhà thuốc", "phòng khám", "phòng trà", "cơ sở",
)
# Lower-case words after which a capitalised run is an organisation, not a person ("hãng Toyota").
NOT_FOREIGN_BEFORE: tuple[str, ...] = (
    "hãng", "hãng tin", "đài phát thanh", "đài truyền hình", "tờ", "báo", "tạp chí", "đài", "kênh", "đội", "đội bóng", "câu lạc bộ",
    "CLB", "công ty", "tập đoàn", "tổ chức", "nhóm", "phong trào", "đảng", "thành phố", "thủ đô",
    "bang", "nước", "tỉnh", "vùng", "sân", "giải", "trận", "nhà", "điện", "hội", "liên đoàn",
    "hãng luật", "công ty luật", "văn phòng luật", "tòa án", "toà án", "tòa", "toà",
    "chương trình truyền hình", "nhà sản xuất", "hãng sản xuất",
    "lữ đoàn", "sư đoàn", "quỹ", "lực lượng", "phần mềm", "chương trình", "sản phẩm", "thương hiệu", "nhãn hiệu", "bộ phim", "phim", "cuốn sách",
    "ca khúc", "bài hát", "album", "vở", "vở kịch", "tàu", "con tàu",
    "hội đồng", "ủy ban", "uỷ ban", "học viện", "đại học", "bệnh viện", "nhà mạng",  # not "cách mạng", "thị trường"
)

# --- places -----------------------------------------------------------------

# Written before a district name, and the gazetteer's district type each stands for.
DISTRICT_TYPES: dict[str, str] = {
    "quận": "Quận", "q.": "Quận", "quận ủy": "Quận", "quận uỷ": "Quận",
    "huyện": "Huyện", "huyện ủy": "Huyện", "huyện uỷ": "Huyện",
    "thị xã": "Thị xã", "tx": "Thị xã", "tx.": "Thị xã", "thị ủy": "Thị xã", "thị uỷ": "Thị xã",
    "thành phố": "Thành phố", "tp": "Thành phố", "tp.": "Thành phố",
    "thành ủy": "Thành phố", "thành uỷ": "Thành phố",
}
# Before a type word, these make it a list of places ("các huyện Tân Biên, Tân Châu"), not one place.
PLURAL_MARKERS: tuple[str, ...] = ("các", "những", "hai", "ba", "bốn", "năm", "mấy", "nhiều", "một số", "2", "3", "4", "5")
# Words after which a capitalised name is not a person ("đường Nguyễn Huệ", "tư tưởng Hồ Chí Minh").
NOT_PERSON_BEFORE: tuple[str, ...] = (
    "đường", "phố", "trường", "cầu", "chợ", "quận", "huyện", "xã", "phường", "tỉnh", "thành phố", "số", "hẻm", "ngõ", "tư tưởng", "phong cách", "đạo đức", "lăng", "tượng",
    "giải", "cúp", "công ty", "tàu", "nhà hát", "sân", "bến", "đình", "chùa", "đền", "làng", "khu",
    "thị trấn", "thị xã", "Quận", "Huyện", "Đường", "Phố", "Trường", "Cầu", "Chợ", "Công ty", "Cúp",
    "Giải", "Lăng", "Tượng", "Bảo tàng", "bảo tàng", "Quảng trường", "quảng trường", "di tích",
    "Di tích", "Nhà văn hóa", "nhà văn hóa", "Nhà văn hoá", "Đại lộ", "đại lộ", "Thành phố",
    "Tỉnh", "Sân", "Xã", "Phường", "Thị trấn", "Bệnh viện", "bệnh viện", "Học viện", "học viện",
    "Đại học", "đại học", "Tập đoàn", "tập đoàn", "Nhà xuất bản", "NXB", "Cty", "CLB", "mang tên",
    "kênh", "sông", "núi", "đèo", "vịnh", "THPT", "THCS", "trường THPT", "trường THCS",
    "Tin từ", "tin từ",  # "Tin từ Đak Tô cho biết": a dispatch from a place
    "Lữ đoàn", "lữ đoàn", "Sư đoàn", "sư đoàn", "Tiểu đoàn", "tiểu đoàn", "Quỹ", "quỹ",
    "chung cư", "Chung cư", "cao ốc", "tòa nhà", "toà nhà", "khu đô thị", "vụ án", "Vụ án",
    "đất", "vùng đất", "miền đất",  # "một thổ địa đất Thái Hà nói"
    "Tòa án", "Toà án", "tòa án", "toà án", "TAND", "Tòa", "Toà", "tòa", "toà",
    "chính quyền",  # "chính quyền Nguyễn Văn Thiệu": an administration
)

# --- layout -----------------------------------------------------------------

# Lines that are site furniture, never article text (compared case- and tone-insensitively).
BOILERPLATE_LINES: tuple[str, ...] = (
    "Ý kiến bạn đọc", "refresh", "Tổng lượt bình luận", "Tin khác", "Thông báo", "Xuất bản thông tin",
    "null", "Chi tiết bài viết Tin tức", "Chi tiết bài viết", "Xem tiếp", "Ý kiến của bạn",
    "Còn tiếp", "Còn nữa", "Tin liên quan", "Các tin khác", "Tin cùng chuyên mục", "Bình luận",
    "Gửi bình luận", "Chia sẻ", "In bài viết", "Gửi bài viết", "Lên đầu trang", "Về đầu trang",
    "Trở về", "Quay lại", "Xem thêm", "Tags", "Tag", "Từ khóa", "Từ khoá", "Bản in", "In trang",
    "Gửi cho bạn bè", "Đánh giá bài viết", "Tin mới", "Tin đọc nhiều", "Tin xem nhiều", "Top",
    "Phản hồi", "Gửi phản hồi", "Lượt xem", "Facebook", "Twitter", "Zalo", "Email", "Print",
    "Ý kiến", "Bình luận của bạn", "Tổng số lượt bình luận", "(còn nữa)", "(còn tiếp)", "(hết)",
)
# A "null " left in front of a line by the crawler's template.
NULL_PREFIX = "null "

# "(Thanhuytphcm.vn) - ..." markers that are not a domain, and the source they stand for.
SOURCE_ABBREVIATIONS: dict[str, str] = {
    "NLĐ": "nld", "NLĐO": "nld", "TTO": "tuoitre", "TN": "thanhnien", "TNO": "thanhnien",
    "VnExpress": "vnexpress", "VNE": "vnexpress", "TTXVN": "ttxvn", "SGGP": "sggp",
    "SGGPO": "sggp", "PLO": "plo", "VOV": "vov", "VTV": "vtv", "QĐND": "qdnd", "ND": "nhandan",
}
# Site name parts in front of a place in a Party Committee domain (thanhuytphcm.vn, tinhuydongthap.vn).
SITE_PREFIXES: tuple[str, ...] = ("thanhuy", "tinhuy", "dangbo", "dangcongsan", "baodientu", "bao", "www")
