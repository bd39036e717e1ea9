"""Search keys of a name: folded words, Chinese characters one by one, and Hanyu Pinyin.

People type names without capitals or tone marks, with or without spaces (`lei jun`, `leijun`),
in characters (`雷军`) or in pinyin for a name the graph holds only in characters. So every name
becomes a list of words: Latin text folded (NFKD, marks dropped, case-folded) and split at
anything that is not a letter or digit; a run of Chinese characters split into single characters,
since Chinese writes no spaces and any run of characters may be a word. A Chinese name also gets
a pinyin reading (pypinyin, which reads characters in context: 重庆 is chong qing).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUNS = re.compile(rf"[{HAN}]+|[^\W_{HAN}]+")
HAN_RUN = re.compile(rf"[{HAN}]+")
HAN_GAP = re.compile(rf"(?<=[{HAN}]) (?=[{HAN}])")


def fold(text: str) -> str:
    """Compatibility forms unified, accents and tone marks dropped, case folded: `Léi` → `lei`."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The words of `text` as search keys; each Chinese character is a word of its own."""
    found: list[str] = []
    for run in RUNS.findall(fold(text)):
        found.extend(run) if HAN_RUN.fullmatch(run) else found.append(run)
    return found


def pinyin_words(text: str) -> list[str] | None:
    """`text` with its Chinese characters read as toneless pinyin syllables; None without any."""
    if not HAN_RUN.search(text):
        return None
    found: list[str] = []
    for run in RUNS.findall(fold(text)):
        found.extend(_syllables(run)) if HAN_RUN.fullmatch(run) else found.append(run)
    return found


@lru_cache(maxsize=65_536)
def _syllables(run: str) -> tuple[str, ...]:
    """Pinyin of one run of characters, cached: generated and real names repeat runs often."""
    return tuple(fold(s) for s in lazy_pinyin(run, style=Style.NORMAL, v_to_u=True))


def shown(keys: str) -> str:
    """Search words as a person writes them: spaces between Chinese characters dropped."""
    return HAN_GAP.sub("", keys)
