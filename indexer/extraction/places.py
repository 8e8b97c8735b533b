"""Locality: province and district, normalised through the vietnamadminunits gazetteer.

The gazetteer's legacy (63-province) table is read once, lazily, into a few
dictionaries and compiled regexes; an article is then matched with one pass of
each regex and dictionary look-ups, never with a regex per place.

Names as stored on an Article
-----------------------------
* province: "Thành phố X" for the centrally-run cities, exactly as the gazetteer
  spells them ("Thành phố Hồ Chí Minh", "Thành phố Hà Nội", ... and "Thành phố
  Huế", which the gazetteer counts among them), the bare short name for
  provinces ("Đồng Tháp", not "Tỉnh Đồng Tháp").
* district: the gazetteer's full name with its type ("Quận 12", "Huyện Cao Lãnh",
  "Thành phố Sa Đéc", "Thị xã Hòa Thành").

Units of the article's date
---------------------------
* No date (most of VNTC): the gazetteer's units, as before: a former name it knows
  as an alias is today's unit ("Quận 2" -> "Thành phố Thủ Đức").
* A date before a change listed in `extraction_places_history.tsv`: the unit as the
  text names it ("Quận 2", "Quận Thủ Đức" in 2005; "Thành phố Thủ Đức" in 2022).
* A former province (`extraction_places_former_provinces.tsv`, Hà Tây until 2008):
  itself when the text names it and the date is not after its merger; its districts
  count for it before the merger, for either when there is no date.
* On or after 2025-07-01 (the 34-province reform): the 2025 province the legacy one
  was merged into (from the package's own converter table), and no district (the
  district level was abolished).

What counts as a mention
------------------------
* A province by name ("Đồng Tháp", "Thanh Hoá", "TP.HCM", "Thừa Thiên - Huế", "Sài
  Gòn"), unless it is part of a longer proper name: after a person's name or an
  honorific ("Hoàng Anh Gia Lai", "ông Hà Nam") or before another capitalised
  word ("Điện Biên Phủ", "Đồng Tháp Mười", "Thái Bình Dương"). "Hồ Chí Minh" needs
  "TP"/"Thành phố" in front.
* A district only with its type word in front ("Quận 12", "huyện Cao Lãnh",
  "Q.3", "TX Hòa Thành", "Huyện ủy Cao Lãnh"): "Quận" alone, or a bare name
  that happens to equal a district, is not a mention.
* A ward or commune with its type word in front ("phường Cát Dài", "xã Mỹ Hiệp",
  "thị trấn Đắk Tô"): evidence for its province only (many names recur across
  provinces: the evidence is shared among them).
* A well-known place in `extraction_places_landmarks.tsv` ("Tân Sơn Nhất", "Củ
  Chi", "đất Cảng"), checked against VNTC: evidence for its province only.

Choosing the article's province
-------------------------------
Every mention is evidence for its province, weighted by where it is (title 3, lead 2,
body 1) and what it is (a ward or a landmark less than a province or a district; a
name inside a company's or club's name, "Công ty Gang thép Thái Nguyên", hardly at
all). A mention with several candidate provinces is shared among those with other
evidence. The article's province is then, in this order:

1. the title's one province (the headline's subject);
2. the lead's one province, unless another has twice its evidence (the lead's was named
   in passing) or it holds under a third of all evidence (one of many);
3. the province with most evidence, named in the head, if it dominates: twice the next
   one's evidence and half of all;
4. the site's province ("thanhuytphcm.vn");
5. a province the body alone names repeatedly (three mentions), in more than one of its
   paragraphs, and dominating the others;

else none: a national or foreign article, or one with no single place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib.util
import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer.analysis.normalize import to_new_placement, to_old_placement
from indexer.models import Locality
from indexer.extraction import lexicon
from indexer.extraction.text import CAPWORD, CAPWORD_RE, HONORIFIC_KEYS, keyword_key, match_key, starting_with

DATA = Path(__file__).resolve().parent.parent / "data"
ALIASES_FILE = DATA / "extraction_province_aliases.txt"
LANDMARKS_FILE = DATA / "extraction_places_landmarks.tsv"
HISTORY_FILE = DATA / "extraction_places_history.tsv"
FORMER_PROVINCES_FILE = DATA / "extraction_places_former_provinces.tsv"

REFORM_2025 = dt.date(2025, 7, 1)  # 63 provinces -> 34, districts abolished

Place = tuple[str, "str | None"]  # (province display name, district full name or None)


def _tone_variants(name: str) -> set[str]:
    """'Thanh Hóa' -> {'Thanh Hóa', 'Thanh Hoá'}: both tone placements as written in the wild."""
    return {name, to_old_placement(name), to_new_placement(name)}


def _pattern(name: str) -> str:
    """A literal name with flexible spaces and dashes."""
    parts = re.split(r"\s*[-–—]\s*", name)
    return r"\s*[-–—]\s*".join(r"\s+".join(re.escape(w) for w in part.split()) for part in parts)


@dataclass(frozen=True, slots=True)
class Mention:
    """One place named in the text: candidate (province, district-or-None) pairs."""

    start: int
    candidates: tuple[Place, ...]
    kind: str = "province"  # "province", "district", "ward" or "landmark"
    end: int = -1
    # The district as the text names it ("Quận 9"), when the gazetteer files it under another
    # unit ("Thành phố Thủ Đức"): what a dated article before the change means.
    written: str | None = None
    # When the candidates share no other evidence: the one to take (the gazetteer's unit over a
    # former province's in an undated article); None shares the weight among them.
    default: Place | None = None

    @property
    def provinces(self) -> set[str]:
        return {p for p, _ in self.candidates}


class Gazetteer:
    def __init__(self, rows: Iterable[dict], wards: Iterable[dict] = ()) -> None:
        self.province_by_key: dict[str, str] = {}  # match_key(short name or alias) -> display name
        self.province_by_keyword: dict[str, str] = {}  # gazetteer keyword ("hcm") -> display
        self.province_key_to_display: dict[str, str] = {}  # gazetteer provinceKey -> display
        self.cities: set[str] = set()  # display names of centrally-run cities
        self.place_names: set[str] = set()  # match_key() of every province/district short name
        self.needs_prefix: set[str] = set()
        self.by_type: dict[tuple[str, str], list[Place]] = {}
        self.by_short: dict[str, list[Place]] = {}
        self.by_keyword: dict[str, list[Place]] = {}
        names: set[str] = set()
        bare: set[str] = set()
        for row in rows:
            full, short = row["province"], row["provinceShort"]
            display = full if full.startswith("Thành phố ") else short
            if full.startswith("Thành phố "):
                self.cities.add(display)
            self.province_by_key[match_key(short)] = display
            self.province_key_to_display[keyword_key(full)] = display
            self.place_names.add(match_key(short))
            names.add(short)
            for kw in json.loads(row.get("provinceKeywords") or "[]"):
                self.province_by_keyword.setdefault(kw, display)
            district, dshort, dtype = row["district"], row["districtShort"], row["districtType"]
            if not district:
                continue
            pair = (display, district)
            if dshort.startswith(dtype + " ") and dshort[len(dtype) + 1 :].isdigit():
                dshort = dshort[len(dtype) + 1 :]  # the gazetteer's short name of "Quận 12" is "Quận 12"
            self.place_names.add(match_key(dshort))
            _add(self.by_type, (dtype, match_key(dshort)), pair)
            _add(self.by_short, match_key(dshort), pair)
            bare.add(keyword_key(dshort))
            for kw in json.loads(row.get("districtKeywords") or "[]"):
                if kw.startswith(_TYPE_KEYS):
                    _add(self.by_keyword, kw, pair)
        for kw in bare & set(self.by_keyword):  # "quanba" is Quản Bạ, not a "Quận Ba"
            del self.by_keyword[kw]
        for line in _data_lines(ALIASES_FILE):
            if line.startswith("!"):
                self.needs_prefix.add(match_key(line[1:]))
                continue
            alias, _, short = line.partition("\t")
            display = self.province_by_key.get(match_key(short.strip()))
            if display:
                self.province_by_key[match_key(alias.strip())] = display
                names.add(alias.strip())
        self._read_wards(wards)
        self._read_former_provinces(names)
        self._read_landmarks()
        self._read_history()
        variants = sorted({v for n in names for v in _tone_variants(n)}, key=len, reverse=True)
        alternation = "|".join(_pattern(v) for v in variants)
        self.province_re = re.compile(
            rf"{starting_with(['Thành phố', 'thành phố', 'TP', 'Tỉnh', 'tỉnh', *variants])}(?<!\w)(?P<pfx>(?:[Tt]hành\s+phố|T[Pp]\.?|[Tt]ỉnh)\s*)?(?P<name>{alternation})(?![\w])"
        )
        not_type = r"(?!(?:Quận|Huyện|Thị|Thành|Tỉnh|Phường|Xã)(?!\w))"
        self.district_re = re.compile(
            rf"{starting_with('QqHhTt')}(?<!\w)(?P<type>{_TYPE_ALT})\s*(?P<name>\d{{1,2}}(?!\d)|{not_type}{CAPWORD}(?:\s+{CAPWORD}){{0,3}})"
        )
        self.ward_re = re.compile(
            rf"{starting_with('PpXxTt')}(?<!\w)(?<![Tt]hị\s)(?<![Tt]ác\s)(?P<type>{_WARD_ALT})\s*(?P<name>{not_type}{CAPWORD}(?:\s+{CAPWORD}){{0,3}})"
        )
        self.name_start_re = re.compile(rf"(?:{'|'.join(lexicon.SURNAMES)})\s+{CAPWORD}")

    # -- the data files ------------------------------------------------------

    def _read_wards(self, wards: Iterable[dict]) -> None:
        """Wards and communes by type and name, and by the former names the gazetteer keeps."""
        self.by_ward: dict[tuple[str, str], list[Place]] = {}
        self.by_ward_alias: dict[str, list[Place]] = {}
        for row in wards:
            short, wtype = row["wardShort"], row["wardType"]
            if not short or not wtype or short.isdigit():
                continue  # "Phường 3" exists in dozens of towns
            full = row["province"]
            pair = (full if full.startswith("Thành phố ") else row["provinceShort"], row["district"])
            _add(self.by_ward, (wtype, match_key(short)), pair)
            aliases = row.get("wardAlias")
            if aliases and aliases != "[]":  # a few hundred of ten thousand: spare the JSON parser
                for kw in json.loads(aliases):
                    if kw.startswith(("phuong", "xa", "thitran")):
                        _add(self.by_ward_alias, kw, pair)

    def _read_former_provinces(self, names: set[str]) -> None:
        """`name <TAB> merged on <TAB> merged into <TAB> its districts (gazetteer names, ';')`."""
        self.former: dict[str, tuple[dt.date, str]] = {}  # former display -> (merged on, successor)
        self.former_by_key: dict[str, str] = {}  # kept apart: province_by_key is the 63 of today
        self.former_of_district: dict[Place, str] = {}  # (successor, district) -> former display
        for line in _data_lines(FORMER_PROVINCES_FILE):
            name, until, successor, districts = (part.strip() for part in line.split("\t"))
            successor = self.province_by_key[match_key(successor)]
            self.former[name] = (dt.date.fromisoformat(until), successor)
            self.former_by_key[match_key(name)] = name
            names.add(name)
            for district in districts.split(";"):
                self.former_of_district[(successor, district.strip())] = name

    def _read_landmarks(self) -> None:
        """`place <TAB> province`: well-known places whose province the text need not name."""
        self.landmark_by_key: dict[str, str] = {}
        for line in _data_lines(LANDMARKS_FILE):
            name, _, province = (part.strip() for part in line.partition("\t"))
            self.landmark_by_key[match_key(name)] = self.province_by_key[match_key(province)]
        variants = {v for line in _data_lines(LANDMARKS_FILE) for v in _tone_variants(line.split("\t")[0].strip())}
        variants |= {v[0].upper() + v[1:] for v in variants}  # "đất Cảng" opens a sentence too
        ordered = sorted(variants, key=len, reverse=True)
        self.landmark_re = re.compile(
            rf"{starting_with(ordered)}(?<!\w)(?P<name>{'|'.join(_pattern(v) for v in ordered)})(?![\w])"
        ) if ordered else None

    def _read_history(self) -> None:
        """`changed on <TAB> province <TAB> unit today <TAB> former units (';')`."""
        self.changed_on: dict[Place, dt.date] = {}
        for line in _data_lines(HISTORY_FILE):
            day, province, unit, _former = (part.strip() for part in line.split("\t"))
            self.changed_on[(self.province_by_key[match_key(province)], unit)] = dt.date.fromisoformat(day)

    # -- matching ----------------------------------------------------------

    def provinces_in(self, text: str) -> list[Mention]:
        found = []
        for m in self.province_re.finditer(text):
            key = match_key(m.group("name"))
            display = self.province_by_key.get(key) or self.former_by_key.get(key)
            if display is None:
                continue
            if not m.group("pfx"):
                if key in self.needs_prefix or not self._stands_alone(text, m.start("name"), m.end("name")):
                    continue
            elif m.group("pfx").strip().lower().startswith(("tp", "thành")) and display not in self.cities:
                continue  # "TP Vũng Tàu", "thành phố Sa Đéc": a city inside a province, see districts_in
            found.append(Mention(m.start(), ((display, None),), "province", m.end()))
        return found

    def _stands_alone(self, text: str, start: int, end: int) -> bool:
        if _CLOCK_RE.search(text, max(0, start - 30), start):
            return False  # "(2h ngày 10/1 Hà Nội)", "giờ Hà Nội": a time zone
        words = text[max(0, start - 40) : start].split()
        if words and match_key(words[-1]) in HONORIFIC_KEYS:
            return False
        # Capitalised words right before: part of a person's or a club's name if they start with a surname.
        run: list[str] = []
        for w in reversed(words):
            if not CAPWORD_RE.match(w):
                break
            run.insert(0, w)
        if run and run[0] in _SURNAME_SET:
            return False
        if text[end : end + 1] in _CLOSING_QUOTES and _OPENED_RE.search(text, max(0, start - 30), start):
            return False  # a nickname or a work's title: 'băng cướp do "Sài Gòn" cầm đầu', 'phim "Hà Nội"'
        after = text[end : end + 40]
        nxt = re.match(r"[ \t]+(\w+)", after)
        if nxt and CAPWORD_RE.match(nxt.group(1)) and not self.name_start_re.match(after.lstrip()):
            return False  # "Thái Bình Dương", "Điện Biên Phủ", "Đồng Tháp Mười"
        return True

    def districts_in(self, text: str) -> list[Mention]:
        found = []
        pos = 0
        while True:
            m = self.district_re.search(text, pos)
            if not m:
                break
            pos = m.start() + 1  # overlapping: "Quận ủy Quận 12"
            dtype = _DISTRICT_TYPES.get(match_key(m.group("type")))
            if dtype is None or _PLURAL_RE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "các huyện Tân Biên, Tân Châu, ...": a list, not one place
            tokens = m.group("name").split()
            for n in range(len(tokens), 0, -1):
                name = " ".join(tokens[:n])
                cands, written = self._district(dtype, name)
                if cands:
                    pos = m.start("name") + len(name)
                    found.append(Mention(m.start(), tuple(cands), "district", pos, written))
                    break
                if dtype == "Thành phố" and self.province_by_key.get(match_key(name)) in self.cities:
                    break  # "TP Hà Nội" is the city itself: provinces_in has it
        return found

    def _district(self, dtype: str, name: str) -> tuple[list[Place], str | None]:
        """The units a typed name stands for, and the name as written when that is another unit's."""
        if dtype == "Thành phố" and self.province_by_key.get(match_key(name)) in self.cities:
            return [], None
        exact = self.by_type.get((dtype, match_key(name)))
        if exact:
            return exact, None
        written = f"{dtype} {int(name)}" if name.isdigit() else f"{dtype} {name}"
        alias = self.by_keyword.get(keyword_key(f"{dtype} {name}"))
        if alias:
            return alias, written
        if not name.isdigit():  # "Quận Thủ Đức" (now a city), "thị xã Bến Cát" (now a city)
            return self.by_short.get(match_key(name), []), written
        return [], None

    def wards_in(self, text: str) -> list[Mention]:
        found = []
        for m in self.ward_re.finditer(text):
            wtype = _WARD_TYPES[match_key(m.group("type")).replace(" ", "")]
            if _PLURAL_RE.search(text, max(0, m.start() - 12), m.start()):
                continue
            tokens = m.group("name").split()
            for n in range(len(tokens), 0, -1):
                name = " ".join(tokens[:n])
                cands = self.by_ward.get((wtype, match_key(name))) or self.by_ward_alias.get(
                    keyword_key(f"{wtype} {name}"))
                if cands:
                    found.append(Mention(m.start(), tuple(cands), "ward", m.start("name") + len(name)))
                    break
        return found

    def landmarks_in(self, text: str) -> list[Mention]:
        if self.landmark_re is None:
            return []
        found = []
        for m in self.landmark_re.finditer(text):
            province = self.landmark_by_key.get(match_key(m.group("name")))
            if province and self._stands_alone(text, m.start(), m.end()):
                found.append(Mention(m.start(), ((province, None),), "landmark", m.end()))
        return found

    def mentions(self, text: str) -> list[Mention]:
        typed = self.provinces_in(text) + self.districts_in(text) + self.wards_in(text)
        # A landmark that is the name of a typed unit ("quận Gò Vấp") is that one mention, not two.
        spans = [(m.start, m.end) for m in typed]
        landmarks = [m for m in self.landmarks_in(text) if not any(a <= m.start < b for a, b in spans)]
        return sorted(typed + landmarks, key=lambda m: m.start)

    def site_province(self, source: str | None) -> str | None:
        """'thanhuytphcm.vn' -> 'Thành phố Hồ Chí Minh', 'tinhuydongthap.vn' -> 'Đồng Tháp'."""
        if not source:
            return None
        labels = [label for label in source.lower().split(".") if label and label != "www"]
        if len(labels) < 2:
            return None
        label = labels[0]
        for prefix in lexicon.SITE_PREFIXES:
            if label.startswith(prefix) and len(label) > len(prefix):
                label = label[len(prefix) :]
                break
        for candidate in (label, label.removeprefix("tp"), label.removeprefix("tinh"), label.removeprefix("thanhpho")):
            display = self.province_by_keyword.get(candidate)
            if display and len(candidate) >= 3:
                return display
        return None

    # -- units of a date -----------------------------------------------------

    def dated(self, m: Mention, published: dt.date | None) -> Mention:
        """`m` with the units of the article's date (see the module's docstring)."""
        cands: list[Place] = []
        default = None
        for province, district in m.candidates:
            former = self.former_of_district.get((province, district)) if district else None
            if province in self.former:  # the former province named
                merged_on, successor = self.former[province]
                cands.append((successor, None) if published and published >= merged_on else (province, None))
            elif former and published is None:  # either: other evidence decides, else today's unit
                cands += [(province, district), (former, district)]
                default = (province, district)
            elif former and published is not None and published < self.former[former][0]:
                cands.append((former, district))
            else:
                cands.append((province, district))
        if published is not None and published >= REFORM_2025:
            new = provinces_2025()
            cands = [(new.get(p, p), None) for p, _ in cands]
            default = None
        unique = tuple(dict.fromkeys(cands))
        if unique == m.candidates and default is None:
            return m
        return replace(m, candidates=unique, default=default if len(unique) > 1 else None)

    def district_name(self, m: Mention, place: Place, published: dt.date | None) -> str | None:
        """The district to store for `place` named by `m`: the unit as written when the article
        predates the change, or belongs to a former province."""
        province, district = place
        if district is None or m.written is None and province not in self.former:
            return district
        if province in self.former:
            return m.written or district
        changed = self.changed_on.get(place)
        if published is not None and changed is not None and published < changed:
            return m.written
        return district


