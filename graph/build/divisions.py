"""China's administrative divisions read from an administrative-code table: level, kind, parent, names.

The table (cpca's `adcodes.csv`: code, Chinese name, longitude, latitude) lists GB/T 2260 codes,
padded to twelve digits. The first six digits say the level: `PP0000` is provincial, `PPCC00` a
prefecture, anything else county-level. Some rows group others rather than name a place: the
urban districts of a city (市辖区), the counties of Chongqing (县) and the county-level units a
province governs directly (省直辖县级行政区划); they are left out, and the rows under them belong
to the next real division up (Xiantao, 429004, lies in Hubei itself). By the code convention of
GB/T 2260 the first prefecture of a province or autonomous region (`PP01`) is its capital.

The kind of a division follows from the end of its name (省 province, 自治州 autonomous
prefecture, 区 district…); its short name drops that ending and the ethnic groups an autonomous
division is named after (恩施土家族苗族自治州 → 恩施), never leaving fewer than two characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.errors import InputError
from graph.build.romanisation import pinyin_of, toneless

GROUPING_ROWS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
PROVINCIAL, PREFECTURE, COUNTY = "provincial", "prefecture", "county"
LEVEL_CLASSES = {PROVINCIAL: "ProvincialLevelDivision", PREFECTURE: "PrefectureLevelDivision", COUNTY: "CountyLevelDivision"}

# Name ending → (class, English word) per level, longest endings first.
ENDINGS: dict[str, list[tuple[str, str, str]]] = {
    PROVINCIAL: [("特别行政区", "SpecialAdministrativeRegion", ""), ("自治区", "AutonomousRegion", ""), ("省", "Province", ""), ("市", "Municipality", "")],
    PREFECTURE: [("自治州", "PrefectureLevelDivision", "Autonomous Prefecture"), ("地区", "PrefectureLevelDivision", "Prefecture"),
                 ("盟", "PrefectureLevelDivision", "League"), ("市", "PrefectureLevelCity", "")],
    COUNTY: [("自治县", "County", "Autonomous County"), ("自治旗", "CountyLevelDivision", "Autonomous Banner"), ("林区", "CountyLevelDivision", "Forestry District"),  # only directly under a province: 万柏林区 is a district
             ("特区", "CountyLevelDivision", "Special District"), ("群岛", "CountyLevelDivision", "Islands"), ("县", "County", "County"),
             ("区", "District", "District"), ("旗", "CountyLevelDivision", "Banner"), ("市", "CountyLevelCity", "")],
}
# English names of provincial-level divisions that are not their pinyin, as China's National
# Bureau of Statistics writes them in English (陕西 is Shaanxi to keep it apart from 山西 Shanxi).
ENGLISH_EXONYMS = {"内蒙古": "Inner Mongolia", "西藏": "Tibet", "陕西": "Shaanxi", "香港": "Hong Kong", "澳门": "Macao"}
SHORTEST = 2  # characters a short name keeps


@dataclass(frozen=True)
class Division:
    """One administrative division as the gazetteer describes it."""

    code: str
    name: str
    short_name: str
    level: str
    kind: str
    parent: str | None
    capital_of: str | None
    longitude: str | None
    latitude: str | None
    pinyin: str
    english: str

    @property
    def classes(self) -> tuple[str, ...]:
        """Its kind and, when that is narrower, its level's class: queries need no reasoner."""
        level = LEVEL_CLASSES[self.level]
        return (self.kind,) if self.kind == level else (self.kind, level)

    @property
    def pinyin_plain(self) -> str:
        return toneless(self.pinyin)


def level_of(code: str) -> str:
    """provincial, prefecture or county, from the six-digit code."""
    return PROVINCIAL if code.endswith("0000") else PREFECTURE if code.endswith("00") else COUNTY


