"""Keep SPARQL `SERVICE` and `LOAD` from reaching hosts that are not allowed.

Oxigraph follows any SERVICE or LOAD IRI it is given, which turns a public endpoint into a
server-side request forgery tool. Texts that mention either keyword are parsed (rdflib's
parser, only then, so ordinary queries pay nothing) and every target host is checked against
the allow-list before the engine sees the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

from graph.errors import RemoteAccessRefused
from graph.query.nesting import too_deep_for_rdflib

REMOTE_KEYWORDS = re.compile(r"\b(SERVICE|LOAD)\b", re.IGNORECASE)


def check_remote_access(sparql: str, allowed_hosts: Iterable[str], update: bool = False) -> None:
    """Raise RemoteAccessRefused unless every SERVICE / LOAD target's host is allowed."""
    if not REMOTE_KEYWORDS.search(sparql):
        return
    try:
        parsed = parseUpdate(sparql) if update else parseQuery(sparql)
    except RecursionError:
        raise too_deep_for_rdflib("text that mentions SERVICE or LOAD") from None
    except ParseException:
        raise RemoteAccessRefused(
            "the text mentions SERVICE or LOAD but could not be checked for remote access; "
            "rephrase it or ask the administrator to allow the host in TIEGRAPH_SERVICE_ALLOW"
        ) from None
    allowed = {host.lower() for host in allowed_hosts}
    for target in _remote_targets(parsed):
        host = urlsplit(str(target)).hostname if isinstance(target, URIRef) else None
        if host is None or host.lower() not in allowed:
            shown = f"<{target}>" if isinstance(target, URIRef) else f"?{target}"
            raise RemoteAccessRefused(
                f"SERVICE/LOAD of {shown} is refused: its host is not in TIEGRAPH_SERVICE_ALLOW "
                f"(allowed: {', '.join(sorted(allowed)) or 'none'})"
            )


def _remote_targets(node: object) -> Iterator[object]:
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            yield node.get("term")
        elif node.name == "Load":
            yield node.get("iri")
        for value in node.values():
            yield from _remote_targets(value)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _remote_targets(value)
    elif isinstance(node, Iterable) and not isinstance(node, (str, bytes)):
        for value in node:
            yield from _remote_targets(value)