def _data_lines(path: Path) -> list[str]:
    """A data file's lines without blanks and "#" comments."""
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


_SURNAME_SET = frozenset(lexicon.SURNAMES)
_CLOSING_QUOTES = "\"”’'"
_OPENED_RE = re.compile(r"[\"“‘'][^\"“”‘’']*$")
_DISTRICT_TYPES = {match_key(k): v for k, v in lexicon.DISTRICT_TYPES.items()}
_CLOCK_RE = re.compile(r"(?:\bgiờ|\d{1,2}\s*[hg]\s*\d{0,2}(?:\s*ngày\s+\d{1,2}\s*[/-]\s*\d{1,2})?),?\s*$")
_PLURAL_RE = re.compile(rf"(?<!\w)(?i:{'|'.join(lexicon.PLURAL_MARKERS)})\s+$")
_TYPE_KEYS = ("quan", "huyen", "thixa", "thanhpho")
# The type word in front of a district name: "Quận", "quận", "Q.", "Huyện ủy", "TX.", "TP", "thành phố".
_TYPE_ALT = (
    r"[Qq]uận\s+[uủ][ỷy]|[Hh]uyện\s+[uủ][ỷy]|[Tt]hị\s+[uủ][ỷy]|[Tt]hành\s+[uủ][ỷy]"
    r"|[Qq]uận|[Hh]uyện|[Tt]hị\s+xã|[Tt]hành\s+phố|Q\.|T[Xx]\.?|T[Pp]\.?"
)
# ... and in front of a ward or commune: "phường", "P.", "xã", "thị trấn", "TT.".
_WARD_ALT = r"[Pp]hường|P\.|[Xx]ã|[Tt]hị\s+trấn|TT\."
_WARD_TYPES = {"phường": "Phường", "p.": "Phường", "xã": "Xã", "thịtrấn": "Thị trấn", "tt.": "Thị trấn"}


