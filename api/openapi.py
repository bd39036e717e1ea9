"""The OpenAPI description as the service really answers: every error status each operation can
give, in the one error shape, and every media type its successes come in. FastAPI documents a
422 for bad parameters by default; ours are 400 (api/errors.py), so the 422s it adds are replaced."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from rdflib.namespace import OWL, RDF

from graph.connections import tie_kinds
from graph.ledger import LEVELS, SORTS
from graph.model import load_ontology

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "type", "message"],
            "properties": {"status": {"type": "integer"}, "type": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}
MEANING = {
    400: "Bad parameters or body: the message names the culprit and what would be accepted",
    401: "The bearer token is missing or wrong",
    403: "Writes are off (no TIEGRAPH_TOKEN), or the write would change a system graph",
    404: "No such entity, graph, tie kind or route",
    406: "The Accept header asks for a format this answer cannot have",
    409: "A name fits several entities; the message lists them",
    413: "The body is larger than TIEGRAPH_MAX_BODY_BYTES",
    422: "The data breaks the ontology or its shapes; nothing was written",
    500: "A fault of the server, logged",
    502: "The remote SPARQL store failed",
    503: "The query passed TIEGRAPH_QUERY_TIMEOUT and was stopped",
    504: "The remote SPARQL store did not answer in time",
}
WRITE = (401, 403, 413, 422)
RESULTS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"]
GRAPHS = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml", "application/trig", "application/n-quads"]
GRAPH_STORE = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
# (method, path) → the error statuses it can answer besides 400 and 500, and the media types of its 200.
OPERATIONS: dict[tuple[str, str], tuple[tuple[int, ...], list[str]]] = {
    ("get", "/sparql"): ((406, 502, 503, 504), [*RESULTS, *GRAPHS]),
    ("post", "/sparql"): ((*WRITE, 406, 502, 503, 504), [*RESULTS, *GRAPHS]),
    ("get", "/store"): ((404, 406, 502), GRAPH_STORE),
    ("head", "/store"): ((404, 406, 502), GRAPH_STORE),
    ("put", "/store"): ((*WRITE, 502), []),
    ("post", "/store"): ((*WRITE, 502), []),
    ("delete", "/store"): ((401, 403, 404, 502), []),
    ("get", "/entities/{entity_id}"): ((404, 406, 409, 502), ["application/json", "text/turtle", "application/ld+json"]),
    ("get", "/id/{entity_id}"): ((404,), []),
    ("get", "/paths"): ((404, 409, 502), []),
    ("get", "/neighbourhood"): ((404, 409, 502), []),
    ("post", "/stories"): ((401, 403, 413), []),
    ("get", "/stories/{story_id}"): ((404,), ["application/json", "text/html"]),
    ("get", "/ties/{kind}"): ((404, 409, 502), []),
    ("get", "/search"): ((502,), []),
    ("get", "/incentives"): ((404, 409, 502), ["application/json", "text/csv"]),
    ("get", "/export/graph.gexf"): ((404, 409, 502), []),
    ("get", "/export/graph.graphml"): ((404, 409, 502), []),
    ("post", "/facts"): (WRITE, []),
    ("get", "/facts/schema.json"): ((), ["application/schema+json"]),
}

# Parameters an operation cannot succeed without, though the route reads them as optional to
# explain what is missing (PUT and DELETE /store without ?graph address the read-only union).
REQUIRED = {("put", "/store"): "graph", ("delete", "/store"): "graph"}

# A year, month or date, as /paths reads them (graph.connections.period_bounds checks the calendar).
PERIOD_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
PERIODS = {("get", "/paths", "since"), ("get", "/paths", "until")}


def describe_as_served(app: FastAPI) -> None:
    """Replace `app.openapi` with one that documents errors and media types as they are served."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            closed = closed_parameters()
            schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
            for path, operations in schema["paths"].items():
                for method, operation in operations.items():
                    _complete(operation, *OPERATIONS.get((method, path), ((), [])))
                    for parameter in operation.get("parameters", []):
                        if (method, path, parameter["name"]) in PERIODS:
                            parameter["schema"] = {"type": "string", "pattern": PERIOD_PATTERN, "examples": ["2020", "2020-06"]}
                        if (method, path, parameter["name"]) in closed:
                            _enumerate(parameter["schema"], closed[method, path, parameter["name"]])
                        if REQUIRED.get((method, path)) == parameter["name"]:
                            parameter["required"] = True
                            parameter["schema"] = {"type": "string", "format": "iri", "examples": parameter["schema"].get("examples", [])}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise it


def _complete(operation: dict[str, Any], statuses: tuple[int, ...], media_types: list[str]) -> None:
    responses = operation.setdefault("responses", {})
    responses.pop("422", None)
    for status in sorted({400, 500, *statuses}):
        responses[str(status)] = {"description": MEANING[status], "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for status in ("201", "204", "303"):  # answered without a body: no media type to promise
        if status in responses:
            responses[status].pop("content", None)
    success = responses.get("200")
    if success is not None and media_types:
        content = success.setdefault("content", {})
        for media_type in media_types:
            json = media_type.endswith(("+json", "/json"))  # a SPARQL results or JSON-LD document; others are text
            content.setdefault(media_type, {"schema": {"type": "object" if json else "string"}})


def closed_parameters() -> dict[tuple[str, str, str], list[str]]:
    """Parameters whose values come from a closed set the ontology, the tie queries or the ledger define."""
    ontology = load_ontology()
    local = sorted(str(t).rsplit("#", 1)[-1] for t in ontology.defined_terms if (t, RDF.type, OWL.Class) in ontology.graph)
    relations = sorted(str(p).rsplit("#", 1)[-1] for p in ontology.object_properties())
    return {
        ("get", "/search", "type"): local,
        ("get", "/paths", "class"): local,
        ("get", "/paths", "via"): relations,
        ("get", "/ties/{kind}", "kind"): sorted(tie_kinds()),
        ("get", "/export/graph.gexf", "types"): local,
        ("get", "/export/graph.graphml", "types"): local,
        ("get", "/incentives", "level"): list(LEVELS),
        ("get", "/incentives", "sort"): list(SORTS),
        ("get", "/incentives", "format"): ["json", "csv"],
        ("get", "/ties/{kind}", "format"): ["json", "csv"],
    }


def _enumerate(schema: dict[str, Any], values: list[str]) -> None:
    """Put `values` as the enum of a string schema, or of the items of an (optional) array."""
    for part in [schema, *schema.get("anyOf", [])]:
        if part.get("type") == "array":
            part["items"] = {"type": "string", "enum": values}
        elif part.get("type") == "string":
            part["enum"] = values
