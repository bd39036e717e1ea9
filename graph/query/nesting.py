"""Refuse SPARQL nested deeper than the parsers can take, before any parser sees it.

Oxigraph's parser recurses once per group, parenthesis or bracket: a query of 3,000 nested
`{ }` overflows its stack and kills the process that parses it. No query a person or a tool
writes comes near `MAX_NESTING`, so deeper text is refused with the place it went too deep.
rdflib's parser, which reads updates (what they touch) and SERVICE / LOAD targets, runs out of
Python's recursion limit sooner (about 20 nested parentheses); `too_deep_for_rdflib` is its
error then.
"""

from __future__ import annotations

import re

from graph.errors import QuerySyntaxError

MAX_NESTING = 200
OPENERS, CLOSERS = "{([", "})]"
# What may hold brackets without nesting anything: strings (long forms first), IRIs, comments.
SKIPPED = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n]*"
)
TOKEN = re.compile(SKIPPED.pattern + r"|[{}()\[\]]")


def check_nesting(sparql: str, limit: int = MAX_NESTING) -> None:
    """Raise QuerySyntaxError when groups, parentheses and brackets nest deeper than `limit`."""
    depth = 0
    for match in TOKEN.finditer(sparql):
        token = match.group()
        if token in OPENERS:
            depth += 1
            if depth > limit:
                line = sparql.count("\n", 0, match.start()) + 1
                column = match.start() - (sparql.rfind("\n", 0, match.start()) + 1) + 1
                raise QuerySyntaxError(
                    f"the SPARQL text nests groups, parentheses or brackets more than {limit} deep "
                    f"(line {line}, column {column}); tiegraph refuses deeper text so that no parser "
                    "overflows: flatten it, e.g. join patterns in one group or split the query"
                )
        elif token in CLOSERS:
            depth = max(depth - 1, 0)


def too_deep_for_rdflib(what: str) -> QuerySyntaxError:
    """The error for text rdflib's recursive parser could not read (RecursionError)."""
    return QuerySyntaxError(
        f"the {what} nests too deeply to be read (rdflib's parser stops at about 20 nested parentheses "
        "or 35 nested groups); flatten it, e.g. join conditions with && instead of nesting them"
    )