def _add(index: dict, key, value) -> None:
    bucket = index.setdefault(key, [])
    if value not in bucket:
        bucket.append(value)


_GAZETTEER_FIELDS = ("province", "provinceShort", "provinceKeywords", "district", "districtShort", "districtType",
                     "districtKeywords")
_WARD_FIELDS = ("province", "provinceShort", "district", "wardShort", "wardType", "wardAlias")
_GAZETTEER_TABLE = "admin_units_legacy"


@functools.cache
def gazetteer() -> Gazetteer:
    """The name index, built from the gazetteer on first use and kept for the process."""
    return Gazetteer(_gazetteer_rows(), _gazetteer_rows(_WARD_FIELDS))


def _gazetteer_rows(fields: tuple[str, ...] = _GAZETTEER_FIELDS, table: str = _GAZETTEER_TABLE) -> list[dict]:
    """The table's rows as vietnamadminunits' get_data returns them, read from the package's
    own SQLite file: importing the package loads its parsers and shapely (0.6 s in every indexing
    worker) to answer one SELECT. Through get_data if that file is not where 1.0.x keeps it."""
    database = _package_file("dataset.db")
    if database is not None:
        with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute(f"SELECT DISTINCT {','.join(fields)} FROM [{table}]")
            return [dict(row) for row in rows]
    from vietnamadminunits.database import get_data

    return get_data(list(fields), table=table)


