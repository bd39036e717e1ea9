"""Words one typo away: a deletion index (SymSpell's idea) checked by optimal string alignment.

Comparing a query word with every indexed word is too slow for a large vocabulary. Instead each
word is filed under the strings it becomes with one letter deleted; two words one edit apart
(a letter missing, extra or wrong, or two neighbours swapped) always share such a string, or one
is a deletion of the other. Candidates found that way are confirmed by computing the distance.
"""

from __future__ import annotations

MIN_LENGTH = 3  # shorter words have too many neighbours
SWAPS_ONLY = 3  # words this short forgive only two swapped letters: "lie" for "lei", not "fei"
MAX_LENGTH = 24


def typo_indexed(word: str) -> bool:
    """Whether `word` takes part in typo matching: letters only, 3–24 of them."""
    return MIN_LENGTH <= len(word) <= MAX_LENGTH and word.isascii() and word.isalpha()


def deletions(word: str) -> set[str]:
    """Every string `word` becomes with one letter deleted."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoIndex:
    """The words added so far, filed under their one-letter deletions."""

    def __init__(self) -> None:
        self._by_deletion: dict[str, set[str]] = {}

    def add(self, word: str) -> None:
        """File `word` (a no-op unless `typo_indexed`)."""
        if typo_indexed(word):
            for key in deletions(word) | {word}:
                self._by_deletion.setdefault(key, set()).add(word)

    def near(self, word: str) -> set[str]:
        """Indexed words exactly one edit from `word`; for three letters, only a swap of two neighbours."""
        if not typo_indexed(word):
            return set()
        found: set[str] = set()
        for key in deletions(word) | {word}:
            found |= self._by_deletion.get(key, set())
        near = {w for w in found if w != word and distance(word, w) == 1}
        return {w for w in near if sorted(w) == sorted(word)} if len(word) <= SWAPS_ONLY else near


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]

