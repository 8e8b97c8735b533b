"""Locality: province and district, normalised through the vietnamadminunits gazetteer.

The gazetteer's legacy (63-province) table is read once, lazily, into a few
dictionaries and two compiled regexes; an article is then matched with one pass
of each regex and dictionary look-ups, never with a regex per place.

Names as stored on an Article
-----------------------------
* province: "Thành phố X" for the centrally-run cities, exactly as the gazetteer
  spells them ("Thành phố Hồ Chí Minh", "Thành phố Hà Nội", ... and "Thành phố
  Huế", which the gazetteer counts among them), the bare short name for
  provinces ("Đồng Tháp", not "Tỉnh Đồng Tháp").
* district: the gazetteer's full name with its type ("Quận 12", "Huyện Cao Lãnh",
  "Thành phố Sa Đéc", "Thị xã Hòa Thành"). Former names the gazetteer knows as
  aliases are mapped to today's unit ("Quận 2" -> "Thành phố Thủ Đức").

What counts as a mention
------------------------
* A province by name ("Đồng Tháp", "Thanh Hoá", "TP.HCM", "Thừa Thiên - Huế"),
  unless it is part of a longer proper name: after a person's name or an
  honorific ("Hoàng Anh Gia Lai", "ông Hà Nam") or before another capitalised
  word ("Điện Biên Phủ", "Đồng Tháp Mười", "Thái Bình Dương"). "Hồ Chí Minh" needs
  "TP"/"Thành phố" in front.
* A district only with its type word in front ("Quận 12", "huyện Cao Lãnh",
  "Q.3", "TX Hòa Thành", "Huyện ủy Cao Lãnh"): "Quận" alone, or a bare name
  that happens to equal a district, is not a mention.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from indexer.analysis.normalize import to_new_placement, to_old_placement
from indexer.models import Locality
from indexer.extraction import lexicon
from indexer.extraction.text import CAPWORD, CAPWORD_RE, HONORIFIC_KEYS, keyword_key, match_key, starting_with

ALIASES_FILE = Path(__file__).resolve().parent.parent / "data" / "extraction_province_aliases.txt"


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
    candidates: tuple[tuple[str, str | None], ...]

    @property
    def provinces(self) -> set[str]:
        return {p for p, _ in self.candidates}


class Gazetteer:
    def __init__(self, rows: Iterable[dict]) -> None:
        self.province_by_key: dict[str, str] = {}  # match_key(short name or alias) -> display name
        self.province_by_keyword: dict[str, str] = {}  # gazetteer keyword ("hcm") -> display
        self.cities: set[str] = set()  # display names of centrally-run cities
        self.place_names: set[str] = set()  # match_key() of every province/district short name
        self.needs_prefix: set[str] = set()
        self.by_type: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.by_short: dict[str, list[tuple[str, str]]] = {}
        self.by_keyword: dict[str, list[tuple[str, str]]] = {}
        names: set[str] = set()
        bare: set[str] = set()
        for row in rows:
            full, short = row["province"], row["provinceShort"]
            display = full if full.startswith("Thành phố ") else short
            if full.startswith("Thành phố "):
                self.cities.add(display)
            self.province_by_key[match_key(short)] = display
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
        for line in ALIASES_FILE.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("!"):
                self.needs_prefix.add(match_key(line[1:]))
                continue
            alias, _, short = line.partition("\t")
            display = self.province_by_key.get(match_key(short.strip()))
            if display:
                self.province_by_key[match_key(alias.strip())] = display
                names.add(alias.strip())
        variants = sorted({v for n in names for v in _tone_variants(n)}, key=len, reverse=True)
        alternation = "|".join(_pattern(v) for v in variants)
        self.province_re = re.compile(
            rf"{starting_with(['Thành phố', 'thành phố', 'TP', 'Tỉnh', 'tỉnh', *variants])}(?<!\w)(?P<pfx>(?:[Tt]hành\s+phố|T[Pp]\.?|[Tt]ỉnh)\s*)?(?P<name>{alternation})(?![\w])"
        )
        not_type = r"(?!(?:Quận|Huyện|Thị|Thành|Tỉnh|Phường|Xã)(?!\w))"
        self.district_re = re.compile(
            rf"{starting_with('QqHhTt')}(?<!\w)(?P<type>{_TYPE_ALT})\s*(?P<name>\d{{1,2}}(?!\d)|{not_type}{CAPWORD}(?:\s+{CAPWORD}){{0,3}})"
        )
        self.name_start_re = re.compile(rf"(?:{'|'.join(lexicon.SURNAMES)})\s+{CAPWORD}")

    # -- matching ----------------------------------------------------------

    def provinces_in(self, text: str) -> list[Mention]:
        found = []
        for m in self.province_re.finditer(text):
            key = match_key(m.group("name"))
            display = self.province_by_key.get(key)
            if display is None:
                continue
            if not m.group("pfx"):
                if key in self.needs_prefix or not self._stands_alone(text, m.start("name"), m.end("name")):
                    continue
            elif m.group("pfx").strip().lower().startswith(("tp", "thành")) and display not in self.cities:
                continue  # "TP Vũng Tàu", "thành phố Sa Đéc": a city inside a province, see districts_in
            found.append(Mention(m.start(), ((display, None),)))
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
                cands = self._district(dtype, name)
                if cands:
                    found.append(Mention(m.start(), tuple(cands)))
                    pos = m.start("name") + len(name)
                    break
                if dtype == "Thành phố" and self.province_by_key.get(match_key(name)) in self.cities:
                    break  # "TP Hà Nội" is the city itself: provinces_in has it
        return found

    def _district(self, dtype: str, name: str) -> list[tuple[str, str]]:
        if dtype == "Thành phố" and self.province_by_key.get(match_key(name)) in self.cities:
            return []
        exact = self.by_type.get((dtype, match_key(name)))
        if exact:
            return exact
        alias = self.by_keyword.get(keyword_key(f"{dtype} {name}"))
        if alias:
            return alias
        if not name.isdigit():  # "Quận Thủ Đức" (now a city), "thị xã Bến Cát" (now a city)
            return self.by_short.get(match_key(name), [])
        return []

    def mentions(self, text: str) -> list[Mention]:
        return sorted(self.provinces_in(text) + self.districts_in(text), key=lambda m: m.start)

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


_SURNAME_SET = frozenset(lexicon.SURNAMES)
_DISTRICT_TYPES = {match_key(k): v for k, v in lexicon.DISTRICT_TYPES.items()}
_CLOCK_RE = re.compile(r"(?:\bgiờ|\d{1,2}\s*[hg]\s*\d{0,2}(?:\s*ngày\s+\d{1,2}\s*[/-]\s*\d{1,2})?),?\s*$")
_PLURAL_RE = re.compile(rf"(?<!\w)(?i:{'|'.join(lexicon.PLURAL_MARKERS)})\s+$")
_TYPE_KEYS = ("quan", "huyen", "thixa", "thanhpho")
# The type word in front of a district name: "Quận", "quận", "Q.", "Huyện ủy", "TX.", "TP", "thành phố".
_TYPE_ALT = (
    r"[Qq]uận\s+[uủ][ỷy]|[Hh]uyện\s+[uủ][ỷy]|[Tt]hị\s+[uủ][ỷy]|[Tt]hành\s+[uủ][ỷy]"
    r"|[Qq]uận|[Hh]uyện|[Tt]hị\s+xã|[Tt]hành\s+phố|Q\.|T[Xx]\.?|T[Pp]\.?"
)


def _add(index: dict, key, value) -> None:
    bucket = index.setdefault(key, [])
    if value not in bucket:
        bucket.append(value)


_GAZETTEER_FIELDS = ("province", "provinceShort", "provinceKeywords", "district", "districtShort", "districtType",
                     "districtKeywords")
_GAZETTEER_TABLE = "admin_units_legacy"


@functools.cache
def gazetteer() -> Gazetteer:
    """The name index, built from the gazetteer on first use and kept for the process."""
    return Gazetteer(_gazetteer_rows())


def _gazetteer_rows() -> list[dict]:
    """The legacy table's rows as vietnamadminunits' get_data returns them, read from the package's
    own SQLite file: importing the package loads its parsers and shapely (0.6 s in every indexing
    worker) to answer one SELECT. Through get_data if that file is not where 1.0.x keeps it."""
    spec = importlib.util.find_spec("vietnamadminunits")
    for location in (spec.submodule_search_locations or ()) if spec else ():
        database = Path(location) / "data" / "dataset.db"
        if database.is_file():
            with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as db:
                db.row_factory = sqlite3.Row
                rows = db.execute(f"SELECT DISTINCT {','.join(_GAZETTEER_FIELDS)} FROM [{_GAZETTEER_TABLE}]")
                return [dict(row) for row in rows]
    from vietnamadminunits.database import get_data

    return get_data(list(_GAZETTEER_FIELDS), table=_GAZETTEER_TABLE)


def is_place_name(name: str) -> bool:
    return match_key(name) in gazetteer().place_names


# --- choosing the article's locality ------------------------------------------

BODY_MIN_MENTIONS = 3  # a province named only in the body needs this many mentions...
BODY_DOMINANCE = 2.0  # ...and this many times more than the next province


def locality(title: str, lead: str, body: str, source: str | None = None) -> Locality:
    """Province from the title, else the lead, else the site, else a province that dominates the body;
    district only from the title and lead, and only inside that province."""
    g = gazetteer()
    in_title, in_lead = g.mentions(title), g.mentions(lead)
    head = in_title + in_lead
    site = g.site_province(source)
    province = _first_certain(in_title)
    if province is None:
        # The lead decides only if it names one province: "ở Hà Nội, Hải Phòng, Bắc Ninh..." is a list.
        lead_provinces = {next(iter(m.provinces)) for m in in_lead if len(m.provinces) == 1}
        if len(lead_provinces) == 1:
            province = next(iter(lead_provinces))
        elif site in lead_provinces:
            province = site
    if province is None:
        province = _first_resolvable(head, site)
    if province is None:
        province = site
    if province is None:
        counts: Counter[str] = Counter()
        for m in g.provinces_in(body):
            counts.update(m.provinces)
        ranked = counts.most_common(2)
        if ranked and ranked[0][1] >= BODY_MIN_MENTIONS:
            if len(ranked) == 1 or ranked[0][1] >= BODY_DOMINANCE * ranked[1][1]:
                province = ranked[0][0]
    if province is None:
        return Locality()
    district = _district_in(in_title, province, single=True)
    if district is None:
        district = _district_in(in_lead, province, single=True)
    return Locality(province=province, district=district)


def _district_in(mentions: list[Mention], province: str, *, single: bool = False) -> str | None:
    """The first district of `province` named; with `single`, the one named most often (a tie: none)."""
    counts: Counter[str] = Counter()
    for m in mentions:
        for p, d in m.candidates:
            if d is not None and p == province:
                if not single:
                    return d
                counts[d] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None  # "các huyện Tân Biên, Tân Châu, Châu Thành": a list, not the place
    return ranked[0][0]


def _first_certain(mentions: list[Mention]) -> str | None:
    for m in mentions:
        if len(m.provinces) == 1:
            return next(iter(m.provinces))
    return None


def _first_resolvable(mentions: list[Mention], hint: str | None) -> str | None:
    if hint:
        for m in mentions:
            if hint in m.provinces:
                return hint
    return None