def _package_file(name: str) -> Path | None:
    spec = importlib.util.find_spec("vietnamadminunits")
    for location in (spec.submodule_search_locations or ()) if spec else ():
        path = Path(location) / "data" / name
        if path.is_file():
            return path
    return None


@functools.cache
def provinces_2025() -> dict[str, str]:
    """Legacy province display name -> the 2025 province it became part of (the package's
    converter table: every legacy province went whole into one new province)."""
    path = _package_file("converter_2025.json")
    if path is None:
        return {}
    merged = json.loads(path.read_text(encoding="utf-8"))["DICT_PROVINCE"]
    legacy = gazetteer().province_key_to_display
    new = {keyword_key(r["province"]): (r["province"] if r["province"].startswith("Thành phố ")
                                        else r["provinceShort"])
           for r in _gazetteer_rows(("province", "provinceShort"), "admin_units")}
    return {legacy[old]: new[key] for key, olds in merged.items() if key in new for old in olds if old in legacy}


def is_place_name(name: str) -> bool:
    return match_key(name) in gazetteer().place_names


# --- choosing the article's locality ------------------------------------------

TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 3.0, 2.0, 1.0
# Evidence of a kind of mention: a ward (its name recurs across provinces, and VNTC's communes are
# not all today's) or a landmark locates less surely than a province or a district named.
KIND_WEIGHT = {"province": 1.0, "district": 1.0, "ward": 0.4, "landmark": 0.75}
IN_COMPANY_NAME = 0.3  # inside a company's or club's name in the body ("Công ty Kim khí TP HCM")
HEAD_MIN = 1.0  # evidence that puts a province in the head: a lead mention, not a ward alone
HEAD_SHARE = 0.3  # the share of all evidence the head's one province needs to be the place
BODY_MIN = 3.0  # evidence a province named only in the body needs (three mentions)
DOMINANCE = 2.0  # a winner has this many times the evidence of the next province...
MAJORITY = 0.5  # ...and this share of all the evidence


