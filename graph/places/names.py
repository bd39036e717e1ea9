"""The keys a place name is looked up by: the name compared whole, and the name without the kind of
division at its end (省 市 县 区…, `province`, `city`, `shi`, `county`…), with that kind."""

from __future__ import annotations

import re
import unicodedata

from graph.search.names import HAN_RUN, fold

SEPARATORS = re.compile(r"[\s'’‘`\-_.,·]+")
WORDS = re.compile(r"[\s\-_,.]+")
# Endings of Chinese names and trailing English or pinyin words, each with the kind it names.
CHINESE_ENDINGS = {
    "特别行政区": "sar", "自治区": "region", "自治州": "prefecture", "自治县": "county", "自治旗": "banner",
    "地区": "prefecture", "林区": "district", "特区": "district", "省": "province", "市": "city", "县": "county",
    "区": "district", "旗": "banner", "盟": "league",
}
LATIN_ENDINGS = {
    "special administrative region": "sar", "sar": "sar", "autonomous region": "region", "zizhiqu": "region",
    "autonomous prefecture": "prefecture", "zizhizhou": "prefecture", "prefecture": "prefecture", "diqu": "prefecture",
    "autonomous county": "county", "zizhixian": "county", "county": "county", "xian": "county",
    "autonomous banner": "banner", "banner": "banner", "qi": "banner", "league": "league", "meng": "league",
    "forestry district": "district", "special district": "district", "district": "district", "qu": "district",
    "province": "province", "sheng": "province", "municipality": "city", "city": "city", "shi": "city",
}
# Endings by their length, longest first: at most one ending of a given length fits a name, so
# trying lengths in turn finds the longest ending with one dictionary look-up per length (the
# 130,000 names of a large store are read in a second rather than three).
_LATIN_BY_WORDS = {n: {tuple(k.split()): v for k, v in LATIN_ENDINGS.items() if len(k.split()) == n} for n in (3, 2, 1)}
_CHINESE_BY_LENGTH = {n: {k: v for k, v in CHINESE_ENDINGS.items() if len(k) == n} for n in sorted({len(k) for k in CHINESE_ENDINGS}, reverse=True)}


def whole_key(text: str) -> str:
    """A name compared whole: case folded, separators dropped, tone marks kept (NFC)."""
    return SEPARATORS.sub("", unicodedata.normalize("NFC", text).casefold())


def shortened(text: str) -> tuple[str, str | None]:
    """(the name without its kind of division, tone marks dropped; that kind or None)."""
    folded = fold(text).strip()
    if HAN_RUN.search(folded):
        compact = SEPARATORS.sub("", folded)
        for length, endings in _CHINESE_BY_LENGTH.items():
            kind = endings.get(compact[-length:]) if len(compact) > length else None
            if kind:
                return compact[:-length], kind
        return compact, None
    words = [w for w in WORDS.split(folded) if w]
    for count, endings in _LATIN_BY_WORDS.items():
        kind = endings.get(tuple(words[-count:])) if len(words) > count else None
        if kind:
            return SEPARATORS.sub("", "".join(words[:-count])), kind
    return SEPARATORS.sub("", "".join(words)), None