def read_divisions(rows: Iterable[dict[str, str]], ethnic_groups: Iterable[str]) -> list[Division]:
    """Divisions of the table's rows (adcode, name, longitude, latitude), in code order."""
    table: dict[str, dict[str, str]] = {}
    for number, row in enumerate(rows, start=2):
        code = (row.get("adcode") or "").strip()
        if len(code) != 12 or not code.isdigit() or code[6:].strip("0"):
            raise InputError(f"row {number} of the administrative-code table: adcode {code!r} is not a twelve-digit code ending in six zeros")
        if code[:6] in table:
            raise InputError(f"row {number} of the administrative-code table: code {code[:6]} appears twice")
        table[code[:6]] = row
    real = {code: row for code, row in table.items() if row["name"] not in GROUPING_ROWS}
    groups = _group_names(ethnic_groups)
    return [_division(code, row, real, groups) for code, row in sorted(real.items())]


def _division(code: str, row: dict[str, str], real: dict[str, dict[str, str]], groups: list[str]) -> Division:
    level, name = level_of(code), row["name"].strip()
    kind, english_word, short, stem = _kind(level, code, name, groups)
    capital_of = code[:2] + "0000" if level == PREFECTURE and code[2:4] == "01" and _capitals_apply(real, code) else None
    pinyin = pinyin_of(short, name)
    english = ENGLISH_EXONYMS.get(short) if level == PROVINCIAL else None
    english = english or " ".join(filter(None, [toneless(pinyin_of(stem, name)), english_word]))
    longitude, latitude = (row.get("longitude") or "").strip() or None, (row.get("latitude") or "").strip() or None
    return Division(code, name, short, level, kind, _parent(code, level, real), capital_of, longitude, latitude, pinyin, english)


def _capitals_apply(real: dict[str, dict[str, str]], code: str) -> bool:
    """Provinces and autonomous regions have capitals; a municipality is its own seat."""
    province = real.get(code[:2] + "0000")
    return province is not None and province["name"].endswith(("省", "自治区"))


def _parent(code: str, level: str, real: dict[str, dict[str, str]]) -> str | None:
    """The nearest real division above: its prefecture, else its province (None for a province)."""
    if level == PROVINCIAL:
        return None
    prefecture, province = code[:4] + "00", code[:2] + "0000"
    if level == COUNTY and prefecture in real:
        return prefecture
    if province not in real:
        raise InputError(f"the administrative-code table has {code} {real[code]['name']} but no province {province}")
    return province


def _kind(level: str, code: str, name: str, groups: list[str]) -> tuple[str, str, str, str]:
    """(class, English word for the ending, short name, stem of the English name) of a full name.

    A name too short to lose an ending tries the next (北林区 is Beilin District); one too short to
    lose any keeps it as its short name, while its English name still translates the ending
    (赵县 is Zhao County).
    """
    kept = None
    for ending, kind, word in ENDINGS[level]:
        if not name.endswith(ending) or (ending == "林区" and code[2:4] != "90"):
            continue
        stem = name[: -len(ending)]
        if len(stem) < SHORTEST:
            kept = kept or (kind, word, name, stem or name)
            continue
        short = _without_groups(stem, groups) if "自治" in ending else stem
        return kind, word, short, short
    return kept or (LEVEL_CLASSES[level], "", name, name)


def _without_groups(name: str, groups: list[str]) -> str:
    """`name` without the ethnic groups at its end: 长阳土家族 → 长阳, 新疆维吾尔 → 新疆."""
    stripped = True
    while stripped:
        stripped = False
        for group in groups:
            if name.endswith(group) and len(name) - len(group) >= SHORTEST:
                name, stripped = name[: -len(group)], True
                break
    return name


def _group_names(ethnic_groups: Iterable[str]) -> list[str]:
    """Each group's name, and without 族 when two characters remain (names write 维吾尔 and 回族), longest first."""
    names = set()
    for group in filter(None, (g.strip() for g in ethnic_groups)):
        names.add(group)
        if len(group.removesuffix("族")) >= SHORTEST:
            names.add(group.removesuffix("族"))
    return sorted(names, key=lambda n: (-len(n), n))