Scores = defaultdict[str, float]


@dataclass(slots=True)
class _Evidence:
    total: Scores = field(default_factory=lambda: defaultdict(float))
    head: Scores = field(default_factory=lambda: defaultdict(float))  # title and lead
    body: Scores = field(default_factory=lambda: defaultdict(float))
    title: Scores = field(default_factory=lambda: defaultdict(float))
    paragraphs: defaultdict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # body's, naming each


def locality(title: str, lead: str, body: str, source: str | None = None,
             published: dt.date | None = None) -> Locality:
    """The province (and district) the article is about, in the units of its `published` date.

    The title decides when it names one province; else the province with clearly most evidence
    over title, lead and body (a body-only one needs repeated mentions); else the site's
    province; else none. The district only from a district named in the title or lead."""
    g = gazetteer()
    sections: list[tuple[str, Mention, float, int]] = []  # (part, mention, weight, body paragraph)
    for name, text, weight in (("title", title, TITLE_WEIGHT), ("lead", lead, LEAD_WEIGHT),
                               ("body", body, BODY_WEIGHT)):
        for m in g.mentions(text):
            w = weight * KIND_WEIGHT[m.kind]
            # A company in the lead is often the subject ("Công ty Vissan - TPHCM"): its place counts
            # there; in the body it is one of many, and a bare landmark name is a brand anywhere.
            if (name == "body" or name == "lead" and m.kind == "landmark") and _in_company_name(text, m.start):
                w *= IN_COMPANY_NAME
            sections.append((name, g.dated(m, published), w, text.count("\n\n", 0, m.start)))
    site = g.site_province(source)
    if site is not None and published is not None and published >= REFORM_2025:
        site = provinces_2025().get(site, site)
    province = _choose(_weigh(sections), site, one_paragraph="\n\n" not in body)
    if province is None:
        return Locality()
    district = _district_in([m for name, m, _, _ in sections if name == "title"], province, g, published)
    if district is None:
        district = _district_in([m for name, m, _, _ in sections if name == "lead"], province, g, published)
    return Locality(province=province, district=district)


