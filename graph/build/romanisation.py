"""Hanyu Pinyin of place names as they are written: `Wǔhàn`, `Xī'ān`, and `Wuhan` without tones.

pypinyin reads each character in the context of the whole name (朝阳区 is cháoyáng qū, 重庆 is
chóngqìng), so the reading of a short name is taken from the reading of its full name. Written
pinyin joins a name's syllables into one word, capitalised, with an apostrophe before a syllable
that starts with a, o or e (Xī'ān, not Xian). Readings are pypinyin's: a polyphonic character it
reads wrongly in a rare name stays wrong.
"""

from __future__ import annotations

import unicodedata

from pypinyin import Style, lazy_pinyin

from graph.search.names import HAN_RUN

VOWELS = ("a", "o", "e")


def syllables(name: str, style: Style = Style.TONE) -> list[str]:
    """One pinyin syllable per Chinese character of `name`, read in context."""
    if not HAN_RUN.fullmatch(name):
        raise ValueError(f"{name!r} is not written in Chinese characters only")
    return lazy_pinyin(name, style=style, v_to_u=True)


def written(readings: list[str]) -> str:
    """Syllables written as one pinyin word: capitalised, apostrophes where a syllable starts with a vowel."""
    word = ""
    for syllable in readings:
        plain = unicodedata.normalize("NFKD", syllable)[:1].lower()
        word += f"'{syllable}" if word and plain in VOWELS else syllable
    return word[:1].upper() + word[1:]


def toneless(text: str) -> str:
    """Tone marks dropped (ü kept): `Xī'ān` → `Xi'an`."""
    kept = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and char != "\u0308":
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def pinyin_of(short_name: str, full_name: str) -> str:
    """Tone-marked pinyin of `short_name`, the leading part of `full_name`, read within the full name."""
    if not full_name.startswith(short_name):
        raise ValueError(f"{short_name!r} is not the start of {full_name!r}")
    return written(syllables(full_name)[: len(short_name)])
