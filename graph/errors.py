"""Domain errors of the graph layer; `api/` maps them to exit codes and HTTP statuses.

    TiegraphError
    ├── SettingsError        a setting has a value we cannot use
    ├── InputError           a file or request body we were asked to read is unusable
    │   ├── UnsupportedFormat    no parser for that file name or format name
    │   └── ParseFailed          the text is not valid RDF (file, line, column)
    ├── ValidationFailed     the data parsed but breaks the ontology or its shapes
    ├── QueryFailed          a SPARQL query or update could not run
    │   ├── QuerySyntaxError     the SPARQL text does not parse (line, column)
    │   └── RemoteAccessRefused  SERVICE or LOAD names a host that is not allowed
    ├── QueryTimeout         a query ran past its time limit
    ├── RemoteStoreFailed    a remote SPARQL store could not be reached or failed to answer
    │   └── RemoteTimeout        it did not answer within the time allowed
    ├── UnsupportedShape     a SHACL shape uses what the shape compiler does not implement
    ├── SystemGraphProtected a write would change the ontology, derived or reference graphs
    ├── NotFound             a named thing does not exist
    └── AmbiguousName        a name fits several entities (the candidates are listed)
"""

from __future__ import annotations

from dataclasses import dataclass


class TiegraphError(Exception):
    """Base of every error tiegraph raises on purpose."""


class SettingsError(TiegraphError):
    """A setting has a value tiegraph cannot use."""


class InputError(TiegraphError):
    """Input that cannot be read as asked."""


class UnsupportedFormat(InputError):
    """No parser or serialiser for the requested format."""


class ParseFailed(InputError):
    """RDF text that does not parse; the message names file, line and column."""


@dataclass(frozen=True)
class Problem:
    """One reason a write was refused: where it is and what would be accepted."""

    source: str
    focus: str
    constraint: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.focus}: {self.message} [{self.constraint}]"


class ValidationFailed(TiegraphError):
    """Data that breaks the ontology or its SHACL shapes; carries every problem found."""

    def __init__(self, problems: list[Problem], truncated: bool = False) -> None:
        self.problems = problems
        self.truncated = truncated
        more = " (more not shown)" if truncated else ""
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) found, nothing was written{more}:\n{lines}")


class QueryFailed(TiegraphError):
    """A SPARQL query or update that could not run."""


class QuerySyntaxError(QueryFailed):
    """SPARQL text that does not parse."""


class RemoteAccessRefused(QueryFailed):
    """A SERVICE or LOAD target outside the allow-list (TIEGRAPH_SERVICE_ALLOW)."""


class QueryTimeout(TiegraphError):
    """A query that ran past its time limit (TIEGRAPH_QUERY_TIMEOUT) and was stopped."""


class RemoteStoreFailed(TiegraphError):
    """The remote store could not be reached, or failed to answer."""


class RemoteTimeout(RemoteStoreFailed):
    """The remote store did not answer within the time allowed (TIEGRAPH_REMOTE_TIMEOUT)."""


class UnsupportedShape(TiegraphError):
    """A shape uses SHACL that the compiler does not implement: a fault of the shapes file."""


class SystemGraphProtected(TiegraphError):
    """A write over HTTP that would drop, clear or overwrite a system graph; the graphs are named."""


class NotFound(TiegraphError):
    """A named resource that does not exist."""


class BadValue(InputError):
    """A fact sheet's value that does not fit its relation; the message says what to write."""


class UnresolvedName(InputError):
    """A fact sheet's name that designates no entity, or several; the message lists them."""


class SheetProblems(InputError):
    """Fact sheets that cannot be compiled; `problems` each say where (file:line:column) and how
    to fix it."""

    def __init__(self, problems: list[object]) -> None:
        self.problems = problems
        listed = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) found, nothing was written:\n{listed}")


class AmbiguousName(TiegraphError):
    """A name that fits several entities; `candidates` are (IRI, label) pairs to choose from."""

    def __init__(self, name: str, candidates: list[tuple[str, str | None]]) -> None:
        self.candidates = candidates
        listed = "; ".join(f"{iri} ({label})" if label else iri for iri, label in candidates)
        super().__init__(f"{name!r} fits {len(candidates)} entities; name one by its id or IRI: {listed}")