def _weigh(sections: list[tuple[str, Mention, float, int]]) -> _Evidence:
    """Each mention's weight to its province; one with several candidate provinces shares it in
    proportion to their other evidence (its default, or evenly, when they have none)."""
    certain: Scores = defaultdict(float)
    for _, m, w, _ in sections:
        if len(m.provinces) == 1:
            certain[next(iter(m.provinces))] += w
    ev = _Evidence()
    for name, m, w, paragraph in sections:
        provinces = sorted(m.provinces)
        support = {p: certain[p] for p in provinces if certain.get(p)}
        if len(provinces) == 1:
            shares = {provinces[0]: 1.0}
        elif support:
            shares = {p: s / sum(support.values()) for p, s in support.items()}
        elif m.default is not None:
            shares = {m.default[0]: 1.0}
        else:
            shares = {p: 1 / len(provinces) for p in provinces}
        for p, share in shares.items():
            ev.total[p] += w * share
            if name == "body":
                ev.body[p] += w * share
                ev.paragraphs[p].add(paragraph)
            else:
                if share > 0.5:  # a head mention the province only shares does not put it in the head
                    ev.head[p] += w * share
                if name == "title":
                    ev.title[p] += w * share
    return ev


def _ranked(scores: Scores) -> list[str]:
    return sorted((p for p, s in scores.items() if s > 0), key=lambda p: (-scores[p], p))


