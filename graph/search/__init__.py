"""Finding entities by name: every name folded into search keys (words, characters, pinyin),
held in an in-memory index kept current with the store, and ranked.

    ranking      SearchIndex.search and its ranking rule
    name_index   the posting lists, built once, then kept current
    name_source  names and classes as the store states them
    names        search keys of a name
    typos        words one typo away
"""

from graph.search.ranking import Hit, SearchIndex
from graph.search.name_index import INDEX_FILE
from graph.search.names import pinyin_words
from graph.search.typos import distance

__all__ = [
    "distance",
    "Hit",
    "INDEX_FILE",
    "pinyin_words",
    "SearchIndex",
]
