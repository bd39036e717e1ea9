"""Small, careful edits of SPARQL Update text that Oxigraph's API has no parameters for."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from graph.errors import InputError

WORD = re.compile(r"[A-Za-z_]+")


def top_level_words(text: str) -> Iterator[tuple[int, str]]:
    """(position, upper-cased word) of each keyword outside braces, IRIs, strings and comments."""
    depth, i, n = 0, 0, len(text)
    while i < n:
        char = text[i]
        if char == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif char == "<" and _is_iri(text, i):
            i = text.find(">", i) + 1
        elif char in "\"'":
            i = _after_string(text, i)
        elif char == "{":
            depth, i = depth + 1, i + 1
        elif char == "}":
            depth, i = depth - 1, i + 1
        elif (char.isalpha() or char == "_") and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_:?$")):
            match = WORD.match(text, i)
            assert match is not None
            if depth == 0 and not text[match.end() : match.end() + 1] == ":":
                yield i, match.group().upper()
            i = match.end()
        else:
            i += 1


def with_protocol_dataset(update: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """`update` with USING clauses for the protocol's using-graph-uri / using-named-graph-uri."""
    if not default_graphs and not named_graphs:
        return update
    words = list(top_level_words(update))
    if any(word in ("USING", "WITH") for _, word in words):
        raise InputError("the update has its own USING or WITH clause; it cannot also take using-graph-uri or using-named-graph-uri")
    clauses = "".join(f" USING <{g}>" for g in default_graphs) + "".join(f" USING NAMED <{g}>" for g in named_graphs)
    for position, word in reversed(words):
        if word == "WHERE" and not _follows_delete(words, position):
            update = f"{update[:position]}{clauses} {update[position:]}"
    return update


def _follows_delete(words: list[tuple[int, str]], position: int) -> bool:
    """True for the WHERE of `DELETE WHERE { … }`, which takes no USING."""
    before = [word for at, word in words if at < position]
    return bool(before) and before[-1] == "DELETE"


def _is_iri(text: str, i: int) -> bool:
    end = text.find(">", i)
    return end > i and not any(c in text[i + 1 : end] for c in " \n\t{}\"")


def _after_string(text: str, i: int) -> int:
    quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else text[i]
    j = i + len(quote)
    while j < len(text):
        if text[j] == "\\":
            j += 2
        elif text.startswith(quote, j):
            return j + len(quote)
        else:
            j += 1
    return j