def _choose(ev: _Evidence, site: str | None, *, one_paragraph: bool) -> str | None:
    title = _ranked(ev.title)
    if len(title) == 1 or (len(title) > 1 and _dominates(ev.total, title[0], title[1:])):
        return title[0]  # the headline's subject
    ranked = _ranked(ev.total)
    head = [p for p in ranked if ev.head[p] >= HEAD_MIN]
    if len(head) == 1 and ev.total[head[0]] >= HEAD_SHARE * sum(ev.total.values()) and (
            ranked[0] == head[0] or not _dominates(ev.total, ranked[0], head)):
        return head[0]  # the lead's one province, unless one among many, or passing while another fills the body
    if head and _dominates(ev.total, ranked[0], ranked[1:]) and ev.head[ranked[0]] >= HEAD_MIN:
        return ranked[0]
    if site is not None:
        return site
    # Else the body's: named repeatedly, and not all in one paragraph of several (a footballer's
    # home town, a lawyer's firm): what the article is about runs through it.
    body = _ranked(ev.body)
    if body and ev.body[body[0]] >= BODY_MIN and _dominates(ev.body, body[0], body[1:]):
        if one_paragraph or len(ev.paragraphs[body[0]]) >= 2:
            return body[0]
    return None


def _dominates(scores: Scores, best: str, others: list[str]) -> bool:
    """`best` has DOMINANCE times the evidence of any other and at least half of all of it (one
    province among the seven of a cycling stage's lead is not the place, however often named)."""
    second = max((scores[p] for p in others), default=0.0)
    return scores[best] > 0 and scores[best] >= DOMINANCE * second and scores[best] >= MAJORITY * sum(scores.values())


def _district_in(mentions: list[Mention], province: str, g: Gazetteer, published: dt.date | None) -> str | None:
    """The district of `province` named most often (a tie: none, "các huyện Tân Biên, Tân Châu" is a
    list, not the place), in the units of the article's date."""
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.kind != "district":
            continue
        for place in m.candidates:
            if place[0] == province:
                name = g.district_name(m, place, published)
                if name is not None:
                    counts[name] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


# A company's or club's name running up to the place: "Công ty Gang thép Thái Nguyên", "CLB Bình
# Dương". Public bodies ("Sở Y tế Hà Nội", "Công an tỉnh Đồng Nai") do locate the article: not here.
_COMPANY_RE = re.compile(
    r"(?<!\w)(?:[Cc]ông\s+ty|Cty|CTy|[Tt]ập\s+đoàn|[Nn]gân\s+hàng|[Nn]hà\s+máy|[Xx]í\s+nghiệp|[Kk]hách\s+sạn"
    r"|CLB|[Cc]âu\s+lạc\s+bộ|[Đđ]ội\s+bóng|HTX|[Hh]ợp\s+tác\s+xã|[Ss]iêu\s+thị|[Tt]rung\s+tâm\s+thương\s+mại)(?!\w)"
)
# Between the name's head and the place, these make the place where it is, not part of its name.
_LOCATING_RE = re.compile(r"(?<!\w)(?:tại|ở|của|trên|thuộc|đến|từ|về|với|cho)(?!\w)|[,.;:()\"“”!?\n]")


def _in_company_name(text: str, start: int) -> bool:
    window = text[max(0, start - 60) : start]
    heads = list(_COMPANY_RE.finditer(window))
    if not heads:
        return False
    between = window[heads[-1].end() :]
    return len(between.split()) <= 6 and not _LOCATING_RE.search(between)
